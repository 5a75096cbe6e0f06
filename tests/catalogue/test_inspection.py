"""§2.1 Preparation, continued: opinions, feedback to cadres, talks, problems, root causes, materials."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from meetingflow import records as r

from . import fixtures as fx
from .fixtures import SITTING, days, edit, not_applicable, one, passes

if TYPE_CHECKING:
    from meetingflow.records import Meeting

AT = fx.at("preparation")


# --- PREP-OPINIONS ----------------------------------------------------------------------------


def test_prep_opinions_passes(prep: Meeting) -> None:
    passes("PREP-OPINIONS", prep, AT)


def test_prep_opinions_none(prep: Meeting) -> None:
    one(
        "PREP-OPINIONS",
        edit(prep, "preparation", opinions=()),
        AT,
        key="none",
        path="preparation.opinions",
    )


def test_prep_opinions_inside_the_party(prep: Meeting) -> None:
    outside = tuple(o for o in prep.preparation.opinions if o.source_kind is r.OpinionSource.MASSES)
    one(
        "PREP-OPINIONS",
        edit(prep, "preparation", opinions=outside),
        AT,
        key="no_inside",
        path="preparation.opinions",
    )


@pytest.mark.parametrize("source", [r.OpinionSource.OUTSIDE_PARTY, r.OpinionSource.MASSES])
def test_prep_opinions_outside_the_party(prep: Meeting, source: r.OpinionSource) -> None:
    inside = tuple(
        o for o in prep.preparation.opinions if o.source_kind is r.OpinionSource.INSIDE_PARTY
    )
    m = edit(prep, "preparation", opinions=inside)
    one("PREP-OPINIONS", m, AT, key="no_outside", path="preparation.opinions")
    outside = r.Opinion(id="op-x", source_kind=source, text="窗口服务慢", collected_on=days(-3))
    passes("PREP-OPINIONS", edit(m, "preparation", opinions=(*inside, outside)), AT)


def test_prep_opinions_from_the_superior_are_not_outside_the_party(prep: Meeting) -> None:
    inside = tuple(
        o for o in prep.preparation.opinions if o.source_kind is r.OpinionSource.INSIDE_PARTY
    )
    superior = r.Opinion(
        id="op-x", source_kind=r.OpinionSource.SUPERIOR, text="准备不足", collected_on=days(-3)
    )
    m = edit(prep, "preparation", opinions=(*inside, superior))
    one("PREP-OPINIONS", m, AT, key="no_outside", path="preparation.opinions")


@pytest.mark.parametrize(("before", "fails"), [(1, False), (0, True)])
def test_prep_opinions_collected_before_the_meeting_date(
    prep: Meeting, before: int, fails: bool
) -> None:
    m = edit(
        prep,
        "preparation",
        opinions=tuple(o.evolve(collected_on=days(-before)) for o in prep.preparation.opinions),
    )
    if fails:
        one("PREP-OPINIONS", m, AT, key="none", path="preparation.opinions")
    else:
        passes("PREP-OPINIONS", m, AT)


@pytest.mark.parametrize(("before", "fails"), [(1, False), (0, True)])
def test_prep_opinions_summarized_before_the_meeting_date(
    prep: Meeting, before: int, fails: bool
) -> None:
    m = edit(prep, "preparation.opinion_summary", on=days(-before))
    if fails:
        one("PREP-OPINIONS", m, AT, key="no_summary", path="preparation.opinion_summary")
    else:
        passes("PREP-OPINIONS", m, AT)
    one(
        "PREP-OPINIONS",
        edit(prep, "preparation", opinion_summary=None),
        AT,
        key="no_summary",
        path="preparation.opinion_summary",
    )


# --- PREP-CADRE-FEEDBACK ----------------------------------------------------------------------


def test_prep_cadre_feedback_passes(prep: Meeting) -> None:
    passes("PREP-CADRE-FEEDBACK", prep, AT)


def test_prep_cadre_feedback_not_applicable_without_opinions_about_a_cadre(prep: Meeting) -> None:
    m = edit(prep, "preparation", opinions=prep.preparation.opinions[:2])
    not_applicable("PREP-CADRE-FEEDBACK", m, AT)
    not_applicable("PREP-CADRE-FEEDBACK", fx.meeting("preparation", cadres=0), AT)


@pytest.mark.parametrize(("fed_back", "fails"), [(days(-1), False), (SITTING, True), (None, True)])
def test_prep_cadre_feedback_before_the_meeting(
    prep: Meeting, fed_back: object, fails: bool
) -> None:
    m = edit(prep, "preparation.opinions[2]", fed_back_on=fed_back)
    if fails:
        one(
            "PREP-CADRE-FEEDBACK",
            m,
            AT,
            key="late",
            path="preparation.opinions[2].fed_back_on",
            members=[fx.CADRE],
            subjects={"opinion": ["op-cadre-m04"]},
            severity="warning",
        )
    else:
        passes("PREP-CADRE-FEEDBACK", m, AT)


# --- PREP-TALKS-COVERAGE (clarification 6) ------------------------------------------------------


def _without(prep: Meeting, *pairs: tuple[str, str]) -> Meeting:
    drop = {frozenset(p) for p in pairs}
    talks = tuple(
        t for t in prep.preparation.talks if frozenset((t.person_a, t.person_b)) not in drop
    )
    return edit(prep, "preparation", talks=talks)


def test_prep_talks_coverage_passes(prep: Meeting) -> None:
    passes("PREP-TALKS-COVERAGE", prep, AT)


def test_prep_talks_coverage_secretary_with_every_member(prep: Meeting) -> None:
    m = _without(prep, ("m01", "m05"), ("m01", "m08"))
    f = one(
        "PREP-TALKS-COVERAGE",
        m,
        AT,
        key="secretary",
        path="preparation.talks",
        members=["m05", "m08"],
        subjects={"member_pair": ["m01+m05", "m01+m08"]},
    )
    assert f.message.zh == "书记 王芳（m01） 未与 陈静（m05）、黄勇（m08） 谈心谈话。"


def test_prep_talks_coverage_an_exempt_secretary_owes_no_talks(prep: Meeting) -> None:
    """An exempt member (clarification 15) takes no part, as secretary neither."""
    index = next(i for i, x in enumerate(prep.roster) if x.id == fx.SEC)
    m = edit(prep, f"roster[{index}]", exemption=r.Exemption(reason="长期病休"))
    m = _without(m, ("m01", "m05"), ("m01", "m08"))
    keys = {f.key for f in fx.findings("PREP-TALKS-COVERAGE", m, AT)}
    assert "secretary" not in keys
    assert "secretary" in {
        f.key for f in fx.findings("PREP-TALKS-COVERAGE", _without(prep, ("m01", "m05")), AT)
    }


def test_prep_talks_coverage_committee_members_with_each_other(prep: Meeting) -> None:
    m = _without(prep, ("m02", "m03"))
    one(
        "PREP-TALKS-COVERAGE",
        m,
        AT,
        key="committee",
        path="preparation.talks",
        members=["m02", "m03"],
        subjects={"member_pair": ["m02+m03"]},
    )


def test_regression_prep_talks_coverage_secretary_committee_talk_reported_once(
    prep: Meeting,
) -> None:
    m = _without(prep, ("m01", "m02"))
    one(
        "PREP-TALKS-COVERAGE",
        m,
        AT,
        key="secretary",
        path="preparation.talks",
        members=["m02"],
        subjects={"member_pair": ["m01+m02"]},
    )


def test_prep_talks_coverage_members_with_each_other_is_a_warning(prep: Meeting) -> None:
    m = _without(prep, ("m05", "m06"), ("m06", "m07"))
    one(
        "PREP-TALKS-COVERAGE",
        m,
        AT,
        key="peers",
        path="preparation.talks",
        members=["m06"],
        severity="warning",
    )


def test_prep_talks_coverage_talks_with_the_secretary_or_among_committee_are_not_peer_talks(
    prep: Meeting,
) -> None:
    # m02's only other talk is with m08; without it m02 has talks with the secretary and m03 only
    one(
        "PREP-TALKS-COVERAGE",
        _without(prep, ("m08", "m02")),
        AT,
        key="peers",
        path="preparation.talks",
        members=["m02"],
        severity="warning",
    )


@pytest.mark.parametrize(("shift", "fails"), [(0, False), (1, True)])
def test_regression_prep_talks_coverage_talks_after_the_sitting_do_not_count(
    prep: Meeting, shift: int, fails: bool
) -> None:
    talks = tuple(
        t.evolve(held_on=days(shift)) if {t.person_a, t.person_b} == {"m01", "m05"} else t
        for t in prep.preparation.talks
    )
    m = edit(prep, "preparation", talks=talks)
    if fails:
        one(
            "PREP-TALKS-COVERAGE",
            m,
            AT,
            key="secretary",
            path="preparation.talks",
            members=["m05"],
            subjects={"member_pair": ["m01+m05"]},
        )
    else:
        passes("PREP-TALKS-COVERAGE", m, AT)


def test_prep_talks_coverage_exempt_members_are_not_expected() -> None:
    m = fx.meeting("preparation", exempt=("m07",))
    assert not any("m07" in (t.person_a, t.person_b) for t in m.preparation.talks)
    passes("PREP-TALKS-COVERAGE", m, AT)


# --- PREP-PROBLEM-LIST ------------------------------------------------------------------------


def test_prep_problem_list_passes(prep: Meeting) -> None:
    passes("PREP-PROBLEM-LIST", prep, AT)


def test_prep_problem_list_branch(prep: Meeting) -> None:
    m = edit(prep, "preparation", problems=prep.preparation.problems[1:])
    one("PREP-PROBLEM-LIST", m, AT, key="branch", path="preparation.problems")


def test_prep_problem_list_an_undated_problem_counts(prep: Meeting) -> None:
    m = edit(prep, "preparation.problems[0]", listed_on=None)
    passes("PREP-PROBLEM-LIST", m, AT)


def test_prep_problem_list_members(prep: Meeting) -> None:
    m = edit(
        prep,
        "preparation",
        problems=tuple(p for p in prep.preparation.problems if p.owner_id not in ("m03", "m06")),
    )
    one(
        "PREP-PROBLEM-LIST",
        m,
        AT,
        key="members",
        path="preparation.problems",
        members=["m03", "m06"],
    )


@pytest.mark.parametrize(("before", "fails"), [(1, False), (0, True)])
def test_prep_problem_list_before_the_meeting_date(prep: Meeting, before: int, fails: bool) -> None:
    m = edit(prep, "preparation.problems[6]", listed_on=days(-before))  # p-m06
    if fails:
        one("PREP-PROBLEM-LIST", m, AT, key="members", path="preparation.problems", members=["m06"])
    else:
        passes("PREP-PROBLEM-LIST", m, AT)


# --- PREP-ROOTCAUSE ---------------------------------------------------------------------------


def _cause(prep: Meeting, description: str, cause: str) -> Meeting:
    return edit(prep, "preparation.problems[5]", description=description, root_cause=cause)  # p-m05


def test_prep_rootcause_passes(prep: Meeting) -> None:
    passes("PREP-ROOTCAUSE", prep, AT)


def test_prep_rootcause_not_applicable_without_problems(prep: Meeting) -> None:
    not_applicable("PREP-ROOTCAUSE", edit(prep, "preparation", problems=()), AT)


def test_prep_rootcause_missing(prep: Meeting) -> None:
    one(
        "PREP-ROOTCAUSE",
        _cause(prep, "为群众办实事主动性不强", "  "),
        AT,
        key="missing",
        path="preparation.problems[5].root_cause",
        members=["m05"],
        subjects={"problem": ["p-m05"]},
    )


def test_prep_rootcause_of_the_branch_names_no_member(prep: Meeting) -> None:
    m = edit(prep, "preparation.problems[0]", root_cause="")
    one(
        "PREP-ROOTCAUSE",
        m,
        AT,
        key="missing",
        path="preparation.problems[0].root_cause",
        subjects={"problem": ["p-branch"]},
    )


@pytest.mark.parametrize(
    ("description", "cause"),
    [
        ("为群众办实事主动性不强", "为群众办实事主动性不强"),
        ("为群众办实事主动性不强", "为群众办实事主动性不强的问题"),
        ("为群众办实事主动性不强", "主动性不强"),
        ("为群众办实事主动性不强", "问题"),
        ("由于宗旨意识淡化，为群众办实事主动性不强", "为群众办实事主动性不强"),
        ("理论学习不深入，根子在理想信念有所动摇", "理论学习不深入"),
        ("理论学习的深度不够", "理论学习深度不够"),  # a filler word does not make it new
    ],
)
def test_prep_rootcause_restating_the_problem(prep: Meeting, description: str, cause: str) -> None:
    one(
        "PREP-ROOTCAUSE",
        _cause(prep, description, cause),
        AT,
        key="restates",
        path="preparation.problems[5].root_cause",
        members=["m05"],
        subjects={"problem": ["p-m05"]},
    )


@pytest.mark.parametrize(
    ("description", "cause"),
    [
        ("对党的创新理论学习不深入，根子在理想信念有所动摇", "理想信念有所动摇"),
        ("对党的创新理论学习不深入，究其原因是理想信念有所动摇", "理想信念有所动摇"),
        ("思想认识不到位导致工作落实不力", "思想认识不到位"),
        ("由于宗旨意识淡化，为群众办实事主动性不强", "宗旨意识淡化"),
        ("为群众办实事主动性不强", "宗旨意识有所淡化，满足于完成日常事务"),
        ("为群众办实事主动性不强", "为群众办实事主动性不强，是因为宗旨意识淡化"),
    ],
)
def test_regression_prep_rootcause_real_causes_inside_a_description(
    prep: Meeting, description: str, cause: str
) -> None:
    passes("PREP-ROOTCAUSE", _cause(prep, description, cause), AT)


# --- PREP-MATERIAL ----------------------------------------------------------------------------


def _materials(
    prep: Meeting, *, drop: tuple[str, ...] = (), outline: tuple[str, ...] = ()
) -> Meeting:
    rows = tuple(
        x.evolve(kind=r.MaterialKind.SPEECH_OUTLINE) if x.id in outline else x
        for x in prep.preparation.materials
        if x.id not in drop
    )
    reviews = tuple(x for x in prep.preparation.material_reviews if x.material_id not in drop)
    return edit(prep, "preparation", materials=rows, material_reviews=reviews)


def test_prep_material_passes(prep: Meeting) -> None:
    passes("PREP-MATERIAL", prep, AT)


def test_prep_material_of_the_committee(prep: Meeting) -> None:
    one(
        "PREP-MATERIAL",
        _materials(prep, drop=("mat-committee",)),
        AT,
        key="committee",
        path="preparation.materials",
    )


def test_prep_material_no_committee_material_without_a_committee() -> None:
    passes("PREP-MATERIAL", fx.no_committee("preparation"), AT)


def test_prep_material_full_from_committee_members_and_cadres(prep: Meeting) -> None:
    m = _materials(prep, drop=("mat-m02",), outline=("mat-m01", "mat-m04"))
    one(
        "PREP-MATERIAL",
        m,
        AT,
        key="full",
        path="preparation.materials",
        members=["m01", "m02", "m04"],
    )


def test_prep_material_at_least_an_outline_from_others(prep: Meeting) -> None:
    m = _materials(prep, drop=("mat-m06",))
    one("PREP-MATERIAL", m, AT, key="outline", path="preparation.materials", members=["m06"])


def test_prep_material_full_from_everyone_when_configured(prep: Meeting) -> None:
    settings = {"require_full_material_for_ordinary_members": True}
    one(
        "PREP-MATERIAL",
        prep,
        AT,
        key="full",
        path="preparation.materials",
        members=["m05", "m06", "m07", "m08"],
        settings=settings,
    )


def test_prep_material_configured_full_reports_a_member_without_any_once(prep: Meeting) -> None:
    m = _materials(prep, drop=("mat-m06",))
    settings = {"require_full_material_for_ordinary_members": True}
    (f,) = fx.findings("PREP-MATERIAL", m, AT, settings=settings)
    assert (f.key, f.members) == ("full", ("m05", "m06", "m07", "m08"))


def test_prep_material_exempt_members_are_not_expected() -> None:
    m = fx.meeting("preparation", exempt=("m07",))
    assert m.preparation.material("mat-m07") is None
    passes("PREP-MATERIAL", m, AT)


# --- PREP-MATERIAL-ASPECTS --------------------------------------------------------------------


def test_prep_material_aspects_passes(prep: Meeting) -> None:
    passes("PREP-MATERIAL-ASPECTS", prep, AT)


def test_prep_material_aspects_not_applicable_without_materials(prep: Meeting) -> None:
    not_applicable(
        "PREP-MATERIAL-ASPECTS", edit(prep, "preparation", materials=(), material_reviews=()), AT
    )


def test_prep_material_aspects_missing(prep: Meeting) -> None:
    m = edit(prep, "preparation.materials[5]", aspects=prep.campaign.aspect_ids[:2])
    f = one(
        "PREP-MATERIAL-ASPECTS",
        m,
        AT,
        key="missing",
        path="preparation.materials[5].aspects",
        members=["m05"],
        subjects={"material": ["mat-m05"]},
    )
    assert f.message.zh == "材料 mat-m05 未涵盖：党性锤炼、担当作为。"


def test_prep_material_aspects_of_the_committee_material(prep: Meeting) -> None:
    m = edit(prep, "preparation.materials[0]", aspects=())
    one(
        "PREP-MATERIAL-ASPECTS",
        m,
        AT,
        key="missing",
        path="preparation.materials[0].aspects",
        subjects={"material": ["mat-committee"]},
    )


def test_prep_material_aspects_follow_the_settings(prep: Meeting) -> None:
    passes(
        "PREP-MATERIAL-ASPECTS",
        edit(prep, "preparation.materials[5]", aspects=("party_spirit",)),
        AT,
        settings={"aspects": ["party_spirit"]},
    )


# --- PREP-MATERIAL-REVIEW (clarification 5) ----------------------------------------------------


def _reviews(prep: Meeting, material: str, **changes: object) -> Meeting:
    rows = tuple(
        x.evolve(**changes) if x.material_id == material else x
        for x in prep.preparation.material_reviews
    )
    return edit(prep, "preparation", material_reviews=rows)


def test_prep_material_review_passes(prep: Meeting) -> None:
    passes("PREP-MATERIAL-REVIEW", prep, AT)


def test_prep_material_review_not_applicable_without_materials(prep: Meeting) -> None:
    not_applicable(
        "PREP-MATERIAL-REVIEW", edit(prep, "preparation", materials=(), material_reviews=()), AT
    )


@pytest.mark.parametrize(
    ("material", "index", "author"),
    [("mat-committee", 0, None), ("mat-m01", 1, "m01"), ("mat-m04", 4, "m04")],
)
def test_prep_material_review_by_the_superior(
    prep: Meeting, material: str, index: int, author: str | None
) -> None:
    m = _reviews(prep, material, reviewer_id=fx.SEC)
    one(
        "PREP-MATERIAL-REVIEW",
        m,
        AT,
        key="superior",
        path=f"preparation.materials[{index}]",
        members=[author] if author else [],
        subjects={"material": [material]},
    )


def test_prep_material_review_a_material_nobody_reviewed(prep: Meeting) -> None:
    rows = tuple(x for x in prep.preparation.material_reviews if x.material_id != "mat-m05")
    one(
        "PREP-MATERIAL-REVIEW",
        edit(prep, "preparation", material_reviews=rows),
        AT,
        key="secretary",
        path="preparation.materials[5]",
        members=["m05"],
        subjects={"material": ["mat-m05"]},
    )


def test_prep_material_review_a_rejection_then_an_approval(prep: Meeting) -> None:
    (approval,) = (x for x in prep.preparation.material_reviews if x.material_id == "mat-m05")
    rejected = approval.evolve(verdict=r.Verdict.RETURNED)
    rows = (rejected, *prep.preparation.material_reviews)
    passes("PREP-MATERIAL-REVIEW", edit(prep, "preparation", material_reviews=rows), AT)


def test_prep_material_review_of_committee_members_by_the_secretary(prep: Meeting) -> None:
    reviewer = next(
        x.reviewer_id for x in prep.preparation.material_reviews if x.material_id == "mat-m02"
    )
    assert reviewer == fx.SEC
    m = _reviews(prep, "mat-m02", reviewer_id="m03")
    one(
        "PREP-MATERIAL-REVIEW",
        m,
        AT,
        key="secretary",
        path="preparation.materials[2]",
        members=["m02"],
        subjects={"material": ["mat-m02"]},
    )


def test_prep_material_review_of_members_by_the_superior_counts(prep: Meeting) -> None:
    passes("PREP-MATERIAL-REVIEW", _reviews(prep, "mat-m06", reviewer_id=fx.SUP), AT)


@pytest.mark.parametrize(("before", "fails"), [(1, False), (0, True)])
def test_prep_material_review_before_the_meeting_date(
    prep: Meeting, before: int, fails: bool
) -> None:
    m = _reviews(prep, "mat-m06", reviewed_on=days(-before))
    if fails:
        one(
            "PREP-MATERIAL-REVIEW",
            m,
            AT,
            key="secretary",
            path="preparation.materials[6]",
            members=["m06"],
            subjects={"material": ["mat-m06"]},
        )
    else:
        passes("PREP-MATERIAL-REVIEW", m, AT)


def test_prep_material_review_returned_is_not_approved(prep: Meeting) -> None:
    m = _reviews(prep, "mat-m06", verdict=r.Verdict.RETURNED)
    one(
        "PREP-MATERIAL-REVIEW",
        m,
        AT,
        key="secretary",
        path="preparation.materials[6]",
        members=["m06"],
        subjects={"material": ["mat-m06"]},
    )
