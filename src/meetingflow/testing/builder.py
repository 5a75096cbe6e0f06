"""One builder for every meeting the tests, the examples, the strategies and the benchmarks need.

``Blueprint`` describes a branch and how its meeting went (size, committee, cadres, probationary
members, absences, exemptions, discipline, item states, redone sittings, parts left out, a
host's own sections); ``scenario(blueprint, flow=...)`` turns it into the steps of that meeting
along the flow's forward path — what each person records, when, and which trigger is fired —
and ``build`` plays those steps through the flow's real operations, so the history, the digests
and the seals are real. The built-in example is one blueprint; a load test of thousands of
members and a one-member branch without a plan are others. A new rule needs its fixture data
here, once.

Why the stages come from the flow: a host inserts stages and tracks of its own, so the builder
asks the flow which stage owns each built-in section (``flow.owner_of``) and which trigger
leaves each stage, and records a host's own data (``Blueprint(extras=...)``) in the stages the
host names. Why ``build`` plays through a rule-less twin of the flow unless asked otherwise:
edge cases (no session, everyone absent) must still be *valid* records a rule can be tested on,
even though the flow's gates would refuse to move them on.

Where the parts live, each module of ``meetingflow.testing`` with one job: ``steps`` (``Batch``,
``Step``, the CST clock), ``blueprint`` (``Blueprint`` and its knobs), ``branch`` (the roster
and ``new_meeting``), ``preparation``, ``sitting`` and ``rectification`` (each section's
records), ``omit`` (leaving parts out), ``tracks`` (the shipped tracks' data), ``plan`` (the
stages, timetable and visits along a flow), ``timing`` (visits into timed steps) and
``playing`` (``scenario``, ``play``, ``bare``, ``build``). This module is the public one: import
from here. No module here may share a name the package exports (``meetingflow.testing.play``
must stay the function): importing a submodule sets the package's attribute of that name.
"""

from meetingflow.testing.blueprint import MAX_MEMBERS, MAX_REDONE, Blueprint, Extra, Fill
from meetingflow.testing.branch import SUPERVISOR, new_meeting
from meetingflow.testing.omit import OMITTABLE
from meetingflow.testing.plan import forward_path
from meetingflow.testing.playing import bare, build, build_stages, play, scenario
from meetingflow.testing.steps import CST, Batch, Step

__all__ = [
    "CST",
    "MAX_MEMBERS",
    "MAX_REDONE",
    "OMITTABLE",
    "SUPERVISOR",
    "Batch",
    "Blueprint",
    "Extra",
    "Fill",
    "Step",
    "bare",
    "build",
    "build_stages",
    "forward_path",
    "new_meeting",
    "play",
    "scenario",
]
