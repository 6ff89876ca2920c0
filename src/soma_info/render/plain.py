"""Plain text: no escape codes, one line per paragraph or bullet unless a width asks for wrapping."""

from __future__ import annotations

from soma_info.render import chart, layout
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
)

GAP = "  "  # between table columns
NBSP = layout.NBSP


def render(document: Document, width: int | None = None, style: Style | None = None) -> str:
    """Tables may use the whole width; everything else is prose, capped at ``layout.MEASURE`` columns. A document
    with nothing to show (``absent``: a search that matched nothing) is "", said on stderr instead."""
    if document.absent:
        return ""
    blocks = [_element(e, width if isinstance(e, Grid) else layout.prose_width(width)) for e in document.elements]
    return "\n\n".join(b for b in blocks if b) + "\n"


def _element(element: Element, width: int | None) -> str:
    if isinstance(element, Title):
        return _underlined(f"{element.text} ({element.tag})" if element.tag else element.text, "=", width)
    if isinstance(element, Subtitle):
        return _underlined(element.text, "-", width)
    if isinstance(element, Paragraph):
        return wrap(_with_refs(element), width)
    if isinstance(element, Bullets):
        return "\n".join(wrap(_with_refs(item), width, "  - ", "    ") for item in element.items)
    if isinstance(element, Grid):
        table = _table(element.columns, element.rows, width)
        caption = layout.glued(element.caption, element.refs)
        lines = [wrap(caption, layout.prose_width(width))] if element.caption else []
        return "\n".join([*lines, table])
    if isinstance(element, Records):  # a listing: its records, for grep and cut, and nothing else
        return "\n".join("\t".join(row) for row in element.rows)
    if isinstance(element, Lines):
        return "\n".join(wrap(line, width) for line in element.lines)
    if isinstance(element, SourceNotes):
        entries = [layout.note(entry) for entry in element.entries]
        if element.compact:
            return wrap("Sources: " + "; ".join(entries), width)
        return "Sources:\n" + "\n".join(wrap(entry, width, "  ", "      ") for entry in entries)
    if isinstance(element, Fields):
        return _fields(element, width)
    if isinstance(element, Timeline):
        return timeline(element, width)
    if isinstance(element, Matrix):
        return matrix(element, width)
    return wrap(f"Notice: {element.text}", width)


def matrix(element: Matrix, width: int | None) -> str:
    """Each attribute underlined, then one line per item: "item: cell [refs]", for grep and cut alike."""
    blocks = []
    for title, cells in element.rows:
        lines = [_underlined(title, "-", width)]
        lines += [wrap(_with_refs(cell._replace(text=f"{item}: {cell.text}")), width, "  ", "    ")
                  for item, cell in zip(element.items, cells, strict=True)]  # fmt: skip
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _fields(fields: Fields, width: int | None) -> str:
    """Labels in a column, each text hanging beside its label; too narrow for the column, each label above its
    text, which hangs two columns in: a hanging indent at every width."""
    size = layout.label_column([label for label, _, _ in fields.rows]) + 2
    lines = []
    for label, text, refs in fields.rows:
        if not width or width - size >= 20:
            names = layout.wrap(label, size - 2)
            texts = layout.wrap(layout.glued(text, refs), width - size if width else None)
            rows = [(names[i] if i < len(names) else "", texts[i] if i < len(texts) else "")
                    for i in range(max(len(names), len(texts)))]  # fmt: skip
            lines += [f"{name.ljust(size)}{part}".rstrip().replace(NBSP, " ") for name, part in rows]
        else:
            lines += [wrap(label, width), wrap(layout.glued(text, refs), width, "  ", "  ")]
    return "\n".join(lines)


def timeline(element: Timeline, width: int | None) -> str:
    """The chart of spans after a dose, then the half-lives apart from it: never a half-life as a bar."""
    size = chart.label_width(element) + 2
    parts = [_chart(element, width, size)] if element.bars else []
    if element.half_lives:  # straight under the chart: its heading sets it apart, and the card has no line to spare
        parts.append(half_lives(element, width, size))
    return "\n".join(parts)


def _chart(element: Timeline, width: int | None, size: int) -> str:
    """One labelled row per span: its bar against the hours after a dose, then its figure and basis."""
    columns = (3 if not width or width >= 100 else 2) * element.hours
    if width and size + columns + 20 > width:  # too narrow for rows: each label above its bar
        columns = max(element.hours, min(columns, width - 4))
        rows = [
            f"{wrap(bar.label, width)}\n  {chart.cells(bar, columns, element.hours).rstrip() or '(no span)'}\n"
            + wrap(chart.caption(bar), width, "  ", "  ")
            for bar in element.bars
        ]
        return "\n".join(["  " + chart.axis(columns, element.hours), *rows])
    head = " " * size + chart.axis(columns, element.hours)
    rows = [
        f"{bar.label.ljust(size)}{chart.cells(bar, columns, element.hours)}  " + chart.caption(bar)
        for bar in element.bars
    ]
    rows = [wrap(row, width, "", " " * (size + columns + 2)) for row in rows]
    return "\n".join([head, *rows])


def half_lives(element: Timeline, width: int | None, size: int) -> str:
    """The heading that says what a half-life is, one line per half-life (its figure, no bar), the notes."""
    lines = [wrap(element.heading, width)]
    for row in element.half_lives:
        caption = chart.caption(row)
        if width and size + 24 > width:  # too narrow for a label column: the label above its figure
            lines += [wrap(row.label, width), wrap(caption, width, "  ", "  ")]
        else:
            lines.append(wrap(row.label.ljust(size) + caption, width, "", " " * size))
    lines += [wrap(_with_refs(note), width) for note in element.notes]
    return "\n".join(lines)


def _with_refs(paragraph: Paragraph) -> str:
    return layout.glued(paragraph.text, paragraph.refs)


def _underlined(heading: str, rule: str, width: int | None) -> str:
    lines = wrap(heading, width)
    return f"{lines}\n{rule * max((len(line) for line in lines.splitlines()), default=0)}"


def wrap(text: str, width: int | None, first: str = "", rest: str = "") -> str:
    """Wrapped at the width by the rules in ``layout`` (URLs whole, citation brackets held to their word)."""
    return "\n".join(layout.wrap(text, width, first, rest)).replace(NBSP, " ")


def _table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...], width: int | None) -> str:
    """Columns side by side, balanced so that no word is split; stacked when even that does not fit."""
    cells = list(zip(columns, *rows, strict=True))
    sizes = [max(len(cell) for cell in column) for column in cells]
    if width:
        balanced = layout.columns(cells, width - 2 - len(GAP) * (len(cells) - 1))
        if balanced is None:
            return _stacked(columns, rows, width)
        sizes = balanced
    rule = tuple("-" * size for size in sizes)
    lines = []
    for row in (columns, rule, *rows):
        wrapped = [layout.wrap(cell, size) for cell, size in zip(row, sizes, strict=True)]
        for number in range(max(len(cell) for cell in wrapped)):
            parts = [cell[number] if number < len(cell) else "" for cell in wrapped]
            line = GAP.join(part.ljust(size) for part, size in zip(parts, sizes, strict=True)).rstrip()
            lines.append("  " + line.replace(NBSP, " "))
    return "\n".join(lines)


def _stacked(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...], width: int) -> str:
    """A table too wide for the width: each row as "column: value" lines, rows apart."""
    return "\n\n".join(
        "\n".join(wrap(f"{name}: {cell}", width, "  ", "    ") for name, cell in zip(columns, row, strict=True))
        for row in rows
    )
