"""One request, one run: ``execute`` serves the Typer app and the start-up-lean parser alike.

Whatever front end read the command line, the same function loads the knowledge file, builds the view,
renders it, writes or pages it, and turns every failure it knows into one sentence on stderr and a
documented exit code. So the two front ends cannot differ in what a request does, only in how they read it.
"""

from __future__ import annotations

from soma_info import terminal, views
from soma_info.commands import (
    BY_NAME,
    COMMANDS,
    Request,
    UsageError,
    error_line,
    name_clashes,
    shorten,
    unknown_name,
)
from soma_info.exitcodes import ExitCode
from soma_info.knowledge import loader
from soma_info.knowledge.model import KnowledgeError, Monograph, Problem, Source
from soma_info.knowledge.record import Record
from soma_info.knowledge.sections import normalise
from soma_info.knowledge.text import visible
from soma_info.render.document import Document

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import TextIO


class NothingFound(Exception):
    """A search that matched nothing (exit 1), said in one sentence."""


def resolve(name: str, data: str | None, env: Mapping[str, str]) -> tuple[str, Monograph | None]:
    """The command or section key a typed name stands for, and the monograph if finding it needed one.

    Command names and section keys need no file; an alias does, since aliases live in the knowledge file.
    """
    if name in BY_NAME:
        return name, None
    key = normalise(name)
    if key in BY_NAME:
        return key, None
    monograph = accepted(loader.knowledge_file(data, env))
    section = monograph.resolve(name)
    if section is None:
        raise unknown(name, monograph)
    return section.key, monograph


def accepted(knowledge: loader.KnowledgeFile) -> Monograph:
    """The run's monograph, refused (KnowledgeError: exit 3) when the file gives a section a command's name,
    which the command would shadow: the data layer checks the file, the table the names (``name_clashes``)."""
    monograph = knowledge.monograph()
    clashes = name_clashes(monograph)
    if clashes:
        from soma_info.knowledge import yamlfile  # only a refused file pays for it: to say where the name is

        raise yamlfile.name_problems(knowledge.path, clashes)
    return monograph


def unknown(name: str, monograph: Monograph | None) -> UsageError:
    known = {c.name: c.name for c in COMMANDS} | (monograph.names if monograph else {})
    return unknown_name(name, known)


def execute(request: Request, env: Mapping[str, str], stdout: TextIO, stderr: TextIO) -> int:
    """Run the request; return its exit code. Writes the output to stdout and any error to stderr."""
    try:
        return _run(request, env, stdout, stderr)
    except UsageError as error:
        terminal.complain(error.lines(), stderr, env)
        return ExitCode.USAGE
    except KnowledgeError as error:
        terminal.complain(error_line(error.sentence()), stderr, env)
        return ExitCode.DATA
    except NothingFound as error:  # not an error: an answer, with where to look next
        terminal.complain(f"soma-info: {visible(str(error))}\n", stderr, env)
        return ExitCode.NO_MATCH
    except terminal.PipeClosed:
        return ExitCode.BROKEN_PIPE
    except terminal.Interrupted:  # Ctrl-C in the pager: it has ended, and nothing more is written
        return ExitCode.INTERRUPTED
    except terminal.OutputFailed as failure:
        terminal.complain(error_line(str(failure)), stderr, env)
        return ExitCode.OUTPUT


class Run(Record):
    """One request on its way through ``execute``: what a handler is given."""

    request: Request
    env: Mapping[str, str]
    stdout: TextIO
    stderr: TextIO
    view: Callable[..., Document]  # the row's view, imported; only validate and schema have none

    def knowledge(self) -> loader.KnowledgeFile:
        return loader.knowledge_file(self.request.data, self.env)

    def monograph(self) -> Monograph:
        return accepted(self.knowledge())


def _run(request: Request, env: Mapping[str, str], stdout: TextIO, stderr: TextIO) -> int:
    """Dispatch through the table: the row's handler, given the row's view, returns the Document to show (or,
    for validate and schema, which write their own output, the exit code)."""
    if request.version:
        output = terminal.decide(request.format, request.color, request.width, env, stdout)
        return _version(loader.knowledge_file(request.data, env), output, env, stdout, stderr)
    command = BY_NAME[request.command]
    result = HANDLERS[command.handler](Run(request, env, stdout, stderr, _view(command.view)))
    if isinstance(result, int):
        return result
    output = terminal.decide(request.format, request.color, request.width, env, stdout)  # values checked by the table
    text = terminal.render(result, output)
    if result.absent and not text:  # said on stderr instead, with where to look next
        raise NothingFound(result.absent)
    terminal.deliver(text, request.pager, command.pages, env, stdout)
    return result.status


def _view(where: str) -> Callable[..., Document]:
    """A row's view, "module:function" in views/, imported now: a lookup pays for its own module only."""
    if not where:
        return _no_view
    module, name = where.split(":")
    found: Callable[..., Document] = getattr(__import__(f"soma_info.views.{module}", fromlist=[name]), name)
    return found


def _no_view(*_: object) -> Document:
    raise AssertionError("this command shows no view")  # validate and schema write their own output


def _show(run: Run) -> Document:
    """A command that takes nothing but the output options: its view of the monograph."""
    return run.view(run.monograph())


def _section(run: Run) -> Document:
    """A section, or with --brief its lead and key figures."""
    monograph = run.monograph()
    section = monograph.section(run.request.command)
    return views.brief(monograph, section) if run.request.brief else run.view(monograph, section)


def _card(run: Run) -> Document:
    monograph = run.monograph()
    if not monograph.card:
        raise KnowledgeError(run.knowledge().path, [Problem("card", "this knowledge file has no card to show")])
    return run.view(monograph)


def _sources(run: Run) -> Document:
    monograph = run.monograph()
    return run.view(monograph, _sources_named(monograph, run.request.words) if run.request.words else None)


def _schema(run: Run) -> int:
    terminal.deliver(loader.json_schema_text(), run.request.pager, True, run.env, run.stdout)  # a file when redirected
    return ExitCode.OK


def _version(
    knowledge: loader.KnowledgeFile, output: terminal.Output, env: Mapping[str, str], stdout: TextIO, stderr: TextIO
) -> int:
    """--version works with a broken knowledge file too: the program's version, then what is wrong with the
    file (exit 3), since that is what someone asking for versions is usually trying to find out."""
    path = knowledge.path
    try:
        monograph: Monograph | None = accepted(knowledge)
        problem = ""
    except KnowledgeError as error:
        monograph, problem = None, error.sentence()
    terminal.emit(terminal.render(views.version(monograph, _program_version(), path, problem), output), stdout)
    if problem:
        terminal.complain(error_line(f"The knowledge file cannot be used: {problem}"), stderr, env)
        return ExitCode.DATA
    return ExitCode.OK


def _program_version() -> str:
    from soma_info import __version__

    return __version__


def _search(run: Run) -> Document:
    from soma_info import deadline
    from soma_info.knowledge import search  # only a search pays for them

    monograph, request = run.monograph(), run.request
    query = " ".join(request.words)
    try:
        pattern = search.compile_query(query, request.regex)
        hits = deadline.within(search.REGEX_SECONDS, lambda: search.find(monograph, pattern))
    except search.QueryError as problem:
        raise UsageError(str(problem), request.command) from None
    except deadline.Expired:
        raise UsageError(f"The search took longer than {search.REGEX_SECONDS:g} seconds: "
                         "simplify the regular expression.", request.command) from None  # fmt: skip
    document = run.view(monograph, query, hits)
    # Nothing matched: a script reading JSON gets an object with no results; the text formats say so on stderr.
    return document if hits else document._replace(absent=_nothing_found(monograph, request))


def _sources_named(monograph: Monograph, words: tuple[str, ...]) -> tuple[Source, ...]:
    """The sources each word names: the one whose id it is, else every one whose citation (as the notes under a
    section show it) or title contains it, ignoring case. A word that names none is a NothingFound."""
    chosen: dict[str, Source] = {}
    for word in words:
        typed = " ".join(word.split()).casefold()
        exact = [s for s in monograph.sources if s.id.casefold() == typed]
        found = exact or [s for s in monograph.sources if typed and (typed in s.citation.casefold()
                                                                     or typed in s.title.casefold())]  # fmt: skip
        if not found:
            raise NothingFound(f"No source's citation mentions '{shorten(word)}'. soma-info sources lists them all.")
        chosen |= {s.id: s for s in found}
    return tuple(chosen.values())


def _nothing_found(monograph: Monograph, request: Request) -> str:
    """No passage matched: say so, and where to look next (a section the words name, or a shorter query)."""
    import difflib

    query = " ".join(request.words)
    names = list(monograph.names)
    near = [monograph.names[n] for word in query.split() for n in
            difflib.get_close_matches(normalise(word), names, n=1, cutoff=0.8)]  # fmt: skip
    said = f"No passage mentions '{shorten(query)}'."
    if len(query.split()) > 1 and not request.regex:
        said += " Several words are searched as one phrase: try fewer."
    if near:
        said += f" The {near[0]} section may be what you want: soma-info {near[0]}."
    else:
        said += " soma-info sections lists the sections to read instead."
    return said


def _compare(run: Run) -> Document:
    from soma_info.knowledge.vocabulary import Vocabulary

    knowledge, request, monograph = run.knowledge(), run.request, run.monograph()

    # "flexeril, robaxin" names two drugs, as it does for `interactions`; no comparator's name has a comma.
    names = [name.strip() for word in request.words for name in word.split(",") if name.strip() or "," not in word]
    if request.words and not names:
        raise UsageError("No drug name was given: only commas and spaces.", request.command)
    try:
        return run.view(monograph, names, Vocabulary.load() if names else None, knowledge.path)
    except views.NotComparable as problem:
        raise UsageError(str(problem), request.command) from None


def _interactions(run: Run) -> Document:
    """Given drugs, the check; else the interactions section, as any section."""
    from soma_info.knowledge.interactions import interaction_names
    from soma_info.knowledge.vocabulary import Vocabulary

    request = run.request
    if not (request.words or request.drugs or request.from_file is not None):
        return _section(run._replace(view=views.section))
    monograph = run.monograph()
    if request.brief:  # a check is already brief; silently dropping either would mislead
        raise UsageError("--brief shortens the interactions section; it cannot be combined with drug names.",
                         request.command)  # fmt: skip
    if any(not name.strip() for name in (*request.words, *request.drugs)):
        raise UsageError("A drug name must not be empty.", request.command)
    for name in (*request.words, *request.drugs):  # bytes the terminal could not decode reach Python as surrogates
        if any("\udc80" <= c <= "\udcff" for c in name):
            raise UsageError(f"The drug name '{shorten(_as_bytes(name))}' is not UTF-8 text.", request.command)
    listed = _names_from(request.from_file, request.command) if request.from_file is not None else []
    names = interaction_names(list(request.words), list(request.drugs), listed)
    if not names and request.from_file is not None and not (request.words or request.drugs):
        raise UsageError(f"{shorten(request.from_file)} names no drug.", request.command)
    if not names:
        raise UsageError("No drug name was given.", request.command)
    return run.view(monograph, Vocabulary.load(), names)


def _as_bytes(text: str) -> str:
    """Undecodable bytes shown as \\xNN, as the README promises, not as the surrogates Python keeps them as."""
    return "".join(f"\\x{ord(c) - 0xDC00:02x}" if "\udc80" <= c <= "\udcff" else c for c in text)


def _names_from(path: str, command: str) -> list[str]:
    """`--from FILE` (or `-`): one name a line; blank lines and comments are skipped. A comment is a line that
    starts with `#`, or ` #` and what follows, unless a digit follows the `#` ("Tylenol #3" is a name)."""
    import re
    import sys

    try:
        if path == "-":
            if sys.stdin is not None and terminal.is_terminal(sys.stdin):  # say what it waits for
                sys.stderr.write("Reading drug names from the terminal, one a line; press Ctrl-D when done.\n")
                sys.stderr.flush()
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8-sig") as f:  # a byte-order mark is not part of the first name
                text = f.read(1 << 20)  # a medication list, not a data set: a megabyte is plenty
    except (OSError, UnicodeDecodeError) as problem:
        reason = problem.strerror if isinstance(problem, OSError) and problem.strerror else "not UTF-8 text"
        raise UsageError(f"Cannot read {shorten(path)}: {reason}.", command) from None
    comment = re.compile(r"(?:^|\s)#(?!\d).*")
    return [name for line in text.removeprefix("\ufeff").splitlines() if (name := comment.sub("", line).strip())]


def _validate(run: Run) -> int:
    """The report: a line of problems each on stderr and a count, or `ok` on stdout; with -f json, one object on
    stdout either way (the report is the output), exit 3 when there are problems."""
    from soma_info.knowledge import yamlfile  # validate always reads the YAML
    from soma_info.knowledge.record import data_of

    request, env, stdout, stderr = run.request, run.env, run.stdout, run.stderr

    output = terminal.decide(request.format, request.color, request.width, env, stdout)
    where = loader.knowledge_file(request.words[0] if request.words else request.data, env).path
    try:
        monograph = yamlfile.load(where)
        clashes = name_clashes(monograph)  # the schema knows no command names: the table refuses its own
        if clashes:
            raise yamlfile.name_problems(where, clashes)
    except KnowledgeError as error:
        count = len(error.problems)
        if output.format == "json":
            data = {"knowledge_file": where, "valid": False, "problems": data_of(error.problems),
                    "complete": count < yamlfile.MAX_PROBLEMS}  # fmt: skip
            terminal.emit(terminal.render(Document((), data), output), stdout)
            return ExitCode.DATA
        report = "".join(visible(f"{error.path}: {problem.describe()}") + "\n" for problem in error.problems)
        more = f"; the report stops at {count}" if count >= yamlfile.MAX_PROBLEMS else ""
        terminal.complain(report + f"{count} problem{'s' if count != 1 else ''} found{more}.\n", stderr, env)
        return ExitCode.DATA
    if output.format == "json":
        data = {"knowledge_file": where, "valid": True, "problems": [], "complete": True,
                "sections": len(monograph.sections), "sources": len(monograph.sources)}  # fmt: skip
        terminal.deliver(terminal.render(Document((), data), output), request.pager, False, env, stdout)
        return ExitCode.OK
    report = visible(f"{where}: ok ({len(monograph.sections)} sections, {len(monograph.sources)} sources).")
    terminal.deliver(report + "\n", request.pager, False, env, stdout)
    return ExitCode.OK


# The handlers the table's rows name (commands.Command.handler): how each kind of command is run.
HANDLERS: dict[str, Callable[[Run], Document | int]] = {
    "section": _section,
    "interactions": _interactions,
    "show": _show,
    "card": _card,
    "sources": _sources,
    "search": _search,
    "compare": _compare,
    "validate": _validate,
    "schema": _schema,
}
