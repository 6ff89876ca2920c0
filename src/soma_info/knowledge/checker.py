"""The checker that walks parsed YAML along ``shapes.SHAPES``, collecting every problem instead of stopping.

Each problem names its key path (``show``); the YAML reader adds the line it sits on.
"""

from __future__ import annotations

from soma_info.knowledge.model import KnowledgeError, Problem
from soma_info.knowledge.shapes import keys
from soma_info.knowledge.text import visible

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any


MAX_PROBLEMS = 200  # a pathological file must not produce an endless report
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")


def is_id(text: str) -> bool:
    return text[:1].isalnum() and text.isascii() and _ID_CHARS.issuperset(text)


def is_https_url(text: str) -> bool:
    """https://host[:port][/path], with a dotted host name and no spaces, quotes or angle brackets."""
    if not text.startswith("https://") or any(c in text for c in ' "<>') or not text.isprintable():
        return False
    host = text[len("https://") :].split("/", 1)[0]
    name, _, port = host.partition(":")
    labels = name.split(".")
    return (
        _HOST_CHARS.issuperset(host)
        and len(labels) > 1
        and all(labels)
        and (not port or (port.isdigit() and 0 < int(port) <= 65535))
    )


Path_ = tuple[str | int, ...]


def show(where: Path_) -> str:
    out = ""
    for step in where:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


class Checker:
    """Walks the parsed YAML along the schema, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[tuple[Path_, str]] = []

    def fail(self, where: Path_, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((where, message))

    def mapping(
        self, value: Any, where: Path_, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"must be a mapping with {', '.join(required)}, not {kind_of(value)}")
            return {}
        for key in value:
            if key not in required and key not in optional:
                known = ", ".join((*required, *optional))
                self.fail((*where, str(key)), f"unknown key {key!r} (expected one of: {known})")
        for key in required:
            if key not in value:
                self.fail(where, f"missing required key {key!r}")
        return value

    def shape(self, value: Any, where: Path_, kind: str) -> dict[str, Any]:
        return self.mapping(value, where, *keys(kind))

    def text(self, value: Any, where: Path_) -> str:
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {kind_of(value)}")
            return ""
        shown = visible(value)
        if not shown:
            self.fail(where, "must not be empty")
        return shown

    def texts(self, value: Any, where: Path_) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.fail(where, f"must be a non-empty list of text, not {kind_of(value)}")
            return ()
        return tuple(self.text(item, (*where, i)) for i, item in enumerate(value))

    def get(self, fields: dict[str, Any], key: str, where: Path_, convert: Any, default: Any = "") -> Any:
        """Convert fields[key] when present; a missing key was already reported by `mapping`."""
        return convert(fields[key], (*where, key)) if key in fields else default

    def items(self, value: Any, where: Path_, what: str) -> list[tuple[Path_, Any]]:
        if not isinstance(value, list) or not value:
            self.fail(where, f"must be a non-empty list of {what}, not {kind_of(value)}")
            return []
        return [((*where, i), item) for i, item in enumerate(value)]


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, str):
        return "empty text" if not value.strip() else "text"
    return f"a {type(value).__name__}"


def file_error(path: str, message: str) -> KnowledgeError:
    return KnowledgeError(path, [Problem("", message)])
