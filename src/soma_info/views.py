"""What each command shows, as a ``Document``: shared by the Typer commands and the fast path."""

from __future__ import annotations

from soma_info.knowledge import (
    SCHEMA_VERSION,
    FactTable,
    Monograph,
    Section,
    Source,
    Statement,
    StatementList,
    Subheading,
    visible,
)
from soma_info.render.document import (
    Bullets,
    Document,
    Element,
    Grid,
    Lines,
    Notice,
    Paragraph,
    Records,
    SourceNotes,
    Subtitle,
    Title,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Iterable
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

    def notes(self) -> SourceNotes:
        return SourceNotes(tuple(f"[{n}] {self.monograph.source(i).citation}" for i, n in self.numbers.items()))


def _section_elements(monograph: Monograph, chosen: Section, level: int) -> list[Element]:
    refs = _Citations(monograph, chosen.source_ids).marker
    elements: list[Element] = [Title(chosen.title, chosen.key, level)]
    for block in chosen.body:
        if isinstance(block, Subheading):
            elements.append(Subtitle(block.text))
        elif isinstance(block, Statement):
            elements.append(Paragraph(block.text, refs(block.cite)))
        elif isinstance(block, StatementList):
            elements.append(Bullets(tuple(Paragraph(i.text, refs(i.cite)) for i in block.items)))
        else:
            elements.append(Grid(block.columns, block.rows, block.caption, refs(block.cite)))
    elements.append(_Citations(monograph, chosen.source_ids).notes())
    return elements


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
    rows = tuple((s.id, f"{s.citation}. {s.title}. {s.publisher}.", s.url) for s in monograph.sources)
    return Document((Records(("Id", "Source", "URL"), rows),), data)


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
    }
    return Document(tuple(elements), data)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _cited(hits: list[Hit]) -> dict[str, None]:
    return dict.fromkeys(c for h in hits for p in h.passages for c in p.cite)
