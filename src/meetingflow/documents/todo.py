"""Each person's to-do list: what he or she must do, by when, and why — ordered by date.

For a host's "my tasks" page or a reminder job. The list is derived (see
:mod:`meetingflow.documents.tasks`); this module holds the values and their layout.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, ClassVar

import attrs

from meetingflow.documents.common import Person, day, short_day
from meetingflow.documents.layout import Block, Heading, Page, Para, Table
from meetingflow.i18n import Text, language
from meetingflow.records.terms import Term

__all__ = ["TodoItem", "TodoKind", "TodoList"]


class TodoKind(Term):
    """What kind of task it is (a host may show an icon per kind)."""

    ACT = ("act", "办理", "act")
    ATTEND = ("attend", "参会", "attend")
    WRITE = ("write", "撰写", "write")
    APPROVE = ("approve", "审批", "approve")
    REVIEW = ("review", "审核", "review")
    SPEAK = ("speak", "发言", "speak")
    CLOSE_ITEM = ("close_item", "整改销号", "close an item")
    MILESTONE = ("milestone", "阶段目标", "milestone")
    VERIFY = ("verify", "核验销号", "verify a closure")
    COMMIT = ("commit", "整改承诺", "commitment")
    MAKEUP = ("makeup", "补课", "make-up")
    ESCALATE = ("escalate", "督办", "escalate")
    SUPERVISE = ("supervise", "督导", "supervise")
    ADVANCE = ("advance", "推进流程", "move the meeting on")
    REDO = ("redo", "责令重开", "order a redo")
    DEADLINE = ("deadline", "阶段时限", "stage deadline")


class D:
    """The to-do list's texts."""

    title = Text("{org}待办事项", "To-do list — {org}")
    personal = Text("{who}的待办事项", "To-do list of {who}")
    subtitle = Text("截至 {on}　当前阶段：{stage}", "As of {on} · stage: {stage}")
    summary = Text(
        "共 {count} 项待办，其中已逾期 {overdue} 项、阻止下一步 {blocking} 项。",
        "{count} {count:task|tasks}: {overdue} overdue, {blocking} blocking the next step.",
    )
    nothing = Text("暂无待办事项。", "Nothing to do now.")
    col_due = Text("时限", "Due")
    col_person = Text("人员", "Person")
    col_what = Text("事项", "What")
    col_why = Text("原因", "Why")
    col_rule = Text("依据", "Rule")
    col_done = Text("完成", "Done")
    overdue = Text("（已逾期）", " (overdue)")
    blocks = Text("【阻止下一步】", "[blocks] ")
    no_due = Text("尽快", "soon")
    line = Text("  {due}  {what}\n      ↳ {why}", "  {due}  {what}\n      ↳ {why}")
    rule = Text("（{rule}）", " ({rule})")
    sheet = Text("待办事项", "To-do")


@attrs.frozen(slots=True)
class TodoItem:
    """One thing one person must do: what, by when (``None``: no set date), and why.

    ``rule_id`` names the rule it answers (if any), ``path`` the place in the record where
    the result is recorded, ``blocks`` whether it holds up the next step of the meeting.
    """

    person_id: str
    what: Text
    due: date | None
    why: Text
    rule_id: str | None
    path: str
    kind: TodoKind
    blocks: bool = False

    def overdue_on(self, today: date) -> bool:
        """Its date has passed."""
        return self.due is not None and self.due < today

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form; both languages unless ``lang`` picks one."""

        def text(t: Text) -> Any:
            return t.in_(lang) if lang is not None else {"zh": t.zh, "en": t.en}

        return {
            "person_id": self.person_id,
            "kind": self.kind.value,
            "what": text(self.what),
            "due": self.due.isoformat() if self.due is not None else None,
            "why": text(self.why),
            "rule_id": self.rule_id,
            "path": self.path,
            "blocks": self.blocks,
        }


@attrs.frozen(slots=True)
class TodoList:
    """Everyone's tasks at one moment, ordered by date; :meth:`for_person` for one person's."""

    kind: ClassVar[str] = "todo"

    meeting_id: str
    organization: str
    stage: str
    stage_title: Text
    at: datetime
    today: date
    people: tuple[Person, ...]
    items: tuple[TodoItem, ...]
    member: str | None = None
    """Set when the list was narrowed to one person."""

    def for_person(self, person_id: str) -> tuple[TodoItem, ...]:
        """One person's tasks, in date order."""
        return tuple(i for i in self.items if i.person_id == person_id)

    @property
    def overdue(self) -> tuple[TodoItem, ...]:
        """Tasks whose date has passed."""
        return tuple(i for i in self.items if i.overdue_on(self.today))

    def person(self, person_id: str) -> Person:
        """The person with ``person_id`` (as named in the list)."""
        return next((p for p in self.people if p.id == person_id), Person(person_id, person_id))

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form for a host's "my tasks" endpoint or a reminder job."""
        return {
            "meeting_id": self.meeting_id,
            "stage": self.stage,
            "at": self.at.isoformat(),
            "today": self.today.isoformat(),
            "people": [
                {
                    "id": p.id,
                    "name": p.name,
                    "roles": [r.in_(lang) if lang else {"zh": r.zh, "en": r.en} for r in p.roles],
                }
                for p in self.people
            ],
            "items": [i.to_dict(lang) for i in self.items],
        }

    @property
    def title(self) -> Text:
        """The list's title (one person's, when narrowed)."""
        if self.member is not None:
            return D.personal.format(who=self.person(self.member).label)
        return D.title.format(org=self.organization)

    def _due(self, item: TodoItem, lang: str, *, cell: bool = True) -> str:
        when = short_day(item.due).in_(lang) if item.due is not None else D.no_due.in_(lang)
        late = D.overdue.in_(lang).strip() if item.overdue_on(self.today) else ""
        return (
            f"{when}\n{late}" if cell and late else f"{when}{D.overdue.in_(lang)}" if late else when
        )

    def _what(self, item: TodoItem, lang: str) -> str:
        return (D.blocks.in_(lang) if item.blocks else "") + item.what.in_(lang)

    def layout(self, lang: str = "zh") -> Page:
        """One section per person (everyone, also those with nothing to do), and one flat sheet."""
        lang = language(lang)
        blocking = sum(1 for i in self.items if i.blocks)
        blocks: list[Block] = [
            Para(
                D.summary.render(
                    lang, count=len(self.items), overdue=len(self.overdue), blocking=blocking
                )
            )
        ]
        cols = tuple(c.in_(lang) for c in (D.col_due, D.col_what, D.col_why, D.col_rule))
        for p in self.people:
            mine = self.for_person(p.id)
            heading = p.label.in_(lang)
            if p.roles:
                heading += " · " + p.role_label.in_(lang)
            blocks.append(Heading(heading))
            if not mine:
                blocks.append(Para(D.nothing.in_(lang), "empty"))
                continue
            rows = tuple(
                (self._due(i, lang), self._what(i, lang), i.why.in_(lang), i.rule_id or "")
                for i in mine
            )
            marks = tuple("overdue" if i.overdue_on(self.today) else "" for i in mine)
            blocks.append(Table(cols, rows, widths=(2, 6, 6, 3), marks=marks, nowrap=(0, 3)))
        sheet = Table(
            tuple(
                c.in_(lang)
                for c in (D.col_due, D.col_person, D.col_what, D.col_why, D.col_rule, D.col_done)
            ),
            tuple(
                (
                    self._due(i, lang),
                    self.person(i.person_id).label.in_(lang),
                    self._what(i, lang),
                    i.why.in_(lang),
                    i.rule_id or "",
                    "",
                )
                for i in self.items
            ),
            widths=(2, 3, 6, 6, 2, 1),
            marks=tuple("overdue" if i.overdue_on(self.today) else "" for i in self.items),
            name=D.sheet.in_(lang),
            choices=(5, ("✓",)),
            nowrap=(0, 4),
        )
        subtitle = D.subtitle.render(lang, on=day(self.today), stage=self.stage_title)
        return Page(
            self.kind,
            lang,
            self.title.in_(lang),
            tuple(blocks),
            subtitle=subtitle,
            sheet=sheet,
            dated=self.today,
        )

    def text(self, lang: str = "zh", *, people: Iterable[str] | None = None) -> str:
        """Plain text for a terminal or a reminder message: each person, then his or her tasks."""
        lang = language(lang)
        wanted = set(people) if people is not None else None
        lines = [
            f"{self.title.in_(lang)} — {D.subtitle.render(lang, on=day(self.today), stage=self.stage_title)}"
        ]
        for p in self.people:
            if wanted is not None and p.id not in wanted:
                continue
            mine = self.for_person(p.id)
            head = p.label.in_(lang) + (" · " + p.role_label.in_(lang) if p.roles else "")
            lines.append(head)
            if not mine:
                lines.append("  " + D.nothing.in_(lang))
            for i in mine:
                why = i.why.in_(lang) + (D.rule.render(lang, rule=i.rule_id) if i.rule_id else "")
                lines.append(
                    D.line.render(
                        lang, due=self._due(i, lang, cell=False), what=self._what(i, lang), why=why
                    )
                )
        return "\n".join(lines)
