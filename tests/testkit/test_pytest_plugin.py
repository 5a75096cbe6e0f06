"""The pytest plugin points at the host's flow, by the ini option or by overriding the fixture;
the assertions hold under ``python -O``."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import meetingflow as mf
from meetingflow import testing
from meetingflow.extensions import appraisal as _appraisal

pytest_plugins = ["pytester"]

# The host's test runs below run in this process (a pytest subprocess costs seconds). Every
# meetingflow module they use is loaded here first, so pytester's restoring of sys.modules
# after each run cannot leave two copies of a record class behind.
_PRELOADED = (testing.example("closed"), testing.strategies.meetings(), mf.Stage, _appraisal)

HOST_FLOW = '''
import meetingflow as mf
from meetingflow.records import Day, Many, Placement, Record
from typing import ClassVar


class Visit(Record):
    record_into: ClassVar[Placement | None] = Placement("extensions.visits", "done", "append")
    member_id: str
    on: Day


class Visits(Record):
    done: Many[Visit] = ()


@mf.rule("HOST-VISITED", stage="visits", title=("走访", "Visits"),
         messages={"none": ("没有走访。", "No visit.")}, hint=("走访。", "Visit."),
         basis="host policy")
def visited(m, ctx):
    """A stage about visits needs one."""
    section = getattr(m.extensions, "visits", None)
    if section is None or not section.done:
        yield ctx.finding("extensions.visits.done", "none")


STAGE = mf.Stage("visits", ("走访", "visits"), section=Visits, items=(Visit,))


def make():
    return mf.default_flow().insert_stage(
        STAGE, after="critique", trigger="start_visits", rules=[visited]
    ).renamed("host")


flow = make()
'''

HOST_TESTS = """
from datetime import date
from meetingflow import testing


def test_the_fixtures_use_the_hosts_flow(meetingflow_flow, meetingflow_at):
    assert meetingflow_flow.name == "host"
    assert "visits" in meetingflow_flow.stage_names
    assert meetingflow_at("visits") < meetingflow_at("rectification")


def test_build_gives_the_hosts_stage(meetingflow_build):
    m = meetingflow_build("visits", members=1, committee=0, cadres=0)
    assert m.stage == "visits" and len(m.roster) == 1


def test_the_example_passes_the_hosts_rule_with_the_hosts_data(meetingflow_example, meetingflow_flow, meetingflow_at):
    m = meetingflow_example("closed")
    assert m.stage == "closed"
    assert len(m.extensions.visits.done) == 2
    testing.assert_passes("HOST-VISITED", meetingflow_example("visits"), at=meetingflow_at("visits"),
                          flow=meetingflow_flow)
"""

HOST_CONFTEST = """
import pytest
from datetime import timedelta
from meetingflow import testing
from hostflow import Visit


@pytest.fixture(scope="session")
def meetingflow_blueprint():
    def visits(bp):
        return [Visit(member_id=i, on=bp.sitting + timedelta(days=1)) for i in bp.ids[:2]]
    return testing.Blueprint(extras={"visits": visits})
"""


def _host(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(hostflow=HOST_FLOW)
    pytester.makeconftest(HOST_CONFTEST)
    pytester.syspathinsert()


def test_the_ini_option_points_the_fixtures_at_the_hosts_flow(pytester: pytest.Pytester) -> None:
    _host(pytester)
    pytester.makeini("[pytest]\nmeetingflow_flow = hostflow:flow\n")
    pytester.makepyfile(test_host=HOST_TESTS)
    pytester.runpytest("-q", "-p", "no:cacheprovider").assert_outcomes(passed=3)


def test_the_ini_option_may_name_a_function(pytester: pytest.Pytester) -> None:
    _host(pytester)
    pytester.makeini("[pytest]\nmeetingflow_flow = hostflow:make\n")
    pytester.makepyfile(test_host=HOST_TESTS)
    pytester.runpytest("-q", "-p", "no:cacheprovider").assert_outcomes(passed=3)


def test_overriding_the_fixture_points_them_at_the_hosts_flow(pytester: pytest.Pytester) -> None:
    _host(pytester)
    pytester.makeconftest(
        HOST_CONFTEST
        + textwrap.dedent(
            """
            import hostflow

            @pytest.fixture(scope="session")
            def meetingflow_flow():
                return hostflow.make()
            """
        )
    )
    pytester.makepyfile(test_host=HOST_TESTS)
    pytester.runpytest("-q", "-p", "no:cacheprovider").assert_outcomes(passed=3)


def test_without_either_the_fixtures_use_the_default_flow(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_default="""
        from meetingflow import testing

        def test_default(meetingflow_flow, meetingflow_example, meetingflow_at, meetingflow_meetings):
            assert meetingflow_flow.stage_names[-1] == "closed"
            assert meetingflow_example("closed") == testing.example("closed")
            assert meetingflow_at("closed") == testing.example_at("closed")
            assert meetingflow_example("critique", flawed=True).stage == "critique"
            assert meetingflow_meetings.example().stage in meetingflow_flow.stage_names
        """
    )
    pytester.runpytest("-q", "-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_a_wrong_ini_option_says_what_is_wrong(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(hostflow="flow = 42\n")
    pytester.syspathinsert()
    pytester.makeini("[pytest]\nmeetingflow_flow = hostflow:flow\n")
    pytester.makepyfile(test_x="def test_x(meetingflow_flow):\n    pass\n")
    result = pytester.runpytest("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*meetingflow_flow = hostflow:flow is not a Flow but int*"])


def test_the_assertions_fail_under_python_dash_o(tmp_path: Path) -> None:
    """Bare ``assert`` vanishes under ``-O``; the helpers raise ``AssertionError`` themselves."""
    script = tmp_path / "optimized.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys
            from meetingflow import testing

            assert False, "never raised under -O"
            print("debug", __debug__)
            m, at = testing.example("preparation"), testing.example_at("preparation")
            broken = testing.edit(m, "preparation", notice=None)
            cases = {
                "assert_fails on a compliant meeting": lambda: testing.assert_fails("PREP-NOTICE", m, at=at),
                "assert_passes on a failing meeting": lambda: testing.assert_passes("PREP-NOTICE", broken, at=at),
                "assert_fails with the wrong path": lambda: testing.assert_fails(
                    "PREP-NOTICE", broken, at=at, path="preparation.plan"),
                "assert_not_applicable on an applicable rule": lambda: testing.assert_not_applicable(
                    "PREP-NOTICE", m, at=at),
            }
            for name, call in cases.items():
                try:
                    call()
                except AssertionError as error:
                    print("raised:", name, "-", error)
                else:
                    print("SILENT:", name)
                    sys.exit(1)
            """
        )
    )
    done = subprocess.run(
        [sys.executable, "-O", str(script)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "debug False" in done.stdout
    assert done.stdout.count("raised:") == 4


def test_a_failing_generated_meeting_is_reported_as_the_call_that_builds_it(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_fragile="""
        from hypothesis import given, settings
        from meetingflow.testing import strategies

        @settings(max_examples=100, database=None, deadline=None)
        @given(strategies.meetings())
        def test_session(meeting):
            assert meeting.review.session is not None
        """
    )
    result = pytester.runpytest("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*Failing test case*", "*meeting=build(*", "*Blueprint(*omit=frozenset({*'session'*"]
    )
