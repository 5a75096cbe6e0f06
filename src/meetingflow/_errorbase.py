"""The exception root and the language check: the one module below everything else.

Why a separate module: ``meetingflow.i18n`` must be able to refuse an unknown language
with a meetingflow error, and every other error's message is written with
``meetingflow.i18n``. Defining the root here keeps the import graph free of cycles;
``meetingflow.errors`` re-exports these names, and hosts import them from there.
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar, Final, Literal, Protocol

Lang = Literal["zh", "en"]
"""A language of meetingflow's texts: ``"zh"`` (zh-CN) or ``"en"``."""

LANGS: Final[tuple[Lang, ...]] = ("zh", "en")

_ALIASES: Final[dict[str, Lang]] = {
    "zh": "zh",
    "zh-cn": "zh",
    "zh_cn": "zh",
    "zh-hans": "zh",
    "zh-hans-cn": "zh",
    "en": "en",
    "en-us": "en",
    "en_us": "en",
    "en-gb": "en",
    "en_gb": "en",
}

ERROR_TYPE_BASE: Final = "https://meetingflow.readthedocs.io/en/latest/reference/errors/#"
"""Problem-details ``type`` URIs are this base plus the error's ``code``: each names its entry
on the errors page of the docs. A host's own errors set ``type_base`` to its own docs."""


class Bilingual(Protocol):
    """Anything with a Chinese and an English form (``meetingflow.i18n.Text``)."""

    @property
    def zh(self) -> str: ...

    @property
    def en(self) -> str: ...


class _Pair:
    """A minimal zh/en pair for the few messages defined below ``meetingflow.i18n``."""

    __slots__ = ("en", "zh")

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en


def pick(text: Bilingual, lang: str) -> str:
    """``text`` in ``lang``; raises ``UnknownLanguage`` for anything but zh or en."""
    return text.zh if language(lang) == "zh" else text.en


def _restore(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    BaseException.__init__(error, *args)
    error.__dict__.update(state)
    return error


class MeetingflowError(Exception):
    """Root of every error meetingflow raises on purpose; catch it to catch them all.

    Every error has a stable ``code``, an HTTP ``status`` a web host can answer with, and a
    bilingual ``title`` and ``detail`` (``message``, ``to_dict``). ``str(error)`` is
    the English detail, for logs.
    """

    code: ClassVar[str] = "meetingflow-error"
    type_base: ClassVar[str] = ERROR_TYPE_BASE
    status: ClassVar[int] = 500
    title: ClassVar[Bilingual] = _Pair("meetingflow 错误", "meetingflow error")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A host's own error with its own code but the library's type_base would link to an
        # entry the library's errors page does not have: say so when the class is defined.
        if (
            "code" in cls.__dict__
            and not cls.__module__.startswith("meetingflow.")
            and cls.type_base == ERROR_TYPE_BASE
        ):
            warnings.warn(
                f"{cls.__qualname__} sets its own code {cls.code!r} but not type_base, so its"
                " problem type would link to the meetingflow errors page, which has no such"
                " entry; set type_base to your own documentation",
                UserWarning,
                stacklevel=2,
            )

    def __init__(self, detail: Bilingual, **extensions: Any) -> None:
        self.detail = detail
        self.extensions = extensions
        super().__init__(detail.en)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its state, whatever its ``__init__`` takes: errors cross process pools."""
        return _restore, (type(self), self.args, dict(self.__dict__))

    def message(self, lang: str = "en") -> str:
        """What went wrong and what to do, in ``lang``."""
        return pick(self.detail, lang)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The error as RFC 9457 problem details, ready to send as ``application/problem+json``.

        Members: ``type``, ``title``, ``status``, ``detail`` and the error's own extension
        members (for example ``errors`` with every bad path of an invalid record).
        """
        body: dict[str, Any] = {
            "type": self.type_base + self.code,
            "title": pick(self.title, lang),
            "status": self.status,
            "detail": pick(self.detail, lang),
        }
        body.update(self._extension_members(language(lang)))
        return body

    def _extension_members(self, lang: Lang) -> dict[str, Any]:
        return dict(self.extensions)


class InvalidArgument(MeetingflowError, ValueError):
    """An argument to an operation is wrong (a naive datetime, an unknown format, ...)."""

    code: ClassVar[str] = "invalid-argument"
    status: ClassVar[int] = 400
    title: ClassVar[Bilingual] = _Pair("参数错误", "Invalid argument")


class UnknownLanguage(InvalidArgument):
    """A language other than ``zh`` (zh-CN) or ``en`` was asked for."""

    code: ClassVar[str] = "unknown-language"
    title: ClassVar[Bilingual] = _Pair("不支持的语言", "Unknown language")

    def __init__(self, value: object) -> None:
        shown = repr(value)[:60]
        super().__init__(
            _Pair(
                f"不支持的语言 {shown}；请使用 'zh'（简体中文）或 'en'（英文）。",
                f"unknown language {shown}; use 'zh' (Chinese) or 'en' (English)",
            ),
            language=shown,
        )


class MissingValue(InvalidArgument, KeyError):
    """A template names a placeholder no value was given for (also a ``KeyError``)."""

    code: ClassVar[str] = "missing-value"
    title: ClassVar[Bilingual] = _Pair("缺少模板取值", "Missing template value")

    def __init__(self, name: str) -> None:
        shown = repr(name)[:60]
        super().__init__(
            _Pair(f"模板的占位符 {shown} 没有给出取值", f"no value given for placeholder {shown}"),
            placeholder=shown,
        )

    def __str__(self) -> str:  # KeyError would quote the message
        return self.detail.en


class NoSuchPath(InvalidArgument, KeyError):
    """A record path that does not resolve inside a record (also a ``KeyError``)."""

    code: ClassVar[str] = "no-such-path"
    title: ClassVar[Bilingual] = _Pair("路径不存在", "No such path")

    def __init__(self, path: str) -> None:
        shown = repr(path)[:120]
        super().__init__(_Pair(f"路径 {shown} 不存在", f"path {shown} does not exist"), path=shown)

    def __str__(self) -> str:  # KeyError would quote the message
        return self.detail.en


def language(value: object) -> Lang:
    """``value`` as a language of meetingflow (``zh-CN`` and ``en-US`` are accepted too)."""
    if isinstance(value, str):
        found = _ALIASES.get(value.strip().lower())
        if found is not None:
            return found
    raise UnknownLanguage(value)


def negotiate(accept_language: str | None, default: Lang = "en") -> Lang:
    """The language to answer in, from an HTTP ``Accept-Language`` header (RFC 9110).

    The supported language with the highest weight wins (``zh-CN,zh;q=0.9,en;q=0.8`` → ``zh``);
    ``*``, an empty or malformed header, or one naming only other languages gives ``default``.
    Web hosts need this for every response; ``language`` itself stays strict.
    """
    default = language(default)
    if accept_language is None:
        return default
    best: tuple[float, int, Lang] | None = None
    for position, part in enumerate(accept_language[:1000].split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        params = params.strip()
        if params.lower().startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                continue
            if not 0.0 < weight <= 1.0:
                continue
        tag = tag.strip().lower()
        found = _ALIASES.get(tag) or _ALIASES.get(tag.split("-")[0])
        if tag == "*":
            found = default
        if found is not None and (best is None or (weight, -position) > best[:2]):
            best = (weight, -position, found)
    return best[2] if best is not None else default


class UnknownRule(MeetingflowError, KeyError):
    """No rule with that ID where it was looked for (also a ``KeyError``)."""

    code: ClassVar[str] = "unknown-rule"
    status: ClassVar[int] = 404
    title: ClassVar[Bilingual] = _Pair("没有这条规则", "Unknown rule")

    def __init__(self, rule_id: str, where: str) -> None:
        self.rule_id = rule_id
        self.where = where
        super().__init__(
            _Pair(f"没有规则 {rule_id}（{where}）。", f"no rule {rule_id} ({where})"),
            rule_id=rule_id,
        )

    def __str__(self) -> str:  # KeyError would quote the message
        return self.detail.en
