"""A small hand-made portfolio whose figures are computed by hand in the tests.

G (group) → S1 (secondary) → B1, B2; G → S2 (secondary) → B3. Campaign C: scope B1, B2, B3;
the sitting is due 2021-07-15, rectification 2021-09-30.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from meetingflow.portfolio import Portfolio

CST = timezone(timedelta(hours=8))
AT = datetime(2021, 9, 15, 10, tzinfo=CST)


def base() -> dict[str, Any]:
    """The portfolio as JSON-ready data, for tests to change before validating."""
    return {
        "id": "g",
        "name": "集团",
        "organizations": [
            {"id": "G", "name": "集团党委", "level": "group_committee"},
            {"id": "S1", "name": "一公司党委", "level": "secondary_org", "parent_id": "G"},
            {"id": "S2", "name": "二公司党委", "level": "secondary_org", "parent_id": "G"},
            {"id": "B1", "name": "一支部", "parent_id": "S1"},
            {"id": "B2", "name": "二支部", "parent_id": "S1"},
            {"id": "B3", "name": "三支部", "parent_id": "S2"},
        ],
        "campaigns": [
            {
                "id": "C",
                "issuer_org": "G",
                "issued_on": "2021-06-01",
                "title": "关于召开专题组织生活会的通知",
                "meeting_year": 2021,
                "scope_org_ids": ["B1", "B2", "B3"],
                "timetable": [
                    {"stage": "review", "due_on": "2021-07-15"},
                    {"stage": "rectification", "due_on": "2021-09-30"},
                ],
            }
        ],
        "meetings": [
            {
                "id": "m-B1",
                "org_id": "B1",
                "campaign_id": "C",
                "meeting_year": 2021,
                "held_on": "2021-07-01",
                "attendance": {"expected": 8, "present": 7, "on_leave": 1, "exempt": 1},
                "problems": {
                    "closed_claimed": 5,
                    "closed_verified": 4,
                    "overdue_then_closed": 1,
                    "long_term": 1,
                    "open_due_on": ["2021-09-10", "2021-09-30"],
                },
                "talks": 10,
            },
            {
                "id": "m-B2",
                "org_id": "B2",
                "campaign_id": "C",
                "meeting_year": 2021,
                "held_on": "2021-07-10",
                "attendance": {"expected": 12, "present": 10, "on_leave": 1, "unexcused": 1},
                "problems": {"closed_claimed": 3, "closed_verified": 3},
                "grades": {"excellent": 3, "qualified": 8, "ungraded": 1},
                "talks": 20,
            },
            {
                "id": "m-B3",
                "org_id": "B3",
                "campaign_id": "C",
                "meeting_year": 2021,
                "held_on": "2021-07-14",
                "attendance": {"expected": 5, "present": 5},
                "problems": {"open_due_on": ["2021-09-14"]},
                "talks": 6,
            },
        ],
        "guidance": [
            {
                "org_id": "S1",
                "by_org": "G",
                "on": "2021-06-10",
                "kind": "spot_check",
                "campaign_id": "C",
            },
            {"org_id": "B3", "by_org": "G", "on": "2021-07-14", "kind": "observed"},
        ],
    }


def make(data: dict[str, Any] | None = None) -> Portfolio:
    return Portfolio.model_validate(data if data is not None else base())


def day(text: str) -> date:
    return date.fromisoformat(text)
