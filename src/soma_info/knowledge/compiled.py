"""The compiled knowledge file: the validated ``Monograph``, written at build time, read in a millisecond.

Reading the YAML means importing PyYAML and the schema, parsing and validating: about 30 ms of every run.
The wheel build (``hatch_build.py``) does that once, then writes the monograph next to the shipped YAML as
``soma.compiled``. A run reads it with ``marshal`` (built into the interpreter: no import, no parser to
run; JSON would import ``re`` and its decoder, several times the whole load) and rebuilds the records.

**When it is stale, it is not used.** The file records the size of the YAML it was compiled from and two
independent checksums of its bytes (CRC-32 and Adler-32: 64 bits, from zlib, which costs nothing to import,
where hashlib costs 2.5 ms of a 25 ms run), the program version and the Python version (marshal's format
belongs to the interpreter). A run uses it only when all of them still match the YAML beside it, this program
and this interpreter; otherwise it reads the YAML as a checkout does. An edited YAML, an upgraded program or
another Python is therefore not served old data (an edit that kept the size and both checksums would have to
be made on purpose). The compiled tree carries the same two checksums of its own bytes, so a damaged file is
not decoded into a damaged monograph. Only the shipped file is ever compiled: ``--data`` naming any other
file reads YAML, and ``validate`` always reads YAML.
"""

from __future__ import annotations

import marshal
import os
import sys

from soma_info import __version__
from soma_info.knowledge import model
from soma_info.knowledge.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any

SUFFIX = ".compiled"
_MAGIC = "soma-info compiled monograph 7"
_TAG = "\x00"  # starts the tag of a record; no text of the knowledge file can (control characters are refused)
_RECORDS: dict[str, Any] = {  # every record class of the domain, by name
    name: value
    for name, value in vars(model).items()
    if isinstance(value, type) and issubclass(value, tuple) and value is not Record and hasattr(value, "_fields")
}


def path_for(yaml_path: str) -> str:
    return os.path.splitext(yaml_path)[0] + SUFFIX


def digest(source: bytes) -> tuple[int, int]:
    import zlib

    return zlib.crc32(source), zlib.adler32(source)


def dump(monograph: model.Monograph, source: bytes) -> bytes:
    """The compiled form of a monograph validated from ``source`` (the YAML file's bytes)."""
    tree = marshal.dumps(_encode(monograph))
    header = (_MAGIC, __version__, tuple(sys.version_info[:2]), len(source), digest(source), digest(tree))
    return marshal.dumps((header, tree))


def load(yaml_path: str) -> model.Monograph | None:
    """The monograph compiled from the YAML at ``yaml_path``, or None when there is none or it is stale."""
    try:
        with open(path_for(yaml_path), "rb") as handle:
            header, tree_bytes = marshal.loads(handle.read())
        with open(yaml_path, "rb") as handle:
            source = handle.read()
    except (OSError, EOFError, ValueError, TypeError):
        return None  # no compiled form (a checkout), or one this interpreter cannot read
    expected = (_MAGIC, __version__, tuple(sys.version_info[:2]), len(source))
    try:
        if tuple(header[:4]) != expected or header[4] != digest(source) or header[5] != digest(tree_bytes):
            return None
        monograph: model.Monograph = _decode(marshal.loads(tree_bytes))
        if not isinstance(monograph, model.Monograph):
            return None
    except Exception:  # a damaged file that still unpickles (wrong shapes, unknown records): read the YAML
        return None
    return monograph


# The encoded tree is decoded in one pass that touches only what holds a record. A record becomes a list
# headed by its tagged class name; a tuple or dict with a record anywhere inside becomes a list too (a dict
# under the _DICT tag). Everything else (texts, tuples of texts, dicts of names) is stored as marshal gives it
# back and returned as it is: most of the file, and most of what decoding used to cost.
_DICT = _TAG + "{}"


def _encode(value: Any) -> Any:
    if not _holds_record(value):
        return tuple(value) if isinstance(value, list) else value
    if isinstance(value, Record):
        return [_TAG + type(value).__name__, *(_encode(v) for v in value)]
    if isinstance(value, dict):
        return [_DICT, {k: _encode(v) for k, v in value.items()}]
    return [_encode(v) for v in value]  # a tuple or list of records


def _holds_record(value: Any) -> bool:
    if isinstance(value, Record):
        return True
    if isinstance(value, dict):
        return any(_holds_record(v) for v in value.values())
    if isinstance(value, tuple | list):
        return any(_holds_record(v) for v in value)
    if isinstance(value, str) and value.startswith(_TAG):
        raise ValueError(f"cannot compile a text that starts with a NUL character: {value[:20]!r}")
    return False


_new = tuple.__new__  # Record.__new__ minus its keyword and default handling, which a compiled record never needs


def _decode(value: Any) -> Any:
    if value.__class__ is not list:
        return value
    head = value[0]
    if head.__class__ is str and head[:1] == _TAG:
        if head == _DICT:
            return {k: _decode(v) for k, v in value[1].items()}
        record, fields = _RECORDS[head[1:]], [_decode(v) for v in value[1:]]
        if len(fields) != len(record._fields):
            raise ValueError(f"a compiled {record.__name__} with {len(fields)} fields")
        return _new(record, fields)
    return tuple([_decode(v) for v in value])
