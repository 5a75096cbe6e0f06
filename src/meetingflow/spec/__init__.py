"""Declarative flows: a flow from a JSON or YAML document, and packs from other distributions.

A document names stages, triggers, authorities and rules by ID from packs, and may add rules
made of a few safe primitives (a field is present; at least N entries; every present member
has an entry; every entry has a field; a date is on or before another date or a deadline).
Nothing in a document is evaluated, executed or imported but the packs and extensions it names:
it is data validated by a pydantic model, and anything else is refused with its path.
"""

from meetingflow.spec.build import (
    ENTRY_POINT_GROUP,
    builtin_extensions,
    flow_from_spec,
    load_flow,
    load_plugin,
    parse_document,
)
from meetingflow.spec.document import FlowSpec, RuleSpec
from meetingflow.spec.primitives import rule_from_spec

__all__ = [
    "ENTRY_POINT_GROUP",
    "FlowSpec",
    "RuleSpec",
    "builtin_extensions",
    "flow_from_spec",
    "load_flow",
    "load_plugin",
    "parse_document",
    "rule_from_spec",
]
