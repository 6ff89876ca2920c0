"""Views that take nothing but the output options: the card, the section list, the sources, the version."""

from __future__ import annotations

from soma_info.knowledge.model import SCHEMA_VERSION, Identity, Monograph, Source
from soma_info.knowledge.record import data_of
from soma_info.render.document import (
    Bullets,
    Document,
    Element,
    Fields,
    Grid,
    Lines,
    Paragraph,
    Records,
    SourceNotes,
    Title,
)
from soma_info.views.common import SECTION_HEAD, Citations, notice, provenance_data
from soma_info.views.sections import timeline, timeline_ids

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any


def _provenance_first(who: Identity, groups: tuple[str, ...]) -> tuple[str, ...]:
    """The card's source notes, led by the label revision and the date of review. The group of the label's own
    sections goes under that lead ("FDA label rev. 5/2023, reviewed ...: [1] §12.2, ...") instead of naming the
    revision a second time."""
    lead = f"FDA label rev. {who.label_revision}, reviewed {who.reviewed}"
    own = f"FDA label, rev. {who.label_revision}: "
    if any(group.startswith(own) for group in groups):
        return tuple(lead + ": " + group[len(own) :] if group.startswith(own) else group for group in groups)
    return (lead, *groups)


def card(monograph: Monograph) -> Document:
    """The one-screen drug card: every line sourced, sources listed compactly, the notice last."""
    who = monograph.identity
    ids = [c for line in monograph.card for c in line.cite] + timeline_ids(monograph)
    citations = Citations(monograph, ids)
    elements: list[Element] = [
        Title(f"{', '.join(who.brand_names)} ({who.generic_name}): drug card", level=1),
        Fields(tuple((line.label, line.text, citations.marker(line.cite)) for line in monograph.card)),
        *([timeline(monograph, citations.marker)] if monograph.timeline else []),
        SourceNotes(_provenance_first(who, citations.grouped()), True),
        notice(monograph)._replace(compact=True),
    ]
    data = {
        "monograph": data_of(monograph.identity),
        "card": data_of(monograph.card),
        "timeline": data_of(monograph.timeline),
        "sources": [data_of(monograph.source(i)) for i in citations.numbers],
        "provenance": provenance_data(monograph),
    }
    return Document(tuple(elements), data)


def listing(monograph: Monograph) -> Document:
    """`soma-info sections`: a table of key, title and summary; key<TAB>title lines in plain text (grep, cut)."""
    data = {"sections": [data_of(s, *SECTION_HEAD) for s in monograph.sections]}
    table = Grid(("Key", "Title", "Summary"), tuple((s.key, s.title, s.summary) for s in monograph.sections))
    return Document((Records(tuple((s.key, s.title) for s in monograph.sections), (table, notice(monograph))),), data)


def datasets() -> list[dict[str, str]]:
    """The datasets the interaction check reads names and class members from: what each gives, its version and
    files, its licence (whose terms ship with the extract) and its home page."""
    from soma_info.knowledge import classlists
    from soma_info.knowledge.vocabulary import Vocabulary

    vocabulary = Vocabulary.load()
    names, brands = vocabulary.provenance(), vocabulary.brands.provenance() if vocabulary.brands else None
    lists = classlists.load().provenance
    found = [
        ("dataset-vocabulary", "drug names, brands and their active ingredients", names.dataset, names.licence),
        *([("dataset-brands", "US brand and combination names the first lacks (FDA UNII Names list)",
            brands.dataset, brands.licence)] if brands else []),
        ("dataset-class-lists", f"interaction class members: {lists.get('source', '')}", lists.get("dataset", ""),
         lists.get("licence", "")),
    ]  # fmt: skip
    rows = []
    for id_, what, dataset, licence in found:
        parts = dataset.split(", ")
        url = next((p for p in parts if p.startswith("https://")), "")
        rows.append({"id": id_, "what": what, "dataset": ", ".join(p for p in parts if p != url),
                     "licence": licence.replace(" (the dataset's licence, reproduced below as it requires)", ""),
                     "url": url})  # fmt: skip
    return rows


def sources(monograph: Monograph, chosen: tuple[Source, ...] | None = None) -> Document:
    """Every source the file cites and the datasets the check reads, or only the ``chosen`` sources
    (`soma-info sources Reeves`): a list, and in plain text one tab-separated record each."""
    shown = monograph.sources if chosen is None else chosen
    found = datasets() if chosen is None else []
    data: dict[str, Any] = {"sources": data_of(shown)}
    if chosen is None:
        data["datasets"] = found
    rows = tuple((s.id, s.citation, s.title, s.publisher, s.url) for s in shown)
    rows += tuple((d["id"], d["dataset"], d["what"], d["licence"], d["url"]) for d in found)
    # A list, not a table: a URL split across a table cell can be neither clicked nor copied.
    entries = tuple(Paragraph(f"{s.id}: {s.citation}. {s.title}. {s.publisher}. {s.url}") for s in shown)
    elements: tuple[Element, ...] = (Title("Sources", level=1), Bullets(entries))
    if found:
        sets = tuple(
            Paragraph(f"{d['id']}: {d['what']}. {d['dataset']}. Licence: {d['licence']}. {d['url']}") for d in found
        )
        elements += (Title("Datasets", level=2), Bullets(sets))
    return Document((Records(rows, elements),), data)


def version(monograph: Monograph | None, program: str, path: str, problem: str = "") -> Document:
    """The versions of the program and of the knowledge file; without a monograph (the file cannot be used),
    the program's and the file's path, with what is wrong with it."""
    data: dict[str, Any] = {"version": program, "schema": SCHEMA_VERSION, "knowledge_file": path}
    lines = [f"soma-info {program} (knowledge-file schema {SCHEMA_VERSION})", f"Knowledge file: {path}"]
    if monograph is None:
        lines[-1] += " (it cannot be used; soma-info validate lists its problems)"
        data["problem"] = problem
        return Document((Lines(tuple(lines)),), data)
    who = monograph.identity
    lines.append(f"FDA label revision {who.label_revision}; file last reviewed {who.reviewed}")
    data |= {"label_revision": who.label_revision, "reviewed": who.reviewed}
    return Document((Lines(tuple(lines)),), data)
