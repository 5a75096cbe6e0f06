"""Run mutmut 3 over the rule catalogue, the rules' own check functions included.

mutmut 3 leaves every decorated function alone: copying a decorated function for its
trampoline may run a decorator's side effects twice (``@app.post``), and a decorator may change
what the function is (``@property``). Every rule of the catalogue is a function decorated with
``@rule(...)``, whose only effect is to wrap the function in a ``Rule`` value, so without help
mutmut would mutate nothing but the catalogue's few helpers. This launcher teaches mutmut that
one decorator: a function decorated only with ``@rule(...)`` is mutated like any other; its
trampoline keeps the decorator (so the module still holds a ``Rule`` whose check is the
trampoline), and the original and each mutant are undecorated copies the trampoline calls.
Nothing else of mutmut changes; the configuration is ``[tool.mutmut]`` in pyproject.toml.

    python benchmarks/mutation/mutmut_rules.py run --max-children 2
    python benchmarks/mutation/mutmut_rules.py results

Not part of CI: a full run takes about 5 minutes on 2 cores (see benchmarks/MUTATION.md);
remove ``mutants/`` first for a fresh measurement, mutmut 3 reuses the results stored there.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import Any

import libcst as cst
from mutmut.mutation import file_mutation

RULE_DECORATOR = "rule"


def _is_rule_check(node: cst.CSTNode) -> bool:
    """A function whose only decorator is ``@rule(...)``."""
    if not isinstance(node, cst.FunctionDef) or len(node.decorators) != 1:
        return False
    call = node.decorators[0].decorator
    return (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Name)
        and call.func.value == RULE_DECORATOR
    )


_skip_node_and_children = file_mutation.MutationVisitor._skip_node_and_children
_arrangement = file_mutation.function_trampoline_arrangement


def _skip_rule_checks_like_plain_functions(self: Any, node: cst.CSTNode) -> bool:
    if _is_rule_check(node):
        assert isinstance(node, cst.FunctionDef)
        # judged as the undecorated function; the decorator's own arguments stay unmutated
        # (mutmut skips every Decorator node)
        return bool(_skip_node_and_children(self, node.with_changes(decorators=[])))
    return bool(_skip_node_and_children(self, node))


def _rule_check_arrangement(
    function: cst.FunctionDef, mutants: Iterable[Any], class_name: str | None
) -> tuple[Sequence[Any], Sequence[Any], Sequence[Any], Sequence[str]]:
    if not _is_rule_check(function):
        return _arrangement(function, mutants, class_name)
    bare = function.with_changes(decorators=[])  # the same body nodes: mutants still apply
    declarations, nodes, assignments, names = _arrangement(bare, mutants, class_name)
    trampoline, *copies = nodes
    assert isinstance(trampoline, cst.FunctionDef)
    decorated = trampoline.with_changes(decorators=[*function.decorators, *trampoline.decorators])
    return declarations, [decorated, *copies], assignments, names


file_mutation.MutationVisitor._skip_node_and_children = _skip_rule_checks_like_plain_functions  # type: ignore[method-assign]
file_mutation.function_trampoline_arrangement = _rule_check_arrangement


if __name__ == "__main__":
    from mutmut.__main__ import cli

    sys.argv[0] = "mutmut"
    cli()
