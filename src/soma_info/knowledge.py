"""Load and validate the knowledge file into a ``Monograph``. This module never prints.

Every failure, from a missing file to a misspelt key, becomes a ``KnowledgeError`` that carries every
``Problem`` found (with the key path, and the line where the YAML gives one), so that `soma-info validate`
can list them all and the other commands can say the first one in a sentence.
"""

from __future__ import annotations

import os
import re
import stat

from soma_info._deferred import regexes_deferred
from soma_info.record import Record
from soma_info.sections import CANONICAL_KEYS, RESERVED_NAMES, normalise

with regexes_deferred():  # PyYAML's import-time patterns serve code paths this loader never takes
    import yaml
    from yaml.resolver import BaseResolver

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

MAX_BYTES = 16 * 1024 * 1024  # documented in the README; refused before the file is read
MAX_PROBLEMS = 200  # a pathological file must not produce an endless report
SCHEMA_VERSION = "1"
SOURCE_KINDS = frozenset(
    ("label", "archived-label", "regulation", "regulator", "pharmacogenomics", "literature", "reference")
)
ENV_VAR = "SOMA_INFO_DATA"


# ----------------------------------------------------------------------------- the domain


class Source(Record):
    id: str
    short: str
    title: str
    publisher: str
    url: str
    date: str
    section: str  # "" when the source is not cited by label section
    kind: str

    @property
    def citation(self) -> str:
        """The short form shown under a section, e.g. "FDA label §12.1, rev. 5/2023"."""
        where = f" §{self.section}" if self.section else ""
        return f"{self.short}{where}, {self.date}"


class Subheading(Record):
    text: str


class Statement(Record):
    """A paragraph or a bullet, with the ids of the sources it rests on."""

    text: str
    cite: tuple[str, ...]


class StatementList(Record):
    items: tuple[Statement, ...]


class FactTable(Record):
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    cite: tuple[str, ...]


Block = Subheading | Statement | StatementList | FactTable


class Section(Record):
    key: str
    title: str
    aliases: tuple[str, ...]
    summary: str
    body: tuple[Block, ...]

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The ids this section cites, in order of first citation."""
        seen: dict[str, None] = {}
        for block in self.body:
            for statement in _statements(block):
                seen.update(dict.fromkeys(statement))
        return tuple(seen)


def _statements(block: Block) -> tuple[tuple[str, ...], ...]:
    if isinstance(block, Statement | FactTable):
        return (block.cite,)
    if isinstance(block, StatementList):
        return tuple(item.cite for item in block.items)
    return ()


class Identity(Record):
    generic_name: str
    brand_names: tuple[str, ...]
    drug_class: str
    controlled_substance: str
    label_revision: str
    label_setid: str
    reviewed: str
    scope: str


class CardLine(Record):
    """One line of the drug card (`soma-info card`): a label, short text, its sources."""

    label: str
    text: str
    cite: tuple[str, ...]


class TimelineRow(Record):
    """One quantity on the onset timeline, in hours after a dose; no span when no source gives a number."""

    label: str
    start: float | None
    end: float | None
    upto: float | None  # the span may reach this far (e.g. effects last 4 to 6 hours)
    figure: str
    basis: str  # where the figure comes from: "current label", "older label", ...
    cite: tuple[str, ...]


class Member(Record):
    """A drug or group named in an interaction class, with the other names people use for it."""

    name: str
    also: tuple[str, ...]
    cite: tuple[str, ...]


class InteractionClass(Record):
    id: str
    name: str
    effect: str
    advice: str
    cite: tuple[str, ...]
    members: tuple[Member, ...]


class Monograph(Record):
    identity: Identity
    notice: str
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]  # in label order (CANONICAL_KEYS)
    names: dict[str, str]  # every normalised key and alias -> its section key
    card: tuple[CardLine, ...]
    timeline: tuple[TimelineRow, ...]
    interactions: tuple[InteractionClass, ...]
    drugs: dict[str, tuple[tuple[int, int], ...]]  # normalised drug name -> (class index, member index) pairs

    def section(self, key: str) -> Section:
        return self.sections[CANONICAL_KEYS.index(key)]

    def resolve(self, name: str) -> Section | None:
        """The section a typed name (key or alias, any case, `_`/space/`-` alike) stands for."""
        key = self.names.get(normalise(name))
        return None if key is None else self.section(key)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def cited(self, section: Section) -> tuple[Source, ...]:
        return tuple(self.source(i) for i in section.source_ids)

    def interaction(self, name: str) -> tuple[tuple[InteractionClass, Member], ...]:
        """Every interaction class (and the member in it) that a typed drug name stands for."""
        found = self.drugs.get(normalise(name), ())
        return tuple((self.interactions[i], self.interactions[i].members[j]) for i, j in found)


class Problem(Record):
    where: str  # a key path such as "sections[3].body[2].cite", or "" for the file as a whole
    message: str
    line: int | None = None  # 1-based, where the YAML parser can tell
    column: int | None = None

    def describe(self) -> str:
        place = []
        if self.line is not None:
            place.append(f"line {self.line}" + (f", column {self.column}" if self.column else ""))
        if self.where:
            place.append(self.where)
        return f"{' '.join(place) if place else ''}{': ' if place else ''}{self.message}"


class KnowledgeError(Exception):
    """The knowledge file could not be used; ``problems`` lists everything found wrong."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(self.sentence())

    def sentence(self) -> str:
        first = self.problems[0].describe()
        more = len(self.problems) - 1
        tail = f" ({more} more problem{'s' if more > 1 else ''}; run: soma-info validate {self.path})"
        return f"{self.path}: {first}{tail if more else ''}"


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


# ----------------------------------------------------------------------------- validating

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that can reorder
# what a terminal shows. They are printed as visible escapes, never passed to the terminal.
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")


def visible(text: str) -> str:
    """Collapse white space to single spaces and show control characters as \\xNN / \\uNNNN."""
    text = " ".join(text.split())
    if text.isprintable():  # the common case, checked in C; the pattern is compiled only when needed
        return text
    return re.sub(_UNSAFE, lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def _is_id(text: str) -> bool:
    return text[:1].isalnum() and text.isascii() and _ID_CHARS.issuperset(text)


def _is_https_url(text: str) -> bool:
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


def _show(where: Path_) -> str:
    out = ""
    for step in where:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


class _Checker:
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
            self.fail(where, f"must be a mapping with {', '.join(required)}, not {_kind(value)}")
            return {}
        for key in value:
            if key not in required and key not in optional:
                known = ", ".join((*required, *optional))
                self.fail((*where, str(key)), f"unknown key {key!r} (expected one of: {known})")
        for key in required:
            if key not in value:
                self.fail(where, f"missing required key {key!r}")
        return value

    def text(self, value: Any, where: Path_) -> str:
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {_kind(value)}")
            return ""
        shown = visible(value)
        if not shown:
            self.fail(where, "must not be empty")
        return shown

    def texts(self, value: Any, where: Path_) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.fail(where, f"must be a non-empty list of text, not {_kind(value)}")
            return ()
        return tuple(self.text(item, (*where, i)) for i, item in enumerate(value))

    def get(self, fields: dict[str, Any], key: str, where: Path_, convert: Any, default: Any = "") -> Any:
        """Convert fields[key] when present; a missing key was already reported by `mapping`."""
        return convert(fields[key], (*where, key)) if key in fields else default

    def items(self, value: Any, where: Path_, what: str) -> list[tuple[Path_, Any]]:
        if not isinstance(value, list) or not value:
            self.fail(where, f"must be a non-empty list of {what}, not {_kind(value)}")
            return []
        return [((*where, i), item) for i, item in enumerate(value)]


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, str):
        return "empty text" if not value.strip() else "text"
    return f"a {type(value).__name__}"


def validate(path: str, data: Any, text: str | None = None) -> Monograph:
    """Build the Monograph, or raise KnowledgeError listing every problem (with lines when text is given)."""
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else "a single value"
        raise _fail(path, f"the top level must be a mapping (schema, monograph, ...), not {shape}")
    check = _Checker()
    top = check.mapping(data, (), TOP_KEYS, OPTIONAL_TOP_KEYS)
    schema = check.get(top, "schema", (), check.text)
    if schema and schema != SCHEMA_VERSION:
        check.fail(("schema",), f"schema version {schema!r} is not supported (this program reads {SCHEMA_VERSION!r})")
    identity = check.get(top, "monograph", (), lambda v, w: _identity(check, v, w), None)
    notice = check.get(top, "notice", (), check.text)
    sources = check.get(top, "sources", (), lambda v, w: _sources(check, v, w), ())
    sections = check.get(top, "sections", (), lambda v, w: _sections(check, v, w), ())
    card = check.get(top, "card", (), lambda v, w: _card(check, v, w), ())
    timeline = check.get(top, "timeline", (), lambda v, w: _timeline(check, v, w), ())
    interactions = check.get(top, "interactions", (), lambda v, w: _interactions(check, v, w), ())
    names = _integrity(check, sources, sections, _other_citations(card, timeline, interactions))
    drugs = _drug_names(check, interactions)
    if check.problems:
        raise KnowledgeError(path, _placed(check.problems, text))
    ordered = tuple(sorted(sections, key=lambda s: CANONICAL_KEYS.index(s.key)))
    return Monograph(identity, notice, sources, ordered, names, card, timeline, interactions, drugs)


def _placed(found: list[tuple[Path_, str]], text: str | None) -> list[Problem]:
    problems = []
    for where, message in found:
        mark = locate(text, where) if text is not None else None
        problems.append(Problem(_show(where), message, *(mark or (None, None))))
    return problems


def _identity(check: _Checker, value: Any, where: Path_) -> Identity:
    fields = check.mapping(value, where, Identity._fields)
    texts = {k: check.get(fields, k, where, check.text) for k in Identity._fields if k != "brand_names"}
    return Identity(brand_names=check.get(fields, "brand_names", where, check.texts, ()), **texts)


def _sources(check: _Checker, value: Any, where: Path_) -> tuple[Source, ...]:
    found = []
    for at, item in check.items(value, where, "sources"):
        fields = check.mapping(item, at, ("id", "short", "title", "publisher", "url", "date", "kind"), ("section",))
        source = Source(**{k: check.get(fields, k, at, check.text) for k in Source._fields})
        if source.id and not _is_id(source.id):
            check.fail((*at, "id"), f"source id {source.id!r} must be lowercase letters, digits, '.' and '-'")
        if source.url and not _is_https_url(source.url):
            check.fail((*at, "url"), f"{source.url!r} is not a well-formed https:// URL")
        if source.kind and source.kind not in SOURCE_KINDS:
            check.fail((*at, "kind"), f"kind {source.kind!r} is not one of: {', '.join(sorted(SOURCE_KINDS))}")
        found.append(source)
    return tuple(found)


def _sections(check: _Checker, value: Any, where: Path_) -> tuple[Section, ...]:
    found = []
    for at, item in check.items(value, where, "sections"):
        fields = check.mapping(item, at, ("key", "title", "summary", "body"), ("aliases",))
        key = check.get(fields, "key", at, check.text)
        if key not in CANONICAL_KEYS:
            if key:
                check.fail(
                    (*at, "key"),
                    f"{key!r} is not a section key (expected one of: {', '.join(CANONICAL_KEYS)})",
                )
            continue
        blocks = check.get(fields, "body", at, lambda v, w: check.items(v, w, "blocks"), [])
        found.append(
            Section(
                key=key,
                title=check.get(fields, "title", at, check.text),
                aliases=check.get(fields, "aliases", at, check.texts, ()),
                summary=check.get(fields, "summary", at, check.text),
                body=tuple(_block(check, w, b) for w, b in blocks),
            )
        )
    return tuple(found)


TOP_KEYS = ("schema", "monograph", "notice", "sources", "sections")
OPTIONAL_TOP_KEYS = ("card", "timeline", "interactions")  # the commands that need one say so when it is absent
_BLOCK_KINDS = ("heading", "text", "items", "table")


def _block(check: _Checker, where: Path_, value: Any) -> Block:
    kinds = [k for k in _BLOCK_KINDS if isinstance(value, dict) and k in value]
    if len(kinds) != 1:
        check.fail(where, f"a block must have exactly one of: {', '.join(_BLOCK_KINDS)}")
        return Subheading("")
    if kinds == ["heading"]:
        check.mapping(value, where, ("heading",))
        return Subheading(check.text(value["heading"], (*where, "heading")))
    if kinds == ["items"]:
        check.mapping(value, where, ("items",))
        entries = check.items(value["items"], (*where, "items"), "items")
        return StatementList(tuple(_statement(check, w, v) for w, v in entries))
    if kinds == ["text"]:
        return _statement(check, where, value)
    fields = check.mapping(value, where, ("table", "cite"))
    table = check.mapping(value["table"], (*where, "table"), ("columns", "rows"), ("caption",))
    at: Path_ = (*where, "table")
    columns = check.get(table, "columns", at, check.texts, ())
    rows = []
    for row_at, row in check.get(table, "rows", at, lambda v, w: check.items(v, w, "rows"), []):
        cells = check.texts(row, row_at)
        if cells and columns and len(cells) != len(columns):
            check.fail(row_at, f"has {len(cells)} cells but the table has {len(columns)} columns")
        rows.append(cells)
    caption = check.get(table, "caption", at, check.text)
    return FactTable(caption, columns, tuple(rows), check.get(fields, "cite", where, check.texts, ()))


def _statement(check: _Checker, where: Path_, value: Any) -> Statement:
    fields = check.mapping(value, where, ("text", "cite"))
    return Statement(check.get(fields, "text", where, check.text), check.get(fields, "cite", where, check.texts, ()))


def _integrity(
    check: _Checker,
    sources: tuple[Source, ...],
    sections: tuple[Section, ...],
    other: list[tuple[Path_, tuple[str, ...]]],
) -> dict[str, str]:
    """Cross-references: unique ids, resolvable and used sources, every canonical section, unique names."""
    ids: dict[str, int] = {}
    for i, source in enumerate(sources):
        if source.id in ids:
            check.fail(("sources", i, "id"), f"source id {source.id!r} is used twice")
        ids.setdefault(source.id, i)
    used: set[str] = set()
    names: dict[str, str] = {}
    for i, section in enumerate(sections):
        for source_id in section.source_ids:
            used.add(source_id)
            if source_id and source_id not in ids:
                check.fail(("sections", i), f"section {section.key!r} cites {source_id!r}, which is not in sources")
        for name in (section.key, *section.aliases):
            folded = normalise(name)
            if folded in RESERVED_NAMES:
                check.fail(("sections", i, "aliases"), f"{name!r} is a command name and cannot name a section")
            elif folded and names.setdefault(folded, section.key) != section.key:
                check.fail(("sections", i, "aliases"), f"{name!r} already names section {names[folded]!r}")
    for where, cite in other:
        for source_id in cite:
            used.add(source_id)
            if source_id and source_id not in ids:
                check.fail(where, f"cites {source_id!r}, which is not in sources")
    present = [s.key for s in sections]
    for key in CANONICAL_KEYS:
        if present.count(key) > 1:
            check.fail(("sections",), f"section {key!r} appears {present.count(key)} times")
        elif key not in present and sections:
            check.fail(("sections",), f"section {key!r} is missing")
    for source_id, i in ids.items():
        if source_id and source_id not in used:
            check.fail(("sources", i), f"source {source_id!r} is never cited")
    return names


def _card(check: _Checker, value: Any, where: Path_) -> tuple[CardLine, ...]:
    lines = []
    for at, item in check.items(value, where, "card lines"):
        fields = check.mapping(item, at, ("label", "text", "cite"))
        lines.append(CardLine(*(check.get(fields, k, at, c, d) for k, c, d in _LABEL_TEXT_CITE(check))))
    return tuple(lines)


def _LABEL_TEXT_CITE(check: _Checker) -> tuple[tuple[str, Any, Any], ...]:
    return (("label", check.text, ""), ("text", check.text, ""), ("cite", check.texts, ()))


def _hours(check: _Checker, value: Any, where: Path_) -> float | None:
    text = check.text(value, where)
    try:
        hours = float(text)
    except ValueError:
        check.fail(where, f"{text!r} is not a number of hours")
        return None
    if not 0 <= hours <= 72:
        check.fail(where, f"{text} hours is outside 0 to 72")
        return None
    return hours


def _timeline(check: _Checker, value: Any, where: Path_) -> tuple[TimelineRow, ...]:
    rows = []
    for at, item in check.items(value, where, "timeline rows"):
        fields = check.mapping(item, at, ("label", "figure", "basis", "cite"), ("start", "end", "upto"))
        hours = {k: check.get(fields, k, at, lambda v, w: _hours(check, v, w), None) for k in ("start", "end", "upto")}
        start, end, upto = hours["start"], hours["end"], hours["upto"]
        if ("start" in fields) != ("end" in fields) or ("upto" in fields and "end" not in fields):
            check.fail(at, "a span needs both start and end (and upto only with them)")
        elif start is not None and end is not None and not start <= end <= (upto if upto is not None else end):
            check.fail(at, "the hours must run start <= end <= upto")
        rows.append(
            TimelineRow(
                label=check.get(fields, "label", at, check.text),
                start=start,
                end=end,
                upto=upto,
                figure=check.get(fields, "figure", at, check.text),
                basis=check.get(fields, "basis", at, check.text),
                cite=check.get(fields, "cite", at, check.texts, ()),
            )
        )
    return tuple(rows)


def _interactions(check: _Checker, value: Any, where: Path_) -> tuple[InteractionClass, ...]:
    groups = []
    for at, item in check.items(value, where, "interaction classes"):
        fields = check.mapping(item, at, ("id", "name", "effect", "advice", "cite", "members"))
        members = []
        for member_at, member in check.get(fields, "members", at, lambda v, w: check.items(v, w, "members"), []):
            entry = check.mapping(member, member_at, ("name", "cite"), ("also",))
            members.append(
                Member(
                    name=check.get(entry, "name", member_at, check.text),
                    also=check.get(entry, "also", member_at, check.texts, ()),
                    cite=check.get(entry, "cite", member_at, check.texts, ()),
                )
            )
        groups.append(
            InteractionClass(
                id=check.get(fields, "id", at, check.text),
                name=check.get(fields, "name", at, check.text),
                effect=check.get(fields, "effect", at, check.text),
                advice=check.get(fields, "advice", at, check.text),
                cite=check.get(fields, "cite", at, check.texts, ()),
                members=tuple(members),
            )
        )
    return tuple(groups)


def _other_citations(
    card: tuple[CardLine, ...], timeline: tuple[TimelineRow, ...], interactions: tuple[InteractionClass, ...]
) -> list[tuple[Path_, tuple[str, ...]]]:
    found: list[tuple[Path_, tuple[str, ...]]] = [(("card", i), line.cite) for i, line in enumerate(card)]
    found += [(("timeline", i), row.cite) for i, row in enumerate(timeline)]
    for i, group in enumerate(interactions):
        found.append((("interactions", i), group.cite))
        found += [(("interactions", i, "members", j), m.cite) for j, m in enumerate(group.members)]
    return found


def _drug_names(check: _Checker, interactions: tuple[InteractionClass, ...]) -> dict[str, tuple[tuple[int, int], ...]]:
    """Every name a drug goes by, normalised; a drug may be in several classes but once in each."""
    drugs: dict[str, tuple[tuple[int, int], ...]] = {}
    ids: set[str] = set()
    for i, group in enumerate(interactions):
        if group.id in ids:
            check.fail(("interactions", i, "id"), f"interaction class id {group.id!r} is used twice")
        ids.add(group.id)
        for j, member in enumerate(group.members):
            for name in dict.fromkeys(normalise(n) for n in (member.name, *member.also)):
                if any(k == i for k, _ in drugs.get(name, ())):
                    check.fail(("interactions", i, "members", j), f"the name {name!r} is listed twice in {group.id!r}")
                elif name:
                    drugs[name] = (*drugs.get(name, ()), (i, j))
    return drugs


# ----------------------------------------------------------------------------- the entry point


def load(path: str | None = None) -> Monograph:
    """Read, parse and validate a knowledge file (--data, else $SOMA_INFO_DATA, else the shipped one)."""
    where = chosen_path(path)
    text = read_text(where)
    return validate(where, parse(where, text), text)
