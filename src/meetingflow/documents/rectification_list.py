"""The rectification list (整改清单): published, ticked off item by item (对单销号), reported done.

One list, three moments: ``list`` when it is published after the sitting, ``progress`` while
items are being closed, ``completion`` when the branch reports that everything is done. Each
row says what is fixed, where the problem came from, why it arose, how it is fixed, by whom,
by when, where it stands and who verifies it — the verifier the rules require (the secretary
for members' items, the superior for the secretary's own and the branch's).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, ClassVar, Literal

import attrs

from meetingflow.documents.common import Person, T, day, listing, person, short_day, verbatim
from meetingflow.documents.layout import Block, Page, Para, Table
from meetingflow.errors import InvalidArgument
from meetingflow.flow.arguments import local_day
from meetingflow.i18n import Text, language
from meetingflow.records.terms import ItemState, MeetingKind, ProblemScope
from meetingflow.rules.facts import item_facts, secretary

if TYPE_CHECKING:
    from meetingflow.records import Meeting

__all__ = [
    "VARIANTS",
    "RectificationListDocument",
    "RectificationRow",
    "Variant",
    "rectification_list",
]

Variant = Literal["list", "progress", "completion"]
VARIANTS: tuple[Variant, ...] = ("list", "progress", "completion")


class L:
    """The list's texts."""

    title: ClassVar[Mapping[str, Text]] = {
        "list": Text("{org}{kind}问题整改清单", "Rectification list — {org}, {kind}"),
        "progress": Text("{org}{kind}整改进展情况", "Rectification progress — {org}, {kind}"),
        "completion": Text("{org}{kind}整改完成情况", "Rectification completed — {org}, {kind}"),
    }
    personal = Text("{owner} 个人整改清单", "Personal rectification list of {owner}")
    as_of = Text("截至 {on}", "as of {on}")
    held = Text("会议日期：{on}", "Sitting: {on}")
    summary = Text(
        "共 {total} 项：已销号 {closed} 项，待核验 {claimed} 项，未完成 {open} 项（其中逾期 {overdue} 项），长期坚持 {long_term} 项；销号率 {rate}。",
        "{total} {total:item|items}: {closed} closed, {claimed} awaiting verification, {open} open"
        " ({overdue} overdue), {long_term} long-term; {rate} closed.",
    )
    published = Text(
        "已于 {on} 在{scope}范围内公示（{what}）。", "Published on {on} to {scope} ({what})."
    )
    tick = Text(
        "对单销号：逐项核验后在“状态”栏销号。",
        "Tick off each item in the Status column once verified.",
    )
    col_no = Text("序号", "No.")
    col_item = Text("整改事项", "Item")
    col_source = Text("问题来源", "Source")
    col_cause = Text("根源", "Root cause")
    col_measures = Text("整改措施", "Measures")
    col_owner = Text("责任人", "Owner")
    col_due = Text("完成时限", "Due")
    col_status = Text("状态", "Status")
    col_closed = Text("销号日期", "Closed on")
    col_evidence = Text("佐证材料", "Evidence")
    col_verifier = Text("核验人", "Verifier")
    overdue = Text("（逾期）", " (overdue)")
    verified = Text("{who}\n{on}", "{who}\n{on}")
    from_problem = Text("{source}：{text}", "{source}: {text}")
    from_criticism = Text("{giver} 提出的批评：{text}", "criticism by {giver}: {text}")
    milestone = Text("阶段目标：{text}（{due}{done}）", "milestone: {text} (due {due}{done})")
    milestone_done = Text("，{on} 完成", ", done {on}")
    sheet = Text("整改清单", "Rectification list")
    sep = Text("　", " · ")
    bad_variant = Text(
        "不支持的清单版本 {got}；可用：list、progress、completion。",
        "unknown variant {got}; use list, progress or completion",
    )


@attrs.frozen(slots=True)
class RectificationRow:
    """One item of the list with everything recorded about it."""

    item_id: str
    description: Text
    scope: ProblemScope
    sources: tuple[Text, ...]
    root_cause: Text
    measures: tuple[Text, ...]
    owner: Person
    due_on: date
    state: ItemState
    overdue: bool
    closed_on: date | None
    evidence: tuple[Text, ...]
    verifier: Text
    """Who verified it (or who must: the secretary, or the superior)."""
    verified_on: date | None
    milestones: tuple[Text, ...] = ()


@attrs.frozen(slots=True)
class RectificationListDocument:
    """The rectification list at one moment, as a value (``variant``: list, progress, completion)."""

    kind: ClassVar[str] = "rectification-list"

    meeting_id: str
    organization: str
    meeting_kind: MeetingKind
    held_on: date | None
    variant: Variant
    as_of: date | None
    rows: tuple[RectificationRow, ...]
    publications: tuple[Text, ...] = ()
    owner: Person | None = None
    """Set for a personal list (one member's items)."""

    @property
    def counts(self) -> dict[str, int]:
        """Items by where they stand: total, closed, claimed, open, overdue, long_term."""
        states = [r.state for r in self.rows]
        return {
            "total": len(states),
            "closed": states.count(ItemState.CLOSED),
            "claimed": states.count(ItemState.CLAIMED),
            "open": states.count(ItemState.OPEN),
            "overdue": sum(1 for r in self.rows if r.overdue),
            "long_term": states.count(ItemState.LONG_TERM),
        }

    @property
    def title(self) -> Text:
        """The list's title for its variant (or the member's personal list)."""
        if self.owner is not None:
            return L.personal.format(owner=self.owner.label)
        return L.title[self.variant].format(org=self.organization, kind=self.meeting_kind.label)

    def layout(self, lang: str = "zh") -> Page:
        """The list in ``lang``; a landscape page, and the same table as a spreadsheet."""
        lang = language(lang)
        table = self.table(lang)
        c = self.counts
        rate = f"{(c['closed'] + c['long_term']) / c['total']:.0%}" if c["total"] else "—"
        blocks: list[Block] = [Para(L.summary.render(lang, rate=rate, **c))]
        blocks += [Para(p.in_(lang), "note") for p in self.publications]
        blocks.append(table)
        if self.variant == "list":
            blocks.append(Para(L.tick.in_(lang), "note"))
        parts = [L.held.render(lang, on=day(self.held_on))]
        if self.as_of is not None and self.variant != "list":
            parts.append(L.as_of.render(lang, on=day(self.as_of)))
        return Page(
            self.kind,
            lang,
            self.title.in_(lang),
            tuple(blocks),
            subtitle=L.sep.in_(lang).join(parts),
            landscape=True,
            sheet=table,
            dated=self.as_of,
        )

    def table(self, lang: str) -> Table:
        """The list as one table in ``lang`` (the status column offers the item states)."""
        lang = language(lang)
        full = self.variant != "list"
        cols = [
            L.col_no,
            L.col_item,
            L.col_source,
            L.col_cause,
            L.col_measures,
            L.col_owner,
            L.col_due,
            L.col_status,
        ]
        if full:
            cols += [L.col_closed, L.col_evidence]
        cols.append(L.col_verifier)
        rows = []
        marks = []
        for i, r in enumerate(self.rows, 1):
            status = r.state.label.in_(lang) + (L.overdue.in_(lang) if r.overdue else "")
            row = [
                str(i),
                f"{r.item_id}\n{r.description.in_(lang)}",
                "\n".join(s.in_(lang) for s in r.sources) or T.dash.in_(lang),
                r.root_cause.in_(lang),
                "\n".join(f"{n}. {m.in_(lang)}" for n, m in enumerate(r.measures, 1))
                + "".join(f"\n{m.in_(lang)}" for m in r.milestones),
                r.owner.label.in_(lang),
                short_day(r.due_on).in_(lang),
                status,
            ]
            if full:
                row += [
                    short_day(r.closed_on).in_(lang),
                    "\n".join(e.in_(lang) for e in r.evidence),
                ]
            verifier = r.verifier
            if r.verified_on is not None:
                verifier = L.verified.format(who=r.verifier, on=short_day(r.verified_on))
            row.append(verifier.in_(lang))
            rows.append(tuple(row))
            marks.append(
                "overdue"
                if r.overdue
                else "done"
                if r.state in (ItemState.CLOSED, ItemState.LONG_TERM)
                else ""
            )
        widths = (1, 5, 5, 4, 6, 3, 3, 3, *((3, 4) if full else ()), 4)
        choices = (7, tuple(s.label.in_(lang) for s in ItemState))
        return Table(
            tuple(c.in_(lang) for c in cols),
            tuple(rows),
            widths=widths,
            marks=tuple(marks),
            name=L.sheet.in_(lang),
            choices=choices,
            nowrap=(0, 6, 7, 8) if full else (0, 6, 7),
            status=7,
        )


def rectification_list(
    meeting: Meeting, *, variant: str = "list", on: date | None = None, owner: str | None = None
) -> RectificationListDocument:
    """The rectification list of ``meeting``: ``variant`` list, progress or completion.

    ``on`` is the day the list speaks for (overdue is judged against it; default: the day of
    the last recorded event); ``owner`` narrows it to one member's personal list.
    """
    chosen = next((v for v in VARIANTS if v == variant), None)
    if chosen is None:
        raise InvalidArgument(L.bad_variant.format(got=repr(variant)[:40]))
    who = person(meeting, owner, strict=True) if owner is not None else None
    if on is None and meeting.history:
        on = local_day(meeting, meeting.history[-1].at)
    sec = secretary(meeting)
    superiors = [person(meeting, s.id).label for s in meeting.supervisors]
    superior = listing(superiors) if superiors else T.superior
    problems = {p.id: p for p in meeting.preparation.problems}
    criticisms = {c.id: c for old in meeting.redone_sessions for c in old.critique.criticisms}
    criticisms.update({c.id: c for c in meeting.critique.criticisms})  # the current sitting's win
    rows = []
    for f in item_facts(meeting):
        it = f.item
        if owner is not None and it.owner_id != owner:
            continue
        sources: list[Text] = []
        if it.problem_id in problems:
            p = problems[it.problem_id]
            sources.append(L.from_problem.format(source=p.source.label, text=p.description))
        if it.criticism_id in criticisms:
            c = criticisms[it.criticism_id]
            sources.append(
                L.from_criticism.format(giver=person(meeting, c.from_member).label, text=c.text)
            )
        verifier = superior
        if sec is not None and it.scope is not ProblemScope.BRANCH and it.owner_id != sec.id:
            verifier = person(meeting, sec.id).label
        if f.verification is not None:
            verifier = person(meeting, f.verification.verifier_id).label
        rows.append(
            RectificationRow(
                item_id=it.id,
                description=verbatim(it.description),
                scope=it.scope,
                sources=tuple(sources),
                root_cause=verbatim(it.root_cause) if it.root_cause else T.dash,
                measures=tuple(verbatim(x) for x in it.measures),
                owner=person(meeting, it.owner_id),
                due_on=it.due_on,
                state=f.state,
                overdue=on is not None and f.overdue_on(on),
                closed_on=f.closure.closed_on if f.closure is not None else None,
                evidence=tuple(
                    Text(
                        f"{e.ref}（{e.dated_on.isoformat()}）",
                        f"{e.ref} ({e.dated_on.isoformat()})",
                    )
                    for e in (f.closure.evidence if f.closure is not None else ())
                ),
                verifier=verifier,
                verified_on=f.verification.verified_on if f.verification is not None else None,
                milestones=tuple(
                    L.milestone.format(
                        text=ms.text,
                        due=short_day(ms.due_on),
                        done=L.milestone_done.format(on=short_day(ms.done_on))
                        if ms.done_on
                        else Text("", ""),
                    )
                    for ms in it.milestones
                ),
            )
        )
    session = meeting.review.session
    return RectificationListDocument(
        meeting_id=meeting.id,
        organization=meeting.organization.name,
        meeting_kind=meeting.campaign.kind,
        held_on=session.held_on if session is not None else None,
        variant=chosen,
        as_of=on,
        rows=tuple(rows),
        publications=tuple(
            L.published.format(on=day(p.on), scope=p.scope, what=p.content.label)
            for p in meeting.closing.publications
        ),
        owner=who,
    )
