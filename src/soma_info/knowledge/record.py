"""``Record``: what ``typing.NamedTuple`` is to the type checker, at a fraction of the start-up cost.

A lookup must start fast (see benchmarks/). Importing ``typing`` and defining two dozen NamedTuple classes
(each built with ``exec``) cost about 8 ms before the program does any work. To mypy, ``Record`` *is*
``typing.NamedTuple``, so every field is checked. At run time it is a tuple subclass whose metaclass reads
the class's annotations: the same fields, defaults, immutability, ``_fields``, ``_asdict()`` and ``_replace()``.
tests/test_record.py holds the two to the same behaviour.
"""

from __future__ import annotations

from operator import itemgetter

__all__ = ["Record", "data_of"]
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any
    from typing import NamedTuple as Record
else:

    class _RecordType(type):
        def __new__(mcls, name, bases, namespace):
            fields = tuple(namespace.get("__annotations__", ()))
            defaults = {field: namespace.pop(field) for field in fields if field in namespace}
            for index, field in enumerate(fields):
                namespace[field] = property(itemgetter(index), doc=f"Alias for field number {index}")
            namespace.update(__slots__=(), _fields=fields, _field_defaults=defaults)
            return super().__new__(mcls, name, bases, namespace)

    class Record(tuple, metaclass=_RecordType):
        def __new__(cls, *args, **kwargs):
            if not kwargs and len(args) == len(cls._fields):  # every field given in order: the common case
                return tuple.__new__(cls, args)
            if len(args) > len(cls._fields):
                raise TypeError(f"{cls.__name__} takes {len(cls._fields)} fields, got {len(args)}")
            values = list(args)
            for field in cls._fields[len(args) :]:
                if field in kwargs:
                    values.append(kwargs.pop(field))
                elif field in cls._field_defaults:
                    values.append(cls._field_defaults[field])
                else:
                    raise TypeError(f"{cls.__name__} is missing field {field!r}")
            if kwargs:
                raise TypeError(f"{cls.__name__} has no field {next(iter(kwargs))!r}")
            return tuple.__new__(cls, values)

        def __repr__(self):
            inner = ", ".join(f"{field}={value!r}" for field, value in zip(self._fields, self, strict=True))
            return f"{type(self).__name__}({inner})"

        def __getnewargs__(self):
            return tuple(self)

        def _asdict(self):
            return dict(zip(self._fields, self, strict=True))

        def _replace(self, **changes):
            return type(self)(**{**self._asdict(), **changes})


def data_of(value: object, *fields: str) -> Any:
    """A record as JSON-ready data: its fields by name (or only ``fields``), tuples as lists, and every record
    inside as its own data. A record whose JSON differs from its fields (a source adds its citation, a cell
    its marker) says so in an ``as_data`` method of its own, which this calls; so no view writes a record's
    JSON by hand, and a field added to a record reaches the JSON output by itself."""
    if hasattr(value, "_fields"):
        own = getattr(value, "as_data", None)
        if own is not None and not fields:
            return own()
        names = fields or value._fields
        return {name: data_of(getattr(value, name)) for name in names}
    if isinstance(value, tuple | list):
        return [data_of(item) for item in value]
    if isinstance(value, dict):
        return {key: data_of(item) for key, item in value.items()}
    return value  # text, numbers, booleans, None
