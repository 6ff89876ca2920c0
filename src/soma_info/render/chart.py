"""The geometry of the onset timeline, shared by every format: which column of a bar is filled, and how.

A bar is a string of cell kinds, one per column: " " empty, "=" the span a source gives, "-" how far it
may reach (e.g. effects that last 4 to 6 hours), "|" a single point in time. Plain text prints these
characters as they are; the styled layout maps them to block characters and colours.
"""

from __future__ import annotations

from soma_info.render import layout
from soma_info.render.document import Bar, HalfLife, Timeline

EMPTY, SOLID, LIGHT, POINT = " ", "=", "-", "|"


def cells(bar: Bar, columns: int, hours: int) -> str:
    if bar.start is None or bar.end is None:
        return EMPTY * columns
    per_hour = columns / hours
    if bar.start == bar.end:
        return _place(POINT, bar.start, per_hour, columns)
    out = []
    for column in range(columns):
        hour = (column + 0.5) / per_hour  # the middle of the column
        if bar.start <= hour < bar.end:
            out.append(SOLID)
        elif bar.upto is not None and bar.end <= hour < bar.upto:
            out.append(LIGHT)
        else:
            out.append(EMPTY)
    if SOLID not in out:  # a span narrower than a column still shows
        return _place(SOLID, (bar.start + bar.end) / 2, per_hour, columns)
    return "".join(out)


def _place(kind: str, hour: float, per_hour: float, columns: int) -> str:
    column = min(columns - 1, int(hour * per_hour))
    return EMPTY * column + kind + EMPTY * (columns - column - 1)


def axis(columns: int, hours: int) -> str:
    """Tick labels every few hours, each starting at its column: "0     2     4 ..."."""
    step = 2 if columns / hours >= 2 else (4 if columns / hours >= 1 else 6)
    line = [" "] * (columns + 2)
    for hour in range(0, hours + 1, step):
        label = str(hour) if hour else "0 h"
        at = min(int(hour * columns / hours), columns + 2 - len(label))
        if all(c == " " for c in line[max(0, at - 1) : at + len(label)]):
            line[at : at + len(label)] = label
    return "".join(line).rstrip()


def label_width(element: Timeline) -> int:
    """The widest label, bars and half-lives alike, so that both groups line up."""
    return max(len(label) for label in (*(b.label for b in element.bars), *(h.label for h in element.half_lives)))


def caption(row: Bar | HalfLife) -> str:
    """The figure, its basis and its citation markers (held to the basis: they wrap as one unit)."""
    return layout.glued(f"{row.figure} ({row.basis})", row.refs)
