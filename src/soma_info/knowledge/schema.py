"""The knowledge-file schema: walk the parsed YAML, collect every problem, build the Monograph.

Problems are collected, not raised one by one, so that `soma-info validate` can list them all; each one
names its key path, and the caller can add the line it sits on.
"""

from __future__ import annotations

from soma_info.knowledge import drug_parts, monograph_parts
from soma_info.knowledge.checker import Checker, Path_, file_error, show
from soma_info.knowledge.model import SCHEMA_VERSION, KnowledgeError, Monograph, Problem
from soma_info.knowledge.sections import CANONICAL_KEYS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Locator = Callable[[tuple[str | int, ...]], tuple[int, int] | None]


# Where a file's timeline is drawn when it does not say (timeline_in): where every schema-2 file drew it
# before the key existed, so that a file written then still shows it.
TIMELINE_IN = "onset"


def validate(path: str, data: Any, locate: Locator | None = None) -> Monograph:
    """Build the Monograph, or raise KnowledgeError listing every problem (with its line, given a locator)."""
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else "a single value"
        raise file_error(path, f"the top level must be a mapping (schema, monograph, ...), not {shape}")
    check = Checker()
    top = check.shape(data, (), "file")
    schema = check.get(top, "schema", (), check.text)
    if schema and schema != SCHEMA_VERSION:
        check.fail(("schema",), f"schema version {schema!r} is not supported (this program reads {SCHEMA_VERSION!r})")
    identity = check.get(top, "monograph", (), lambda v, w: monograph_parts.identity(check, v, w), None)
    notice = check.get(top, "notice", (), check.text)
    sources = check.get(top, "sources", (), lambda v, w: monograph_parts.sources(check, v, w), ())
    sections = check.get(top, "sections", (), lambda v, w: monograph_parts.sections(check, v, w), ())
    card = check.get(top, "card", (), lambda v, w: monograph_parts.card(check, v, w), ())
    timeline = check.get(top, "timeline", (), lambda v, w: monograph_parts.timeline(check, v, w), ())
    timeline_in = check.get(top, "timeline_in", (), check.text, TIMELINE_IN if timeline else "")
    if timeline_in and timeline_in not in {s.key for s in sections}:
        check.fail(("timeline_in",), f"timeline_in names {timeline_in!r}, which is not a section key of this file")
    interactions = check.get(top, "interactions", (), lambda v, w: drug_parts.interactions(check, v, w), ())
    unlisted = check.get(top, "unlisted", (), lambda v, w: monograph_parts.statement(check, w, v), None)
    products = check.get(top, "products", (), lambda v, w: drug_parts.products(check, v, w), ())
    comparison = check.get(top, "comparison", (), lambda v, w: drug_parts.comparison(check, v, w), None)
    rows = tuple(r.key for r in comparison.rows) if comparison else ()
    comparators = check.get(top, "comparators", (), lambda v, w: drug_parts.comparators(check, v, w, rows), ())
    cited = drug_parts.other_citations(card, timeline, interactions, products) + drug_parts.comparator_citations(
        comparators
    )
    cited += [(("unlisted",), unlisted.cite)] if unlisted else []
    names = monograph_parts.integrity(check, sources, sections, cited)
    drug_parts.quotes(check, sources, comparators)
    classes_of = drug_parts.class_index(check, interactions)
    product_of = drug_parts.product_index(check, products, classes_of)
    comparators = drug_parts.comparator_order(check, top, identity, comparators)
    if check.problems:
        raise KnowledgeError(path, placed(check.problems, locate))
    ordered = tuple(sorted(sections, key=lambda s: CANONICAL_KEYS.index(s.key)))
    return Monograph(
        identity,
        notice,
        sources,
        ordered,
        names,
        card,
        timeline,
        interactions,
        products,
        classes_of,
        product_of,
        comparison,
        comparators,
        unlisted,
        timeline_in,
    )


def placed(found: list[tuple[Path_, str]], locate: Locator | None) -> list[Problem]:
    """Each problem found at a key path, with its line and column when a locator can tell them."""
    problems = []
    for where, message in found:
        mark = locate(where) if locate is not None else None
        problems.append(Problem(show(where), message, *(mark or (None, None))))
    return problems
