"""A host's rule is checked where its mistakes can still be seen: when it is defined (its
texts), and when it runs in a test (where its findings point, whom they name)."""

from __future__ import annotations

import pickle
from collections.abc import Iterator

import pytest

import meetingflow as mf
from meetingflow import errors, testing
from meetingflow.i18n import Text
from meetingflow.rules import RuleContext

AT = testing.example_at("preparation")


def _rule(rule_id: str, path: str, members: tuple[str, ...] = ()) -> mf.Rule:
    def check(m: mf.Meeting, ctx: RuleContext) -> Iterator[mf.Finding]:
        yield ctx.finding(path, members=members)

    return mf.rule(
        rule_id,
        stage="preparation",
        title=("主机规则", "Host rule"),
        messages={"default": ("{who} 有问题。", "Something is wrong ({who}).")},
        hint=("修正。", "Fix it."),
        basis="host policy",
        gate="none",
    )(check)


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("preparation.plann", "has no field 'plann'"),
        ("preparation.talks.held_on", "'preparation.talks' has no fields"),
        ("preparation.plan[0]", "'preparation.plan' is not a list"),
    ],
)
def test_a_finding_at_a_path_no_meeting_has_is_the_rules_failure(path: str, why: str) -> None:
    flow = mf.default_flow().add_rules(_rule("HOST-PATH", path))
    with pytest.raises(errors.RuleFailed) as caught:
        flow.check(testing.example("preparation"), at=AT)
    assert caught.value.rule_id == "HOST-PATH" and why in str(caught.value), str(caught.value)


def test_a_finding_naming_a_stranger_is_the_rules_failure() -> None:
    flow = mf.default_flow().add_rules(_rule("HOST-WHO", "preparation.talks", ("m01", "zz")))
    with pytest.raises(errors.RuleFailed, match="names 'zz', neither on the roster"):
        flow.check(testing.example("preparation"), at=AT)
    with pytest.raises(errors.RuleFailed):  # the test kit reports it too
        testing.evaluate("HOST-WHO", testing.example("preparation"), at=AT, flow=flow)


def test_findings_at_real_paths_naming_members_and_supervisors_pass() -> None:
    m = testing.example("preparation")
    people = (m.roster[0].id, *(s.id for s in m.supervisors))
    flow = mf.default_flow().add_rules(_rule("HOST-OK", "preparation.talks[7].person_b", people))
    (found,) = flow.check(m, at=AT).for_rule("HOST-OK")
    assert found.path == "preparation.talks[7].person_b" and found.members == people


def test_zh_and_en_must_show_the_same_values() -> None:
    with pytest.raises(errors.InvalidArgument, match=r"same placeholders \(zh: \{x\}; en: \{y\}\)"):
        Text.coerce(("{x}", "{y}"))
    with pytest.raises(errors.InvalidArgument, match="same placeholders"):
        mf.rule(
            "HOST-TEXT",
            stage="preparation",
            title=("a", "b"),
            messages={"k": ("{x} 项", "{y} items")},
            hint=("a", "b"),
            basis="x",
        )(lambda m, c: iter(()))
    # a count that only chooses an English plural may be absent from the Chinese
    assert Text.coerce(("干部 {who}", "{n:cadre|cadres} {who}")).en == "{n:cadre|cadres} {who}"


def test_report_for_rule_refuses_an_id_it_knows_nothing_of() -> None:
    report = mf.default_flow().check(testing.example("preparation"), at=AT)
    assert report.for_rule("PREP-NOTICE") == ()  # known, no findings
    assert report.for_rule("CLOSE-REPORT") == ()  # pending: its stage is not reached
    with pytest.raises(errors.UnknownRule, match="no rule PREP-NOTCE"):
        report.for_rule("PREP-NOTCE")


def test_errors_are_shown_and_pickled_as_meetingflow_errors() -> None:
    for cls in (
        errors.InvalidArgument,
        errors.UnknownRule,
        errors.NoSuchPath,
        errors.MeetingflowError,
    ):
        assert cls.__module__ == "meetingflow.errors"
    flow = mf.default_flow()
    raised: list[errors.MeetingflowError] = [
        errors.UnknownRule("X-Y", "here"),
        errors.InvalidArgument(Text("坏", "bad")),
    ]
    with pytest.raises(errors.TransitionBlocked) as blocked:
        flow.fire(
            testing.build("critique", testing.Blueprint(omit={"criticisms"})),
            "start_rectification",
            actor="m01",
            at=testing.example_at("critique"),
        )
    raised.append(blocked.value)
    for error in raised:  # errors cross process pools whatever their __init__ takes
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and again.to_dict("zh") == error.to_dict("zh")


def test_a_path_into_a_list_of_several_record_types_is_not_judged() -> None:
    """Which entry type a path means is known only on a record: a union is accepted as is."""
    from meetingflow.records import paths

    class A(mf.records.Record):
        note: str = ""

    class B(mf.records.Record):
        text: str = ""

    class Both(mf.records.Record):
        entries: mf.records.Many[A | B] = ()

    assert paths.type_at(Both, "entries[0].note") is not None
    assert paths.type_at(Both, "entries[3].anything") is not None
    with pytest.raises(errors.InvalidArgument):
        paths.type_at(Both, "entriez[0]")
