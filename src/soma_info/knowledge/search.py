"""Full-text search: every passage (summary, heading, statement, table row) that matches a query."""

from __future__ import annotations

import re

from soma_info.knowledge.model import FactTable, Monograph, Section, Statement, StatementList, Subheading
from soma_info.knowledge.record import Record, data_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any

Span = tuple[int, int]


class Passage(Record):
    text: str
    cite: tuple[str, ...]
    spans: tuple[Span, ...]
    statement: Statement  # what the text comes from (a title, summary, caption or table row: a bare Statement)

    def as_data(self) -> dict[str, Any]:
        """Text, sources and matches; a checked claim's verdict too."""
        data = data_of(self, "text", "cite", "spans")
        return {**data, "verdict": self.statement.verdict} if self.statement.verdict else data


class Hit(Record):
    section: Section
    passages: tuple[Passage, ...]


class QueryError(ValueError):
    """A --regex pattern that does not compile."""


def compile_query(query: str, regex: bool = False) -> re.Pattern[str]:
    """Text is matched literally and case-insensitively unless the user asks for a regular expression."""
    if not query.strip():
        raise QueryError("The search query is empty: give the words to look for.")
    if not regex:
        return re.compile(re.escape(query), re.IGNORECASE)
    try:
        return re.compile(query, re.IGNORECASE)
    except re.error as error:
        raise QueryError(f"The query is not a valid regular expression ({error}).") from None


# A pathological --regex (catastrophic backtracking) is stopped after this long, not left to hang. The timer is
# the entry point's to set (soma_info.deadline, armed by execute): nothing in the data layer touches signals.
REGEX_SECONDS = 5.0


def find(monograph: Monograph, pattern: re.Pattern[str]) -> list[Hit]:
    hits = []
    for section in monograph.sections:
        found = tuple(p for p in (_match(pattern, statement) for statement in _passages(section)) if p)
        if found:
            hits.append(Hit(section, found))
    return hits


def _match(pattern: re.Pattern[str], statement: Statement) -> Passage | None:
    spans = tuple(m.span() for m in pattern.finditer(statement.text) if m.end() > m.start())
    return Passage(statement.text, statement.cite, spans, statement) if spans else None


def _passages(section: Section) -> list[Statement]:
    found = [Statement(section.title, ()), Statement(section.summary, ())]
    for block in section.body:
        if isinstance(block, Subheading):
            found.append(Statement(block.text, ()))
        elif isinstance(block, Statement):
            found.append(block)
        elif isinstance(block, StatementList):
            found += block.items
        elif isinstance(block, FactTable):
            if block.caption:
                found.append(Statement(block.caption, block.cite))
            found += [Statement(" · ".join(row), block.cite) for row in block.rows]
    return found
