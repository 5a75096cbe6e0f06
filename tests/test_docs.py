"""The docs: generated pages are current, and every Python block in README and docs runs."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
BLOCK = re.compile(r"```python\n(.*?)```", re.S)
EXTRAS = {"docs/how-to/documents.md": ("docx", "openpyxl", "jinja2")}
"""Pages whose examples use an optional extra: they run where the extra is installed (CI)."""


def test_generated_pages_are_current() -> None:
    sys.path.insert(0, str(DOCS))
    try:
        import _generate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(DOCS))
    stale = [
        str(p.relative_to(ROOT))
        for p, text in _generate.pages().items()
        if p.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run python docs/_generate.py: {stale}"


@pytest.mark.parametrize(
    "page",
    [p for p in PAGES if BLOCK.search(p.read_text(encoding="utf-8"))],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_python_block_runs(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in EXTRAS.get(str(page.relative_to(ROOT)), ()):
        pytest.importorskip(module, reason=f"{page.name} needs the office extra")
    monkeypatch.chdir(tmp_path)
    name = "docs_" + re.sub(r"\W", "_", str(page.relative_to(ROOT)))
    module = types.ModuleType(name)  # a real module, so pydantic can resolve the page's classes
    monkeypatch.setitem(sys.modules, name, module)
    for i, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8"))):
        exec(compile(block, f"{page.name}#{i}", "exec"), module.__dict__)


def test_docs_cite_no_files_outside_the_repository() -> None:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        assert "RULES.md" not in text and "../shared" not in text, page


def test_every_problem_type_links_to_its_entry_on_the_errors_page() -> None:
    from meetingflow import errors

    page = (DOCS / "reference" / "errors.md").read_text(encoding="utf-8")
    for name in errors.__all__:
        cls = getattr(errors, name)
        if isinstance(cls, type) and issubclass(cls, errors.MeetingflowError):
            fragment = cls.type_base.rpartition("#")[2] + cls.code
            assert cls.type_base.endswith("/reference/errors/#")
            assert f"{{ #{fragment} }}" in page, name


def test_a_hosts_error_links_to_the_hosts_docs() -> None:
    from meetingflow import MeetingflowError, Text

    class UnknownMeeting(MeetingflowError):
        code = "unknown-meeting"
        status = 404
        type_base = "https://host.example/errors/"

    body = UnknownMeeting(Text("没有该会议", "no such meeting")).to_dict("zh")
    assert body["type"] == "https://host.example/errors/unknown-meeting"
    assert body["status"] == 404 and body["detail"] == "没有该会议"
