"""Every text of the command line, in both languages (the command line's part of the one table)."""

from __future__ import annotations

from meetingflow.i18n import Text

__all__ = ["T"]


class T:
    """The command line's texts."""

    description = Text(
        "运行组织生活会的全流程，并按合规规则逐项检查。",
        "Run an organizational life meeting's lifecycle and check every step against the rules.",
    )
    version = Text("显示版本号并退出", "show the version and exit")
    lang = Text(
        "输出语言：zh（中文）或 en（英文）；默认随系统区域设置",
        "output language: zh or en (default: from the locale)",
    )
    appraisal = Text(
        "包含民主评议党员（评议轨道）", "with democratic appraisal of members (the appraisal track)"
    )
    flow_file = Text("声明式流程文档（JSON 或 YAML）", "a declarative flow document (JSON or YAML)")
    file = Text(
        "会议记录的 JSON 文件（- 表示标准输入）", "a meeting record as JSON (- for standard input)"
    )
    fmt = Text("输出格式", "output format")
    demo = Text("用内置示例走完五个阶段", "run the built-in example through all five stages")
    example = Text(
        "示例：compliant（规范）或 flawed（有问题）", "which example: compliant or flawed"
    )
    rules = Text("列出规则目录，或解释一条规则", "list the rule catalogue, or explain one rule")
    rule_id = Text("规则编号，例如 PREP-NOTICE", "a rule ID such as PREP-NOTICE")
    schema = Text("输出会议记录的 JSON Schema", "print the JSON Schema of a meeting record")
    at = Text(
        "检查时间，ISO 8601，须带时区（如 2021-06-25T09:00+08:00）",
        "check time, ISO 8601 with offset (e.g. 2021-06-25T09:00+08:00)",
    )
    diagram = Text(
        "以 Mermaid 或 Graphviz 输出流程图", "print the lifecycle as a Mermaid or Graphviz diagram"
    )
    verify = Text("校验会议记录的历史", "verify a meeting record's history")
    anchor = Text("保存的最新摘要（锚点）", "the stored head digest (anchor)")
    key_env = Text(
        "含 HMAC 密钥的环境变量名", "name of an environment variable holding the HMAC key"
    )
    migrate = Text(
        "把旧版本的会议记录迁移到当前版本并输出",
        "migrate a record written by an earlier schema and print it",
    )
    verified = Text(
        "历史记录完整，未被篡改（{events} 条）。",
        "History intact ({events} {events:event|events}).",
    )
    title = Text("meetingflow 演示：{name}（{example}）", "meetingflow demo: {name} ({example})")
    compliant_name = Text("规范示例", "compliant example")
    flawed_name = Text("问题示例", "flawed example")
    gate = Text(
        "—— 阶段「{stage}」，检查「{trigger}」的关口 ——", "— stage {stage}, gate of {trigger} —"
    )
    fired = Text(
        "✔ {actor} 于 {at} 执行「{trigger}」：{source} → {target}（版本 {version}）",
        "✔ {actor} fired {trigger} at {at}: {source} → {target} (version {version})",
    )
    redo = Text(
        "↺ 上级代表 {actor} 于 {at} 责令重新召开，返回「{target}」：{reason}",
        "↺ {actor} of the superior ordered the session redone at {at}, back to {target}: {reason}",
    )
    blocked = Text(
        "✘ 「{trigger}」被阻止，会议停留在「{stage}」。请按上面的提示整改。",
        "✘ {trigger} is blocked; the meeting stays in {stage}. Fix what the report says.",
    )
    history = Text("历史记录（已校验，未被篡改）：", "History (verified, untampered):")
    event = Text(
        "  #{seq} {what}：{source} → {target}，{actor}，{at}，摘要 {digest}…",
        "  #{seq} {what}: {source} → {target} by {actor} at {at}, digest {digest}…",
    )
    entry = Text("录入 {count} 项", "recorded {count} {count:item|items}")
    entry_event = Text(
        "  #{seq} {actor} 在「{source}」{what}，{at}，摘要 {digest}…",
        "  #{seq} {actor} {what} in {source} at {at}, digest {digest}…",
    )
    unknown_rule = Text(
        "没有规则 {rule}；运行 meetingflow rules 查看目录。",
        "unknown rule {rule}; run 'meetingflow rules' for the list",
    )
    labels = Text(
        "阶段|级别|关口|依据|设置|说明|消息|提示",
        "stage|severity|gate|basis|settings|why|messages|what to do",
    )
    gates_of = Text("关口", "gates")
    migrated = Text("已迁移到 schema_version {version}。", "migrated to schema_version {version}.")
