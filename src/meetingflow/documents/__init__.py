"""Documents people read, generated from the record: never typed twice.

The minutes (会议记录), the report to the superior (情况报告), the rectification list
(整改清单) with its progress and completion versions, the appraisal results notice, and each
person's to-do list. Each is a typed value built purely from a meeting (the to-do list also
from a flow and a moment), laid out in zh or en, and rendered as Markdown or self-contained
printable HTML (built in), Word or Excel (the ``office`` extra)::

    from meetingflow import documents
    doc = documents.minutes(meeting)
    html = documents.render(doc, "html", "zh")
    meeting = flow.record(meeting, doc.to_record("zh"), actor=recorder, at=now)  # filed

    tasks = documents.todo(flow, meeting, at=now)          # everyone's, by date
    print(tasks.text("en"))
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Final

from meetingflow.documents.appraisal_notice import AppraisalNotice, GradeLine, appraisal_notice
from meetingflow.documents.common import Person
from meetingflow.documents.layout import (
    Document,
    Fields,
    Heading,
    Items,
    Page,
    Para,
    Signatures,
    Table,
)
from meetingflow.documents.markup import CSS, PAGE, to_html, to_markdown
from meetingflow.documents.minutes import (
    AbsentLine,
    CriticismLine,
    MinutesDocument,
    Speech,
    minutes,
)
from meetingflow.documents.rectification_list import (
    VARIANTS,
    RectificationListDocument,
    RectificationRow,
    rectification_list,
)
from meetingflow.documents.render import FORMATS, render
from meetingflow.documents.superior_report import (
    MeasureLine,
    ProblemLine,
    StateLine,
    SuperiorReportDocument,
    superior_report,
)
from meetingflow.documents.tasks import DUTIES, Duty, todo
from meetingflow.documents.todo import TodoItem, TodoKind, TodoList
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Meeting

__all__ = [
    "CSS",
    "DUTIES",
    "FORMATS",
    "KINDS",
    "PAGE",
    "VARIANTS",
    "AbsentLine",
    "AppraisalNotice",
    "CriticismLine",
    "Document",
    "Duty",
    "Fields",
    "GradeLine",
    "Heading",
    "Items",
    "MeasureLine",
    "MinutesDocument",
    "Page",
    "Para",
    "Person",
    "ProblemLine",
    "RectificationListDocument",
    "RectificationRow",
    "Signatures",
    "Speech",
    "StateLine",
    "SuperiorReportDocument",
    "Table",
    "TodoItem",
    "TodoKind",
    "TodoList",
    "appraisal_notice",
    "build",
    "minutes",
    "rectification_list",
    "render",
    "superior_report",
    "to_html",
    "to_markdown",
    "todo",
    "todo_text",
]

KINDS: Final[tuple[str, ...]] = ("minutes", "report", "rectification-list", "appraisal", "todo")
"""The documents by the names the command line uses."""

_UNKNOWN = Text("没有文书 {got}；可用：{known}。", "unknown document {got}; use one of: {known}")
_MEMBER_ONLY = Text(
    "--member 只用于待办事项和整改清单（个人清单）。",
    "--member applies to the to-do list and the rectification list (a personal list) only",
)


def build(
    kind: str,
    flow: Flow,
    meeting: Meeting,
    *,
    at: datetime | None = None,
    on: date | None = None,
    variant: str = "list",
    member: str | None = None,
) -> Document:
    """The document ``kind`` (one of :data:`KINDS`) of ``meeting``, with ``flow``'s settings.

    ``at`` is the moment of the to-do list (default: the last recorded event); ``on`` dates
    the report and the list; ``member`` narrows the to-do list or the rectification list to
    one person.
    """
    if kind not in KINDS:
        raise InvalidArgument(_UNKNOWN.format(got=repr(kind)[:40], known=", ".join(KINDS)))
    meeting = flow.adopt(meeting)
    if member is not None and kind not in ("todo", "rectification-list"):
        raise InvalidArgument(_MEMBER_ONLY)
    settings = flow.settings
    if kind == "minutes":
        return minutes(meeting, settings=settings)
    if kind == "report":
        return superior_report(meeting, settings=settings, on=on)
    if kind == "rectification-list":
        return rectification_list(meeting, variant=variant, on=on, owner=member)
    if kind == "appraisal":
        return appraisal_notice(meeting, settings=settings)
    if at is None:
        at = meeting.history[-1].at if meeting.history else None
    if at is None:
        raise InvalidArgument(
            Text("待办事项需要时间（at）。", "the to-do list needs a moment (at)")
        )
    return todo(flow, meeting, at=at, member=member)


def todo_text(
    flow: Flow, meeting: Meeting, at: datetime, lang: str = "zh", *, member: str | None = None
) -> str:
    """Everyone's to-do list as plain text: what the demo prints at each stage."""
    return todo(flow, meeting, at=at, member=member).text(lang)
