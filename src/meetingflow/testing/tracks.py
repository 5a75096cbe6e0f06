"""The built-in data of the tracks meetingflow ships, for the flows that have them.

Given as fills, like a host's ``extras``: a track's records go to the stages it names. The
extensions are imported only for flows with tracks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

from meetingflow import records as r
from meetingflow.records.terms import DocumentKind
from meetingflow.testing.steps import Batch, _at

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.testing.blueprint import Blueprint, Fill


def _appraisal_fill(bp: Blueprint) -> dict[str, tuple[Batch, ...]]:
    """The democratic appraisal of a well-run meeting, for flows with the appraisal track.

    The steps and ballots during the sitting's critique, grades, feedback and the report in the
    first days of rectification. Full members who are not exempt are graded; those present and
    not on probation within the Party vote; at most a third are excellent.
    """
    from meetingflow.extensions import appraisal as ap  # noqa: PLC0415 - only flows with the track

    s, sec = bp.sitting, bp.secretary
    prob = set(bp.probationary_ids)
    graded = [i for i in bp.expected_ids if i not in prob]
    here, barred = set(bp.present_ids), set(bp.discipline)
    voters = [i for i in graded if i in here and i not in barred]
    excellent = [i for i in (bp.secretary, *bp.cadre_ids) if i in graded][: len(graded) // 3]
    sitting = Batch(
        sec,
        _at(s, 16, 40),
        (
            ap.AppraisalStep(kind=ap.AppraisalStepKind.SELF_ASSESSMENT, on=s),
            ap.AppraisalStep(kind=ap.AppraisalStepKind.PEER_ASSESSMENT, on=s),
            ap.AppraisalStep(kind=ap.AppraisalStepKind.APPRAISAL_BALLOT, on=s),
            *(ap.BallotCast(voter_id=i) for i in voters),
        ),
    )
    d = s + timedelta(days=5)  # the day the results are reported and filed
    after = Batch(
        sec,
        _at(d, 11),
        (
            ap.GradeProposal(
                by="committee" if bp.committee else "plenary", on=s + timedelta(days=1)
            ),
            *(
                ap.MemberGrade(
                    member_id=i,
                    grade=ap.Grade.EXCELLENT if i in excellent else ap.Grade.QUALIFIED,
                )
                for i in graded
            ),
            *(ap.GradeFeedback(member_id=i, on=s + timedelta(days=3)) for i in graded),
            ap.AppraisalReport(
                reported_on=s + timedelta(days=5),
                to_org=bp.parent_id,
                finalized_on=s + timedelta(days=5),
            ),
            *(
                ()
                if "archive" in bp.omit
                else (
                    r.ArchivedDocument(
                        kind=DocumentKind.APPRAISAL,
                        ref=f"archive/{s.year}/appraisal",
                        filed_on=s + timedelta(days=5),
                    ),
                )
            ),
        ),
    )
    return {ap.appr_procedure.stage: (sitting,), ap.TRACK.owner: (after,)}


def _track_fills(flow: Flow, bp: Blueprint) -> list[tuple[str, Fill]]:
    """The data of the tracks meetingflow ships, for the tracks ``flow`` has (unless omitted)."""
    if not flow.tracks:
        return []
    from meetingflow.extensions import appraisal as ap  # noqa: PLC0415

    known: dict[str, Callable[[Blueprint], Mapping[str, tuple[Batch, ...]]]] = {
        ap.NAME: _appraisal_fill
    }
    out: list[tuple[str, Fill]] = []
    for track in flow.tracks:
        fill = known.get(track.name)
        if fill is not None and track.name not in bp.omit:
            out += list(fill(bp).items())
    return out
