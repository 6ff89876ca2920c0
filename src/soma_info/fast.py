"""The start-up-lean path: lookups, search, the listings and the interaction check, without Typer or pydantic.

A lookup is what most runs are, so it must not pay ~100 ms for a command-line framework it does not use.
This path takes only argument lists it fully understands and only runs that succeed; everything else
(help, errors, unknown options, other commands) returns None and goes to the Typer app, so every error
message has one author. The output is built by the same views, renderers and writer as the Typer commands,
and tests prove both paths give byte-identical results. Rich is imported only for the styled format.
"""

from __future__ import annotations

import sys

from soma_info import __version__, completion, loader, terminal, views
from soma_info.exitcodes import ExitCode
from soma_info.model import KnowledgeError, Monograph
from soma_info.record import Record
from soma_info.render.document import Document
from soma_info.sections import RESERVED_NAMES, normalise

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

_OPTIONS = {"--format": "fmt", "-f": "fmt", "--color": "color", "--width": "width", "-w": "width", "--data": "data",
            "--with": "drugs"}  # fmt: skip


class Request(Record):
    words: tuple[str, ...]  # ("mechanism",), ("card",) or ("search", "alcohol"); () with --version
    fmt: str | None
    color: str | None
    width: int | None
    data: str | None
    drugs: tuple[str, ...] = ()  # interactions --with NAME ...
    version: bool = False  # --version, with no command


def parse(args: list[str]) -> Request | None:
    """The request, or None when anything about the arguments is not plainly one this path answers."""
    values: dict[str, str] = {}
    words: list[str] = []
    drugs: list[str] = []
    version = False
    rest = iter(args)
    for arg in rest:
        if arg in ("--version", "-v"):
            version = True
            continue
        name, equals, value = arg.partition("=")
        if arg in _OPTIONS:
            value = next(rest, "-")
        elif not (equals and name.startswith("--") and name in _OPTIONS):
            if arg.startswith("-") or not arg:
                return None  # help, --version, --regex, unknown options, "--": Typer's job
            else:
                words.append(arg)
            continue
        if not value.strip() or value.startswith("-"):
            return None  # an empty or option-like value: Typer decides what it means
        option = _OPTIONS[name if equals else arg]
        if option == "drugs":
            if not words:
                return None  # --with belongs to the interactions command, so it must follow it
            drugs.append(value)  # repeatable
        else:
            values[option] = value
    return _request(words, values, tuple(drugs), version)


def _request(words: list[str], values: dict[str, str], drugs: tuple[str, ...], version: bool) -> Request | None:
    fmt = values.get("fmt", "").lower() or None
    color = values.get("color", "").lower() or None
    width = values.get("width")
    if fmt not in (None, *terminal.FORMATS) or color not in (None, *terminal.COLORS):
        return None
    if width is not None and not (width.isascii() and width.isdigit()):
        return None
    if version:
        if words or drugs:
            return None  # --version beside a command: Typer decides what that means
    else:
        is_search = len(words) == 2 and words[0] == "search"
        is_listing = len(words) == 1 and words[0] in views.LISTINGS
        if not (is_search or is_listing) and (not words or normalise(words[0]) in RESERVED_NAMES):
            return None  # more than one word is a section given drug names: _document decides
        if drugs and (is_search or is_listing):
            return None  # --with belongs to the interactions section; Typer says so
    return Request(tuple(words), fmt, color, int(width) if width else None, values.get("data"), drugs, version)


def run(args: list[str], env: Mapping[str, str], stdout: TextIO) -> int | None:
    """The exit code, or None to let the Typer app handle these arguments."""
    if completion.ENV_VAR in env:
        answer = completion.complete(env)
        if answer is None:
            return None
        text, code = answer
        terminal.emit(text + "\n", stdout)
        return code
    request = parse(args)
    if request is None:
        return None
    try:
        output = terminal.decide(request.fmt, request.color, request.width, env, stdout)
        path = loader.chosen_path(request.data, env)
        document = _document(request, loader.load(path), output.format, path)
    except (terminal.UsageProblem, KnowledgeError, ValueError):  # search.QueryError is a ValueError
        return None
    if document is None:
        return None
    listing = views.LISTINGS.get(request.words[0]) if request.words else None
    try:
        text = terminal.render(document, output)
        terminal.deliver(text, None, listing is not None and listing.paged, env, stdout)
    except terminal.PipeClosed:
        return ExitCode.BROKEN_PIPE
    except terminal.OutputFailed as failure:
        sys.stderr.write(f"soma-info: error: {failure}\n")
        return ExitCode.OUTPUT
    return views.interaction_exit_code(document) if "results" in document.data and _checks(request) else ExitCode.OK


def _checks(request: Request) -> bool:
    """An interaction check: drug names after the section's name, or --with."""
    return bool(request.drugs) or (len(request.words) > 1 and request.words[0] != "search")


def _document(request: Request, monograph: Monograph, fmt: str, path: str) -> Document | None:
    if request.version:
        return views.version(monograph, __version__, path)
    word = request.words[0]
    if word == "search" and len(request.words) == 2:
        from soma_info import search  # only a search pays for it

        query = request.words[1]
        hits = search.find(monograph, search.compile_query(query))
        return views.search_results(monograph, query, hits) if hits else None
    if word in views.LISTINGS:
        if word == "card" and not monograph.card:
            return None  # Typer explains that this knowledge file has no card
        return views.LISTINGS[word].build(monograph, fmt)
    section = monograph.resolve(word)
    if section is None or (_checks(request) and section.key != "interactions"):
        return None  # an unknown name, or drug names after a section that takes none: Typer says so
    if _checks(request):
        from soma_info.interactions import interaction_names
        from soma_info.vocabulary import Vocabulary

        names = interaction_names([*request.words[1:], *request.drugs], [])
        return views.interaction_check(monograph, Vocabulary.load(), names)
    return views.section(monograph, section)
