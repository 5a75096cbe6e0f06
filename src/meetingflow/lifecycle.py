"""The default lifecycle of the source document: five stages, four forward triggers and a redo."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from meetingflow._i18n import Text
from meetingflow.definition import ActorRole, Stage, Transition
from meetingflow.flow import Flow
from meetingflow.rules.builtin import default_pack
from meetingflow.rules.pack import RulePack
from meetingflow.rules.settings import RuleSettings

_RUNNERS = frozenset({ActorRole.SECRETARY.value, ActorRole.CHAIR.value})
_SUPERIOR = frozenset({ActorRole.SUPERVISOR.value})

DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage("preparation", Text("会前准备", "preparation"), seals=("preparation",)),
    Stage("review", Text("会中检视剖析", "review"), seals=("review", "roster")),
    Stage("critique", Text("批评与自我批评", "critique"), seals=("critique",)),
    Stage("rectification", Text("会后整改", "rectification"), seals=("rectification", "closing")),
    Stage("closed", Text("结束归档", "closed")),
)
"""The five stages; ``seals`` names the sections frozen when a stage is left."""

DEFAULT_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "start_review",
        ("preparation",),
        ("review",),
        _RUNNERS,
        Text("开始会议（检视剖析）", "start the sitting (review)"),
    ),
    Transition(
        "start_critique",
        ("review",),
        ("critique",),
        _RUNNERS,
        Text("开展批评与自我批评", "start criticism and self-criticism"),
    ),
    Transition(
        "start_rectification",
        ("critique",),
        ("rectification",),
        _RUNNERS,
        Text("散会，进入会后整改", "close the sitting, start rectification"),
    ),
    Transition(
        "close",
        ("rectification",),
        ("closed",),
        _SUPERIOR,
        Text("上级审核后结束", "sign off and close"),
    ),
    Transition(
        "order_redo",
        ("critique", "rectification", "closed"),
        ("review", "preparation"),
        _SUPERIOR,
        Text("责令重新召开", "order the session redone"),
        redo=True,
    ),
)


def default_flow(
    *,
    settings: RuleSettings | Mapping[str, Any] | None = None,
    pack: RulePack | None = None,
    appraisal: bool = False,
) -> Flow:
    """The source document's lifecycle with the default rule pack.

    Build it once and share it. ``settings`` changes thresholds (``{"report_within_days":
    30}``); ``pack`` replaces the rules (``default_pack().disable("PREP-SPOT-CHECK")``).
    ``appraisal=True`` adds democratic appraisal of members (民主评议党员) between critique and
    rectification (see :mod:`meetingflow.appraisal`). Calls without arguments return one
    cached flow: flows are immutable, so sharing is safe.
    """
    if appraisal:
        from meetingflow.appraisal import with_appraisal  # noqa: PLC0415 - optional stage

        return with_appraisal(default_flow(settings=settings, pack=pack))
    if settings is None and pack is None:
        return _cached_default()
    return _build(settings, pack)


def _build(settings: RuleSettings | Mapping[str, Any] | None, pack: RulePack | None) -> Flow:
    return Flow.build(
        name="default",
        stages=DEFAULT_STAGES,
        transitions=DEFAULT_TRANSITIONS,
        pack=pack if pack is not None else default_pack(),
        settings=settings,
    )


@functools.lru_cache(maxsize=1)
def _cached_default() -> Flow:
    return _build(None, None)
