"""The one table of the knowledge file's shape (``SHAPES``), and the JSON Schema written from it.

The checker reads each kind's keys from here; scripts/make_schema.py writes knowledge-file.schema.json from here.
"""

from __future__ import annotations

from soma_info.knowledge.model import SCHEMA_VERSION, VERDICTS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any


# The one definition of the knowledge file's shape: each kind of mapping, its keys, and what each key holds.
# The checker below reads the keys from here, and json_schema() writes the JSON Schema editors use from here.
# A value is "text", "texts" (a non-empty list of text), "hours" (a number written as text), "cites" (source
# ids), "verdict" (one of model.VERDICTS), "@kind" (a mapping of that kind), "[@kind]" (a non-empty list of
# them), "[block]" (a section's body) or "{cell}" (a comparator's cells, by row key). Every key is required
# unless it is in the kind's optional set.
SHAPES: dict[str, tuple[dict[str, str], frozenset[str]]] = {
    "file": ({"schema": "text", "monograph": "@monograph", "notice": "text", "sources": "[@source]",
              "sections": "[@section]", "card": "[@card-line]", "timeline": "[@timeline-row]", "timeline_in": "text",
              "interactions": "[@interaction-class]", "unlisted": "@statement", "products": "[@product]",
              "comparison": "@comparison", "comparators": "[@comparator]"},
             frozenset(("card", "timeline", "timeline_in", "interactions", "unlisted", "products", "comparison",
                        "comparators"))),
    "monograph": ({"generic_name": "text", "brand_names": "texts", "drug_class": "text", "controlled_substance": "text",
                   "label_revision": "text", "label_setid": "text", "reviewed": "text", "scope": "text"},
                  frozenset()),
    "source": ({"id": "text", "short": "text", "title": "text", "publisher": "text", "url": "text", "date": "text",
                "kind": "text", "section": "text"}, frozenset(("section",))),
    "section": ({"key": "text", "help": "text", "title": "text", "aliases": "texts", "summary": "text",
                 "brief": "[@statement]", "body": "[block]"}, frozenset(("aliases", "help"))),
    "heading": ({"heading": "text"}, frozenset()),
    "statement": ({"text": "text", "cite": "cites"}, frozenset()),
    "items": ({"items": "[@item]"}, frozenset()),
    "item": ({"text": "text", "cite": "cites", "verdict": "verdict"}, frozenset(("verdict",))),  # claims: verdict
    "table-block": ({"table": "@table", "cite": "cites"}, frozenset()),
    "table": ({"caption": "text", "columns": "texts", "rows": "[texts]"}, frozenset(("caption",))),
    "card-line": ({"label": "text", "text": "text", "cite": "cites"}, frozenset()),
    "timeline-row": ({"label": "text", "kind": "text", "start": "hours", "end": "hours", "upto": "hours",
                      "figure": "text", "basis": "text", "cite": "cites", "note": "@statement"},
                     frozenset(("kind", "start", "end", "upto", "note"))),
    "interaction-class": ({"id": "text", "name": "text", "concern": "text", "effect": "text", "advice": "text",
                           "cite": "cites", "advice_cite": "cites", "words": "texts", "members": "[@members]",
                           "lists": "[@class-list]", "covers": "texts"},
                          frozenset(("advice_cite", "words", "members", "lists", "covers"))),
    "members": ({"names": "texts", "cite": "cites"}, frozenset()),
    "class-list": ({"list": "text", "cite": "cites"}, frozenset()),
    "product": ({"name": "text", "also": "texts", "ingredients": "texts", "cite": "cites"}, frozenset(("also",))),
    "comparison": ({"title": "text", "help": "text", "rows": "[@comparison-row]", "note": "text"},
                   frozenset(("help",))),
    "comparison-row": ({"key": "text", "title": "text"}, frozenset()),
    "comparator": ({"generic": "text", "brands": "texts", "cells": "{cell}"}, frozenset(("brands",))),
    "cell": ({"text": "text", "cite": "cites", "quote": "text"}, frozenset(("quote",))),
    "unverified-cell": ({"unverified": "text"}, frozenset()),
}  # fmt: skip


BLOCKS = ("heading", "statement", "items", "table-block")  # a body block is exactly one of these


def keys(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The required and the optional keys of a kind of mapping, in the table's order."""
    fields, optional = SHAPES[kind]
    return tuple(k for k in fields if k not in optional), tuple(k for k in fields if k in optional)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a knowledge file, for editors: keys and kinds of values. The loader
    checks more (cross-references, section keys, hours in order); `soma-info validate` reports all of it."""
    text: dict[str, Any] = {"type": ["string", "number", "boolean"]}  # every scalar is read as text
    values: dict[str, dict[str, Any]] = {
        "text": text,
        "texts": {"type": "array", "items": text, "minItems": 1},
        "hours": {"type": ["string", "number"]},
        "verdict": {"enum": list(VERDICTS)},
        "cites": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9.-]*$"}, "minItems": 1},
        "[texts]": {"type": "array", "items": {"type": "array", "items": text, "minItems": 1}, "minItems": 1},
        "[block]": {"type": "array", "items": {"oneOf": [{"$ref": f"#/$defs/{b}"} for b in BLOCKS]}, "minItems": 1},
        "{cell}": {"type": "object", "additionalProperties": {"oneOf": [{"$ref": "#/$defs/cell"},
                                                                         {"$ref": "#/$defs/unverified-cell"}]}},
    }  # fmt: skip

    def value(spec: str) -> dict[str, Any]:
        if spec.startswith("[@"):
            return {"type": "array", "items": {"$ref": f"#/$defs/{spec[2:-1]}"}, "minItems": 1}
        if spec.startswith("@"):
            return {"$ref": f"#/$defs/{spec[1:]}"}
        return values[spec]

    definitions = {
        kind: {
            "type": "object",
            "properties": {key: value(spec) for key, spec in fields.items()},
            "required": list(keys(kind)[0]),
            "additionalProperties": False,
        }
        for kind, (fields, _) in SHAPES.items()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "soma-info knowledge file",
        "description": f"The knowledge file of soma-info, schema version {SCHEMA_VERSION}. Written from "
        "soma_info.knowledge.shapes.SHAPES; print it with `soma-info schema`.",
        "$ref": "#/$defs/file",
        "$defs": definitions,
    }
