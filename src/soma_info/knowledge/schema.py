"""The knowledge-file schema: walk the parsed YAML, collect every problem, build the Monograph.

Problems are collected, not raised one by one, so that `soma-info validate` can list them all; each one
names its key path, and the caller can add the line it sits on.
"""

from __future__ import annotations

from soma_info.knowledge.model import (
    BRIEF_ITEMS,
    BRIEF_TEXT,
    HALF_LIFE,
    HELP_TEXT,
    SCHEMA_VERSION,
    SPAN,
    TIMELINE_KINDS,
    VERDICTS,
    Block,
    CardLine,
    Cell,
    Comparator,
    Comparison,
    ComparisonRow,
    FactTable,
    Identity,
    InteractionClass,
    KnowledgeError,
    Members,
    Monograph,
    Problem,
    Product,
    Section,
    Source,
    Statement,
    StatementList,
    Subheading,
    TimelineRow,
)
from soma_info.knowledge.sections import CANONICAL_KEYS, RESERVED_NAMES, normalise
from soma_info.knowledge.text import visible
from soma_info.knowledge.vocabulary import fold

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Locator = Callable[[tuple[str | int, ...]], tuple[int, int] | None]

MAX_PROBLEMS = 200  # a pathological file must not produce an endless report
SOURCE_KINDS = frozenset(
    ("label", "archived-label", "regulation", "regulator", "pharmacogenomics", "literature", "reference")
)
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")


def _is_id(text: str) -> bool:
    return text[:1].isalnum() and text.isascii() and _ID_CHARS.issuperset(text)


def _is_https_url(text: str) -> bool:
    """https://host[:port][/path], with a dotted host name and no spaces, quotes or angle brackets."""
    if not text.startswith("https://") or any(c in text for c in ' "<>') or not text.isprintable():
        return False
    host = text[len("https://") :].split("/", 1)[0]
    name, _, port = host.partition(":")
    labels = name.split(".")
    return (
        _HOST_CHARS.issuperset(host)
        and len(labels) > 1
        and all(labels)
        and (not port or (port.isdigit() and 0 < int(port) <= 65535))
    )


Path_ = tuple[str | int, ...]

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
# Where a file's timeline is drawn when it does not say (timeline_in): where every schema-2 file drew it
# before the key existed, so that a file written then still shows it.
TIMELINE_IN = "onset"


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
        "soma_info.knowledge.schema.SHAPES; print it with `soma-info schema`.",
        "$ref": "#/$defs/file",
        "$defs": definitions,
    }


def _show(where: Path_) -> str:
    out = ""
    for step in where:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


class _Checker:
    """Walks the parsed YAML along the schema, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[tuple[Path_, str]] = []

    def fail(self, where: Path_, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((where, message))

    def mapping(
        self, value: Any, where: Path_, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"must be a mapping with {', '.join(required)}, not {_kind(value)}")
            return {}
        for key in value:
            if key not in required and key not in optional:
                known = ", ".join((*required, *optional))
                self.fail((*where, str(key)), f"unknown key {key!r} (expected one of: {known})")
        for key in required:
            if key not in value:
                self.fail(where, f"missing required key {key!r}")
        return value

    def shape(self, value: Any, where: Path_, kind: str) -> dict[str, Any]:
        return self.mapping(value, where, *keys(kind))

    def text(self, value: Any, where: Path_) -> str:
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {_kind(value)}")
            return ""
        shown = visible(value)
        if not shown:
            self.fail(where, "must not be empty")
        return shown

    def texts(self, value: Any, where: Path_) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.fail(where, f"must be a non-empty list of text, not {_kind(value)}")
            return ()
        return tuple(self.text(item, (*where, i)) for i, item in enumerate(value))

    def get(self, fields: dict[str, Any], key: str, where: Path_, convert: Any, default: Any = "") -> Any:
        """Convert fields[key] when present; a missing key was already reported by `mapping`."""
        return convert(fields[key], (*where, key)) if key in fields else default

    def items(self, value: Any, where: Path_, what: str) -> list[tuple[Path_, Any]]:
        if not isinstance(value, list) or not value:
            self.fail(where, f"must be a non-empty list of {what}, not {_kind(value)}")
            return []
        return [((*where, i), item) for i, item in enumerate(value)]


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, str):
        return "empty text" if not value.strip() else "text"
    return f"a {type(value).__name__}"


def validate(path: str, data: Any, locate: Locator | None = None) -> Monograph:
    """Build the Monograph, or raise KnowledgeError listing every problem (with its line, given a locator)."""
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else "a single value"
        raise _fail(path, f"the top level must be a mapping (schema, monograph, ...), not {shape}")
    check = _Checker()
    top = check.shape(data, (), "file")
    schema = check.get(top, "schema", (), check.text)
    if schema and schema != SCHEMA_VERSION:
        check.fail(("schema",), f"schema version {schema!r} is not supported (this program reads {SCHEMA_VERSION!r})")
    identity = check.get(top, "monograph", (), lambda v, w: _identity(check, v, w), None)
    notice = check.get(top, "notice", (), check.text)
    sources = check.get(top, "sources", (), lambda v, w: _sources(check, v, w), ())
    sections = check.get(top, "sections", (), lambda v, w: _sections(check, v, w), ())
    card = check.get(top, "card", (), lambda v, w: _card(check, v, w), ())
    timeline = check.get(top, "timeline", (), lambda v, w: _timeline(check, v, w), ())
    timeline_in = check.get(top, "timeline_in", (), check.text, TIMELINE_IN if timeline else "")
    if timeline_in and timeline_in not in {s.key for s in sections}:
        check.fail(("timeline_in",), f"timeline_in names {timeline_in!r}, which is not a section key of this file")
    interactions = check.get(top, "interactions", (), lambda v, w: _interactions(check, v, w), ())
    unlisted = check.get(top, "unlisted", (), lambda v, w: _statement(check, w, v), None)
    products = check.get(top, "products", (), lambda v, w: _products(check, v, w), ())
    comparison = check.get(top, "comparison", (), lambda v, w: _comparison(check, v, w), None)
    rows = tuple(r.key for r in comparison.rows) if comparison else ()
    comparators = check.get(top, "comparators", (), lambda v, w: _comparators(check, v, w, rows), ())
    cited = _other_citations(card, timeline, interactions, products) + _comparator_citations(comparators)
    cited += [(("unlisted",), unlisted.cite)] if unlisted else []
    names = _integrity(check, sources, sections, cited)
    _quotes(check, sources, comparators)
    classes_of = _class_index(check, interactions)
    product_of = _product_index(check, products, classes_of)
    comparators = _comparator_order(check, top, identity, comparators)
    if check.problems:
        raise KnowledgeError(path, _placed(check.problems, locate))
    ordered = tuple(sorted(sections, key=lambda s: CANONICAL_KEYS.index(s.key)))
    return Monograph(
        identity,
        notice,
        sources,
        ordered,
        names,
        card,
        timeline,
        interactions,
        products,
        classes_of,
        product_of,
        comparison,
        comparators,
        unlisted,
        timeline_in,
    )


def _placed(found: list[tuple[Path_, str]], locate: Locator | None) -> list[Problem]:
    problems = []
    for where, message in found:
        mark = locate(where) if locate is not None else None
        problems.append(Problem(_show(where), message, *(mark or (None, None))))
    return problems


def _identity(check: _Checker, value: Any, where: Path_) -> Identity:
    fields = check.shape(value, where, "monograph")
    texts = {k: check.get(fields, k, where, check.text) for k in Identity._fields if k != "brand_names"}
    return Identity(brand_names=check.get(fields, "brand_names", where, check.texts, ()), **texts)


def _sources(check: _Checker, value: Any, where: Path_) -> tuple[Source, ...]:
    found = []
    for at, item in check.items(value, where, "sources"):
        fields = check.shape(item, at, "source")
        source = Source(**{k: check.get(fields, k, at, check.text) for k in Source._fields})
        if source.id and not _is_id(source.id):
            check.fail((*at, "id"), f"source id {source.id!r} must be lowercase letters, digits, '.' and '-'")
        if source.url and not _is_https_url(source.url):
            check.fail((*at, "url"), f"{source.url!r} is not a well-formed https:// URL")
        if source.kind and source.kind not in SOURCE_KINDS:
            check.fail((*at, "kind"), f"kind {source.kind!r} is not one of: {', '.join(sorted(SOURCE_KINDS))}")
        found.append(source)
    return tuple(found)


def _sections(check: _Checker, value: Any, where: Path_) -> tuple[Section, ...]:
    found = []
    for at, item in check.items(value, where, "sections"):
        fields = check.shape(item, at, "section")
        key = check.get(fields, "key", at, check.text)
        if key not in CANONICAL_KEYS:
            if key:
                check.fail(
                    (*at, "key"),
                    f"{key!r} is not a section key (expected one of: {', '.join(CANONICAL_KEYS)})",
                )
            continue
        blocks = check.get(fields, "body", at, lambda v, w: check.items(v, w, "blocks"), [])
        found.append(
            Section(
                key=key,
                title=check.get(fields, "title", at, check.text),
                aliases=check.get(fields, "aliases", at, check.texts, ()),
                summary=check.get(fields, "summary", at, check.text),
                body=tuple(_block(check, w, b) for w, b in blocks),
                brief=check.get(fields, "brief", at, lambda v, w: _brief(check, v, w), ()),
                help=check.get(fields, "help", at, lambda v, w: _help(check, v, w), ""),
            )
        )
        _claims(check, found[-1], at)
    return tuple(found)


def _help(check: _Checker, value: Any, where: Path_) -> str:
    """A command's one-line help, short enough that Click shows it whole (check.text folds line breaks)."""
    text: str = check.text(value, where)
    if len(text) > HELP_TEXT:
        check.fail(where, f"must be at most {HELP_TEXT} characters (it is {len(text)}), as --help shows it")
    return text


def _brief(check: _Checker, value: Any, where: Path_) -> tuple[Statement, ...]:
    """A section's key figures, each {text, cite} and short enough for one line; 3 to 5 of them."""
    entries = check.items(value, where, "brief items")
    fewest, most = BRIEF_ITEMS
    if entries and not fewest <= len(entries) <= most:
        check.fail(where, f"holds {len(entries)} items; a brief holds {fewest} to {most}")
    items = tuple(_statement(check, w, v) for w, v in entries)
    for (at, _), item in zip(entries, items, strict=True):
        if len(item.text) > BRIEF_TEXT:
            check.fail(
                (*at, "text"),
                f"is {len(item.text)} characters; a brief item has at most {BRIEF_TEXT}, to fit one line",
            )
    return items


_BLOCK_KINDS = ("heading", "text", "items", "table")


def _block(check: _Checker, where: Path_, value: Any) -> Block:
    kinds = [k for k in _BLOCK_KINDS if isinstance(value, dict) and k in value]
    if len(kinds) != 1:
        check.fail(where, f"a block must have exactly one of: {', '.join(_BLOCK_KINDS)}")
        return Subheading("")
    if kinds == ["heading"]:
        check.shape(value, where, "heading")
        return Subheading(check.text(value["heading"], (*where, "heading")))
    if kinds == ["items"]:
        check.shape(value, where, "items")
        entries = check.items(value["items"], (*where, "items"), "items")
        return StatementList(tuple(_statement(check, w, v, "item") for w, v in entries))
    if kinds == ["text"]:
        return _statement(check, where, value)
    fields = check.shape(value, where, "table-block")
    table = check.shape(value["table"], (*where, "table"), "table")
    at: Path_ = (*where, "table")
    columns = check.get(table, "columns", at, check.texts, ())
    rows = []
    for row_at, row in check.get(table, "rows", at, lambda v, w: check.items(v, w, "rows"), []):
        cells = check.texts(row, row_at)
        if cells and columns and len(cells) != len(columns):
            check.fail(row_at, f"has {len(cells)} cells but the table has {len(columns)} columns")
        rows.append(cells)
    caption = check.get(table, "caption", at, check.text)
    return FactTable(caption, columns, tuple(rows), check.get(fields, "cite", where, check.texts, ()))


def _statement(check: _Checker, where: Path_, value: Any, kind: str = "statement") -> Statement:
    """A statement; an ``item`` of a body's list may be a checked claim, with its verdict."""
    fields = check.shape(value, where, kind)
    text = check.get(fields, "text", where, check.text)
    statement = Statement(text, check.get(fields, "cite", where, check.texts, ()),
                          check.get(fields, "verdict", where, lambda v, w: _verdict(check, v, w)))  # fmt: skip
    if statement.verdict and text and statement.verdict_at() is None:
        words = statement.verdict[0].upper() + statement.verdict[1:]
        check.fail((*where, "text"), f"must state its verdict as '— {words}.', as the verdict key says")
    return statement


def _verdict(check: _Checker, value: Any, where: Path_) -> str:
    verdict: str = check.text(value, where)
    if verdict and verdict not in VERDICTS:
        check.fail(where, f"{verdict!r} is not a verdict (expected one of: {', '.join(VERDICTS)})")
        return ""
    return verdict


def _claims(check: _Checker, section: Section, where: Path_) -> None:
    """A verdict belongs to a checked claim: each item of the claims section's lists has one, no other item does."""
    for i, block in enumerate(section.body):
        for j, item in enumerate(block.items if isinstance(block, StatementList) else ()):
            at: Path_ = (*where, "body", i, "items", j)
            if section.key == "claims" and not item.verdict:
                check.fail(at, "a checked claim must have a verdict (key 'verdict')")
            elif section.key != "claims" and item.verdict:
                check.fail((*at, "verdict"), "only a claim, an item of the claims section's lists, has a verdict")


def _integrity(
    check: _Checker,
    sources: tuple[Source, ...],
    sections: tuple[Section, ...],
    other: list[tuple[Path_, tuple[str, ...]]],
) -> dict[str, str]:
    """Cross-references: unique ids, resolvable and used sources, every canonical section, unique names."""
    ids: dict[str, int] = {}
    for i, source in enumerate(sources):
        if source.id in ids:
            check.fail(("sources", i, "id"), f"source id {source.id!r} is used twice")
        ids.setdefault(source.id, i)
    used: set[str] = set()
    names: dict[str, str] = {}
    for i, section in enumerate(sections):
        for source_id in section.source_ids:
            used.add(source_id)
            if source_id and source_id not in ids:
                check.fail(("sections", i), f"section {section.key!r} cites {source_id!r}, which is not in sources")
        for j, item in enumerate(section.brief):
            for source_id in item.cite:
                if source_id and source_id not in ids:
                    check.fail(("sections", i, "brief", j, "cite"), f"cites {source_id!r}, which is not in sources")
                elif source_id and source_id not in section.source_ids:
                    check.fail(
                        ("sections", i, "brief", j, "cite"),
                        f"cites {source_id!r}, which the section's body does not cite (a brief restates the body)",
                    )
        for name in (section.key, *section.aliases):
            folded = normalise(name)
            if folded in RESERVED_NAMES:
                check.fail(("sections", i, "aliases"), f"{name!r} is a command name and cannot name a section")
            elif folded and names.setdefault(folded, section.key) != section.key:
                check.fail(("sections", i, "aliases"), f"{name!r} already names section {names[folded]!r}")
    for where, cite in other:
        for source_id in cite:
            used.add(source_id)
            if source_id and source_id not in ids:
                check.fail(where, f"cites {source_id!r}, which is not in sources")
    present = [s.key for s in sections]
    for key in CANONICAL_KEYS:
        if present.count(key) > 1:
            check.fail(("sections",), f"section {key!r} appears {present.count(key)} times")
        elif key not in present and sections:
            check.fail(("sections",), f"section {key!r} is missing")
    for source_id, i in ids.items():
        if source_id and source_id not in used:
            check.fail(("sources", i), f"source {source_id!r} is never cited")
    return names


def _card(check: _Checker, value: Any, where: Path_) -> tuple[CardLine, ...]:
    lines = []
    for at, item in check.items(value, where, "card lines"):
        fields = check.shape(item, at, "card-line")
        label, text = check.get(fields, "label", at, check.text), check.get(fields, "text", at, check.text)
        lines.append(CardLine(label, text, check.get(fields, "cite", at, check.texts, ())))
    return tuple(lines)


def _hours(check: _Checker, value: Any, where: Path_) -> float | None:
    text = check.text(value, where)
    try:
        hours = float(text)
    except ValueError:
        check.fail(where, f"{text!r} is not a number of hours")
        return None
    if not 0 <= hours <= 72:
        check.fail(where, f"{text} hours is outside 0 to 72")
        return None
    return hours


def _timeline(check: _Checker, value: Any, where: Path_) -> tuple[TimelineRow, ...]:
    rows = []
    for at, item in check.items(value, where, "timeline rows"):
        fields = check.shape(item, at, "timeline-row")
        kind = check.get(fields, "kind", at, check.text, SPAN)
        if kind not in TIMELINE_KINDS:
            check.fail((*at, "kind"), f"kind {kind!r} is not one of: {', '.join(TIMELINE_KINDS)}")
        hours = {k: check.get(fields, k, at, lambda v, w: _hours(check, v, w), None) for k in ("start", "end", "upto")}
        start, end, upto = hours["start"], hours["end"], hours["upto"]
        if kind == HALF_LIFE:
            # A half-life is not an interval after the dose: drawn from 0 to its value it reads as "gone by then".
            for key in ("start", "end", "upto"):
                if key in fields:
                    check.fail(
                        (*at, key), f"a half-life is not a span after a dose and takes no {key} (give its figure)"
                    )
            start = end = upto = None
        elif "note" in fields:
            check.fail((*at, "note"), "only a half-life row has a note")
        elif _names_a_half_life(fields.get("label")):
            check.fail((*at, "kind"), "a half-life must be kind: half-life, not a span drawn from the dose")
        elif ("start" in fields) != ("end" in fields) or ("upto" in fields and "end" not in fields):
            check.fail(at, "a span needs both start and end (and upto only with them)")
        elif start is not None and end is not None and not start <= end <= (upto if upto is not None else end):
            check.fail(at, "the hours must run start <= end <= upto")
        rows.append(
            TimelineRow(
                label=check.get(fields, "label", at, check.text),
                start=start,
                end=end,
                upto=upto,
                figure=check.get(fields, "figure", at, check.text),
                basis=check.get(fields, "basis", at, check.text),
                cite=check.get(fields, "cite", at, check.texts, ()),
                kind=kind,
                note=check.get(fields, "note", at, lambda v, w: _statement(check, w, v), None),
            )
        )
    return tuple(rows)


def _names_a_half_life(label: Any) -> bool:
    return isinstance(label, str) and any(w in label.lower() for w in ("half-life", "half life", "halflife"))


def _interactions(check: _Checker, value: Any, where: Path_) -> tuple[InteractionClass, ...]:
    groups = []
    for at, item in check.items(value, where, "interaction classes"):
        fields = check.shape(item, at, "interaction-class")
        members = []
        for member_at, member in check.get(fields, "members", at, lambda v, w: check.items(v, w, "members"), []):
            entry = check.shape(member, member_at, "members")
            members.append(
                Members(
                    names=tuple(fold(n) for n in check.get(entry, "names", member_at, check.texts, ())),
                    cite=check.get(entry, "cite", member_at, check.texts, ()),
                )
            )
        members += _listed_members(check, fields, at, members)
        words = check.get(fields, "words", at, check.texts, ())
        if not members and not words and isinstance(item, dict):
            check.fail(at, "an interaction class needs members, words, lists, or some of them")
        groups.append(
            InteractionClass(
                id=check.get(fields, "id", at, check.text),
                name=check.get(fields, "name", at, check.text),
                concern=check.get(fields, "concern", at, check.text),
                effect=check.get(fields, "effect", at, check.text),
                advice=check.get(fields, "advice", at, check.text),
                cite=check.get(fields, "cite", at, check.texts, ()),
                words=tuple(fold(w) for w in words),
                members=tuple(members),
                advice_cite=check.get(fields, "advice_cite", at, check.texts, ()),
                covers=check.get(fields, "covers", at, check.texts, ()),
            )
        )
    _check_covers(check, groups)
    return tuple(groups)


def _listed_members(check: _Checker, fields: dict[str, Any], at: Path_, members: list[Members]) -> list[Members]:
    """The members a class draws from regulator lists (its ``lists`` key), each list's names once per class:
    a drug on two of its lists is filed under the first, and a drug its own members already name is not
    repeated (the hand-written row, with its own source, says it)."""
    entries = check.get(fields, "lists", at, lambda v, w: check.items(v, w, "lists"), [])
    if not entries:
        return []
    from soma_info.knowledge import classlists  # only a file that names lists pays for reading them

    shipped = classlists.load()
    seen = {n for m in members for n in m.names}
    found = []
    for list_at, entry in entries:
        fields_ = check.shape(entry, list_at, "class-list")
        listed = check.get(fields_, "list", list_at, check.text)
        if listed and listed not in shipped.members:
            known = ", ".join(sorted(shipped.members))
            check.fail((*list_at, "list"), f"no class list is called {listed!r}; the shipped lists are: {known}")
            continue
        names = tuple(n for n in shipped.names(listed) if n not in seen)
        seen.update(names)
        if names:
            found.append(Members(names, check.get(fields_, "cite", list_at, check.texts, ()), listed))
    return found


def _check_covers(check: _Checker, groups: list[InteractionClass]) -> None:
    ids = {g.id for g in groups}
    for i, group in enumerate(groups):
        for other in group.covers:
            if other not in ids or other == group.id:
                check.fail(("interactions", i, "covers"), f"covers names {other!r}, which is not another class's id")


def _products(check: _Checker, value: Any, where: Path_) -> tuple[Product, ...]:
    found = []
    for at, item in check.items(value, where, "products"):
        fields = check.shape(item, at, "product")
        found.append(
            Product(
                name=check.get(fields, "name", at, check.text),
                also=check.get(fields, "also", at, check.texts, ()),
                ingredients=tuple(fold(n) for n in check.get(fields, "ingredients", at, check.texts, ())),
                cite=check.get(fields, "cite", at, check.texts, ()),
            )
        )
    return tuple(found)


def _other_citations(
    card: tuple[CardLine, ...],
    timeline: tuple[TimelineRow, ...],
    interactions: tuple[InteractionClass, ...],
    products: tuple[Product, ...],
) -> list[tuple[Path_, tuple[str, ...]]]:
    found: list[tuple[Path_, tuple[str, ...]]] = [(("card", i), line.cite) for i, line in enumerate(card)]
    found += [(("timeline", i), row.cite) for i, row in enumerate(timeline)]
    found += [(("timeline", i, "note"), row.note.cite) for i, row in enumerate(timeline) if row.note]
    for i, group in enumerate(interactions):
        found.append((("interactions", i), group.cite))
        found += [(("interactions", i, "advice_cite"), group.advice_cite)] if group.advice_cite else []
        found += [(("interactions", i, "members", j), m.cite) for j, m in enumerate(group.members)]
    found += [(("products", i), product.cite) for i, product in enumerate(products)]
    return found


def _comparison(check: _Checker, value: Any, where: Path_) -> Comparison:
    """The layout of `compare`: the rows (a key for the cells, a title for users) and the line under the table."""
    fields = check.shape(value, where, "comparison")
    rows: list[ComparisonRow] = []
    for at, item in check.get(fields, "rows", where, lambda v, w: check.items(v, w, "rows"), []):
        row = check.shape(item, at, "comparison-row")
        key = check.get(row, "key", at, check.text)
        if key and not _is_row_key(key):
            check.fail((*at, "key"), f"row key {key!r} must be lowercase letters, digits and '_'")
        elif key and any(r.key == key for r in rows):
            check.fail((*at, "key"), f"row key {key!r} is used twice")
        rows.append(ComparisonRow(key, check.get(row, "title", at, check.text)))
    return Comparison(
        title=check.get(fields, "title", where, check.text),
        rows=tuple(rows),
        note=check.get(fields, "note", where, check.text),
        help=check.get(fields, "help", where, lambda v, w: _help(check, v, w), ""),
    )


def _is_row_key(text: str) -> bool:
    return text[:1].isalpha() and text.isascii() and frozenset("abcdefghijklmnopqrstuvwxyz0123456789_").issuperset(text)


def _comparators(check: _Checker, value: Any, where: Path_, rows: tuple[str, ...]) -> tuple[Comparator, ...]:
    """Every drug in the comparison, with exactly one cell per row; each cell sourced, or marked unverified."""
    found: list[Comparator] = []
    seen: dict[str, str] = {}  # every folded generic and brand name -> the generic it names
    for at, item in check.items(value, where, "comparators"):
        fields = check.shape(item, at, "comparator")
        generic = check.get(fields, "generic", at, check.text)
        brands = check.get(fields, "brands", at, check.texts, ())
        cells: dict[str, Cell] = {}
        given = check.get(fields, "cells", at, lambda v, w: v, {})
        if not isinstance(given, dict):
            check.fail((*at, "cells"), f"must be a mapping of row keys to cells, not {_kind(given)}")
            given = {}
        for key, cell in given.items():
            if key not in rows:
                expected = ", ".join(rows) if rows else "none: the file has no comparison rows"
                check.fail((*at, "cells", str(key)), f"unknown row {key!r} (expected one of: {expected})")
                continue
            cells[key] = _cell(check, cell, (*at, "cells", key))
        for key in rows:
            if isinstance(fields.get("cells"), dict) and key not in given:
                check.fail((*at, "cells"), f"missing the cell for row {key!r}")
        for name in dict.fromkeys(fold(n) for n in (generic, *brands) if n):
            if name in seen:
                check.fail(at, f"the name {name!r} already names the comparator {seen[name]!r}")
            seen[name] = generic
        found.append(Comparator(generic, brands, cells))
    if found and not rows:
        check.fail(where, "comparators need a comparison section with the rows their cells fill")
    return tuple(found)


def _cell(check: _Checker, value: Any, where: Path_) -> Cell:
    """{text, cite, quote} for a finding ("not stated in the label" is one), or {unverified: why} for a cell
    that was not read: never both, and never a finding without a source."""
    if isinstance(value, dict) and "unverified" in value:
        check.shape(value, where, "unverified-cell")
        return Cell("", (), check.text(value["unverified"], (*where, "unverified")) or "unverified")
    fields = check.shape(value, where, "cell")
    return Cell(
        check.get(fields, "text", where, check.text),
        check.get(fields, "cite", where, check.texts, ()),
        quote=check.get(fields, "quote", where, check.text, ""),
    )


LABEL_KINDS = frozenset(("label", "archived-label"))


def _quotes(check: _Checker, sources: tuple[Source, ...], comparators: tuple[Comparator, ...]) -> None:
    """A cell that rests on another drug's label carries that label's own words (quote), so that the next
    reader can check it against the label in a minute; a quote is the words read, so it is never the cell's
    own wording. The monograph's own label is cited section by section (its sources carry a section) and is
    restated, statement by statement, in this file's sections; a cell may quote it, but need not."""
    whole_labels = {source.id for source in sources if source.kind in LABEL_KINDS and not source.section}
    for i, comparator in enumerate(comparators):
        for key, cell in comparator.cells.items():
            at: Path_ = ("comparators", i, "cells", key)
            if not cell.verified:
                continue
            if whole_labels.intersection(cell.cite) and not cell.quote:
                check.fail(at, "rests on a label, so it needs a quote: the label's words it rests on")
            elif cell.quote and " ".join(cell.quote.split()) == " ".join(cell.text.split()):
                check.fail((*at, "quote"), "must be the label's words as read, not the cell's own text")


def _comparator_citations(comparators: tuple[Comparator, ...]) -> list[tuple[Path_, tuple[str, ...]]]:
    return [
        (("comparators", i, "cells", key), cell.cite)
        for i, comparator in enumerate(comparators)
        for key, cell in comparator.cells.items()
    ]


def _comparator_order(
    check: _Checker, top: dict[str, Any], identity: Identity | None, comparators: tuple[Comparator, ...]
) -> tuple[Comparator, ...]:
    """The monograph's own drug first (it must be in the table), then the others in the file's order."""
    if "comparison" in top and "comparators" not in top:
        check.fail(("comparison",), "a comparison needs comparators to compare")
    if not comparators or identity is None:
        return comparators
    own = [c for c in comparators if fold(c.generic) == fold(identity.generic_name)]
    if not own:
        check.fail(("comparators",), f"the monograph's own drug, {identity.generic_name!r}, is not a comparator")
    return (*own, *(c for c in comparators if c not in own))


def _class_index(check: _Checker, interactions: tuple[InteractionClass, ...]) -> dict[str, tuple[int, ...]]:
    """Every generic name and class word -> the classes it is in; a name may be in several, once in each."""
    index: dict[str, tuple[int, ...]] = {}
    ids: set[str] = set()
    for i, group in enumerate(interactions):
        if group.id in ids:
            check.fail(("interactions", i, "id"), f"interaction class id {group.id!r} is used twice")
        ids.add(group.id)
        for name in (*group.words, *(n for m in group.members for n in m.names)):
            if i in index.get(name, ()):
                check.fail(("interactions", i), f"the name {name!r} is listed twice in {group.id!r}")
            elif name:
                index[name] = (*index.get(name, ()), i)
    return index


def _product_index(
    check: _Checker, products: tuple[Product, ...], classes_of: dict[str, tuple[int, ...]]
) -> dict[str, int]:
    """Every product name -> its index; a product name must not also be a generic name or class word."""
    index: dict[str, int] = {}
    for i, product in enumerate(products):
        for name in dict.fromkeys(fold(n) for n in (product.name, *product.also)):
            if name in index or name in classes_of:
                check.fail(("products", i), f"the product name {name!r} is listed twice")
            elif name:
                index[name] = i
    return index


def _fail(path: str, message: str) -> KnowledgeError:
    return KnowledgeError(path, [Problem("", message)])
