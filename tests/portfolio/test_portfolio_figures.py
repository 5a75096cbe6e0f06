"""The figures (clarification 18) against hand-computed numbers, and the source document's own."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pf_data import AT, CST, base, make

from meetingflow import testing
from meetingflow.errors import InvalidArgument
from meetingflow.portfolio import (
    EXAMPLE_AT,
    MeetingSummary,
    ProblemCounts,
    example_portfolio,
    figures,
    summarize,
)
from meetingflow.portfolio.figures import percent
from meetingflow.rules import facts


def test_percentages_have_one_decimal_rounded_half_up() -> None:
    assert percent(2, 3) == 66.7
    assert percent(1, 8) == 12.5
    assert percent(1, 16) == 6.3  # 6.25 rounds half up, not to even
    assert percent(7, 11) == 63.6
    assert percent(0, 5) == 0.0
    assert percent(3, 0) is None


def test_figures_per_branch_by_hand(small: Any) -> None:
    f = figures(small, at=AT)
    b1 = f.own["B1"]
    assert b1.attendance.to_dict() == {
        "expected": 8,
        "present": 7,
        "on_leave": 1,
        "unexcused": 0,
        "exempt": 1,
        "percent": 87.5,
    }
    assert b1.problems.to_dict() == {
        "found": 8, "closed_verified": 4, "closed_claimed": 5, "overdue": 1, "open_not_due": 1,
        "long_term": 1, "overdue_then_closed": 1, "closure_rate": 50.0,
    }  # fmt: skip
    assert f.own["B3"].problems.overdue == 1 and f.own["B3"].problems.closure_rate == 0.0
    assert f.own["B2"].grades.to_dict() == {
        "excellent": 3,
        "qualified": 8,
        "basically_qualified": 0,
        "unqualified": 0,
        "ungraded": 1,
    }
    assert f.own["B1"].organizations.to_dict() == {"in_scope": 1, "held": 1, "percent": 100.0}
    assert f.own["B1"].guidance.in_scope == 0 and f.own["B1"].guidance.percent is None
    assert f.own["S1"].attendance.expected == 0  # no meeting of its own


def test_figures_roll_up_the_hierarchy(small: Any) -> None:
    f = figures(small, at=AT)
    s1 = f.rolled["S1"]
    assert (
        s1.attendance.expected,
        s1.attendance.present,
        s1.attendance.on_leave,
        s1.attendance.unexcused,
    ) == (20, 17, 2, 1)
    assert s1.attendance.percent == 85.0
    assert (s1.problems.found, s1.problems.closed_verified, s1.problems.closure_rate) == (
        11,
        7,
        63.6,
    )
    assert s1.talks == 30 and s1.organizations.to_dict() == {
        "in_scope": 2,
        "held": 2,
        "percent": 100.0,
    }
    assert s1.guidance.to_dict() == {"covered": 1, "in_scope": 1, "percent": 100.0}
    t = f.total
    assert t.attendance == f.rolled["G"].attendance and t.problems == f.rolled["G"].problems
    assert t.attendance.to_dict() == {
        "expected": 25,
        "present": 22,
        "on_leave": 2,
        "unexcused": 1,
        "exempt": 1,
        "percent": 88.0,
    }
    assert (
        t.problems.found,
        t.problems.overdue,
        t.problems.open_not_due,
        t.problems.closure_rate,
    ) == (12, 2, 1, 58.3)
    assert t.guidance.to_dict() == {"covered": 2, "in_scope": 2, "percent": 100.0}
    assert t.meetings_by_year == ((2021, 3),)


def test_overdue_is_decided_at_the_date_asked(small: Any) -> None:
    early = figures(small, at=datetime(2021, 9, 1, tzinfo=CST)).total.problems
    assert (early.overdue, early.open_not_due) == (0, 3)
    late = figures(small, at=datetime(2021, 10, 1, tzinfo=CST)).total.problems
    assert (late.overdue, late.open_not_due) == (3, 0)


def test_uncovered_secondary_org_and_unheld_branch() -> None:
    data = base()
    data["guidance"] = data["guidance"][:1]
    del data["meetings"][2]["held_on"], data["meetings"][2]["attendance"]
    t = figures(make(data), at=AT).total
    assert t.guidance.to_dict() == {"covered": 1, "in_scope": 2, "percent": 50.0}
    assert t.organizations.to_dict() == {"in_scope": 3, "held": 2, "percent": 66.7}
    assert t.attendance.expected == 20  # the unheld meeting has no attendance yet


def test_campaign_selection() -> None:
    data = base()
    data["campaigns"].append({**data["campaigns"][0], "id": "C2", "scope_org_ids": ["B1"]})
    p = make(data)
    with pytest.raises(InvalidArgument, match="several campaigns"):
        figures(p, at=AT)
    with pytest.raises(InvalidArgument, match="no campaign"):
        figures(p, at=AT, campaign_id="nope")
    assert figures(p, at=AT, campaign_id="C2").total.organizations.in_scope == 1
    data = base()
    data["campaigns"] = []
    for m in data["meetings"]:
        del m["campaign_id"]
    for g in data["guidance"]:
        g.pop("campaign_id", None)
    t = figures(make(data), at=AT).total  # no campaign: every meeting counts
    assert t.attendance.present == 22 and t.organizations.percent is None


def test_meeting_without_campaign_id_joins_the_campaign_whose_scope_kind_and_year_fit() -> None:
    data = base()
    del data["meetings"][0]["campaign_id"]
    data["meetings"].append(
        {
            "id": "x",
            "org_id": "B1",
            "kind": "annual",
            "meeting_year": 2021,
            "held_on": "2021-12-01",
            "attendance": {"expected": 9, "present": 9},
        }
    )
    t = figures(make(data), at=AT).total
    assert t.attendance.expected == 25 and t.meetings_by_year == ((2021, 4),)


def test_to_dict_is_json_and_tables_render(small: Any) -> None:
    f = figures(small, at=AT)
    d = json.loads(json.dumps(f.to_dict()))
    assert d["total"]["attendance"]["present"] == 22 and [o["id"] for o in d["organizations"]] == [
        "G",
        "S1",
        "B1",
        "B2",
        "S2",
        "B3",
    ]
    zh, en = f.table("zh", "markdown"), f.table("en", "text")
    assert "出席率" in zh and "| 合计 |" in zh and "　　一支部" in zh
    assert "attendance" in en and en.splitlines()[-1].startswith("total")
    assert "22 名党员参会" in f.headline("zh") and "22 members took part" in f.headline("en")
    with pytest.raises(InvalidArgument):
        f.table("en", "html")


def test_the_example_reproduces_the_source_documents_figures() -> None:
    f = figures(example_portfolio(), at=EXAMPLE_AT)
    t = f.total
    assert t.organizations.held == 25 and t.organizations.in_scope == 25
    assert t.attendance.present == 418
    assert t.problems.closed_verified == 112
    assert t.guidance.covered == t.guidance.in_scope == 6 and t.guidance.percent == 100.0
    assert "418" in f.headline("zh") and "全覆盖" in f.headline("zh")


# --- dossiers as summaries ---------------------------------------------------------------------


def test_summary_of_a_dossier_reads_it_like_the_rules() -> None:
    bp = testing.Blueprint(
        members=10,
        absent=(("m05", "leave"), ("m06", "unexcused")),
        exempt=("m09",),
        long_term=("m07",),
    )
    m = testing.build("closed", bp)
    s = summarize(m, campaign_id="C")
    assert s.attendance is not None
    a = s.attendance
    assert (a.expected, a.on_leave, a.unexcused, a.exempt) == (
        9,
        len(facts.absent_on_leave(m)),
        len(facts.unexcused(m)),
        1,
    )
    assert a.present == len(facts.present_ids(m)) == 7
    items = facts.item_facts(m)
    assert s.problems.found == len(items) == 10
    assert s.problems.long_term == 1 and s.problems.closed_claimed == 9
    # r-m01 is verified by the superior, the rest by the secretary (m01): never by the owner
    assert s.problems.closed_verified == 9
    assert (
        s.held_on == date(2021, 6, 25)
        and s.stage == "closed"
        and s.talks == len(m.preparation.talks)
    )
    assert {x.member_id: x.presence.value for x in s.members}["m06"] == "absent"
    assert [x.stage for x in s.stages_done] == [
        "preparation",
        "review",
        "critique",
        "rectification",
    ]


def test_summary_before_the_sitting_has_no_attendance_and_self_verification_does_not_count() -> (
    None
):
    m = testing.build("preparation")
    s = summarize(m)
    assert s.held_on is None and s.attendance is None and s.members == ()
    closed = testing.build("closed")
    own = closed.rectification.verifications[0]
    item = next(i for i in closed.rectification.items if i.id == own.item_id)
    tampered = closed.model_copy(
        update={
            "rectification": closed.rectification.model_copy(
                update={
                    "verifications": (
                        own.model_copy(update={"verifier_id": item.owner_id}),
                        *closed.rectification.verifications[1:],
                    )
                }
            )
        }
    )
    assert (
        summarize(tampered).problems.closed_verified
        == summarize(closed).problems.closed_verified - 1
    )


@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),
            st.integers(0, 5),
            st.integers(0, 3),
            st.lists(st.dates(date(2021, 1, 1), date(2021, 12, 31)), max_size=5),
        ),
        max_size=6,
    ),
    st.dates(date(2021, 1, 1), date(2022, 1, 1)),
)
def test_problem_figures_partition_found(
    rows: list[tuple[int, int, int, list[date]]], day: date
) -> None:
    data = base()
    data["meetings"] = [
        MeetingSummary(
            id=f"m{i}", org_id="B1", campaign_id="C",
            problems=ProblemCounts(closed_claimed=c + v, closed_verified=v, long_term=lt, open_due_on=tuple(due)),
        ).model_dump(mode="json")
        for i, (c, v, lt, due) in enumerate(rows)
    ]  # fmt: skip
    p = figures(
        make(data), at=datetime(day.year, day.month, day.day, 12, tzinfo=CST)
    ).total.problems
    assert p.found == p.closed_claimed + p.long_term + p.overdue + p.open_not_due
    assert p.closed_verified <= p.closed_claimed and p.overdue_then_closed <= p.closed_claimed
    assert p.overdue == sum(1 for *_, due in rows for d in due if d < day)


def test_wrong_arguments_are_the_librarys_errors(small: Any) -> None:
    from meetingflow.portfolio import evaluate
    from meetingflow.portfolio.audit import audit

    with pytest.raises(InvalidArgument):
        figures({"id": "x"}, at=AT)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        evaluate("portfolio", at=AT)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        summarize(small)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        audit([], at=AT, executor=object())  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        audit([], at=AT, flow="default")  # type: ignore[arg-type]
