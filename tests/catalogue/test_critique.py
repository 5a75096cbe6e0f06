"""§2.3 Critique (批评与自我批评): speaking order, real criticism, cadres, responses, comment,
attestation (clarifications 12 and 14)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from meetingflow import records as r

from . import fixtures as fx
from .fixtures import edit, findings, not_applicable, one, passes, presence

if TYPE_CHECKING:
    from meetingflow.records import Meeting

AT = fx.at("critique")


def _order(m: Meeting, **orders: int) -> Meeting:
    rows = tuple(x.evolve(order=orders.get(x.member_id, x.order)) for x in m.critique.statements)
    return edit(m, "critique", statements=rows)


def _criticism(m: Meeting, cid: str, **changes: object) -> Meeting:
    index = next(i for i, c in enumerate(m.critique.criticisms) if c.id == cid)
    return edit(m, f"critique.criticisms[{index}]", **changes)


def _member(m: Meeting, member: str, **changes: object) -> Meeting:
    index = next(i for i, x in enumerate(m.roster) if x.id == member)
    return edit(m, f"roster[{index}]", **changes)


# --- CRIT-LEAD-ORDER --------------------------------------------------------------------------


def test_crit_lead_order_passes(critique: Meeting) -> None:
    assert [s.member_id for s in sorted(critique.critique.statements, key=lambda s: s.order)][
        :2
    ] == ["m01", "m04"]
    passes("CRIT-LEAD-ORDER", critique, AT)


def test_crit_lead_order_not_applicable_without_statements(critique: Meeting) -> None:
    not_applicable("CRIT-LEAD-ORDER", edit(critique, "critique", statements=()), AT)


def test_crit_lead_order_a_registered_cadre_may_open(critique: Meeting) -> None:
    passes("CRIT-LEAD-ORDER", _order(critique, m04=1, m01=2), AT)


def test_crit_lead_order_first_neither_secretary_nor_cadre(critique: Meeting) -> None:
    m = _order(critique, m02=1, m01=3)  # a committee member opens
    f = one("CRIT-LEAD-ORDER", m, AT, key="first", path="critique.statements[0]", members=["m02"])
    assert f.message.zh == "首先作自我批评的是 李强（m02），不是书记或本支部登记的领导干部。"


def test_regression_crit_lead_order_an_unregistered_cadre_may_not_open(critique: Meeting) -> None:
    m = _member(
        _order(critique, m04=1, m01=2),
        "m04",
        cadre=r.CadreInfo(post="集团副总经理", registered_branch_ids=()),
    )
    f = one(
        "CRIT-LEAD-ORDER",
        m,
        AT,
        key="first_unregistered",
        path="critique.statements[0]",
        members=["m04"],
    )
    assert f.message.zh == "领导干部 刘洋（m04） 未在本支部登记双重组织生活，不能首先发言。"
    assert "不是书记或" not in f.message.zh
    assert f.message.en == (
        "Leading cadre 刘洋 (m04) is not registered in this branch for dual organizational life and may not speak first."
    )


def test_crit_lead_order_leaders_before_any_ordinary_member(critique: Meeting) -> None:
    m = _order(critique, m03=5, m05=4)
    one("CRIT-LEAD-ORDER", m, AT, key="late", path="critique.statements", members=["m03"])


def test_crit_lead_order_an_ordinary_member_opening_makes_every_leader_late(
    critique: Meeting,
) -> None:
    m = _order(critique, m05=1, m01=5)
    found = findings("CRIT-LEAD-ORDER", m, AT)
    assert [(f.key, f.path, f.members) for f in found] == [
        ("first", "critique.statements[0]", ("m05",)),
        ("late", "critique.statements", ("m04", "m02", "m03", "m01")),
    ]


# --- CRIT-RECEIVE-EACH / CRIT-GIVE-EACH -------------------------------------------------------


def test_crit_receive_each_passes(critique: Meeting) -> None:
    passes("CRIT-RECEIVE-EACH", critique, AT)


def test_crit_receive_each_not_applicable_without_a_session(critique: Meeting) -> None:
    not_applicable("CRIT-RECEIVE-EACH", edit(critique, "review", session=None), AT)


@pytest.mark.parametrize("kind", [k for k in r.CriticismKind if k is not r.CriticismKind.PROBLEM])
def test_crit_receive_each_only_problem_criticism_counts(
    critique: Meeting, kind: r.CriticismKind
) -> None:
    m = _criticism(critique, "c4", kind=kind)  # m03 -> m05
    one("CRIT-RECEIVE-EACH", m, AT, key="missing", path="critique.criticisms", members=["m05"])


def test_crit_receive_each_absent_members_are_not_expected() -> None:
    passes("CRIT-RECEIVE-EACH", fx.absences("critique"), AT)


def test_crit_give_each_passes(critique: Meeting) -> None:
    passes("CRIT-GIVE-EACH", critique, AT)


def test_crit_give_each_missing(critique: Meeting) -> None:
    m = _criticism(critique, "c4", kind=r.CriticismKind.SUGGESTION)
    one(
        "CRIT-GIVE-EACH",
        m,
        AT,
        key="missing",
        path="critique.criticisms",
        members=["m03"],
        severity="warning",
    )


def test_crit_give_each_not_applicable_without_a_session(critique: Meeting) -> None:
    not_applicable("CRIT-GIVE-EACH", edit(critique, "review", session=None), AT)


# --- CRIT-SUBSTANTIVE (clarification 14) --------------------------------------------------------


def test_crit_substantive_passes(critique: Meeting) -> None:
    passes("CRIT-SUBSTANTIVE", critique, AT)


def test_crit_substantive_not_applicable_without_criticism(critique: Meeting) -> None:
    not_applicable("CRIT-SUBSTANTIVE", edit(critique, "critique", criticisms=()), AT)


@pytest.mark.parametrize(
    ("kind", "en", "zh"),
    [
        (r.CriticismKind.PRAISE, "praise", "表扬（明贬暗褒）"),
        (r.CriticismKind.HOPE, "a hope", "希望"),
        (r.CriticismKind.SUGGESTION, "a suggestion", "建议"),
        (r.CriticismKind.VAGUE, "a vague remark", "泛泛而谈"),
    ],
)
def test_regression_crit_substantive_names_remark_giver_and_receiver(
    critique: Meeting, kind: r.CriticismKind, en: str, zh: str
) -> None:
    m = _criticism(critique, "c4", kind=kind)  # m03 -> m05
    f = one(
        "CRIT-SUBSTANTIVE",
        m,
        AT,
        key="not_problem",
        path="critique.criticisms[3]",
        members=["m03", "m05"],
        subjects={"criticism": ["c4"]},
    )
    assert f.message.en == (
        f"What 张伟 (m03) said to 陈静 (m05) (c4) is {en}, not criticism of a concrete problem (nice-guyism)."
    )
    assert (
        f.message.zh
        == f"张伟（m03） 对 陈静（m05） 的意见（c4）属于「{zh}」，不是指出具体问题的批评（老好人）。"
    )
    assert not f.repairable


def test_crit_substantive_disguised_praise_hint(critique: Meeting) -> None:
    m = _criticism(critique, "c4", text="工作太拼命了，要注意身体。")
    f = one(
        "CRIT-SUBSTANTIVE",
        m,
        AT,
        key="praise_hint",
        path="critique.criticisms[3].text",
        members=["m03", "m05"],
        subjects={"criticism": ["c4"]},
        severity="warning",
    )
    assert "明贬暗褒" in f.message.zh


def test_crit_substantive_every_remark_is_judged(critique: Meeting) -> None:
    m = _criticism(critique, "c1", kind=r.CriticismKind.HOPE)
    m = _criticism(m, "c4", text="工作太拼命了，要注意身体。")
    got = sorted((f.key, f.subjects[0].id) for f in fx.findings("CRIT-SUBSTANTIVE", m, AT))
    assert got == [("not_problem", "c1"), ("praise_hint", "c4")]


@pytest.mark.parametrize("opening", ["希望", "建议", "共勉", "期待", "期望"])
def test_regression_crit_substantive_a_wish_is_not_disguised_praise(
    critique: Meeting, opening: str
) -> None:
    m = _criticism(critique, "c4", text=f"{opening}你今后多下基层调研。")
    f = one(
        "CRIT-SUBSTANTIVE",
        m,
        AT,
        key="wish_hint",
        path="critique.criticisms[3].text",
        members=["m03", "m05"],
        subjects={"criticism": ["c4"]},
        severity="warning",
    )
    assert "明贬暗褒" not in f.message.zh
    assert "以希望、建议代替批评" in f.message.zh
    assert f"以「{opening}」开头" in f.message.zh


@pytest.mark.parametrize(
    "text",
    [
        "上月三次未按时报送党费收缴台账，建议今后按时报送。",
        "群众反映的停车问题你没有推动解决，希望你正视。",
    ],
)
def test_regression_crit_substantive_real_problem_criticism_is_not_hinted(
    critique: Meeting, text: str
) -> None:
    passes("CRIT-SUBSTANTIVE", _criticism(critique, "c4", text=text), AT)


# --- CRIT-CADRE-EQUAL -------------------------------------------------------------------------


def test_crit_cadre_equal_passes(critique: Meeting) -> None:
    passes("CRIT-CADRE-EQUAL", critique, AT)


def test_crit_cadre_equal_not_applicable_without_a_present_cadre(critique: Meeting) -> None:
    not_applicable("CRIT-CADRE-EQUAL", presence(critique, m04="absent"), AT)
    not_applicable("CRIT-CADRE-EQUAL", fx.meeting("critique", cadres=0), AT)


def test_crit_cadre_equal_received(critique: Meeting) -> None:
    m = _criticism(critique, "c1", kind=r.CriticismKind.PRAISE)  # m01 -> m04
    f = one(
        "CRIT-CADRE-EQUAL", m, AT, key="not_received", path="critique.criticisms", members=["m04"]
    )
    assert f.message.en == "Leading cadre 刘洋 (m04) received no criticism of a concrete problem."


def test_crit_cadre_equal_given(critique: Meeting) -> None:
    m = _criticism(critique, "c2", kind=r.CriticismKind.VAGUE)  # m04 -> m02
    f = one("CRIT-CADRE-EQUAL", m, AT, key="not_given", path="critique.criticisms", members=["m04"])
    assert f.message.en == "Leading cadre 刘洋 (m04) gave no criticism of a concrete problem."


# --- CRIT-RESPONSE (S) ------------------------------------------------------------------------


def test_crit_response_passes(critique: Meeting) -> None:
    passes("CRIT-RESPONSE", critique, AT)


def test_crit_response_not_applicable_without_criticism(critique: Meeting) -> None:
    not_applicable("CRIT-RESPONSE", edit(critique, "critique", criticisms=()), AT)


def test_crit_response_missing(critique: Meeting) -> None:
    m = edit(
        critique,
        "critique",
        responses=tuple(x for x in critique.critique.responses if x.member_id != "m06"),
    )
    one(
        "CRIT-RESPONSE",
        m,
        AT,
        key="missing",
        path="critique.responses",
        members=["m06"],
        severity="warning",
    )


# --- CRIT-SUPERIOR-COMMENT (S, clarification 17) -------------------------------------------------


def test_crit_superior_comment_passes(critique: Meeting) -> None:
    passes("CRIT-SUPERIOR-COMMENT", critique, AT)


def test_crit_superior_comment_not_applicable_without_a_superior_present(critique: Meeting) -> None:
    not_applicable("CRIT-SUPERIOR-COMMENT", edit(critique, "review.session", observer_ids=()), AT)
    not_applicable(
        "CRIT-SUPERIOR-COMMENT", edit(critique, "review.session", observer_ids=("m02",)), AT
    )


def test_crit_superior_comment_missing(critique: Meeting) -> None:
    m = edit(critique, "critique", superior_comments=())
    one(
        "CRIT-SUPERIOR-COMMENT",
        m,
        AT,
        key="missing",
        path="critique.superior_comments",
        severity="warning",
    )


def test_regression_crit_superior_comment_only_by_the_superior(critique: Meeting) -> None:
    m = edit(critique, "critique.superior_comments[0]", by_id="m02")
    one(
        "CRIT-SUPERIOR-COMMENT",
        m,
        AT,
        key="missing",
        path="critique.superior_comments",
        severity="warning",
    )


# --- CRIT-UNITY-ATTEST (Q) --------------------------------------------------------------------


def test_crit_unity_attest_is_an_attestation() -> None:
    rule = next(x for x in fx.flow().rules if x.id == "CRIT-UNITY-ATTEST")
    assert (rule.level, rule.severity.value) == ("Q", "error")


@pytest.mark.parametrize("by", [fx.SUP, fx.SEC])
def test_crit_unity_attest_passes(critique: Meeting, by: str) -> None:
    passes("CRIT-UNITY-ATTEST", edit(critique, "critique.unity_attestation", by_id=by), AT)


def test_crit_unity_attest_missing(critique: Meeting) -> None:
    one(
        "CRIT-UNITY-ATTEST",
        edit(critique, "critique", unity_attestation=None),
        AT,
        key="missing",
        path="critique.unity_attestation",
    )


def test_crit_unity_attest_by_the_chair_or_the_superior(critique: Meeting) -> None:
    m = edit(critique, "critique.unity_attestation", by_id="m02")
    one(
        "CRIT-UNITY-ATTEST",
        m,
        AT,
        key="wrong_person",
        path="critique.unity_attestation.by_id",
        members=["m02"],
    )


def test_crit_unity_attest_without_a_recorded_sitting_only_the_superior_vouches(
    critique: Meeting,
) -> None:
    m = edit(critique, "review", session=None)
    passes("CRIT-UNITY-ATTEST", edit(m, "critique.unity_attestation", by_id=fx.SUP), AT)
    one(
        "CRIT-UNITY-ATTEST",
        edit(m, "critique.unity_attestation", by_id=fx.SEC),
        AT,
        key="wrong_person",
        path="critique.unity_attestation.by_id",
        members=[fx.SEC],
    )
