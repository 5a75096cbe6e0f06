"""The public namespace: every exported name resolves, is documented, and imports lazily."""

from __future__ import annotations

import inspect
import logging
import subprocess
import sys
from importlib.resources import files

import pytest

import meetingflow as mf
from meetingflow import testing


@pytest.mark.parametrize("name", mf.__all__)
def test_every_public_name_resolves_and_has_a_docstring(name: str) -> None:
    value = getattr(mf, name)
    if inspect.isclass(value) or inspect.isfunction(value):
        assert (value.__doc__ or "").strip(), f"{name} has no docstring"


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        mf.Nope  # noqa: B018


def test_import_is_lazy() -> None:
    code = "import sys, meetingflow; print('pydantic.main' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_fire_keeps_the_transitions_logger_quiet(caplog: pytest.LogCaptureFixture) -> None:
    flow = mf.default_flow()
    m = testing.example("preparation")
    with caplog.at_level(logging.INFO, logger="transitions"):
        flow.fire(m, "start_review", actor="m01", at=testing.example_at("preparation"))
    assert [r for r in caplog.records if r.name.startswith("transitions")] == []


def test_package_ships_py_typed() -> None:
    assert files("meetingflow").joinpath("py.typed").is_file()
