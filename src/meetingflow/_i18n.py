"""Bilingual text: every message an organizer reads exists in zh-CN and English."""

from __future__ import annotations

from typing import Literal

import attrs

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@attrs.frozen(slots=True)
class Text:
    """A message in both languages; hosts pick one with :meth:`in_`."""

    zh: str
    en: str

    def in_(self, lang: Lang) -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``)."""
        if lang == "zh":
            return self.zh
        if lang == "en":
            return self.en
        raise ValueError(f"unknown language {lang!r}; use 'zh' or 'en'")

    def format(self, **values: object) -> Text:
        """Fill ``{placeholders}`` in both languages at once."""
        return Text(self.zh.format(**values), self.en.format(**values))

    @classmethod
    def coerce(cls, value: Text | dict[str, str] | tuple[str, str]) -> Text:
        """Accept ``Text``, ``{"zh": ..., "en": ...}`` or ``(zh, en)``; reject anything partial."""
        if isinstance(value, Text):
            return value
        if isinstance(value, dict):
            missing = [k for k in LANGS if not value.get(k)]
            extra = sorted(set(value) - set(LANGS))
            if missing or extra:
                raise ValueError(
                    f"bilingual text needs non-empty 'zh' and 'en' keys"
                    f" (missing: {missing or 'none'}, unexpected: {extra or 'none'})"
                )
            return cls(value["zh"], value["en"])
        if isinstance(value, tuple) and len(value) == 2 and all(value):
            return cls(value[0], value[1])
        raise ValueError(f"expected Text, a {{'zh', 'en'}} dict or a (zh, en) pair, got {value!r}")
