"""Markdown (CommonMark with GFM tables), ready to paste; escaped so that data text stays literal."""

from __future__ import annotations

import re

from soma_info.render import layout, plain
from soma_info.render.document import (
    Bullets,
    Document,
    Element,
    Fields,
    Grid,
    Lines,
    Matrix,
    Paragraph,
    Records,
    SourceNotes,
    Style,
    Subtitle,
    Timeline,
    Title,
    shown,
)

# Characters that would start emphasis, code, HTML or an escape anywhere in a line.
_INLINE = re.compile(r"([\\`*_<>])")
# What would turn the start of a line into a heading, quote or list item.
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[+*-](?=\s|$)|\d{1,9}[.)](?=\s|$))")


def render(document: Document, width: int | None = None, style: Style | None = None) -> str:
    """Prose wrapped at most ``layout.MEASURE`` wide; heading levels consecutive (a subtitle sits one level
    below the title before it). A document with nothing to show (``absent``) is ""."""
    if document.absent:
        return ""
    width = layout.prose_width(width)
    blocks, level = [], 1
    for element in shown(document.elements):
        if isinstance(element, Title):
            level = element.level
        blocks.append(_subtitle(element, level + 1) if isinstance(element, Subtitle) else _element(element, width))
    return "\n\n".join(b for b in blocks if b) + "\n"


def _subtitle(subtitle: Subtitle, level: int) -> str:
    return f"{'#' * min(level, 6)} {escape(subtitle.text)}"


def escape(text: str) -> str:
    return _LINE_START.sub(lambda m: m[1] + "\\" + m[2], _INLINE.sub(r"\\\1", text))


def _cell(text: str) -> str:
    return _INLINE.sub(r"\\\1", text).replace("|", "\\|")  # a cell never starts a Markdown line


def _element(element: Element, width: int | None) -> str:
    if isinstance(element, Title):
        return f"{'#' * element.level} {escape(element.text)}"
    if isinstance(element, Paragraph):
        return _wrap(_inline(element), width)
    if isinstance(element, Bullets):
        return "\n".join(_wrap(_inline(item), width, "- ", "  ") for item in element.items)
    if isinstance(element, Grid):
        caption = element.caption
        refs = element.refs
        head = [_wrap(layout.glued(f"*{escape(caption)}*", refs), width)] if caption else []
        return "\n\n".join([*head, _table(element.columns, element.rows)])
    if isinstance(element, Lines):
        return "  \n".join(escape(line) for line in element.lines)  # two spaces: a hard line break
    if isinstance(element, Fields):
        return "\n".join(_wrap(f"- **{escape(label)}:** " + layout.glued(_prose(text), refs), width, "", "  ")
                         for label, text, refs in element.rows)  # fmt: skip
    if isinstance(element, Timeline):
        return _timeline(element, width)
    if isinstance(element, Matrix):
        return _matrix(element)
    if isinstance(element, SourceNotes) and element.compact:
        return _wrap("**Sources:** " + "; ".join(_prose(layout.note(e)) for e in element.entries), width)
    if isinstance(element, SourceNotes):
        return "**Sources**\n\n" + "\n".join(_wrap(_prose(layout.note(e)), width, "- ", "  ") for e in element.entries)
    if isinstance(element, Records):  # render() shows a listing's elements in its place; this is for completeness
        return "\n\n".join(_element(part, width) for part in element.shown)
    return _wrap(f"**Notice:** {escape(element.text)}", width, "> ", "> ")


def _timeline(element: Timeline, width: int | None) -> str:
    """The chart as preformatted text; the half-lives as Markdown beneath it, never inside the chart."""
    chart = element._replace(half_lives=(), notes=())
    blocks = ["```text\n" + plain.timeline(chart, width) + "\n```"] if element.bars else []
    if element.half_lives:
        blocks.append(_wrap(f"**{escape(element.heading)}**", width))
        blocks.append("\n".join(
            _wrap(layout.glued(f"{escape(row.label)}: {escape(row.figure)} ({escape(row.basis)})", row.refs),
                  width, "- ", "  ")
            for row in element.half_lives
        ))  # fmt: skip
        blocks += [_wrap(_inline(note), width) for note in element.notes]
    return "\n\n".join(blocks)


def _matrix(element: Matrix) -> str:
    """A real table: the items as columns when side by side, else one row per item, the attributes as columns."""

    def cell(paragraph: Paragraph) -> str:
        return _cell(paragraph.text) + (f" {_refs(paragraph.refs)}" if paragraph.refs else "")

    if element.side_by_side:
        head = ["", *(_cell(item) for item in element.items)]
        body = [[f"**{_cell(title)}**", *(cell(c) for c in cells)] for title, cells in element.rows]
    else:
        head = ["", *(_cell(title) for title, _ in element.rows)]
        body = [
            [f"**{_cell(item)}**", *(cell(cells[i]) for _, cells in element.rows)]
            for i, item in enumerate(element.items)
        ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join([*lines, *("| " + " | ".join(row) + " |" for row in body)])


def _refs(refs: str) -> str:
    return layout.unbroken(refs)


def _inline(paragraph: Paragraph) -> str:
    """Escaped text, with search matches and a claim's verdict in bold, URLs as links, and the citation markers
    held to the last word."""
    text, out, at = paragraph.text, [], 0
    marks = list(paragraph.marks)
    verdict = paragraph.verdict.span if paragraph.verdict else None
    if verdict and not any(start < verdict[1] and verdict[0] < end for start, end in marks):
        marks = sorted([*marks, verdict])
    for start, end in marks:
        out += [_prose(text[at:start]), f"**{escape(text[start:end])}**"]
        at = end
    out.append(_prose(text[at:]))
    return layout.glued("".join(out), paragraph.refs)


def _prose(text: str) -> str:
    """Escaped text with each URL as an autolink (<https://...>): clickable, and literal inside the brackets."""
    out, at = [], 0
    for start, end in layout.urls(text):
        out += [escape(text[at:start]), f"<{text[start:end]}>"]
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    lines = ["| " + " | ".join(_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _wrap(text: str, width: int | None, first: str = "", rest: str = "") -> str:
    return plain.wrap(text, width, first, rest)
