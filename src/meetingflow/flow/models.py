"""The record model of a flow (``Meeting`` extended with its custom sections) and its defaults."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from meetingflow import records as rec

if TYPE_CHECKING:
    from meetingflow.records import Meeting, Record
    from meetingflow.rules.settings import RuleSettings

__all__ = ["default_settings", "meeting_model"]


@functools.lru_cache(maxsize=64)
def meeting_model(sections: tuple[tuple[str, type[Record]], ...]) -> type[Meeting]:
    """One record model per set of custom sections, so flows built alike share it (and pickle)."""
    import pydantic  # noqa: PLC0415 - only flows with sections build a model

    if not sections:
        return rec.Meeting
    fields: dict[str, Any] = {name: (cls | None, None) for name, cls in sections}
    extensions = pydantic.create_model(
        "Extensions", __base__=rec.Extensions, __module__=rec.Meeting.__module__, **fields
    )
    extensions.model_config["defer_build"] = True
    model: type[Meeting] = pydantic.create_model(
        "Meeting",
        __base__=rec.Meeting,
        __module__=rec.Meeting.__module__,
        extensions=(extensions, pydantic.Field(default_factory=extensions)),
    )
    model.__doc__ = f"A meeting record with the sections: {', '.join(n for n, _ in sections)}."

    def reduce(self: Meeting) -> tuple[Any, ...]:
        return (_unpickle, (sections, self.model_dump_json()))

    model.__reduce__ = reduce  # type: ignore[method-assign,assignment]
    return model


@functools.cache
def default_settings() -> RuleSettings:
    from meetingflow.rules.settings import RuleSettings  # noqa: PLC0415 - pydantic on first use

    return RuleSettings()


def _unpickle(sections: tuple[tuple[str, type[Record]], ...], raw: str) -> Meeting:
    return meeting_model(sections).model_validate_json(raw)
