"""The package's layers, checked on the source: inner never imports outer, and no cycles.

Every import counts — at module level, inside functions, and under ``TYPE_CHECKING`` — and
the type stubs that declare the lazy namespaces count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "meetingflow"

LAYERS: dict[str, int] = {
    "meetingflow._errorbase": 0,
    "meetingflow.i18n": 0,
    "meetingflow.report": 0,
    "meetingflow.errors": 0,
    "meetingflow.canonical": 0,
    "meetingflow.records": 1,
    "meetingflow.rules": 2,
    "meetingflow.integrity": 2,
    "meetingflow.catalogue": 3,
    "meetingflow.flow": 4,
    "meetingflow.extensions": 5,
}
EDGE = 6
"""Everything else (spec, diagram, cli, testing, documents, portfolio, the top-level package)."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> int:
    best = EDGE
    for prefix, level in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            best = level
    return best


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path)
    package = here if path.stem == "__init__" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("meetingflow")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not target.startswith("meetingflow"):
                continue
            submodules = set()
            for alias in node.names:  # `from pkg import submodule`
                candidate = f"{target}.{alias.name}"
                if (SRC.parent / Path(*candidate.split("."))).with_suffix(".py").exists() or (
                    SRC.parent / Path(*candidate.split(".")) / "__init__.py"
                ).exists():
                    submodules.add(candidate)
            found |= submodules
            if len(submodules) < len(node.names):
                found.add(target)
    found.discard(here)
    return found


def graph() -> dict[str, set[str]]:
    files = [p for p in SRC.rglob("*.py*") if p.suffix in (".py", ".pyi")]
    out: dict[str, set[str]] = {}
    for p in files:
        out.setdefault(module_name(p), set()).update(imports(p))
    return out


def test_every_module_is_placed() -> None:
    names = graph()
    assert "meetingflow.records.meeting" in names and "meetingflow.flow.flow" in names


@pytest.mark.parametrize("module", sorted(graph()))
def test_inner_layers_never_import_outer_ones(module: str) -> None:
    own = layer(module)
    outer = sorted(m for m in graph()[module] if layer(m) > own)
    assert not outer, f"{module} (layer {own}) imports outer {outer}"


def test_no_import_cycles() -> None:
    g = graph()
    # a package's __init__ importing its own submodules is not a cycle through them
    edges = {
        m: {t for t in targets if t in g and not (m + ".").startswith(t + ".")}
        for m, targets in g.items()
    }
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for n in sorted(edges):
        if n not in state:
            visit(n)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_module_is_too_long() -> None:
    long = {
        module_name(p): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 480
    }
    assert not long, f"modules over about 450 lines (480): {long}"
