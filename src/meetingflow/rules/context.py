"""What a rule's check may use besides the record: the settings, the check date, and helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeVar, overload

import attrs

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.records import paths
from meetingflow.report import Finding, Severity, Subject

if TYPE_CHECKING:
    from meetingflow.records import Member, Record
    from meetingflow.rules.settings import RuleSettings

__all__ = ["NotApplicable", "RuleContext", "RuleView"]

_T = TypeVar("_T")
_S = TypeVar("_S", bound="Record")


class NotApplicable(Exception):
    """Raised by ``RuleContext.not_applicable``; the rule runner turns it into "not applicable"."""


class RuleView(Protocol):
    """What a context needs of its rule (a ``Rule``)."""

    @property
    def id(self) -> str: ...
    @property
    def stage(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def basis(self) -> str: ...
    def message(self, key: str) -> Text: ...
    def hint_for(self, key: str) -> Text: ...


@attrs.frozen(slots=True, eq=False)
class RuleContext:
    """The context of one rule's check: settings, dates, the flow's stages and shared answers."""

    rule: RuleView
    settings: RuleSettings
    at: datetime
    """The moment of the check, as the host gave it."""
    today: date
    """The check date in the organization's time zone (what day-count rules compare)."""
    members: Mapping[str, Member]
    stages: tuple[str, ...] = ()
    """The flow's stages in order."""
    stage: str = ""
    """The meeting's current stage."""
    stage_titles: Mapping[str, Text] = attrs.field(factory=dict)
    """The flow's stage titles, for messages."""
    pack_settings: Mapping[str, Record] = attrs.field(factory=dict)
    people: Mapping[str, str] = attrs.field(factory=dict)
    """Names of the superior's representatives, by id."""
    shared: dict[str, Any] = attrs.field(factory=dict, repr=False)
    """Answers computed once per check and shared by all rules (see ``memo``)."""

    def memo(self, key: str, compute: Callable[[], _T]) -> _T:
        """``compute()`` once per check: rules asking the same question share the answer."""
        if key not in self.shared:
            self.shared[key] = compute()
        value: _T = self.shared[key]
        return value

    @overload
    def settings_of(self, namespace: str) -> Record: ...
    @overload
    def settings_of(self, namespace: str, kind: type[_S]) -> _S: ...
    def settings_of(self, namespace: str, kind: type[Record] | None = None) -> Record:
        """The settings a pack declared under ``namespace`` (validated when the flow was built);
        with ``kind``, typed as that class for a type checker, and checked to be one."""
        try:
            found = self.pack_settings[namespace]
        except KeyError:
            raise InvalidArgument(
                Text(f"没有名为 {namespace!r} 的设置", f"no settings namespace {namespace!r}")
            ) from None
        if kind is not None and not isinstance(found, kind):
            raise InvalidArgument(
                Text(
                    f"设置 {namespace!r} 是 {type(found).__name__}，不是 {kind.__name__}",
                    f"settings {namespace!r} are {type(found).__name__}, not {kind.__name__}",
                )
            )
        return found

    def stage_title(self, stage: str) -> Text:
        """A stage's title (the name itself if the flow has no such stage)."""
        return self.stage_titles.get(stage, Text(stage, stage))

    def reached(self, stage: str) -> bool:
        """Whether the meeting is in ``stage`` or a later one."""
        if stage not in self.stages or self.stage not in self.stages:
            return False
        return self.stages.index(self.stage) >= self.stages.index(stage)

    def name(self, person_id: str) -> Text:
        """``王芳（m01）`` / ``王芳 (m01)`` for messages; supervisors by name too, others by id."""
        return person_name(self.members, self.people, person_id)

    def names(self, person_ids: Iterable[str]) -> list[Text]:
        """Several people, for messages (a list renders joined with ``、`` or ``, ``)."""
        return [self.name(i) for i in person_ids]

    def finding(
        self,
        path: str,
        key: str = "default",
        *,
        members: Iterable[str] = (),
        subjects: Mapping[str, Iterable[str]] | None = None,
        repairable: bool = True,
        severity: Severity | str | None = None,
        **values: object,
    ) -> Finding:
        """A finding of this rule at ``path``, with message variant ``key``.

        ``{who}`` in the message is filled with the names of ``members``; ``subjects`` names
        everything else by kind (``{"item": ["r-m07"]}``). ``severity`` may lower an error
        rule's finding to a warning (for rules with a must and a should part), never raise it.
        ``repairable=False`` marks what can no longer be fixed (a late report, an absence).
        """
        paths.parse(path)
        level = self.rule.severity
        if severity is not None and Severity(severity) is Severity.WARNING:
            level = Severity.WARNING
        ids = tuple(dict.fromkeys(members))
        values.setdefault("who", self.names(ids))
        text = self.rule.message(key).format(**values)
        subject_list = (
            tuple(
                sorted({Subject(kind, str(i)) for kind, found in subjects.items() for i in found})
            )
            if subjects
            else ()
        )
        return Finding(
            rule_id=self.rule.id,
            severity=level,
            stage=self.rule.stage,
            path=path,
            message=text,
            hint=self.rule.hint_for(key),
            basis=self.rule.basis,
            key=key,
            members=ids,
            subjects=subject_list,
            repairable=repairable,
        )

    def not_applicable(self) -> NoReturn:
        """Stop: the rule's precondition does not hold for this meeting (nothing to check)."""
        raise NotApplicable


def person_name(members: Mapping[str, Member], people: Mapping[str, str], person_id: str) -> Text:
    """A person's name and id, the way each language writes it."""
    m = members.get(person_id)
    name = m.name if m is not None else people.get(person_id)
    if name is None:
        return Text(person_id, person_id)
    return Text(f"{name}（{person_id}）", f"{name} ({person_id})")
