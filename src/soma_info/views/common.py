"""What every view shares: the notice, the provenance line, and the numbering of a view's sources."""

from __future__ import annotations

from soma_info.knowledge.model import Monograph, Statement
from soma_info.render.document import Notice, SourceNotes, Verdict

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Iterable


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


class Citations:
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


SECTION_HEAD = ("key", "title", "aliases", "summary")  # what names a section, in listings and above its body


def verdict_of(claim: Statement) -> Verdict | None:
    """A checked claim's verdict, from its field; the span is where the text states it (the schema checks it does)."""
    at = claim.verdict_at()
    return Verdict(claim.verdict, at) if at else None


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
