"""Tests of the built-in rule catalogue against RULES.md, one module per part of the catalogue."""
