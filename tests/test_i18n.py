"""One way to localize: Text, templates, the language check, the Messages table."""

from __future__ import annotations

import pytest

from meetingflow import errors
from meetingflow.errors import UnknownLanguage
from meetingflow.i18n import Messages, Text, check_template, join, language, negotiate


def test_text_renders_each_language() -> None:
    t = Text("{who} 逾期 {days} 天", "{who} is {days} {days:day|days} overdue")
    assert t.render("zh", who="王芳", days=1) == "王芳 逾期 1 天"
    assert t.render("en", who="王芳", days=1) == "王芳 is 1 day overdue"
    assert t.render("en", who="王芳", days=3) == "王芳 is 3 days overdue"


def test_lists_and_labels_render_per_language() -> None:
    t = Text("{names}", "{names}")
    names = [Text("王芳（m01）", "王芳 (m01)"), Text("李强（m02）", "李强 (m02)")]
    assert t.render("zh", names=names) == "王芳（m01）、李强（m02）"
    assert t.render("en", names=names) == "王芳 (m01), 李强 (m02)"
    assert join(["a", "b"], "zh") == "a、b"


@pytest.mark.parametrize("value", ["zh-CN", "zh", "ZH", "en-US", "en"])
def test_language_aliases(value: str) -> None:
    assert language(value) in ("zh", "en")


@pytest.mark.parametrize("value", ["fr", "", None, 3, "zh-TW-x"])
def test_unknown_language_is_the_librarys_error(value: object) -> None:
    with pytest.raises(errors.UnknownLanguage) as caught:
        language(value)
    assert isinstance(caught.value, errors.MeetingflowError)
    with pytest.raises(errors.UnknownLanguage):
        Text("a", "b").in_(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("template", ["a {", "{a.b}", "{a[0]}", "{a!r}", "{a:>10}", "{0}"])
def test_templates_that_reach_into_values_are_refused(template: str) -> None:
    with pytest.raises(ValueError, match="template"):
        check_template(template)


def test_coerce_refuses_partial_text() -> None:
    with pytest.raises(errors.InvalidArgument):
        Text.coerce({"zh": "只有中文"})
    with pytest.raises(errors.InvalidArgument):
        Text.coerce({"zh": "a {", "en": "b"})
    assert Text.coerce(("中", "en")) == Text("中", "en")


def test_every_message_has_both_languages_and_renders() -> None:
    texts = {k: v for k, v in vars(Messages).items() if isinstance(v, Text)}
    assert len(texts) > 30
    for name, text in texts.items():
        assert text.zh and text.en, name
        assert text.placeholders() >= set(), name


def test_chinese_messages_use_full_width_punctuation() -> None:
    for name, text in vars(Messages).items():
        if isinstance(text, Text) and text.zh.endswith((".", ";")):
            pytest.fail(f"{name}: Chinese text ends with half-width punctuation")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,en;q=0.5", "en"),
        ("en;q=0.2, zh;q=0.7", "zh"),
        ("de, fr", "en"),
        ("*", "en"),
        ("", "en"),
        (None, "en"),
        ("en;q=abc, zh;q=0.1", "zh"),
        ("en;q=0, zh;q=0.1", "zh"),
        ("en-GB", "en"),
        ("zh-Hans-CN", "zh"),
    ],
)
def test_accept_language_negotiation(header: str | None, expected: str) -> None:
    assert negotiate(header) == expected


def test_negotiation_falls_back_to_the_hosts_default_which_must_be_a_language() -> None:
    assert negotiate("de", default="zh") == "zh"
    with pytest.raises(UnknownLanguage):
        negotiate("en", default="fr")  # type: ignore[arg-type]


def test_every_chinese_validation_message_names_a_real_pydantic_error_type() -> None:
    from typing import get_args

    from pydantic_core.core_schema import ErrorType

    from meetingflow.i18n import VALIDATION

    assert set(VALIDATION) <= set(get_args(ErrorType))


def test_a_hosts_error_without_its_own_type_base_is_flagged_when_defined() -> None:
    from meetingflow import MeetingflowError

    with pytest.warns(UserWarning, match="type_base"):

        class Dangling(MeetingflowError):
            code = "dangling"

    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")

        class Linked(MeetingflowError):
            code = "linked"
            type_base = "https://host.example/errors/"

        class Narrower(errors.InvalidArgument):  # keeps the library's code: its entry exists
            pass

    assert Linked(Text("x", "x")).to_dict()["type"] == "https://host.example/errors/linked"
    assert Narrower(Text("x", "x")).to_dict()["type"].endswith("#invalid-argument")
