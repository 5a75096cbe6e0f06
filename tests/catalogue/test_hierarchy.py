"""§2.6 Hierarchy for one meeting: redo orders, and holding the meeting by the deadline when a
sitting was redone (the deadline itself is tested with preparation)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from . import fixtures as fx
from .fixtures import edit, not_applicable, one, passes

if TYPE_CHECKING:
    from meetingflow.records import Meeting

AT = fx.at("rectification")


def test_hier_redo_not_applicable_without_a_redo(rect: Meeting) -> None:
    not_applicable("HIER-REDO", rect, AT)


def test_hier_redo_passes() -> None:
    passes("HIER-REDO", fx.flawed("rectification"), AT)


def test_hier_redo_by_the_superior() -> None:
    m = edit(fx.flawed("rectification"), "redone_sessions[0].order", by_id=fx.SEC)
    f = one(
        "HIER-REDO",
        m,
        AT,
        key="not_superior",
        path="redone_sessions[0].order.by_id",
        subjects={"redo_order": ["redo-1"]},
    )
    assert f.message.zh == "第 1 次责令重新召开由 王芳（m01） 作出，其不是上级代表。"


@pytest.mark.parametrize("stage", ["review", "preparation"])
def test_hier_redo_may_return_to_review_or_preparation(stage: str) -> None:
    passes(
        "HIER-REDO",
        edit(fx.flawed("rectification"), "redone_sessions[0].order", return_to=stage),
        AT,
    )


def test_hier_redo_returns_to_review_or_preparation() -> None:
    m = edit(fx.flawed("rectification"), "redone_sessions[0].order", return_to="critique")
    f = one(
        "HIER-REDO",
        m,
        AT,
        key="return_to",
        path="redone_sessions[0].order.return_to",
        subjects={"redo_order": ["redo-1"]},
    )
    assert f.message.zh == "第 1 次责令重新召开返回「批评与自我批评」，不是会中检视剖析或会前准备。"
    assert f.message.en == "Redo order 1 returns to critique, not to review or preparation."


def test_hier_held_by_deadline_a_redone_sitting_after_the_deadline() -> None:
    m = fx.flawed("rectification")
    assert m.review.session is not None and m.review.session.held_on == date(2021, 7, 2)
    passes("HIER-HELD-BY-DEADLINE", m, AT)


def test_regression_hier_held_by_deadline_judges_the_first_sitting() -> None:
    """Decision: the first sitting was on time; the superior's redo, ordered when it was, does
    not make the organization late."""
    m = edit(fx.flawed("rectification"), "redone_sessions[0].order", on=date(2021, 7, 1))
    passes("HIER-HELD-BY-DEADLINE", m, AT)
    first_late = edit(m, "redone_sessions[0].review.session", held_on=date(2021, 7, 1))
    one(
        "HIER-HELD-BY-DEADLINE",
        first_late,
        AT,
        key="late",
        path="preparation.postponements",
        subjects={"organization": [fx.ORG]},
    )
