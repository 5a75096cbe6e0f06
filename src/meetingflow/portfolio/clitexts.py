"""Every text of the portfolio's command line, in both languages, help included."""

from __future__ import annotations

from meetingflow.i18n import Text

__all__ = ["C"]


class C:
    """The texts of ``meetingflow check``, ``stats`` and ``report``."""

    description = Text(
        "跨会议：批量检查、统计数据和情况报告。",
        "Across meetings: batch checks, figures and the group's report.",
    )
    lang = Text("输出语言：zh（中文）或 en（英文）", "output language: zh or en")
    at = Text(
        "检查时间，ISO 8601，须带时区（如 2021-09-15T10:00+08:00）；默认为当前时间",
        "check time, ISO 8601 with offset (e.g. 2021-09-15T10:00+08:00); default: now",
    )
    check = Text(
        "批量检查会议记录（文件、JSON Lines、目录或 -）",
        "check many meeting records (files, JSON Lines, directories or -)",
    )
    check_long = Text(
        "逐条检查会议记录：JSON 文件、JSON Lines、目录（递归查找 .json/.jsonl）或标准输入（-）。"
        "无效记录报告其位置和路径后继续。退出码：0 无问题，1 有问题，2 输入有误。",
        "Check meeting records one by one: JSON files, JSON Lines, directories (searched for .json/.jsonl)"
        " or standard input (-). An invalid record is reported with its position and paths, and the run"
        " goes on. Exit 0 clean, 1 findings, 2 bad input.",
    )
    paths = Text(
        "会议记录文件、目录，或 -（标准输入）",
        "meeting record files, directories, or - (standard input)",
    )
    fmt = Text("输出格式", "output format")
    jobs = Text(
        "并行进程数（1：本进程；0：全部 CPU）", "worker processes (1: this process; 0: every CPU)"
    )
    chunk = Text(
        "每批发送给工作进程的记录数（默认 16）", "records sent to a worker per chunk (default 16)"
    )
    trigger = Text(
        "按该操作的关口检查（默认：下一步操作）",
        "judge for this trigger's gate (default: the next forward one)",
    )
    fail_on = Text(
        "何种发现使退出码为 1：error（默认）或 warning",
        "what makes the exit code 1: error (default) or warning",
    )
    appraisal = Text(
        "包含民主评议党员（评议轨道）", "with democratic appraisal of members (the appraisal track)"
    )
    flow_file = Text("声明式流程文档（JSON 或 YAML）", "a declarative flow document (JSON or YAML)")
    progress = Text(
        "进度条：auto（终端上显示）、always 或 never",
        "progress bar: auto (on a terminal), always or never",
    )
    progress_label = Text("检查中", "checking")
    stats = Text(
        "输出跨会议统计数据（召开数、参会人数、解决问题数、指导覆盖）",
        "print the figures across meetings (held, took part, solved, guidance)",
    )
    report = Text(
        "生成集团情况报告（Markdown 或自包含 HTML）",
        "write the group's report (Markdown or self-contained HTML)",
    )
    portfolio_paths = Text(
        "组合文件（含 organizations 的 JSON），以及要并入的会议记录文件或目录",
        "a portfolio file (JSON with organizations), and meeting record files or directories to add",
    )
    example = Text(
        "使用内置示例组合（来源文件的数据）",
        "use the built-in example portfolio (the source document's figures)",
    )
    campaign = Text(
        "统计哪次运动（组合有多个运动时必填）",
        "which campaign (required when the portfolio has several)",
    )
    output = Text("写入文件而不是标准输出", "write to a file instead of standard output")
    own = Text("只统计各组织本级（不向上汇总）", "each organization's own figures (not rolled up)")
    xlsx = Text(
        "同时导出 .xlsx 表格（需要 meetingflow[office]）",
        "also write an .xlsx spreadsheet (needs meetingflow[office])",
    )
    bad_time = Text("时间 {value} 不是 ISO 8601 格式", "{value} is not an ISO 8601 time")
    positive = Text("{name} 须为正整数", "{name} must be a positive integer")
    summary = Text(
        "共 {records} 条记录：无问题 {clean} 条，有错误 {with_errors} 条，有警告 {with_warnings} 条，无效 {invalid} 条。",
        "{records} {records:record|records}: {clean} clean, {with_errors} with errors, {with_warnings} with warnings, {invalid} invalid.",
    )
    record_head = Text("{where}（会议 {meeting}）", "{where} (meeting {meeting})")
    invalid = Text("✘ 记录无效：{detail}", "✘ invalid record: {detail}")
    example_or_paths = Text(
        "--example 与文件路径不能同时使用", "give either --example or paths, not both"
    )
    no_campaign = Text(
        "提示：输入中没有活动通知（campaign），无法判断哪些组织应当召开：“召开”等数字按 0 计。"
        "请同时给出组合文件（portfolio）。",
        "note: the input has no campaign notice, so nothing says which organizations had to"
        " hold the meeting and 'held' counts 0; add the portfolio file",
    )
    no_paths = Text(
        "请给出组合文件或会议记录，或使用 --example",
        "give a portfolio file or meeting records, or --example",
    )
    cannot_write = Text("无法写入 {path}：{reason}", "cannot write {path}: {reason}")
    two_portfolios = Text(
        "只能给出一个组合文件（{first} 与 {second}）",
        "give one portfolio file only ({first} and {second})",
    )
    not_object = Text("应为 JSON 对象", "expected a JSON object")
