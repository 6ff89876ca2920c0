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
