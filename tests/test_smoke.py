"""The built-in example runs through every gate with every rule on."""

from __future__ import annotations

import meetingflow as mf


def test_compliant_example_closes_with_no_findings(flow: mf.Flow, closed: mf.Meeting) -> None:
    assert closed.stage == "closed"
    flow.verify(closed)
    report = flow.check(closed, at=mf.testing.example_at("closed"))
    assert report.findings == ()
