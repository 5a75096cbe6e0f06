"""Every cross-meeting rule: a passing case, a failing case naming the exact ids, and N/A."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from pf_data import AT, CST, base, make

from meetingflow.errors import InvalidArgument
from meetingflow.portfolio import RULES, AttendanceLog, LeavePeriod, LifeEntry, evaluate
from meetingflow.portfolio.rules import judged_through, month_runs


def ids(report: Any, rule: str, kind: str) -> list[str]:
    return sorted(i for f in report.for_rule(rule) for i in f.ids(kind))


def only(rule: str, data: dict[str, Any] | None = None, at: datetime = AT, **kw: Any) -> Any:
    return evaluate(make(data), at=at, rules=[r for r in RULES if r.id == rule], **kw)


# --- HIER-GUIDANCE-COVERAGE ---------------------------------------------------------------------


def test_guidance_covers_every_secondary_org_directly_or_through_a_branch() -> None:
    r = only("HIER-GUIDANCE-COVERAGE")
    assert r.evaluated == ("HIER-GUIDANCE-COVERAGE",) and not r.findings and not r.not_applicable


def test_guidance_missing_names_the_secondary_org_and_campaign() -> None:
    data = base()
    data["guidance"] = data["guidance"][:1]  # only S1
    r = only("HIER-GUIDANCE-COVERAGE", data)
    assert ids(r, "HIER-GUIDANCE-COVERAGE", "organization") == ["S2"]
    assert ids(r, "HIER-GUIDANCE-COVERAGE", "campaign") == ["C"]
    f = r.findings[0]
    assert f.path == "organizations[2]" and f.repairable  # the campaign is not over yet
    assert "二公司党委" in f.message.zh and "S2" in f.message.en


def test_guidance_from_the_org_itself_or_outside_the_period_does_not_count() -> None:
    data = base()
    data["guidance"] = [
        data["guidance"][0],
        {"org_id": "B3", "by_org": "S2", "on": "2021-07-14"},  # S2 guiding its own branch
        {"org_id": "S2", "by_org": "G", "on": "2021-10-20"},  # after the campaign, no campaign id
    ]
    r = only("HIER-GUIDANCE-COVERAGE", data, at=datetime(2021, 10, 21, tzinfo=CST))
    assert ids(r, "HIER-GUIDANCE-COVERAGE", "organization") == ["S2"]
    assert not r.findings[0].repairable


def test_guidance_not_applicable_without_secondary_orgs_in_scope() -> None:
    data = base()
    data["campaigns"][0]["scope_org_ids"] = []
    assert only("HIER-GUIDANCE-COVERAGE", data).not_applicable == ("HIER-GUIDANCE-COVERAGE",)
    data = base()
    data["campaigns"] = []
    for m in data["meetings"]:
        m.pop("campaign_id")
    for g in data["guidance"]:
        g.pop("campaign_id", None)
    assert only("HIER-GUIDANCE-COVERAGE", data).not_applicable == ("HIER-GUIDANCE-COVERAGE",)


# --- HIER-HELD-BY-DEADLINE ------------------------------------------------------------------------


def test_held_by_deadline_passes() -> None:
    assert not only("HIER-HELD-BY-DEADLINE").findings


def test_held_late_without_postponement_names_org_and_meeting() -> None:
    data = base()
    data["meetings"][1]["held_on"] = "2021-07-20"
    r = only("HIER-HELD-BY-DEADLINE", data)
    assert ids(r, "HIER-HELD-BY-DEADLINE", "organization") == ["B2"]
    assert ids(r, "HIER-HELD-BY-DEADLINE", "meeting") == ["m-B2"]
    f = r.findings[0]
    assert f.key == "late" and f.path == "meetings[1]" and not f.repairable


def test_postponement_approved_before_the_deadline_allows_the_later_date() -> None:
    data = base()
    data["meetings"][1]["held_on"] = "2021-07-20"
    post = {
        "org_id": "B2", "campaign_id": "C", "requested_on": "2021-07-01", "new_date": "2021-07-25",
        "reason": "防汛", "approved_by": "p1", "approved_by_org": "S1", "approved_on": "2021-07-02",
    }  # fmt: skip
    data["postponements"] = [post]
    assert not only("HIER-HELD-BY-DEADLINE", data).findings
    data["postponements"] = [{**post, "approved_on": "2021-07-16"}]  # approved after the deadline
    assert ids(only("HIER-HELD-BY-DEADLINE", data), "HIER-HELD-BY-DEADLINE", "organization") == [
        "B2"
    ]
    data["postponements"] = [{**post, "approved_by_org": "S2"}]  # not above B2
    assert ids(only("HIER-HELD-BY-DEADLINE", data), "HIER-HELD-BY-DEADLINE", "organization") == [
        "B2"
    ]


def test_not_held_is_a_finding_only_after_the_deadline() -> None:
    data = base()
    del data["meetings"][2]["held_on"], data["meetings"][2]["attendance"]
    assert not only(
        "HIER-HELD-BY-DEADLINE", data, at=datetime(2021, 7, 15, 23, tzinfo=CST)
    ).findings
    r = only("HIER-HELD-BY-DEADLINE", data, at=datetime(2021, 7, 16, 0, 30, tzinfo=CST))
    assert [f.key for f in r.findings] == ["not_held"] and ids(
        r, "HIER-HELD-BY-DEADLINE", "organization"
    ) == ["B3"]
    # the check date is local: 15 July 23:30 in Shanghai is still the 15th
    assert not only(
        "HIER-HELD-BY-DEADLINE", data, at=datetime.fromisoformat("2021-07-15T15:30+00:00")
    ).findings
    data["meetings"] = data["meetings"][:2]  # no meeting at all for B3
    assert ids(only("HIER-HELD-BY-DEADLINE", data), "HIER-HELD-BY-DEADLINE", "organization") == [
        "B3"
    ]


def test_held_by_deadline_not_applicable_without_a_sitting_deadline() -> None:
    data = base()
    data["campaigns"][0]["timetable"] = [{"stage": "rectification", "due_on": "2021-09-30"}]
    assert only("HIER-HELD-BY-DEADLINE", data).not_applicable == ("HIER-HELD-BY-DEADLINE",)


# --- FREQ-ANNUAL ------------------------------------------------------------------------------------


def annual_data() -> dict[str, Any]:
    data = base()
    data["meetings"] += [
        {
            "id": "a-B1-2020",
            "org_id": "B1",
            "kind": "annual",
            "meeting_year": 2020,
            "held_on": "2020-12-20",
        },
        {
            "id": "a-B2-2020",
            "org_id": "B2",
            "kind": "annual",
            "meeting_year": 2020,
            "held_on": "2021-01-20",
        },
        {
            "id": "a-B3-2020",
            "org_id": "B3",
            "kind": "annual",
            "meeting_year": 2020,
            "held_on": "2020-11-05",
        },
        {
            "id": "a-B1-2021",
            "org_id": "B1",
            "kind": "annual",
            "meeting_year": 2021,
            "held_on": "2021-12-10",
        },
    ]
    return data


def test_freq_annual_passes_when_every_branch_has_each_judged_year() -> None:
    r = only(
        "FREQ-ANNUAL", annual_data(), at=datetime(2021, 9, 15, tzinfo=CST)
    )  # judged through 2020
    assert not r.findings


def test_freq_annual_names_org_and_year_and_the_thematic_switch() -> None:
    at = datetime(2022, 4, 1, 9, tzinfo=CST)  # 2021 is judged from 1 April 2022 (grace 90 days)
    data = annual_data()
    data["meetings"] = [m for m in data["meetings"] if m["id"] != "m-B3"]
    r = only("FREQ-ANNUAL", data, at=at)
    assert [(f.ids("organization"), f.ids("year"), f.key) for f in r.findings] == [
        (("B3",), ("2021",), "missing")
    ]
    r = only("FREQ-ANNUAL", data, at=at, settings={"thematic_counts_for_annual": False})
    assert [(f.ids("organization")[0], f.key) for f in r.findings] == [
        ("B2", "only_thematic"),
        ("B3", "missing"),
    ]
    assert not only("FREQ-ANNUAL", data, at=datetime(2022, 3, 31, 9, tzinfo=CST)).findings


def test_freq_annual_skips_years_before_an_org_existed() -> None:
    data = annual_data()
    data["organizations"][5]["founded_on"] = "2020-05-01"
    data["meetings"] = [m for m in data["meetings"] if m["id"] != "a-B3-2020"]
    assert not only("FREQ-ANNUAL", data).findings


def test_freq_annual_not_applicable_without_a_judged_year() -> None:
    assert only("FREQ-ANNUAL").not_applicable == ("FREQ-ANNUAL",)  # only 2021, not yet judged


def test_judged_through_boundaries() -> None:
    assert judged_through(date(2022, 3, 31), 90) == 2020
    assert judged_through(date(2022, 4, 1), 90) == 2021
    assert judged_through(date(2022, 1, 1), 0) == 2021


# --- FREQ-Q4 ------------------------------------------------------------------------------------------


def test_freq_q4_warns_for_annual_meetings_outside_q4_only() -> None:
    r = only("FREQ-Q4", annual_data())
    assert [f.ids("meeting") for f in r.findings] == [("a-B2-2020",)]
    f = r.findings[0]
    assert (
        f.severity.value == "warning"
        and f.ids("year") == ("2020",)
        and f.ids("organization") == ("B2",)
    )
    assert f.path == "meetings[4]"


def test_freq_q4_not_applicable_to_thematic_meetings() -> None:
    r = only("FREQ-Q4")  # three thematic meetings held in July
    assert r.not_applicable == ("FREQ-Q4",) and not r.findings


# --- ATT-LAPSE-RISK -----------------------------------------------------------------------------------


def log(**kw: Any) -> dict[str, Any]:
    return {"member_id": "m07", "org_id": "B1", "name": "赵敏", "since": "2021-01-01", **kw}


def entries(*days: str, presence: str = "present") -> list[dict[str, Any]]:
    return [{"on": d, "presence": presence} for d in days]


def test_lapse_risk_flags_six_whole_months_without_life() -> None:
    data = base()
    data["attendance"] = [log(entries=entries("2021-01-15", "2021-02-20"))]
    r = only("ATT-LAPSE-RISK", data)  # March to August: six whole months before 15 September
    assert [(f.members, f.ids("organization"), f.key) for f in r.findings] == [
        (("m07",), ("B1",), "ongoing")
    ]
    assert "赵敏（m07）" in r.findings[0].message.zh and "2021-03" in r.findings[0].message.en
    assert r.findings[0].path == "attendance[0]"


def test_lapse_risk_five_months_is_not_yet_a_lapse() -> None:
    data = base()
    data["attendance"] = [log(entries=entries("2021-01-15", "2021-03-31"))]
    assert not only("ATT-LAPSE-RISK", data).findings


def test_lapse_risk_valid_reasons_and_sittings_count() -> None:
    data = base()
    data["attendance"] = [
        log(
            entries=entries("2021-01-15", "2021-02-20"),
            leave=[{"from_on": "2021-04-01", "until_on": "2021-05-31", "reason": "病假"}],
        ),
        log(
            member_id="m08",
            entries=entries("2021-01-15", "2021-02-20")
            + entries("2021-05-10", presence="on_leave"),
        ),
        log(member_id="m09", entries=entries("2021-01-15")),
        log(member_id="m10", entries=[], exemption={"reason": "长期病休"}),
    ]
    data["meetings"][0]["members"] = [
        {"member_id": "m09", "presence": "present"}
    ]  # B1's sitting, 1 July
    assert not only("ATT-LAPSE-RISK", data).findings


def test_lapse_risk_past_run_and_absent_entries() -> None:
    data = base()
    data["attendance"] = [
        log(
            since="2020-01-10",
            entries=entries("2020-01-20")
            + entries("2020-03-01", presence="absent")
            + entries("2020-09-01", "2020-12-01", "2021-03-01", "2021-06-01", "2021-08-01"),
        )
    ]
    r = only("ATT-LAPSE-RISK", data)  # February to August 2020: seven months, then back
    assert [(f.key, f.members) for f in r.findings] == [("past", ("m07",))]
    assert "2020-02" in r.findings[0].message.en and "2020-08" in r.findings[0].message.en


def test_lapse_risk_months_counting_is_by_whole_calendar_month() -> None:
    a = AttendanceLog(
        member_id="m",
        org_id="B1",
        since=date(2021, 1, 20),
        entries=(LifeEntry(on=date(2021, 1, 25)),),
    )
    # January is not tracked from its first day; February..June are whole months before 1 July
    assert month_runs(a, date(2021, 7, 1)) == [((2021, 2), (2021, 6), 5)]
    assert month_runs(a, date(2021, 8, 1)) == [((2021, 2), (2021, 7), 6)]
    gone = a.evolve(until=date(2021, 4, 30))
    assert month_runs(gone, date(2021, 9, 1)) == [((2021, 2), (2021, 4), 3)]
    away = a.evolve(
        leave=(LeavePeriod(from_on=date(2021, 3, 30), until_on=date(2021, 4, 2), reason="出差"),)
    )
    assert month_runs(away, date(2021, 8, 1)) == [
        ((2021, 2), (2021, 2), 1),
        ((2021, 5), (2021, 7), 3),
    ]


def test_lapse_risk_setting_and_not_applicable() -> None:
    data = base()
    data["attendance"] = [log(entries=entries("2021-01-15", "2021-04-20"))]
    assert not only("ATT-LAPSE-RISK", data).findings
    assert only("ATT-LAPSE-RISK", data, settings={"lapse_months": 4}).findings
    assert only("ATT-LAPSE-RISK").not_applicable == ("ATT-LAPSE-RISK",)


# --- the runner -------------------------------------------------------------------------------------------


def test_evaluate_all_rules_report_shape() -> None:
    import json

    r = evaluate(make(annual_data()), at=AT)
    assert r.evaluated == (
        "HIER-GUIDANCE-COVERAGE",
        "HIER-HELD-BY-DEADLINE",
        "FREQ-ANNUAL",
        "FREQ-Q4",
        "ATT-LAPSE-RISK",
    )
    assert r.rule_ids == ("FREQ-Q4",) and r.ok and r.not_applicable == ("ATT-LAPSE-RISK",)
    d = json.loads(r.render("en", "json"))
    assert d["counts"] == {"errors": 0, "warnings": 1, "not_applicable": 1}
    assert "FREQ-Q4" in r.render("zh") and r.render("en", "markdown").startswith("## ")
    assert r.for_subject("meeting", "a-B2-2020")


def test_evaluate_takes_a_flows_settings_and_refuses_naive_times() -> None:
    import meetingflow as mf

    flow = mf.default_flow(settings={"thematic_counts_for_annual": False})
    at = datetime(2022, 4, 1, 9, tzinfo=CST)
    r = evaluate(make(annual_data()), at=at, settings=flow.settings)
    assert {f.key for f in r.for_rule("FREQ-ANNUAL")} == {"only_thematic"}
    with pytest.raises(InvalidArgument):
        evaluate(make(), at=datetime(2021, 9, 15))
    with pytest.raises(InvalidArgument):
        evaluate(make(), at=AT, settings=42)  # type: ignore[arg-type]


def test_freq_annual_judges_a_year_nobody_held() -> None:
    data = base()
    data["meetings"] = [
        {
            "id": f"a-{b}",
            "org_id": b,
            "kind": "annual",
            "meeting_year": 2020,
            "held_on": "2020-12-01",
        }
        for b in ("B1", "B2", "B3")
    ]
    r = only("FREQ-ANNUAL", data, at=datetime(2022, 4, 2, tzinfo=CST))
    assert sorted((f.ids("organization")[0], f.ids("year")[0]) for f in r.findings) == [
        ("B1", "2021"),
        ("B2", "2021"),
        ("B3", "2021"),
    ]
