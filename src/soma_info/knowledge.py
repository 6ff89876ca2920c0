"""Load and validate the knowledge file into a ``Monograph``. This module never prints.

Every failure, from a missing file to a misspelt key, becomes a ``KnowledgeError`` that carries every
``Problem`` found (with the key path, and the line where the YAML gives one), so that `soma-info validate`
can list them all and the other commands can say the first one in a sentence.
"""

from __future__ import annotations

import os
import stat

from soma_info._deferred import regexes_deferred
from soma_info.model import KnowledgeError, Monograph, Problem
from soma_info.schema import MAX_PROBLEMS, SCHEMA_VERSION, visible
from soma_info.schema import validate as _validate

with regexes_deferred():  # PyYAML's import-time patterns serve code paths this loader never takes
    import yaml
    from yaml.resolver import BaseResolver

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = [
    "ENV_VAR", "MAX_BYTES", "SCHEMA_VERSION", "KnowledgeError", "Monograph", "Problem", "chosen_path", "decode",
    "default_path", "load", "locate", "parse", "read_text", "validate", "visible",
]  # fmt: skip

MAX_BYTES = 16 * 1024 * 1024  # documented in the README; refused before the file is read
ENV_VAR = "SOMA_INFO_DATA"


# ----------------------------------------------------------------------------- reading


def default_path() -> str:
    """The shipped knowledge file: next to the code in a wheel, or the checkout's data/ folder.

    os.path rather than pathlib or importlib.resources: those imports cost more than the whole lookup.
    """
    here = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(here, "data", "soma.yaml")
    if os.path.isfile(installed):
        return installed
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data", "soma.yaml")


def chosen_path(explicit: str | None, environ: Mapping[str, str] | None = None) -> str:
    """--data wins, then $SOMA_INFO_DATA, then the shipped file."""
    env = os.environ if environ is None else environ
    return explicit or env.get(ENV_VAR) or default_path()


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

_Parser: Any
try:  # libyaml's C parser when PyYAML was built with it; the pure-Python one otherwise
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    _Parser = CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _PyParser(Reader, Scanner, Parser, Composer):
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    _Parser = _PyParser


_TEXT, _LIST, _MAPPING = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))
_DEFAULT_TAG = {yaml.ScalarNode: _TEXT, yaml.SequenceNode: _LIST, yaml.MappingNode: _MAPPING}


class _Composer(_Parser, BaseResolver):  # type: ignore[misc]
    """The parser with no implicit typing: BaseResolver tags every plain scalar as text, so `no` stays "no"."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        BaseResolver.__init__(self)

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        """Every untagged node is text, a list or a mapping: the kind's default tag, looked up in one step."""
        return _DEFAULT_TAG[kind]


class _Converter:
    """Turns the node tree into text, lists and mappings, and nothing else.

    This is the safe loader: no constructor runs, so a tag such as !!python/object is reported, never
    executed. Aliases are refused (a knowledge file needs none, and they make expansion bombs possible),
    and so are duplicate keys, which YAML loaders otherwise resolve silently by keeping the last one.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            mark = node.start_mark
            self.problems.append(Problem("", message, mark.line + 1, mark.column + 1))

    def data(self, node: yaml.Node) -> Any:
        if id(node) in self.seen:
            self.fail(node, "YAML aliases (*name) are not allowed in a knowledge file")
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            self._tag(node, _TEXT)
            return node.value
        if isinstance(node, yaml.SequenceNode):
            self._tag(node, _LIST)
            return [self.data(item) for item in node.value]
        self._tag(node, _MAPPING)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.data(key_node)
            if not isinstance(key, str):
                self.fail(key_node, "a key must be plain text")
            elif key in mapping:
                self.fail(key_node, f"duplicate key {key!r}")
            else:
                mapping[key] = self.data(value_node)
        return mapping

    def _tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self.fail(node, f"the YAML tag {node.tag!r} is not allowed; a knowledge file holds only text")


def parse(path: str, text: str) -> Any:
    """Text, lists and mappings from the YAML text, or KnowledgeError with every problem found."""
    try:
        node = _Composer(text).get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "is not valid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise KnowledgeError(path, [Problem("", f"invalid YAML: {message}", line, column)]) from None
    except yaml.YAMLError as error:
        raise _fail(path, f"invalid YAML: {error}") from None
    except RecursionError:
        raise _fail(path, "invalid YAML: nested too deeply") from None
    if node is None:
        raise _fail(path, "holds no YAML document (only comments or blank lines)")
    converter = _Converter()
    try:
        data = converter.data(node)
    except RecursionError:
        raise _fail(path, "invalid YAML: nested too deeply") from None
    if converter.problems:
        raise KnowledgeError(path, converter.problems)
    return data


def locate(text: str, where: tuple[str | int, ...]) -> tuple[int, int] | None:
    """The 1-based line and column of a key path, found again in the node tree (only on the error path)."""
    node = _Composer(text).get_single_node()
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
    return (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else None


# ----------------------------------------------------------------------------- the entry point


def validate(path: str, data: Any, text: str | None = None) -> Monograph:
    """The schema's verdict on parsed data; given the text, each problem also gets its line."""
    return _validate(path, data, (lambda where: locate(text, where)) if text is not None else None)


def load(path: str | None = None) -> Monograph:
    """Read, parse and validate a knowledge file (--data, else $SOMA_INFO_DATA, else the shipped one)."""
    where = chosen_path(path)
    text = read_text(where)
    return validate(where, parse(where, text), text)
