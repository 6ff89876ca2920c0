"""Validators of the monograph's own parts: its identity, sources, sections (blocks, briefs, claims), card and
timeline, and the cross-references between them. Each takes the checker and returns records.
"""

from __future__ import annotations

from soma_info.knowledge.checker import Checker, Path_, is_https_url, is_id
from soma_info.knowledge.model import (
    BRIEF_ITEMS,
    BRIEF_TEXT,
    HALF_LIFE,
    HELP_TEXT,
    SPAN,
    TIMELINE_KINDS,
    VERDICTS,
    Block,
    CardLine,
    FactTable,
    Identity,
    Section,
    Source,
    Statement,
    StatementList,
    Subheading,
    TimelineRow,
)
from soma_info.knowledge.sections import CANONICAL_KEYS, normalise

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any

SOURCE_KINDS = frozenset(
    ("label", "archived-label", "regulation", "regulator", "pharmacogenomics", "literature", "reference")
)


def identity(check: Checker, value: Any, where: Path_) -> Identity:
    fields = check.shape(value, where, "monograph")
    texts = {k: check.get(fields, k, where, check.text) for k in Identity._fields if k != "brand_names"}
    return Identity(brand_names=check.get(fields, "brand_names", where, check.texts, ()), **texts)


def sources(check: Checker, value: Any, where: Path_) -> tuple[Source, ...]:
    found = []
    for at, item in check.items(value, where, "sources"):
        fields = check.shape(item, at, "source")
        source = Source(**{k: check.get(fields, k, at, check.text) for k in Source._fields})
        if source.id and not is_id(source.id):
            check.fail((*at, "id"), f"source id {source.id!r} must be lowercase letters, digits, '.' and '-'")
        if source.url and not is_https_url(source.url):
            check.fail((*at, "url"), f"{source.url!r} is not a well-formed https:// URL")
        if source.kind and source.kind not in SOURCE_KINDS:
            check.fail((*at, "kind"), f"kind {source.kind!r} is not one of: {', '.join(sorted(SOURCE_KINDS))}")
        found.append(source)
    return tuple(found)


def sections(check: Checker, value: Any, where: Path_) -> tuple[Section, ...]:
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
                help=check.get(fields, "help", at, lambda v, w: help_line(check, v, w), ""),
            )
        )
        _claims(check, found[-1], at)
    return tuple(found)


def help_line(check: Checker, value: Any, where: Path_) -> str:
    """A command's one-line help, short enough that Click shows it whole (check.text folds line breaks)."""
    text: str = check.text(value, where)
    if len(text) > HELP_TEXT:
        check.fail(where, f"must be at most {HELP_TEXT} characters (it is {len(text)}), as --help shows it")
    return text


def _brief(check: Checker, value: Any, where: Path_) -> tuple[Statement, ...]:
    """A section's key figures, each {text, cite} and short enough for one line; 3 to 5 of them."""
    entries = check.items(value, where, "brief items")
    fewest, most = BRIEF_ITEMS
    if entries and not fewest <= len(entries) <= most:
        check.fail(where, f"holds {len(entries)} items; a brief holds {fewest} to {most}")
    items = tuple(statement(check, w, v) for w, v in entries)
    for (at, _), item in zip(entries, items, strict=True):
        if len(item.text) > BRIEF_TEXT:
            check.fail(
                (*at, "text"),
                f"is {len(item.text)} characters; a brief item has at most {BRIEF_TEXT}, to fit one line",
            )
    return items


_BLOCK_KINDS = ("heading", "text", "items", "table")


def _block(check: Checker, where: Path_, value: Any) -> Block:
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
        return StatementList(tuple(statement(check, w, v, "item") for w, v in entries))
    if kinds == ["text"]:
        return statement(check, where, value)
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


def statement(check: Checker, where: Path_, value: Any, kind: str = "statement") -> Statement:
    """A statement; an ``item`` of a body's list may be a checked claim, with its verdict."""
    fields = check.shape(value, where, kind)
    text = check.get(fields, "text", where, check.text)
    statement = Statement(text, check.get(fields, "cite", where, check.texts, ()),
                          check.get(fields, "verdict", where, lambda v, w: _verdict(check, v, w)))  # fmt: skip
    if statement.verdict and text and statement.verdict_at() is None:
        words = statement.verdict[0].upper() + statement.verdict[1:]
        check.fail((*where, "text"), f"must state its verdict as '— {words}.', as the verdict key says")
    return statement


def _verdict(check: Checker, value: Any, where: Path_) -> str:
    verdict: str = check.text(value, where)
    if verdict and verdict not in VERDICTS:
        check.fail(where, f"{verdict!r} is not a verdict (expected one of: {', '.join(VERDICTS)})")
        return ""
    return verdict


def _claims(check: Checker, section: Section, where: Path_) -> None:
    """A verdict belongs to a checked claim: each item of the claims section's lists has one, no other item does."""
    for i, block in enumerate(section.body):
        for j, item in enumerate(block.items if isinstance(block, StatementList) else ()):
            at: Path_ = (*where, "body", i, "items", j)
            if section.key == "claims" and not item.verdict:
                check.fail(at, "a checked claim must have a verdict (key 'verdict')")
            elif section.key != "claims" and item.verdict:
                check.fail((*at, "verdict"), "only a claim, an item of the claims section's lists, has a verdict")


def integrity(
    check: Checker,
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
            if folded and names.setdefault(folded, section.key) != section.key:
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


def card(check: Checker, value: Any, where: Path_) -> tuple[CardLine, ...]:
    lines = []
    for at, item in check.items(value, where, "card lines"):
        fields = check.shape(item, at, "card-line")
        label, text = check.get(fields, "label", at, check.text), check.get(fields, "text", at, check.text)
        lines.append(CardLine(label, text, check.get(fields, "cite", at, check.texts, ())))
    return tuple(lines)


def _hours(check: Checker, value: Any, where: Path_) -> float | None:
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


def timeline(check: Checker, value: Any, where: Path_) -> tuple[TimelineRow, ...]:
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
                note=check.get(fields, "note", at, lambda v, w: statement(check, w, v), None),
            )
        )
    return tuple(rows)


def _names_a_half_life(label: Any) -> bool:
    return isinstance(label, str) and any(w in label.lower() for w in ("half-life", "half life", "halflife"))
