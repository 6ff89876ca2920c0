"""The start-up-lean front end: reads the command line with the command table, without Typer or Click.

A lookup is what most runs are, so it must not pay ~100 ms for a command-line framework it does not use.
This parser takes only argument lists it fully understands, builds the same ``Request`` the Typer app
builds, and calls the same ``execute``. Anything else (help, completion installs, unknown options, a value
that looks like an option, a mistyped name beside a bad value) returns None and goes to the Typer app,
which is the framework of record; tests/test_fast.py proves, by drawing argument lists from the table's
grammar, that this parser either declines or gives exactly the Typer app's output, errors and exit code.
"""

from __future__ import annotations

from soma_info import terminal
from soma_info.commands import BY_NAME, COMPLETION_VARIABLE, OPTIONS, OUTPUT_OPTIONS, Request, UsageError, check
from soma_info.execute import execute, resolve
from soma_info.exitcodes import ExitCode
from soma_info.knowledge.model import KnowledgeError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, TextIO

_FLAGS = {flag: option for option in OPTIONS.values() for flag in option.flags}
_OUTPUT = frozenset(o.dest for o in OUTPUT_OPTIONS)
_DECLINE = frozenset(("-h", "--help", "--install-completion", "--show-completion", "--"))


def parse(args: list[str]) -> tuple[str, list[str], list[dict[str, Any]], bool] | None:
    """The command word, its positional words, the options of each scope (before and after the word) in
    order, and --version; or None when anything is not plainly what this parser reads."""
    scopes: list[dict[str, Any]] = [{}, {}]
    words: list[str] = []
    version = False
    rest = iter(args)
    for arg in rest:
        if arg in _DECLINE or not arg:
            return None
        if arg in ("--version", "-v"):
            if words:
                return None  # after the command it is not an option of any command: Typer says so
            version = True
            continue
        if not arg.startswith("-"):
            words.append(arg)
            continue
        flag, equals, given = arg.partition("=")
        value: str | None = given
        option = _FLAGS.get(flag if equals else arg)
        if option is None or (equals and not flag.startswith("--")):
            return None  # an unknown option, or -fjson / -f=json: Typer's job
        scope = scopes[1 if words else 0]
        if option.kind in ("flag", "switch"):
            if equals:
                return None
            scope[option.dest] = arg != option.flags[-1] or option.kind == "flag"
            continue
        if not equals:
            value = next(rest, None)
            if value is None or value.startswith("-"):
                return None  # a missing value, or one Click may read as an option: Typer decides
        if option.kind == "repeat":
            scope.setdefault(option.dest, [])
            scope[option.dest].append(value)
        else:
            scope[option.dest] = value
    if not words and not version:
        return None  # bare `soma-info` prints the quick start: Typer's
    return (words[0] if words else ""), words[1:], scopes, version


def request_for(args: list[str], env: Mapping[str, str]) -> Request | None:
    """The request, or None to let Typer read these arguments. Raises UsageError and KnowledgeError exactly
    where and as the Typer app would."""
    parsed = parse(args)
    if parsed is None:
        return None
    word, rest, scopes, version = parsed
    if scopes[0].keys() - _OUTPUT:
        return None  # an option of one command given before any: Click's "No such option"
    if version:
        if word or scopes[1]:
            return None  # --version beside a command: Typer decides what that means
        return _merge(Request("", version=True), scopes)
    command, _ = resolve(word, _last_data(scopes), env)  # Click resolves the name before it reads options
    spec = BY_NAME[command]
    if scopes[1].keys() - _OUTPUT - set(spec.options):
        return None  # an option of another command: Click's "No such option"
    arguments = spec.arguments
    if (not arguments and rest) or (arguments and not arguments[0].many and len(rest) > 1):
        return None  # extra words: Click's "Got unexpected extra argument"
    if arguments and arguments[0].required and not rest:
        return None  # a missing argument: Click's "Missing argument"
    if not spec.lean:
        return None  # help text is Click's to write; validate reads its PATH and --data in Typer
    return _merge(Request(command, tuple(rest)), scopes)


def _last_data(scopes: list[dict[str, Any]]) -> str | None:
    value = scopes[1].get("data") or scopes[0].get("data")
    return str(value) if value else None


def _merge(request: Request, scopes: list[dict[str, Any]]) -> Request:
    """The options of both scopes, each checked as Click would (the scope before the name first); the later wins."""
    values: dict[str, Any] = {}
    for where, scope in zip(("", request.command), scopes, strict=True):  # an error names its command's help
        for dest in OPTIONS:  # in the table's order, as the Typer callbacks check them, not as typed
            if dest in scope:
                values[dest] = check(dest, scope[dest], where) if dest in ("format", "color", "width") else scope[dest]
    drugs: tuple[str, ...] = tuple(values.pop("drugs", ()))
    return request._replace(drugs=drugs, **values)


def run(args: list[str], env: Mapping[str, str], stdout: TextIO, stderr: TextIO | None = None) -> int | None:
    """The exit code, or None to let the Typer app handle these arguments."""
    import sys

    if COMPLETION_VARIABLE in env:
        from soma_info import completion  # only a TAB pays for it

        answer = completion.complete(env)
        if answer is None:
            return None
        text, code = answer
        try:
            terminal.emit(text, stdout)
        except terminal.PipeClosed:  # the shell stopped reading: nothing to say about it
            return ExitCode.BROKEN_PIPE
        return code
    errors = sys.stderr if stderr is None else stderr
    try:
        request = request_for(args, env)
    except UsageError as error:
        terminal.complain(error.lines(), errors, env)
        return ExitCode.USAGE
    except KnowledgeError:
        return None  # the file is broken: Typer's resolution meets it the same way and says so
    if request is None:
        return None
    return execute(request, env, stdout, errors)
