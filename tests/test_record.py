"""Record behaves like typing.NamedTuple, which is what the type checker takes it for."""

from __future__ import annotations

import pickle
from typing import NamedTuple

import pytest

from soma_info.knowledge.record import Record


class Fast(Record):
    name: str
    amount: int = 1
    tags: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name}×{self.amount}"


class Slow(NamedTuple):
    name: str
    amount: int = 1
    tags: tuple[str, ...] = ()


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [(("a",), {}), (("a", 2), {}), (("a",), {"tags": ("x",)}), ((), {"name": "b", "amount": 3})],
)
def test_construction_matches_namedtuple(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    fast, slow = Fast(*args, **kwargs), Slow(*args, **kwargs)  # type: ignore[arg-type]
    assert tuple(fast) == tuple(slow)
    assert fast._asdict() == slow._asdict()
    assert repr(fast) == repr(slow).replace("Slow", "Fast")
    assert Fast._fields == Slow._fields
    assert tuple(fast._replace(amount=9)) == tuple(slow._replace(amount=9))


@pytest.mark.parametrize(
    ("args", "kwargs"), [((), {}), (("a", 1, (), 4), {}), (("a",), {"colour": 1}), (("a",), {"name": "b"})]
)
def test_bad_construction_fails_like_namedtuple(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    with pytest.raises(TypeError):
        Slow(*args, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Fast(*args, **kwargs)  # type: ignore[arg-type]


def test_records_are_immutable_slotted_tuples_with_methods() -> None:
    record = Fast("a", 2)
    with pytest.raises(AttributeError):
        record.name = "b"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        record.extra = 1  # type: ignore[attr-defined]
    assert record.label == "a×2"
    assert pickle.loads(pickle.dumps(record)) == record
    assert hash(record) == hash(("a", 2, ()))


# ----------------------------------------------------------------------------- records serialise themselves


def _records(value: object) -> list[tuple[object, ...]]:
    """Every record inside a value, the value included."""
    found: list[tuple[object, ...]] = []
    if hasattr(value, "_fields"):
        found.append(value)  # type: ignore[arg-type]
    if isinstance(value, tuple | list):
        for item in value:
            found += _records(item)
    elif isinstance(value, dict):
        for item in value.values():
            found += _records(item)
    return found


def test_every_record_of_the_monograph_is_its_own_json() -> None:
    """Each record gives its fields by name (tuples as lists, records inside as their own data), unless it says
    otherwise in an as_data of its own; whatever it gives, json can write it."""
    import json

    from soma_info.knowledge import yamlfile
    from soma_info.knowledge.record import data_of

    from .conftest import SHIPPED

    records = _records(yamlfile.load(str(SHIPPED)))
    kinds = {type(r).__name__ for r in records}
    assert {"Section", "Statement", "Source", "Cell", "Comparator", "TimelineRow", "InteractionClass"} <= kinds
    for record in records:
        data = data_of(record)
        json.dumps(data)
        if not hasattr(record, "as_data"):
            assert list(data) == list(record._fields)  # type: ignore[attr-defined]


def test_a_field_added_to_a_record_reaches_its_json() -> None:
    from soma_info.knowledge.record import data_of

    assert data_of(Fast("a", 2, ("x",))) == {"name": "a", "amount": 2, "tags": ["x"]}
    assert data_of(Fast("a"), "name") == {"name": "a"}
    assert data_of({"k": (Fast("b"),)}) == {"k": [{"name": "b", "amount": 1, "tags": []}]}


def test_no_view_writes_a_records_json_by_hand() -> None:
    """Views compose records' data; they do not spell out a record's fields (nor call _asdict) themselves."""
    from pathlib import Path

    import soma_info.views

    source = "".join(p.read_text(encoding="utf-8") for p in Path(soma_info.views.__file__).parent.glob("*.py"))
    assert "_asdict(" not in source
    assert '"cite": list(' not in source.replace('"membership_cite": list(', "")
