"""``meetingflow document``: write a meeting's documents from its record file.

``meetingflow document minutes|report|rectification-list|appraisal|todo FILE --format
md|html|docx|xlsx --lang zh|en [--member ID]``. Text formats go to standard output (or
``--output``); .docx and .xlsx are binary and need ``--output``. :func:`register` adds the
subcommand to the ``meetingflow`` parser (``meetingflow.cli.EXTRA_COMMANDS``); its ``run``
follows the command line's convention ``run(args, out) -> exit code``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from meetingflow.documents import FORMATS, KINDS, VARIANTS, build, render
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text, language

if TYPE_CHECKING:
    from meetingflow.flow import Flow

__all__ = ["register", "run"]


class T:
    """The subcommand's texts (help included)."""

    command = Text(
        "由会议记录生成文书：会议记录、情况报告、整改清单、评议结果通报、待办事项",
        "write a meeting's documents: minutes, report, rectification list, appraisal notice, to-do list",
    )
    kind = Text(
        "文书：minutes（会议记录）、report（情况报告）、rectification-list（整改清单）、appraisal（评议结果通报）、todo（待办事项）",
        "the document: minutes, report (to the superior), rectification-list, appraisal (results notice), todo",
    )
    file = Text(
        "会议记录的 JSON 文件（- 表示标准输入）", "a meeting record as JSON (- for standard input)"
    )
    fmt = Text(
        "格式：md、html、docx 或 xlsx（xlsx 仅用于整改清单和待办事项）",
        "format: md, html, docx or xlsx (xlsx: the list and the to-do list)",
    )
    lang = Text("语言：zh（中文）或 en（英文）", "language: zh or en")
    member = Text(
        "只看一个人：其待办事项或个人整改清单（人员编号）",
        "one person only: his or her to-do list or personal list (person id)",
    )
    variant = Text(
        "整改清单的版本：list（公示）、progress（进展）、completion（完成情况）",
        "version of the list: list, progress or completion",
    )
    at = Text(
        "待办事项的时间，ISO 8601，须带时区（默认：最后一条历史记录的时间）",
        "moment of the to-do list, ISO 8601 with offset (default: the last recorded event)",
    )
    on = Text("报告或清单的日期，YYYY-MM-DD", "date of the report or the list, YYYY-MM-DD")
    output = Text(
        "写入文件（docx 和 xlsx 必须指定）", "write to this file (required for docx and xlsx)"
    )
    template = Text(
        "用 Jinja2 模板替换内置版式（md、html；需 office 可选依赖）",
        "a Jinja2 template replacing the built-in layout (md, html; office extra)",
    )
    appraisal = Text(
        "包含民主评议党员（评议轨道）", "with democratic appraisal of members (the appraisal track)"
    )
    flow_file = Text("声明式流程文档（JSON 或 YAML）", "a declarative flow document (JSON or YAML)")
    binary = Text(
        "{fmt} 是二进制格式，请用 --output 指定文件。", "{fmt} is binary; name a file with --output"
    )
    written = Text("已写入 {path}（{size} 字节）。", "Wrote {path} ({size} bytes).")
    unreadable = Text("无法读取 {path}：{error}", "cannot read {path}: {error}")
    unwritable = Text("无法写入 {path}：{error}", "cannot write {path}: {error}")
    bad_time = Text("时间 {value} 不是 ISO 8601 格式", "{value} is not an ISO 8601 time")
    bad_date = Text("日期 {value} 不是 YYYY-MM-DD 格式", "{value} is not a YYYY-MM-DD date")


def register(
    subparsers: argparse._SubParsersAction[Any], lang: str = "zh"
) -> argparse.ArgumentParser:
    """Add ``document`` to the ``meetingflow`` subcommands, with help in ``lang``."""
    lang = language(lang)

    def h(text: Text) -> str:
        return text.in_(lang)

    p: argparse.ArgumentParser = subparsers.add_parser(
        "document", help=h(T.command), description=h(T.command)
    )
    p.add_argument("kind", choices=KINDS, metavar="KIND", help=h(T.kind))
    p.add_argument("file", metavar="FILE", help=h(T.file))
    p.add_argument("--format", choices=FORMATS, default="md", help=h(T.fmt))
    p.add_argument("--lang", default=lang, help=h(T.lang))
    p.add_argument("--member", default=None, metavar="ID", help=h(T.member))
    p.add_argument("--variant", choices=VARIANTS, default="list", help=h(T.variant))
    p.add_argument("--at", default=None, help=h(T.at))
    p.add_argument("--on", default=None, metavar="DATE", help=h(T.on))
    p.add_argument("--output", "-o", default=None, metavar="PATH", help=h(T.output))
    p.add_argument("--template", default=None, metavar="FILE", help=h(T.template))
    p.add_argument("--appraisal", action="store_true", help=h(T.appraisal))
    p.add_argument("--flow", default=None, metavar="FILE", help=h(T.flow_file))
    p.set_defaults(run=run)
    return p


def _flow(args: argparse.Namespace) -> Flow:
    from meetingflow.flow import default_flow  # noqa: PLC0415

    if args.flow:
        from meetingflow.spec import load_flow  # noqa: PLC0415

        return load_flow(args.flow)
    if args.appraisal:
        from meetingflow.extensions import appraisal  # noqa: PLC0415

        return default_flow(extensions=[appraisal.TRACK])
    return default_flow()


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InvalidArgument(
            T.unreadable.format(path=path, error=error.strerror or str(error))
        ) from None


def _moment(value: str | None) -> datetime | None:
    from meetingflow.flow.arguments import aware  # noqa: PLC0415

    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidArgument(T.bad_time.format(value=repr(value)[:40])) from None
    return aware(moment, "--at")


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidArgument(T.bad_date.format(value=repr(value)[:40])) from None


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Write the document ``args`` ask for; 0 on success (errors raise meetingflow errors)."""
    lang = language(args.lang)
    if args.format in ("docx", "xlsx") and args.output is None:
        raise InvalidArgument(T.binary.format(fmt=args.format))
    flow = _flow(args)
    meeting = flow.parse(_read(args.file))
    doc = build(
        args.kind,
        flow,
        meeting,
        at=_moment(args.at),
        on=_day(args.on),
        variant=args.variant,
        member=args.member,
    )
    template = Path(args.template) if args.template else None
    result = render(doc, args.format, lang, template=template)
    if isinstance(result, bytes):
        data = result  # --output is given: checked before the document was built
    elif args.output is None:
        out.write(result)
        return 0
    else:
        data = result.encode("utf-8")
    try:
        Path(args.output).write_bytes(data)
    except OSError as error:
        raise InvalidArgument(
            T.unwritable.format(path=args.output, error=error.strerror or str(error))
        ) from None
    print(T.written.render(lang, path=args.output, size=len(data)), file=out)
    return 0
