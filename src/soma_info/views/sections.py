"""The views of the monograph's sections: one section, its brief, all of them, the timeline, and search results."""

from __future__ import annotations

from soma_info.exitcodes import ExitCode
from soma_info.knowledge.model import (
    HALF_LIFE,
    SPAN,
    Monograph,
    Section,
    Statement,
    StatementList,
    Subheading,
    block_data,
)
from soma_info.knowledge.record import data_of
from soma_info.knowledge.text import visible
from soma_info.render.document import (
    Bar,
    Bullets,
    Document,
    Element,
    Grid,
    HalfLife,
    Paragraph,
    SourceNotes,
    Subtitle,
    Timeline,
    Title,
)
from soma_info.views.common import SECTION_HEAD, Citations, notice, plural, provenance, provenance_data, verdict_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from soma_info.knowledge.search import Hit


def section(monograph: Monograph, chosen: Section) -> Document:
    elements = [*_section_elements(monograph, chosen, level=1), notice(monograph)]
    data = {**section_data(monograph, chosen), "provenance": provenance_data(monograph)}
    if chosen.key == monograph.timeline_in:
        data["timeline"] = data_of(monograph.timeline)
    return Document(tuple(elements), data)


def brief(monograph: Monograph, chosen: Section) -> Document:
    """A section in one screen (80×20): its plain-language lead, its key figures with their citation markers,
    the sources they cite (compactly, as on the card) and the notice. Only what the section's body says."""
    citations = Citations(monograph, (c for item in chosen.brief for c in item.cite))
    elements: list[Element] = [
        Title(chosen.title, chosen.key, level=1),
        Paragraph(chosen.summary),
        Bullets(tuple(Paragraph(item.text, citations.marker(item.cite)) for item in chosen.brief)),
        *([SourceNotes(citations.grouped(), compact=True)] if citations.numbers else []),
        notice(monograph),
    ]
    data = {
        "key": chosen.key,
        "title": chosen.title,
        "summary": chosen.summary,
        "brief": data_of(chosen.brief),
        "sources": [data_of(monograph.source(i)) for i in citations.numbers],
        "provenance": provenance_data(monograph),
    }
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
        "monograph": data_of(monograph.identity),
        "provenance": provenance_data(monograph),
        "sections": [section_data(monograph, s) for s in monograph.sections],
    }
    return Document(tuple(elements), data)


def _section_elements(monograph: Monograph, chosen: Section, level: int) -> list[Element]:
    extra = timeline_ids(monograph) if chosen.key == monograph.timeline_in else ()
    citations = Citations(monograph, (*chosen.source_ids, *extra))
    refs = citations.marker
    elements: list[Element] = [Title(chosen.title, chosen.key, level)]
    for index, block in enumerate(chosen.body):
        if isinstance(block, Subheading):
            elements.append(Subtitle(block.text))
        elif isinstance(block, Statement):
            elements.append(Paragraph(block.text, refs(block.cite)))
        elif isinstance(block, StatementList):
            elements.append(Bullets(tuple(Paragraph(i.text, refs(i.cite), verdict=verdict_of(i)) for i in block.items)))
        else:
            elements.append(Grid(block.columns, block.rows, block.caption, refs(block.cite)))
        if index == 0 and chosen.key == monograph.timeline_in and monograph.timeline:
            elements.append(timeline(monograph, refs))
    elements.append(citations.notes())
    return elements


def section_data(monograph: Monograph, chosen: Section) -> dict[str, Any]:
    return {
        **data_of(chosen, *SECTION_HEAD),
        "body": [block_data(block) for block in chosen.body],
        "sources": data_of(monograph.cited(chosen)),
    }


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


def search_results(monograph: Monograph, query: str, hits: list[Hit]) -> Document:
    count = sum(len(h.passages) for h in hits)
    elements: list[Element] = [
        Title(f"Search: {visible(query)}", level=1),
        Paragraph(f"{plural(count, 'passage')} in {plural(len(hits), 'section')}."),
    ]
    for hit in hits:
        citations = Citations(monograph, (c for p in hit.passages for c in p.cite))
        elements.append(Title(hit.section.title, hit.section.key, level=2))
        elements.append(Bullets(tuple(Paragraph(p.text, citations.marker(p.cite), p.spans, verdict_of(p.statement))
                                      for p in hit.passages)))  # fmt: skip
        if citations.numbers:
            elements.append(citations.notes())
    elements.append(notice(monograph))
    data = {
        "query": visible(query),
        "results": [
            {
                "key": hit.section.key,
                "title": hit.section.title,
                "passages": data_of(hit.passages),
            }
            for hit in hits
        ],
        "sources": [
            data_of(monograph.source(c)) for c in dict.fromkeys(c for h in hits for p in h.passages for c in p.cite)
        ],
        "provenance": provenance_data(monograph),
    }
    return Document(tuple(elements), data, ExitCode.OK if hits else ExitCode.NO_MATCH)  # no match: exit 1
