"""The lifecycle of the source document: five stages, four forward triggers and a redo."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Protocol

from meetingflow.errors import FlowDefinitionError, MeetingflowError
from meetingflow.flow.definition import RUNNERS, SUPERIOR, Stage, Track, Transition
from meetingflow.flow.flow import Flow
from meetingflow.i18n import Text
from meetingflow.rules.pack import RulePack

if TYPE_CHECKING:
    from meetingflow.rules.settings import RuleSettings

__all__ = [
    "DEFAULT_STAGES",
    "DEFAULT_TRANSITIONS",
    "SITTING_RULES",
    "Applicable",
    "Extension",
    "default_flow",
    "extend",
]

SITTING_RULES: Final[tuple[str, ...]] = (
    "ROLE-CADRE-AS-ORDINARY",
    "REV-SELF-EXAM-ALL",
    "REV-ASPECTS-COVERED",
    "CRIT-LEAD-ORDER",
    "CRIT-SUBSTANTIVE",
    "CRIT-RECEIVE-EACH",
    "CRIT-CADRE-EQUAL",
    "CRIT-UNITY-ATTEST",
)
"""The critique gate (clarification 12): how the sitting was held; blocks even when words said
cannot be unsaid, and is cured only by a redo the superior orders."""

DEFAULT_STAGES: Final[tuple[Stage, ...]] = (
    Stage(
        "preparation",
        Text("会前准备", "preparation"),
        sections=("organization", "campaign", "preparation"),
    ),
    Stage("review", Text("会中检视剖析", "review"), sections=("roster", "review")),
    Stage("critique", Text("批评与自我批评", "critique"), sections=("critique",)),
    Stage(
        "rectification", Text("会后整改", "rectification"), sections=("rectification", "closing")
    ),
    Stage("closed", Text("结束归档", "closed")),
)
"""The five stages; each owns the record sections sealed when it is left."""

DEFAULT_TRANSITIONS: Final[tuple[Transition, ...]] = (
    Transition(
        "start_review",
        "preparation",
        "review",
        RUNNERS,
        Text("开始会议（检视剖析）", "start the sitting (review)"),
    ),
    Transition(
        "start_critique",
        "review",
        "critique",
        RUNNERS,
        Text("开展批评与自我批评", "start criticism and self-criticism"),
    ),
    Transition(
        "start_rectification",
        "critique",
        "rectification",
        RUNNERS,
        Text("散会，进入会后整改", "close the sitting, start rectification"),
        strict_gates=SITTING_RULES,
    ),
    Transition(
        "close", "rectification", "closed", SUPERIOR, Text("上级审核后结束", "sign off and close")
    ),
    Transition(
        "order_redo",
        ("critique", "rectification", "closed"),
        ("review", "preparation"),
        SUPERIOR,
        Text("责令重新召开", "order the session redone"),
        redo=True,
    ),
)
"""The triggers: the secretary or chair runs the meeting; the superior closes it and orders redos."""


class Applicable(Protocol):
    """A change to a flow that knows how to apply itself (e.g. inserting a host's stage)."""

    def apply(self, flow: Flow) -> Flow: ...


Extension = Track | Applicable
"""What ``default_flow(extensions=...)`` takes: a ``Track``, or anything with ``apply``."""


def extend(flow: Flow, extension: Extension) -> Flow:
    """``flow`` with ``extension``: a track is added, anything else is applied."""
    if isinstance(extension, Track):
        return flow.add_track(extension)
    if not callable(getattr(extension, "apply", None)):
        raise FlowDefinitionError(
            [f"{type(extension).__name__} is not an extension (a Track, or has apply(flow))"]
        )
    try:
        result = extension.apply(flow)
    except MeetingflowError:
        raise
    except Exception as error:
        raise FlowDefinitionError(
            [f"extension {type(extension).__name__} failed: {type(error).__name__}: {error}"[:500]]
        ) from error
    if not isinstance(result, Flow):
        raise FlowDefinitionError(
            [f"{type(extension).__name__}.apply returned {type(result).__name__}, not a Flow"]
        )
    return result


def default_flow(
    *,
    settings: RuleSettings | Mapping[str, Any] | None = None,
    pack: RulePack | None = None,
    extensions: Iterable[Extension] = (),
    key: bytes | None = None,
) -> Flow:
    """The source document's lifecycle with the built-in rule catalogue.

    Build it once and share it. ``settings`` changes thresholds (``{"report_within_days":
    30}``); ``pack`` replaces the rules; ``extensions`` adds tracks or stages (for democratic
    appraisal: ``extensions=[meetingflow.extensions.appraisal.TRACK]``); ``key`` signs every
    event with HMAC-SHA256. A call without arguments returns one shared flow.
    """
    if isinstance(extensions, str | bytes | Track) or not isinstance(extensions, Iterable):
        raise FlowDefinitionError(
            [f"extensions must be a list of extensions, not {type(extensions).__name__}"]
        )
    extensions = tuple(extensions)
    if settings is None and pack is None and not extensions and key is None:
        return _shared()
    flow = _build(pack)
    for ext in extensions:
        flow = extend(flow, ext)
    if settings is not None:
        flow = flow.with_settings(settings)
    return flow.with_key(key) if key is not None else flow


def _build(pack: RulePack | None) -> Flow:
    if pack is None:
        from meetingflow.catalogue import catalogue  # noqa: PLC0415 - the catalogue is a layer of its own

        pack = catalogue()
    if not isinstance(pack, RulePack):
        raise FlowDefinitionError([f"the pack must be a RulePack, not {type(pack).__name__}"])
    ids = set(pack.ids)
    transitions = tuple(
        t
        if not t.strict_gates
        else Transition(
            t.trigger,
            t.sources,
            t.dests,
            t.authorized,
            t.title,
            t.redo,
            t.gates,
            tuple(g for g in t.strict_gates if g in ids),
        )
        for t in DEFAULT_TRANSITIONS
    )
    return Flow.build(name="default", stages=DEFAULT_STAGES, transitions=transitions, pack=pack)


@functools.lru_cache(maxsize=1)
def _shared() -> Flow:
    return _build(None)
