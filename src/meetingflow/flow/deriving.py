"""``Flow``'s derivations: each returns a new flow and leaves this one unchanged.

A mixin, so the ``Flow`` class stays a short read; the definition changes themselves are in
``meetingflow.flow.derive``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from meetingflow.flow import derive
from meetingflow.flow.checks import require
from meetingflow.flow.compile import Compiled, merge_settings
from meetingflow.flow.definition import Stage, Track, Transition, check_name
from meetingflow.i18n import Text

if TYPE_CHECKING:
    from meetingflow.records import Record
    from meetingflow.rules.pack import RulePack
    from meetingflow.rules.rule import Rule
    from meetingflow.rules.settings import RuleSettings

__all__ = ["Derivations"]

_F = TypeVar("_F", bound="Derivations")


class Derivations:
    """Derivation methods of ``Flow`` (see there)."""

    __slots__ = ()

    if TYPE_CHECKING:
        stages: tuple[Stage, ...]
        transitions: tuple[Transition, ...]
        pack: RulePack
        tracks: tuple[Track, ...]
        items: tuple[type[Record], ...]
        _compiled: Compiled

        @property
        def settings(self) -> RuleSettings: ...

        def transition(self, trigger: str) -> Transition: ...

        def _derive(self: _F, **changes: Any) -> _F: ...

    def renamed(self: _F, name: str) -> _F:
        """The same flow under another name (shown in diagrams and errors)."""
        return self._derive(name=name)

    def add_rules(self: _F, *rules: Rule) -> _F:
        """More rules; each gates by its stage and ``gate`` like the built-in ones."""
        return self._derive(pack=self.pack.add(*rules))

    def with_pack(self: _F, pack: RulePack) -> _F:
        """The whole rule pack replaced."""
        return self._derive(pack=pack)

    def with_settings(self: _F, settings: RuleSettings | Mapping[str, Any]) -> _F:
        """Settings replaced (a ``RuleSettings``) or merged (a mapping, namespaces included)."""
        from meetingflow.rules.settings import RuleSettings  # noqa: PLC0415 - pydantic only here

        if isinstance(settings, RuleSettings):
            return self._derive(settings_input=settings)
        base = merge_settings(self.settings, self._compiled.pack_settings, settings)
        return self._derive(settings_input=base)

    def with_authorized(self: _F, trigger: str, *authorized: str) -> _F:
        """Set which authorities may fire ``trigger``."""
        return self._derive(
            transitions=derive.set_authorized(self.transitions, trigger, authorized)
        )

    def with_transition(self: _F, transition: Transition) -> _F:
        """One more transition."""
        return self._derive(transitions=(*self.transitions, transition))

    def with_gates(self: _F, trigger: str, *rule_ids: str, strict: bool = False) -> _F:
        """More rules gating ``trigger`` (``strict``: blocking even when no longer repairable)."""
        t = self.transition(trigger)
        changed = (
            attrs.evolve(t, strict_gates=(*t.strict_gates, *rule_ids))
            if strict
            else attrs.evolve(t, gates=(*t.gates, *rule_ids))
        )
        return self._derive(transitions=tuple(changed if x is t else x for x in self.transitions))

    def with_key(self: _F, key: bytes | None) -> _F:
        """The flow signing every event with HMAC-SHA256 under ``key`` (and checking it)."""
        return self._derive(key=key)

    def with_items(self: _F, *types: type[Record]) -> _F:
        """The host's record types, registered by name for ``item_from_dict``."""
        return self._derive(items=(*self.items, *types))

    def add_track(self: _F, track: Track) -> _F:
        """A parallel track: its section, its rules on existing stages, its gates and settings."""
        require(track, Track)
        flow = self._derive(tracks=(*self.tracks, track))
        return flow.with_settings(dict(track.settings)) if track.settings else flow

    def insert_stage(
        self: _F,
        stage: Stage,
        *,
        after: str | None = None,
        before: str | None = None,
        trigger: str,
        authorized: Iterable[str] | None = None,
        title: Text | None = None,
        rules: Iterable[Rule] = (),
    ) -> _F:
        """Insert ``stage`` on the forward path (see ``meetingflow.flow.derive.insert_stage``)."""
        require(stage, Stage)
        check_name("trigger", trigger)
        stages, transitions = derive.insert_stage(
            self.stages,
            self.transitions,
            stage,
            after=after,
            before=before,
            trigger=trigger,
            authorized=authorized,
            title=title,
        )
        return self._derive(stages=stages, transitions=transitions, pack=self.pack.add(*rules))

    def remove_stage(self: _F, name: str) -> _F:
        """Remove an optional stage; its rules go with it and the path closes over the gap."""
        stages, transitions = derive.remove_stage(self.stages, self.transitions, name)
        gone = [r.id for r in self.pack if r.stage == name]
        return self._derive(
            stages=stages,
            transitions=transitions,
            pack=self.pack.disable(*gone) if gone else self.pack,
        )

    def replace_stage(self: _F, name: str, stage: Stage) -> _F:
        """Put ``stage`` in place of stage ``name``; a new name is carried into transitions and rules."""
        require(stage, Stage)
        stages, transitions = derive.rename_stage(self.stages, self.transitions, name, stage)
        pack = self.pack
        if stage.name != name:
            for r in self.pack:
                if r.stage == name:
                    pack = pack.override(r.id, stage=stage.name)
        return self._derive(stages=stages, transitions=transitions, pack=pack)
