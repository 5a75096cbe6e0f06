"""The how-to guide quotes the host as it is: every excerpt (a ``py`` block) is in one of its files,
and the host's own problem types link to their entries in it.

The guide marks excerpts ``py``, not ``python``: the library's own docs test runs every ``python``
block as a program, and an excerpt from inside a function is not one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from meetingflow_host.db import MeetingExists, UnknownMeeting

HOST = Path(__file__).parent.parent
GUIDE = HOST.parent.parent / "docs" / "how-to" / "host-application.md"


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


@pytest.mark.skipif(not GUIDE.exists(), reason="outside the meetingflow repository")
def test_every_python_excerpt_is_in_the_host() -> None:
    sources = [
        _lines(p.read_text(encoding="utf-8"))
        for p in sorted([*HOST.glob("src/**/*.py"), *HOST.glob("tests/*.py")])
    ]
    excerpts = re.findall(r"```py\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert excerpts
    missing = [e for e in excerpts if not any(_lines(e) in source for source in sources)]
    assert not missing, missing


@pytest.mark.skipif(not GUIDE.exists(), reason="outside the meetingflow repository")
def test_the_hosts_problem_types_are_explained_in_the_guide() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for error in (UnknownMeeting, MeetingExists):
        page, _, fragment = (error.type_base + error.code).partition("#")
        assert page == "https://meetingflow.readthedocs.io/en/latest/how-to/host-application/"
        assert f"{{ #{fragment} }}" in guide, error
