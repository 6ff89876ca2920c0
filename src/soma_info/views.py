"""What each command shows, as a ``Document``: shared by the Typer commands and the fast path."""

from __future__ import annotations

from soma_info.knowledge import SCHEMA_VERSION, visible
from soma_info.model import (
    HALF_LIFE,
    SPAN,
    FactTable,
    Monograph,
    Section,
    Source,
    Statement,
    StatementList,
    Subheading,
)
from soma_info.record import Record
from soma_info.render.document import (
    Bar,
    Bullets,
    Document,
    Element,
    Fields,
    Grid,
    HalfLife,
    Lines,
    Notice,
    Paragraph,
    Records,
    SourceNotes,
    Subtitle,
    Timeline,
    Title,
)
from soma_info.sections import normalise

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from soma_info.search import Hit


def notice(monograph: Monograph) -> Notice:
    return Notice(monograph.notice)


def provenance(monograph: Monograph) -> str:
    who = monograph.identity
    return (
        f"Follows the FDA label for {', '.join(who.brand_names)} ({who.generic_name}), "
        f"revised {who.label_revision}; this file was last reviewed {who.reviewed}. {who.scope}"
    )


def provenance_data(monograph: Monograph) -> dict[str, str]:
    who = monograph.identity
    return {"label_revision": who.label_revision, "reviewed": who.reviewed, "scope": who.scope}


# ----------------------------------------------------------------------------- sections


def section(monograph: Monograph, chosen: Section) -> Document:
    elements = [*_section_elements(monograph, chosen, level=1), notice(monograph)]
    data = {**section_data(monograph, chosen), "provenance": provenance_data(monograph)}
    if chosen.key == TIMELINE_SECTION:
        data["timeline"] = timeline_data(monograph)
    return Document(tuple(elements), data)


def everything(monograph: Monograph) -> Document:
    who = monograph.identity
    elements: list[Element] = [
        Title(f"{', '.join(who.brand_names)} ({who.generic_name})", level=1),
        Paragraph(f"{who.drug_class}. {who.controlled_substance}."),
        Paragraph(provenance(monograph)),
    ]
    for chosen in monograph.sections:
        elements += _section_elements(monograph, chosen, level=2)
    elements.append(notice(monograph))
    data = {
        "monograph": identity_data(monograph),
        "provenance": provenance_data(monograph),
        "sections": [section_data(monograph, s) for s in monograph.sections],
    }
    return Document(tuple(elements), data)


def identity_data(monograph: Monograph) -> dict[str, Any]:
    return {**monograph.identity._asdict(), "brand_names": list(monograph.identity.brand_names)}


class _Citations:
    """Numbers a section's sources in order of first citation: statements carry "[1, 2]", notes list them."""

    def __init__(self, monograph: Monograph, source_ids: Iterable[str]) -> None:
        self.monograph = monograph
        self.numbers = {source_id: n for n, source_id in enumerate(dict.fromkeys(source_ids), start=1)}

    def marker(self, cite: tuple[str, ...]) -> str:
        return "[" + ", ".join(str(self.numbers[c]) for c in cite) + "]" if cite else ""

    def grouped(self) -> tuple[str, ...]:
        """Compact notes for the one-screen card: label sections share one "FDA label, rev. ..." prefix."""
        groups: dict[str, list[str]] = {}
        for source_id, number in self.numbers.items():
            source = self.monograph.source(source_id)
            if source.section:
                groups.setdefault(f"{source.short}, {source.date}", []).append(f"[{number}] §{source.section}")
            else:
                groups.setdefault(f"[{number}] {source.citation}", [])
        return tuple(f"{head}: {', '.join(items)}" if items else head for head, items in groups.items())

    def notes(self) -> SourceNotes:
        return SourceNotes(tuple(f"[{n}] {self.monograph.source(i).citation}" for i, n in self.numbers.items()))


TIMELINE_SECTION = "onset"  # the section that carries the timeline, after its plain-language opening


def _section_elements(monograph: Monograph, chosen: Section, level: int) -> list[Element]:
    extra = timeline_ids(monograph) if chosen.key == TIMELINE_SECTION else ()
    citations = _Citations(monograph, (*chosen.source_ids, *extra))
    refs = citations.marker
    elements: list[Element] = [Title(chosen.title, chosen.key, level)]
    for index, block in enumerate(chosen.body):
        if isinstance(block, Subheading):
            elements.append(Subtitle(block.text))
        elif isinstance(block, Statement):
            elements.append(Paragraph(block.text, refs(block.cite)))
        elif isinstance(block, StatementList):
            elements.append(Bullets(tuple(Paragraph(i.text, refs(i.cite)) for i in block.items)))
        else:
            elements.append(Grid(block.columns, block.rows, block.caption, refs(block.cite)))
        if index == 0 and chosen.key == TIMELINE_SECTION and monograph.timeline:
            elements.append(timeline(monograph, refs))
    elements.append(citations.notes())
    return elements


HALF_LIFE_HEADING = "Half-lives (time for the blood level to halve; not when the drug is gone)"


def timeline(monograph: Monograph, refs: Callable[[tuple[str, ...]], str]) -> Timeline:
    """Spans become bars after the dose; half-lives never do: they are listed apart, with their notes."""
    rows = monograph.timeline
    bars = tuple(Bar(r.label, r.start, r.end, r.upto, r.figure, r.basis, refs(r.cite)) for r in rows if r.kind == SPAN)
    half_lives = tuple(HalfLife(r.label, r.figure, r.basis, refs(r.cite)) for r in rows if r.kind == HALF_LIFE)
    notes = tuple(Paragraph(r.note.text, refs(r.note.cite)) for r in rows if r.kind == HALF_LIFE and r.note)
    return Timeline(bars, half_lives, notes, HALF_LIFE_HEADING if half_lives else "")


def timeline_ids(monograph: Monograph) -> list[str]:
    """The sources the timeline cites, in the order it shows them: rows first, then the notes beneath."""
    rows = monograph.timeline
    return [c for r in rows for c in r.cite] + [c for r in rows if r.note for c in r.note.cite]


def timeline_data(monograph: Monograph) -> list[dict[str, Any]]:
    return [
        {**row._asdict(), "cite": list(row.cite), "note": _statement_data(row.note) if row.note else None}
        for row in monograph.timeline
    ]


def _statement_data(statement: Statement) -> dict[str, Any]:
    return {"text": statement.text, "cite": list(statement.cite)}


# ----------------------------------------------------------------------------- the card


def card(monograph: Monograph) -> Document:
    """The one-screen drug card: every line sourced, sources listed compactly, the notice last."""
    who = monograph.identity
    ids = [c for line in monograph.card for c in line.cite] + timeline_ids(monograph)
    citations = _Citations(monograph, ids)
    elements: list[Element] = [
        Title(f"{', '.join(who.brand_names)} ({who.generic_name}): drug card", level=1),
        Fields(tuple((line.label, line.text, citations.marker(line.cite)) for line in monograph.card)),
        *([timeline(monograph, citations.marker)] if monograph.timeline else []),
        SourceNotes((f"FDA label rev. {who.label_revision}, reviewed {who.reviewed}", *citations.grouped()), True),
        notice(monograph),
    ]
    data = {
        "monograph": identity_data(monograph),
        "card": [{**line._asdict(), "cite": list(line.cite)} for line in monograph.card],
        "timeline": timeline_data(monograph),
        "sources": [source_data(monograph.source(i)) for i in citations.numbers],
        "provenance": provenance_data(monograph),
    }
    return Document(tuple(elements), data)


# ----------------------------------------------------------------------------- interaction check

NOT_LISTED = (
    "{name} is not listed in this reference, which is not evidence that the combination is safe: "
    "ask your doctor or pharmacist before taking {name} with {brand}."
)


def not_listed(monograph: Monograph, name: str) -> str:
    import difflib  # only an unlisted name pays for it

    shown, brand = visible(name), ", ".join(monograph.identity.brand_names)
    close = difflib.get_close_matches(normalise(name), list(monograph.drugs), n=3, cutoff=0.75)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return NOT_LISTED.format(name=shown, brand=brand) + hint


def interaction_check(monograph: Monograph, names: list[str]) -> Document:
    """What the label says about each named drug: its class, the effect, the advice, the source."""
    brand = ", ".join(monograph.identity.brand_names)
    matches = [(name, monograph.interaction(name)) for name in names]
    results: list[dict[str, Any]] = []
    ids = [c for _, found in matches for group, member in found for c in (*group.cite, *member.cite)]
    citations = _Citations(monograph, ids)
    elements: list[Element] = [Title(f"Interactions with {brand}: {', '.join(visible(n) for n in names)}", level=1)]
    for name, found in matches:
        shown = visible(name)
        elements.append(Subtitle(shown))
        if not found:
            elements.append(Paragraph(not_listed(monograph, name)))
        for group, member in found:
            same = normalise(name) == normalise(member.name)
            elements.append(
                Bullets(
                    (
                        Paragraph(
                            f"Class: {group.name}" + ("" if same else f" (as {member.name})"),
                            citations.marker(member.cite),
                        ),
                        Paragraph(f"Effect: {group.effect}", citations.marker(group.cite)),
                        Paragraph(f"What the label advises: {group.advice}", citations.marker(group.cite)),
                    )
                )
            )
        results.append(
            {
                "name": shown,
                "listed": bool(found),
                **({} if found else {"message": not_listed(monograph, name)}),
                "matches": [
                    {
                        "class": g.id,
                        "class_name": g.name,
                        "member": m.name,
                        "effect": g.effect,
                        "advice": g.advice,
                        "cite": list(g.cite),
                        "member_cite": list(m.cite),
                    }
                    for g, m in found
                ],
            }
        )
    if citations.numbers:
        elements.append(citations.notes())
    elements.append(notice(monograph))
    data = {
        "results": results,
        "sources": [source_data(monograph.source(i)) for i in citations.numbers],
        "provenance": provenance_data(monograph),
    }
    return Document(tuple(elements), data)


def section_data(monograph: Monograph, chosen: Section) -> dict[str, Any]:
    return {
        "key": chosen.key,
        "title": chosen.title,
        "aliases": list(chosen.aliases),
        "summary": chosen.summary,
        "body": [_block_data(block) for block in chosen.body],
        "sources": [source_data(s) for s in monograph.cited(chosen)],
    }


def _block_data(block: Subheading | Statement | StatementList | FactTable) -> dict[str, Any]:
    if isinstance(block, Subheading):
        return {"type": "heading", "text": block.text}
    if isinstance(block, Statement):
        return {"type": "text", "text": block.text, "cite": list(block.cite)}
    if isinstance(block, StatementList):
        return {"type": "items", "items": [{"text": i.text, "cite": list(i.cite)} for i in block.items]}
    return {
        "type": "table",
        "caption": block.caption,
        "columns": list(block.columns),
        "rows": [list(row) for row in block.rows],
        "cite": list(block.cite),
    }


def source_data(source: Source) -> dict[str, str]:
    return {**source._asdict(), "citation": source.citation}


# ----------------------------------------------------------------------------- listings


def listing(monograph: Monograph, fmt: str) -> Document:
    """`soma-info sections`: key<TAB>title lines in plain text (for grep and cut), else a table."""
    data = {
        "sections": [
            {"key": s.key, "title": s.title, "aliases": list(s.aliases), "summary": s.summary}
            for s in monograph.sections
        ]
    }
    if fmt == "plain":
        return Document((Records(("key", "title"), tuple((s.key, s.title) for s in monograph.sections)),), data)
    rows = tuple((s.key, s.title, s.summary) for s in monograph.sections)
    return Document((Records(("Key", "Title", "Summary"), rows), notice(monograph)), data)


def sources(monograph: Monograph, fmt: str) -> Document:
    data = {"sources": [source_data(s) for s in monograph.sources]}
    if fmt == "plain":
        fields = tuple((s.id, s.citation, s.title, s.publisher, s.url) for s in monograph.sources)
        return Document((Records(("id", "citation", "title", "publisher", "url"), fields),), data)
    # A list, not a table: a URL split across a table cell can be neither clicked nor copied.
    entries = tuple(Paragraph(f"{s.id}: {s.citation}. {s.title}. {s.publisher}. {s.url}") for s in monograph.sources)
    return Document((Title("Sources", level=1), Bullets(entries)), data)


def version(monograph: Monograph, program: str, path: str) -> Document:
    who = monograph.identity
    lines = (
        f"soma-info {program} (knowledge-file schema {SCHEMA_VERSION})",
        f"Knowledge file: {path}",
        f"FDA label revision {who.label_revision}; file last reviewed {who.reviewed}",
    )
    data = {
        "version": program,
        "schema": SCHEMA_VERSION,
        "knowledge_file": path,
        "label_revision": who.label_revision,
        "reviewed": who.reviewed,
    }
    return Document((Lines(lines),), data)


class Listing(Record):
    """A command that takes nothing but the output options: what it shows, and whether it pages itself."""

    build: Callable[[Monograph, str], Document]
    paged: bool = False  # taller than a screen: on a terminal it goes through the pager by itself


# The Typer commands and the fast path both take these from here, so the two cannot disagree.
LISTINGS: dict[str, Listing] = {
    "all": Listing(lambda monograph, _fmt: everything(monograph), paged=True),
    "card": Listing(lambda monograph, _fmt: card(monograph)),
    "sections": Listing(listing),
    "sources": Listing(sources),
}


# ----------------------------------------------------------------------------- search


def search_results(monograph: Monograph, query: str, hits: list[Hit]) -> Document:
    count = sum(len(h.passages) for h in hits)
    elements: list[Element] = [
        Title(f"Search: {visible(query)}", level=1),
        Paragraph(f"{_plural(count, 'passage')} in {_plural(len(hits), 'section')}."),
    ]
    for hit in hits:
        citations = _Citations(monograph, (c for p in hit.passages for c in p.cite))
        elements.append(Title(hit.section.title, hit.section.key, level=2))
        elements.append(Bullets(tuple(Paragraph(p.text, citations.marker(p.cite), p.spans) for p in hit.passages)))
        if citations.numbers:
            elements.append(citations.notes())
    elements.append(notice(monograph))
    data = {
        "query": visible(query),
        "results": [
            {
                "key": hit.section.key,
                "title": hit.section.title,
                "passages": [
                    {"text": p.text, "cite": list(p.cite), "spans": [list(s) for s in p.spans]} for p in hit.passages
                ],
            }
            for hit in hits
        ],
        "sources": [
            source_data(monograph.source(c)) for c in dict.fromkeys(c for h in hits for p in h.passages for c in p.cite)
        ],
        "provenance": provenance_data(monograph),
    }
    return Document(tuple(elements), data)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
