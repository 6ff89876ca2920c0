"""Read a YAML knowledge file and validate it into a ``Monograph``. This module never prints.

It is the only module that imports PyYAML. Every failure, from a missing file to a misspelt key, becomes a
``KnowledgeError`` that carries every ``Problem`` found (with the key path, and the line where the YAML gives
one), so that `soma-info validate` can list them all and the other commands can say the first one in a sentence.
"""

from __future__ import annotations

import os
import stat

import yaml
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from soma_info.knowledge.checker import MAX_PROBLEMS, Path_
from soma_info.knowledge.model import SCHEMA_VERSION, KnowledgeError, Monograph, Problem
from soma_info.knowledge.schema import placed
from soma_info.knowledge.schema import validate as _validate
from soma_info.knowledge.text import visible

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

__all__ = [
    "MAX_BYTES", "MAX_PROBLEMS", "SCHEMA_VERSION", "KnowledgeError", "Monograph", "Problem",
    "decode", "load", "name_problems", "parse", "read_text", "validate", "visible",
]  # fmt: skip

MAX_BYTES = 16 * 1024 * 1024  # documented in the README; refused before the file is read


# ----------------------------------------------------------------------------- reading


def read_text(path: str) -> str:
    """The file's text, refused (before reading it all) when it cannot be a knowledge file."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise _fail(path, "is a directory, not a knowledge file")
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) or stat.S_ISSOCK(info.st_mode):
            raise _fail(path, "is a device or socket, not a knowledge file")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
            raise _fail(path, f"is larger than the {MAX_BYTES // 2**20} MiB limit for a knowledge file")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # a pipe (`--data <(...)`) is cut off here too
    except FileNotFoundError:
        raise _fail(path, "no such file") from None
    except PermissionError:
        raise _fail(path, "permission denied") from None
    except IsADirectoryError:
        raise _fail(path, "is a directory, not a knowledge file") from None
    except OSError as error:
        raise _fail(path, f"cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_BYTES:
        raise _fail(path, f"is larger than the {MAX_BYTES // 2**20} MiB limit for a knowledge file")
    return decode(path, raw)


def decode(path: str, raw: bytes) -> str:
    if b"\x00" in raw:
        raise _fail(path, "looks like a binary file (it contains NUL bytes), not YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _fail(
            path,
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start}); save it as UTF-8",
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _fail(path, "is empty")
    return text


def _fail(path: str, message: str, where: str = "") -> KnowledgeError:
    return KnowledgeError(path, [Problem(where, message)])


# ----------------------------------------------------------------------------- parsing


class _PyParser(Reader, Scanner, Parser, Composer):
    """PyYAML's pure-Python parser, for a PyYAML built without libyaml (tested against the C one)."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)


_Parser: Any = _PyParser
if yaml.__with_libyaml__:  # libyaml's C parser when PyYAML was built with it
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    _Parser = CParser


_TEXT, _LIST, _MAPPING = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))
_DEFAULT_TAG = {yaml.ScalarNode: _TEXT, yaml.SequenceNode: _LIST, yaml.MappingNode: _MAPPING}


class _Composer(_Parser, BaseResolver):  # type: ignore[misc]
    """The node tree, only to find the line of a problem; no implicit typing, as in the builder below."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)  # type: ignore[call-arg]  # the parser (mypy sees only BaseResolver)
        BaseResolver.__init__(self)

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        """Every untagged node is text, a list or a mapping: the kind's default tag, looked up in one step."""
        return _DEFAULT_TAG[kind]


_NO_DOCUMENT = object()
_NO_KEY = object()  # an open mapping that waits for a key, not a value
_REFUSED = object()  # a key that was reported; its value is read and dropped


class _Builder:
    """Builds text, lists and mappings straight from the parser's events, with no node tree in between.

    This is the safe loader: no constructor runs, so a tag such as !!python/object is reported, never
    executed. Aliases are refused (a knowledge file needs none, and they make expansion bombs possible),
    and so are duplicate keys, which YAML loaders otherwise resolve silently by keeping the last one.
    Reading events rather than composing nodes halves the time a lookup spends in the YAML library.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, mark: Any, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem("", message, mark.line + 1, mark.column + 1))

    def build(self, parser: Any) -> Any:
        """The one document's data, or _NO_DOCUMENT. An explicit stack, not recursion, however deep it nests."""
        top: Any = None  # the list or mapping being filled (None at the document's level)
        key: Any = _NO_KEY  # when it is a mapping: the key waiting for its value
        opened: Any = None  # the event that opened it, to point at a list or mapping used as a key
        enclosing: list[tuple[Any, Any, Any]] = []  # the same three for each list or mapping around it
        root, documents, next_event = _NO_DOCUMENT, 0, parser.get_event
        while (event := next_event()) is not None:
            kind = event.__class__
            if kind is ScalarEvent:
                if event.tag is not None or event.anchor is not None:
                    self._check(event, _TEXT)
                value, where = event.value, event
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.tag is not None or event.anchor is not None:
                    self._check(event, _MAPPING if kind is MappingStartEvent else _LIST)
                enclosing.append((top, key, opened))
                top, key, opened = {} if kind is MappingStartEvent else [], _NO_KEY, event
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value, where = top, opened
                top, key, opened = enclosing.pop()
            elif kind is AliasEvent:
                self.fail(event.start_mark, "YAML aliases (*name) are not allowed in a knowledge file")
                value, where = None, event
            elif kind is DocumentStartEvent and documents:
                raise _SecondDocument(event.start_mark)
            else:  # the stream's and the document's start and end
                documents += kind is DocumentStartEvent
                continue
            if top is None:
                root = value
            elif top.__class__ is list:
                top.append(value)
            elif key is _NO_KEY:
                key = self._key(top, value, where)
            else:
                if key is not _REFUSED:
                    top[key] = value
                key = _NO_KEY
        return root

    def _key(self, mapping: dict[str, Any], key: Any, where: Any) -> Any:
        if key.__class__ is not str:
            self.fail(where.start_mark, "a key must be plain text")
            return _REFUSED
        if key in mapping:
            self.fail(where.start_mark, f"duplicate key {key!r}")
            return _REFUSED
        return key

    def _check(self, event: Any, expected: str) -> None:
        """A tag is fine when it is the non-specific "!" or the one the node gets anyway; an anchor never is."""
        if event.tag is not None and event.tag != "!" and event.tag != expected:
            self.fail(event.start_mark, f"the YAML tag {event.tag!r} is not allowed; a knowledge file holds only text")
        if event.anchor is not None:
            self.fail(event.start_mark, "YAML anchors (&name) are not allowed in a knowledge file")


class _SecondDocument(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark


def parse(path: str, text: str) -> Any:
    """Text, lists and mappings from the YAML text, or KnowledgeError with every problem found."""
    builder = _Builder()
    try:
        data = builder.build(_Parser(text))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "is not valid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise KnowledgeError(path, [Problem("", f"invalid YAML: {message}", line, column)]) from None
    except _SecondDocument as second:
        message = "invalid YAML: a knowledge file is one document, but a second one starts here"
        raise KnowledgeError(path, [Problem("", message, second.mark.line + 1, second.mark.column + 1)]) from None
    except yaml.YAMLError as error:
        raise _fail(path, f"invalid YAML: {error}") from None
    if builder.problems:
        raise KnowledgeError(path, builder.problems)
    if data is _NO_DOCUMENT:
        raise _fail(path, "holds no YAML document (only comments or blank lines)")
    return data


class _Locator:
    """The 1-based line and column of a key path, found in the node tree (composed once, on the error path)."""

    def __init__(self, text: str) -> None:
        self.text: str | None = text  # None once composed, or once composing has failed
        self.root: yaml.Node | None = None

    def __call__(self, where: tuple[str | int, ...]) -> tuple[int, int] | None:
        if self.text is not None:
            text, self.text = self.text, None  # compose at most once, even when it fails
            try:
                self.root = _Composer(text).get_single_node()
            except (yaml.YAMLError, RecursionError):  # the pure-Python composer recurses; libyaml stops at 1000
                self.root = None
        node = self.root
        if node is None:
            return None
        for step in where:
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                match = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step]
                if not match:
                    break
                node = match[0]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                break
        return node.start_mark.line + 1, node.start_mark.column + 1


# ----------------------------------------------------------------------------- the entry point


def validate(path: str, data: Any, text: str | None = None) -> Monograph:
    """The schema's verdict on parsed data; given the text, each problem also gets its line."""
    return _validate(path, data, _Locator(text) if text is not None else None)


def load(path: str) -> Monograph:
    """Read, parse and validate the YAML knowledge file at ``path`` (``loader`` decides which file a run reads)."""
    text = read_text(path)
    return validate(path, parse(path, text), text)


def name_problems(path: str, found: Iterable[tuple[str, str, str]]) -> KnowledgeError:
    """Problems that a layer above found with the names a valid file gives its sections, each given as (section
    key, the key or alias as written, message): placed at that key or alias, with its line, as the schema
    places its own. The command table refuses the names its commands take (``commands.name_clashes``)."""
    try:
        text: str | None = read_text(path)
        data = parse(path, text or "")
    except KnowledgeError:  # changed since it was read: the problems, without their lines
        text, data = None, None
    listed = data.get("sections") if isinstance(data, dict) else None
    sections = listed if isinstance(listed, list) else []
    where = [(_name_path(sections, key, name), message) for key, name, message in found]
    return KnowledgeError(path, placed(where, _Locator(text) if text is not None else None))


def _name_path(sections: list[Any], key: str, name: str) -> Path_:
    for i, section in enumerate(sections):
        if isinstance(section, dict) and section.get("key") == key:
            aliases = section.get("aliases")
            if name == key:
                return ("sections", i, "key")
            if isinstance(aliases, list) and name in aliases:
                return ("sections", i, "aliases", aliases.index(name))
            return ("sections", i)
    return ("sections",)
