"""One way to localize: every text a person reads is a ``Text`` in zh-CN and English.

Texts live with what they describe — a rule's messages with the rule, an enumeration's labels
with the enumeration, a stage's title with the stage — and the texts of reports, errors and
the command line live in ``Messages``, one typed table. Code never branches on the
language: it renders a ``Text`` with ``Text.render``, and an unknown language
raises ``UnknownLanguage``.

Templates use ``str.format`` fields restricted to plain names (``{who}``, ``{days}``); a
field may choose between a singular and a plural word with ``{days:day|days}``. Values are
rendered per language: a ``Text`` (or anything with a ``label`` that is one) in that
language, a list joined with ``、`` in Chinese and ``, `` in English.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Final

import attrs

from meetingflow._errorbase import (
    LANGS,
    InvalidArgument,
    Lang,
    MissingValue,
    language,
    negotiate,
    pick,
)

__all__ = [
    "LANGS",
    "Lang",
    "Messages",
    "Text",
    "check_template",
    "join",
    "language",
    "negotiate",
]

_FIELD: Final = re.compile(r"^[a-z_][a-z0-9_]*$")
_FORMATTER: Final = string.Formatter()
_SEPARATOR: Final[dict[Lang, str]] = {"zh": "、", "en": ", "}


def check_template(template: str) -> tuple[str, ...]:
    """The placeholder names of ``template``; raises ``ValueError`` if it cannot be rendered.

    Only plain names are allowed (no ``{a.b}``, ``{a[0]}``, ``!r``), and the only format spec
    is a ``singular|plural`` choice: a template can never reach into the values it is given.
    """
    names: list[str] = []
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError as error:
        raise ValueError(f"template {template!r} cannot be formatted: {error}") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not _FIELD.match(name):
            raise ValueError(f"template {template!r}: placeholder {{{name}}} is not a plain name")
        if conversion:
            raise ValueError(
                f"template {template!r}: conversions such as !{conversion} are not allowed"
            )
        if spec and spec.count("|") != 1:
            raise ValueError(
                f"template {template!r}: the only format is {{{name}:singular|plural}}, not {spec!r}"
            )
        names.append(name)
    return tuple(names)


def _value(value: object, lang: Lang) -> str:
    if isinstance(value, Text):
        return value.in_(lang)
    label = getattr(value, "label", None)
    if isinstance(label, Text):
        return label.in_(lang)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list | tuple | set | frozenset):
        return _SEPARATOR[lang].join(_value(v, lang) for v in value)
    return str(value)


def _render(template: str, lang: Lang, values: Mapping[str, object]) -> str:
    out: list[str] = []
    for literal, name, spec, _ in _FORMATTER.parse(template):
        out.append(literal)
        if name is None:
            continue
        if name not in values:
            raise MissingValue(name)
        value = values[name]
        if spec:
            singular, plural = spec.split("|")
            out.append(singular if value == 1 else plural)
        else:
            out.append(_value(value, lang))
    return "".join(out)


def join(items: Iterable[object], lang: Lang) -> str:
    """Items joined the way ``lang`` lists things (``、`` or ``, ``)."""
    return _value(list(items), lang)


@attrs.frozen(slots=True)
class Text:
    """A text in both languages; pick one with ``in_``, fill placeholders with ``format``."""

    zh: str
    en: str

    def in_(self, lang: str) -> str:
        """The text in ``lang`` (``"zh"`` or ``"en"``)."""
        return pick(self, lang)

    def format(self, **values: object) -> Text:
        """Both languages with ``{placeholders}`` filled; a missing value raises ``MissingValue``."""
        return Text(_render(self.zh, "zh", values), _render(self.en, "en", values))

    def render(self, lang: str, **values: object) -> str:
        """The text in ``lang`` with placeholders filled."""
        return _render(self.zh if language(lang) == "zh" else self.en, language(lang), values)

    def placeholders(self) -> frozenset[str]:
        """Placeholder names used in either language."""
        return frozenset(check_template(self.zh)) | frozenset(check_template(self.en))

    @classmethod
    def coerce(
        cls, value: Text | Mapping[str, str] | tuple[str, str], *, what: str = "text"
    ) -> Text:
        """Accept ``Text``, ``{"zh": ..., "en": ...}`` or ``(zh, en)``; refuse anything partial."""
        if isinstance(value, Text):
            text = value
        elif isinstance(value, Mapping):
            keys = set(value)
            if keys != set(LANGS) or not all(isinstance(value[k], str) and value[k] for k in LANGS):
                raise InvalidArgument(
                    Messages.bilingual_needed.format(what=what, got=sorted(map(str, keys)))
                )
            text = cls(value["zh"], value["en"])
        elif (
            isinstance(value, tuple)
            and len(value) == 2
            and all(isinstance(v, str) and v for v in value)
        ):
            text = cls(value[0], value[1])
        else:
            raise InvalidArgument(
                Messages.bilingual_needed.format(what=what, got=type(value).__name__)
            )
        names: list[set[str]] = []
        for template in (text.zh, text.en):
            try:
                check_template(template)
            except ValueError as error:
                raise InvalidArgument(
                    Messages.bad_template.format(what=what, error=str(error))
                ) from None
            names.append(set(check_template(template)))
        # else one language fails only when it is rendered; a count that only chooses a
        # plural ({n:cadre|cadres}) may be missing from the language without plurals
        only = names[0] ^ names[1]
        if only & (_plain_names(text.zh) | _plain_names(text.en)):
            raise InvalidArgument(
                Messages.placeholders_differ.format(
                    what=what,
                    zh=", ".join(f"{{{n}}}" for n in sorted(names[0])) or "-",
                    en=", ".join(f"{{{n}}}" for n in sorted(names[1])) or "-",
                )
            )
        return text


def _plain_names(template: str) -> set[str]:
    """The placeholders ``template`` shows as values (not only to choose a plural form)."""
    return {name for _, name, spec, _ in _FORMATTER.parse(template) if name and not spec}


class Messages:
    """The texts of reports, errors and the command line: one typed table.

    mypy checks every key at its use (``Messages.report_summary``); add a text here, never an
    ``if lang == "zh"`` branch elsewhere.
    """

    # --- arguments and definitions --------------------------------------------------------
    bilingual_needed = Text(
        "{what} 需要同时给出中文（zh）和英文（en），收到：{got}。",
        "{what} needs both a Chinese ('zh') and an English ('en') text; got: {got}",
    )
    bad_template = Text(
        "{what} 的模板无法使用：{error}", "{what} has an unusable template: {error}"
    )
    placeholders_differ = Text(
        "{what} 的中英文模板须使用相同的占位符（中文：{zh}；英文：{en}）。",
        "{what}: the zh and en templates must use the same placeholders (zh: {zh}; en: {en})",
    )
    unknown_format = Text(
        "不支持的格式 {got}；可用：{known}。", "unknown format {got}; use one of: {known}"
    )
    naive_datetime = Text(
        "{name}={value} 没有时区；请传入带时区的时间（例如 ZoneInfo('Asia/Shanghai')）。",
        "{name}={value} is naive; pass a timezone-aware datetime"
        " (e.g. datetime(..., tzinfo=ZoneInfo('Asia/Shanghai')))",
    )
    not_a_datetime = Text(
        "{name} 必须是由宿主传入的带时区的 datetime，收到 {got}。",
        "{name} must be a timezone-aware datetime given by the host, got {got}",
    )
    offset_seconds = Text(
        "{name}={value} 的时区偏移含秒（{offset}），JSON 无法原样保存；请换算为 UTC 或整分钟偏移。",
        "{name}={value} has a UTC offset with seconds ({offset}), which JSON cannot keep;"
        " convert it to UTC or a whole-minute offset",
    )
    bad_actor = Text(
        "actor 必须是人员编号或 Member/Supervisor，收到 {got}。",
        "actor must be a person id or a Member/Supervisor, got {got}",
    )
    too_many = Text("条目太多：至多 {limit} 条。", "too many entries: at most {limit}")
    bad_expected = Text("{name} 须为 {kind} 或 None。", "{name} must be {kind} or None")
    not_a_meeting = Text(
        "需要 meetingflow 的 Meeting，收到 {got}。", "expected a meetingflow Meeting, got {got}"
    )
    not_a_record_value = Text(
        "{what} 须为 meetingflow 的记录，收到 {got}。",
        "{what} must be a meetingflow record, got {got}",
    )
    not_a_record = Text(
        "{got} 不是可以记录的事项；可记录的类型：{known}。",
        "{got} is not something a meeting records; record types: {known}",
    )
    a_dict_not_a_record = Text(
        "收到的是字典而不是记录：请求体请先用 flow.item_from_dict(...)（或 items_from_dicts）转换。",
        "a dict is not a record: convert a request body with flow.item_from_dict(...)"
        " (or flow.items_from_dicts) first",
    )
    a_class_not_a_record = Text(
        "收到的是类型 {got} 而不是记录：请传入实例 {got}(...)。",
        "{got} is a record type, not a record: pass an instance, {got}(...)",
    )

    # --- reports ---------------------------------------------------------------------------
    report_summary = Text(
        "错误 {errors} 项，警告 {warnings} 项，不适用规则 {na} 条",
        "{errors} {errors:error|errors}, {warnings} {warnings:warning|warnings},"
        " {na} {na:rule|rules} not applicable",
    )
    report_blocked = Text("；「{trigger}」被 {rules} 阻止", "; {trigger} is blocked by {rules}")
    report_may_proceed = Text("；可以执行「{trigger}」", "; {trigger} may proceed")
    report_end = Text("。", ".")
    label_error = Text("错误", "error")
    label_warning = Text("警告", "warning")
    label_blocks = Text("，阻止", ", blocks")
    label_on_record = Text("，已无法补救", ", on record")
    report_integrity_unverified = Text(
        "注意：未校验历史记录。", "Note: the history was not verified."
    )

    # --- errors ----------------------------------------------------------------------------
    invalid_record_title = Text("记录无效", "Invalid record")
    invalid_record = Text(
        "{model} 无效：{count} 处问题{more}。",
        "invalid {model}: {count} {count:problem|problems}{more}",
    )
    invalid_record_more = Text("（仅列出前 {shown} 处）", " (the first {shown} listed)")
    unsupported_schema_title = Text("记录版本不受支持", "Unsupported schema version")
    schema_too_new = Text(
        "记录的 schema_version 为 {found}，而本版 meetingflow 只能读取到 {known}；请升级 meetingflow。",
        "the record has schema_version {found}, but this meetingflow reads up to {known};"
        " upgrade meetingflow",
    )
    schema_unknown = Text(
        "记录的 schema_version {found} 无法识别（已知：{known}）。",
        "the record's schema_version {found} is not one meetingflow knows (known: {known})",
    )
    section_sealed_title = Text("该部分已封存", "Section sealed")
    section_sealed = Text(
        "「{path}」属于已结束的阶段「{stage}」，不能再修改；如会议须重新召开，由上级人员执行「责令重新召开」。",
        "{path} belongs to the finished stage {stage} and can no longer change; if the session"
        " must be held again, a representative of the superior fires order_redo",
    )
    unknown_trigger_title = Text("没有这个操作", "Unknown trigger")
    unknown_trigger = Text(
        "流程「{flow}」没有操作 {trigger}；可用操作：{known}。",
        "flow {flow} has no trigger {trigger}; its triggers are: {known}",
    )
    invalid_transition_title = Text("当前阶段不能执行", "Not possible in this stage")
    invalid_transition = Text(
        "当前阶段「{stage}」不能执行「{trigger}」；本阶段可执行：{possible}。",
        "{trigger} cannot be fired in stage {stage}; triggers of this stage: {possible}",
    )
    not_permitted_title = Text("无权执行", "Not permitted")
    not_permitted = Text(
        "{actor} 无权{action}：需要以下身份之一：{needed}；{actor} 的身份：{held}。",
        "{actor} may not {action}: it needs one of {needed}; {actor} holds {held}",
    )
    action_fire = Text("执行「{trigger}」", "fire {trigger}")
    action_record = Text("记录 {item}", "record {item}")
    not_permitted_stranger = Text(
        "{actor} 无权{action}：{actor} 既不在名册上，也不是上级党组织代表（需要以下身份之一：{needed}）。",
        "{actor} may not {action}: {actor} is neither on the roster nor a representative of"
        " the superior (it needs one of {needed})",
    )
    blocked_title = Text("被规则阻止", "Blocked by rules")
    blocked = Text(
        "「{trigger}」被规则 {rules} 的 {count} 项发现阻止；详见报告中的位置、人员和整改提示。",
        "{trigger} is blocked by {count} {count:finding|findings} of {rules};"
        " the report names each path, member and what to do",
    )
    missing_extra_title = Text("缺少可选依赖", "Optional dependency missing")
    wrong_flow_title = Text("记录来自另一个流程", "Written by another flow")
    wrong_flow_event = Text(
        "历史记录第 {index} 条：{reason}；请用写入该记录的流程（含其自定义阶段）读取。",
        "history event #{index}: {reason}; read the record with the flow that wrote it"
        " (with its custom stages)",
    )
    wrong_flow = Text(
        "{reason}；请用写入该记录的流程（含其自定义阶段）读取。",
        "{reason}; read the record with the flow that wrote it (with its custom stages)",
    )
    tampered_title = Text("历史记录被篡改", "History tampered")
    tampered = Text(
        "历史记录第 {index} 条：{reason}",
        "history event #{index}: {reason}",
    )
    conflict_title = Text("记录已被更新", "Version conflict")
    conflict = Text(
        "会议 {meeting} 已是版本 {actual}，而不是预期的 {expected}；请重新读取后再操作。",
        "meeting {meeting} is at version {actual}, not the expected {expected}; reload it and"
        " try again",
    )
    head_conflict = Text(
        "会议 {meeting} 的最新摘要已变化，与预期不符；请重新读取后再操作。",
        "meeting {meeting}'s head digest is not the expected one; reload it and try again",
    )
    time_backwards_title = Text("时间倒流", "Time moves backwards")
    time_backwards = Text(
        "{at} 早于上一条历史记录的时间 {last}；事件只能按时间顺序追加。",
        "{at} is earlier than the last history event ({last}); events are appended in time order",
    )
    definition_title = Text("流程定义有误", "Invalid flow definition")
    definition = Text(
        "流程定义有 {count} 处问题：{problems}",
        "the flow definition has {count} {count:problem|problems}: {problems}",
    )
    rule_failed_title = Text("规则执行出错", "Rule failed")
    rule_failed = Text(
        "规则 {rule} 出错（{error}）：这是该规则的缺陷，请修正规则。",
        "rule {rule} failed ({error}): a bug in that rule; fix the rule",
    )


VALIDATION: Final[dict[str, str]] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段",
    "string_type": "应为文本",
    "string_too_short": "文本太短（至少 {min_length} 个字符）",
    "string_too_long": "文本太长（至多 {max_length} 个字符）",
    "string_pattern_mismatch": "格式不正确",
    "string_unicode": "文本含有无效的 Unicode 字符",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "datetime_type": "应为带时区的时间（ISO 8601）",
    "datetime_parsing": "应为带时区的时间（ISO 8601）",
    "timezone_aware": "时间须带时区",
    "timezone_naive": "时间不能带时区",
    "datetime_from_date_parsing": "应为带时区的时间（ISO 8601）",
    "datetime_object_invalid": "时间无效",
    "datetime_past": "应为过去的时间",
    "datetime_future": "应为将来的时间",
    "date_past": "应为过去的日期",
    "date_future": "应为将来的日期",
    "time_type": "应为时刻（HH:MM）",
    "time_parsing": "应为时刻（HH:MM）",
    "time_delta_type": "应为时长",
    "time_delta_parsing": "应为时长",
    "none_required": "应为空（null）",
    "int_parsing_size": "整数超出范围",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "bytes_type": "应为字节串",
    "uuid_type": "应为 UUID",
    "uuid_parsing": "应为 UUID",
    "url_type": "应为网址",
    "url_parsing": "应为网址",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "set_type": "应为集合",
    "frozen_instance": "记录不可修改",
    "frozen_field": "该字段不可修改",
    "union_tag_invalid": "类型标记应为：{expected_tags}",
    "union_tag_not_found": "缺少类型标记 {discriminator}",
    "is_instance_of": "类型不正确",
    "callable_type": "应为可调用对象",
    "get_attribute_error": "读取属性出错：{error}",
    "missing_argument": "缺少参数",
    "unexpected_keyword_argument": "不允许的参数",
    "no_such_attribute": "没有这个字段",
    "enum": "取值应为：{expected}",
    "literal_error": "取值应为：{expected}",
    "tuple_type": "应为列表",
    "list_type": "应为列表",
    "too_short": "条目太少（至少 {min_length} 条）",
    "too_long": "条目太多（至多 {max_length} 条）",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "dict_type": "应为对象",
    "json_invalid": "不是有效的 JSON",
    "json_type": "应为 JSON 文本",
    "recursion_loop": "嵌套过深",
    "value_error": "{error}",
    "assertion_error": "{error}",
}
"""Chinese for pydantic's validation messages, by error type; English uses pydantic's own."""
