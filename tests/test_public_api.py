"""The public face: a small top level, namespaces, documented names, cheap import."""

from __future__ import annotations

import inspect
import logging
import subprocess
import sys
from importlib.resources import files

import pytest

import meetingflow as mf
from meetingflow import testing

NAMESPACES = (
    "documents",
    "errors",
    "extensions",
    "integrity",
    "portfolio",
    "records",
    "rules",
    "spec",
    "testing",
)


def test_top_level_is_small() -> None:
    names = [n for n in mf.__all__ if n not in NAMESPACES and n != "__version__"]
    assert len(names) <= 18, names
    assert {
        "Meeting",
        "Flow",
        "default_flow",
        "verify_history",
        "Report",
        "MeetingflowError",
    } <= set(names)


def test_dir_shows_only_public_names() -> None:
    shown = dir(mf)
    assert set(shown) <= set(mf.__all__)
    assert not {"importlib", "Any", "TYPE_CHECKING", "_lazy"} & set(shown)


@pytest.mark.parametrize("name", [n for n in mf.__all__ if n != "__version__"])
def test_every_public_name_resolves_and_is_documented(name: str) -> None:
    value = getattr(mf, name)
    if inspect.isclass(value) or inspect.isfunction(value) or inspect.ismodule(value):
        assert (value.__doc__ or "").strip(), f"{name} has no docstring"


@pytest.mark.parametrize("namespace", ["records", "rules", "errors", "testing"])
def test_namespace_names_resolve(namespace: str) -> None:
    module = getattr(mf, namespace)
    for name in module.__all__:
        assert getattr(module, name) is not None


def test_every_record_type_is_in_the_records_namespace() -> None:
    from meetingflow.flow.items import builtin_item_types

    assert {c.__name__ for c in builtin_item_types()} <= set(mf.records.__all__)


def test_every_namespace_the_readme_names_is_reachable_from_the_top() -> None:
    for name in ("documents", "portfolio", "extensions", "spec"):
        assert getattr(mf, name).__name__ == f"meetingflow.{name}"


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        mf.Nope  # noqa: B018


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_import_is_lazy() -> None:
    assert _run("import sys, meetingflow; print('pydantic.main' in sys.modules)") == "False"


def test_default_flow_builds_no_record_models() -> None:
    code = "import sys, meetingflow; meetingflow.default_flow(); print('meetingflow.records._base' in sys.modules, 'pydantic.main' in sys.modules)"
    assert _run(code) == "False False"


def test_fire_keeps_the_transitions_logger_quiet(caplog: pytest.LogCaptureFixture) -> None:
    flow = mf.default_flow()
    m = testing.example("preparation")
    with caplog.at_level(logging.INFO, logger="transitions"):
        flow.fire(m, "start_review", actor="m01", at=testing.example_at("preparation"))
    assert [r for r in caplog.records if r.name.startswith("transitions")] == []


def test_package_ships_py_typed() -> None:
    assert files("meetingflow").joinpath("py.typed").is_file()


def test_version() -> None:
    assert mf.__version__.count(".") == 2
