"""The Typer app, generated from the command table: the framework of record for help, completion and errors.

Every command is declared once, in ``commands.COMMANDS``; this module turns each into a Typer command whose
callback only gathers its arguments into a ``Request`` and hands it to ``execute``, the function the
start-up-lean parser (fast.py) calls too. Values of --format, --color and --width are plain text to Click
and are checked by ``commands.check``, so that a bad value gets the project's own sentence on both paths.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any, NamedTuple

import typer
from typer.core import TyperCommand, TyperGroup

from soma_info import clitext, completion, terminal
from soma_info.commands import (
    BY_NAME,
    COMMAND_OPTIONS,
    COMMANDS,
    MIN_WIDTH,
    OPTIONS,
    OUTPUT_OPTIONS,
    PROG,
    Command,
    Option,
    Request,
    UsageError,
    check,
    error_line,
    quick_start,
    shorten,
)
from soma_info.execute import execute, resolve
from soma_info.exitcodes import ExitCode
from soma_info.knowledge import loader
from soma_info.knowledge.model import KnowledgeError, Monograph
from soma_info.knowledge.words import BRAND, DRUG


class Settings:
    """The output options from before and after the command name, each checked; the later one wins."""

    def __init__(self, args: Sequence[str] = ()) -> None:
        self.values: dict[str, Any] = {}
        # Help is printed before the other options are read (Click's --help is eager), so the two output options
        # it obeys are read here from the raw arguments: the width to fit, and --pager / --no-pager.
        self.width = _width_in(args)
        self.command = _command_in(args)
        self.pager = {"--pager": True, "--no-pager": False}.get(next((a for a in reversed(args) if a in
                                                                        ("--pager", "--no-pager")), ""))  # fmt: skip

    def update(self, given: dict[str, Any], command: str = "") -> None:
        for dest, value in given.items():
            if value is None or value == []:
                continue
            self.values[dest] = check(dest, value, command) if dest in ("format", "color", "width") else value


def _command_in(args: Sequence[str]) -> str:
    """The command word of the raw arguments, if it is a command's own name."""
    at = _command_word(list(args))
    return args[at] if at < len(args) and args[at] in BY_NAME else ""


def _width_in(args: Sequence[str]) -> int:
    """The columns to fit help and the quick start in: the last valid -w/--width, else the terminal's."""
    width = None
    for i, arg in enumerate(args):
        if arg in ("-w", "--width"):
            given = args[i + 1] if i + 1 < len(args) else None
        elif arg.startswith("--width="):
            given = arg.split("=", 1)[1]
        else:
            given = arg[2:] if arg[:2] == "-w" and arg[2:] else None
        if given is not None:
            with contextlib.suppress(UsageError):
                width = int(check("width", given))
    return terminal.decide("plain", None, width, os.environ, sys.stdout).style.width


def _deliver(ctx: Any, text: str) -> None:
    """Help and the quick start, paged on a terminal when taller than it, like every other output."""
    terminal.deliver(text, _settings(ctx).pager, True, os.environ, sys.stdout)


def _show_help(ctx: Any, param: Any, value: bool) -> None:
    """-h/--help: Click's own callback prints; this one pages."""
    if value and not ctx.resilient_parsing:
        _deliver(ctx, ctx.get_help() + "\n")
        ctx.exit()


def _help_option(command: Any, ctx: Any) -> Any:
    option = command._help_option_made(ctx)
    if option is not None:
        option.callback = _show_help
    return option


def _settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings()
    return root.obj


def _monograph(ctx: Any, data: str | None) -> Monograph:
    """The run's monograph, for completion: read once, by the loader (alias resolution and commands: execute)."""
    return loader.knowledge_file(data).monograph()


def _choices(choices: tuple[str, ...]) -> Callable[[str], list[str]]:
    return lambda incomplete: [c for c in choices if c.startswith(incomplete.lower())]


def _option(option: Option) -> Any:
    """The Typer declaration of one option of the table."""
    if option.kind == "switch":
        declaration = typer.Option(f"{option.flags[0]}/{option.flags[1]}", help=option.help, show_default=False)
        return Annotated[bool | None, declaration]
    if option.kind == "flag":
        return Annotated[bool, typer.Option(*option.flags, help=option.help)]
    completes = _choices(option.choices) if option.choices else None  # drug names: soma_info.completion
    declaration = typer.Option(*option.flags, help=option.help, metavar=option.metavar, show_default=False,
                               autocompletion=completes)  # fmt: skip
    kind = list[str] | None if option.kind == "repeat" else str | None
    return Annotated[kind, declaration]


def _argument(command: Command) -> list[inspect.Parameter]:
    found = []
    for argument in command.arguments:
        declaration = typer.Argument(help=argument.help, metavar=argument.metavar, show_default=False)
        if argument.many:
            kind: Any = list[str] if argument.required else list[str] | None
        else:
            kind = str if argument.required else str | None
        default = inspect.Parameter.empty if argument.required else None
        found.append(inspect.Parameter(argument.dest, inspect.Parameter.KEYWORD_ONLY, default=default,
                                       annotation=Annotated[kind, declaration]))  # fmt: skip
    return found


def _help(ctx: typer.Context, topic: str | None = None) -> int:
    """`soma-info help [COMMAND]`: the same text as `soma-info COMMAND --help`."""
    root = ctx.find_root()
    if not topic:
        _deliver(ctx, root.get_help() + "\n")
        return ExitCode.OK
    key, _ = resolve(topic, _settings(ctx).values.get("data"), os.environ)  # an alias of --data's file
    command = root.command.get_command(root, key)  # type: ignore[attr-defined]
    with command.make_context(key, [], parent=root, resilient_parsing=True) as sub:
        _deliver(ctx, sub.get_help() + "\n")
    return ExitCode.OK


def _callback(command: Command) -> Callable[..., int]:
    """A Typer command for one row of the table: gather the arguments into a Request, then execute it."""
    options = [*OUTPUT_OPTIONS, *(o for o in COMMAND_OPTIONS if o.dest in command.options)]
    if not command.handler:  # `help`: the Typer app's own, never sent to execute
        options = []

    def run(ctx: typer.Context, **given: Any) -> int:
        if not command.handler:
            return _help(ctx, given.get("topic"))
        settings = _settings(ctx)
        settings.update({o.dest: given.pop(o.dest) for o in OUTPUT_OPTIONS}, command.name)
        words: list[str] = []
        for argument in command.arguments:
            value = given.pop(argument.dest)
            words += value if isinstance(value, list) else [] if value is None else [value]
        extra: dict[str, Any] = {dest: tuple(v) if isinstance(v, list) else v for dest, v in given.items()
                                 if v not in (None, [])}  # fmt: skip
        request = Request(command.name, tuple(words), **settings.values, **extra)
        return execute(request, os.environ, sys.stdout, sys.stderr)

    parameters = [inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)]
    parameters += _argument(command)
    parameters += [inspect.Parameter(o.dest, inspect.Parameter.KEYWORD_ONLY, default=None if o.kind != "flag"
                                     else False, annotation=_option(o)) for o in options]  # fmt: skip
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    run.__name__ = run.__qualname__ = command.name.replace("-", "_")
    run.__doc__ = command.help
    return run


def _write_rows(formatter: Any, rows: Sequence[tuple[str, str]]) -> None:
    """Click's two columns (``write_dl``), except that on a narrow screen each option's or command's description
    goes under it rather than into a column a few words wide."""
    if formatter.width - formatter.current_indent >= 60:
        formatter.write_dl(rows)
        return
    import textwrap

    indent = " " * (formatter.current_indent + 4)
    wrapper = textwrap.TextWrapper(max(formatter.width - len(indent), 10), replace_whitespace=False)
    for first, second in rows:
        formatter.write(f"{'':>{formatter.current_indent}}{first}\n")
        paragraphs = [" ".join(p.splitlines()) for p in second.split("\n\n")]  # as Click's wrap_text reads them
        for line in "\n\n".join(wrapper.fill(p) for p in paragraphs if p).splitlines():
            formatter.write(f"{indent}{line}\n")


# --install-completion and --show-completion are Typer's options (add_completion), answered by
# SectionGroup.parse_args; their help says what this program does with them.
_COMPLETION_HELP = {
    "--install-completion": "Install TAB completion; a shell name may follow (bash, zsh, fish or powershell; "
    "default: the current shell). Says first which files change and how to undo it.",
    "--show-completion": "Print the completion script, to install by hand; a shell name may follow (default: "
    "the current shell).",
}


def _format_options(command: Any, ctx: Any, formatter: Any) -> None:
    """Typer's Arguments and Options sections, laid out by ``_write_rows``. An argument is named by its metavar
    alone ("QUERY..."), where Typer would add the Python type ("QUERY... <list[str]>")."""
    arguments, options = [], []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        if param.param_type_name == "argument":
            arguments.append((param.metavar or record[0], record[1]))
        elif param.opts[0] in _COMPLETION_HELP:
            options.append((param.opts[0], _COMPLETION_HELP[param.opts[0]]))
        else:
            options.append(record)
    for title, rows in (("Arguments", arguments), ("Options", options)):
        if rows:
            with formatter.section(title):
                _write_rows(formatter, rows)


class TableCommand(TyperCommand):
    """A command whose usage line and argument list say what the table says: `search [OPTIONS] QUERY...`."""

    _help_option_made = TyperCommand.get_help_option

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(self, ctx)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_options(self, ctx, formatter)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        command = BY_NAME.get(ctx.info_name or "", None)
        return ["[OPTIONS]", *(a.metavar for a in command.arguments)] if command else super().collect_usage_pieces(ctx)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        """The examples, one a line; one too long for the screen goes on over lines that end in a backslash, so
        that it still runs as pasted."""
        command = BY_NAME.get(ctx.info_name or "")
        if command is None:
            super().format_epilog(ctx, formatter)
            return
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text("Examples:")
            formatter.write_paragraph()
            room = formatter.width - formatter.current_indent - 2
            for example in command.examples:
                for line in clitext.folded(example, room):
                    formatter.write(f"{'':>{formatter.current_indent + 2}}{line}\n")


class Candidate(NamedTuple):
    """One answer to a TAB, as Click's shell-completion classes read it: its value, type and help."""

    value: str
    help: str | None = None
    type: str = "plain"


class SectionGroup(TyperGroup):
    """Sections are commands; aliases from the knowledge file resolve to them; typos get suggestions."""

    _help_option_made = TyperGroup.get_help_option

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(self, ctx)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0]
        if name.startswith("-"):
            return super().resolve_command(ctx, args)  # an unknown option: Click says so
        try:
            key, _ = resolve(name, _data_option(ctx, args), os.environ)
        except (UsageError, KnowledgeError):
            if not ctx.resilient_parsing:
                raise
            return name, None, args[1:]  # a TAB after an unknown word: nothing to complete, and no error
        return key, super().get_command(ctx, key), args[1:]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Typer's list of commands, laid out by ``_write_rows``."""
        names = [name for name in self.list_commands(ctx) if not self.commands[name].hidden]
        room = formatter.width - 6 - max(map(len, names))
        with formatter.section("Commands"):
            _write_rows(formatter, [(name, self.commands[name].get_short_help_str(room)) for name in names])

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is None and not ctx.resilient_parsing:
            with contextlib.suppress(UsageError, KnowledgeError):
                found = super().get_command(ctx, resolve(cmd_name, None, os.environ)[0])
        return found

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """Typer completes the commands; the aliases come from the knowledge file (as in soma_info.completion)."""
        items: list[Any] = super().shell_complete(ctx, incomplete)
        if incomplete and not incomplete[0].isalnum():
            return items
        try:
            monograph = _monograph(ctx, ctx.params.get("data"))
        except KnowledgeError:
            return items
        known = {item.value for item in items}
        extra = [(n, h) for n, h in completion.candidates(monograph, incomplete) if n not in known]
        return items + [Candidate(name, help_) for name, help_ in extra]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """`--install-completion [SHELL]` and `--show-completion [SHELL]` before any command: answered here,
        where the shell name that follows can be read (Click's flags would leave it to be taken for a command)."""
        for flag in _COMPLETION_FLAGS:
            if flag in args[: _command_word(args)] and not ctx.resilient_parsing:
                raise typer.Exit(_completion_flag(flag, args))
        return list(super().parse_args(ctx, args))


def run(args: Sequence[str], prog_name: str = PROG) -> int:
    """The Typer app as the program runs it: every failure becomes one plain sentence on stderr and a documented
    exit code (``_outcome``). The entry point (launch.py) and the tests call this."""
    settings = Settings(args)
    width = max(MIN_WIDTH, min(settings.width, 80) - 2)  # Click's margin: at most 78, as its own default
    group = typer.main.get_command(app)

    def main() -> Any:
        return group.main(list(args), prog_name, standalone_mode=False, obj=settings, terminal_width=width,
                          max_content_width=width)  # fmt: skip

    code, message = _outcome(main, settings.command)
    if message:  # user input reaches messages; error_line and UsageError make it visible, never live
        terminal.complain(message, sys.stderr)
    return code


def _outcome(run: Callable[[], Any], given: str = "") -> tuple[int, str]:
    """The exit code and error text of a run; every failure the framework raises maps here."""
    try:
        value = run()
    except UsageError as error:
        return ExitCode.USAGE, error.lines()
    except typer.TyperException as error:  # Click's usage and parameter errors, said in this tool's words
        code = getattr(error, "exit_code", ExitCode.USAGE)
        if code != ExitCode.USAGE:
            return code, error_line(error.format_message())
        return code, in_our_words(error, given).lines()
    except KnowledgeError as error:
        return ExitCode.DATA, error_line(error.sentence())
    except (typer.Abort, KeyboardInterrupt, terminal.Interrupted):
        return ExitCode.INTERRUPTED, ""
    except terminal.PipeClosed:
        return ExitCode.BROKEN_PIPE, ""
    except BrokenPipeError:  # Click's own echo (a TAB it answered): the reader went away; end as quietly
        terminal.silence(sys.stdout)
        return ExitCode.BROKEN_PIPE, ""
    except terminal.OutputFailed as failure:
        return ExitCode.OUTPUT, error_line(str(failure))
    return (value if isinstance(value, int) else ExitCode.OK), ""


_COMPLETION_FLAGS = ("--install-completion", "--show-completion")
_SHELL = "bash, zsh, fish or powershell"


def _command_word(args: list[str]) -> int:
    """Where the command's name is among the program's arguments: the first that is neither an option nor an
    option's value (len(args) when there is none)."""
    valued = {f for o in OUTPUT_OPTIONS if o.kind in ("value", "repeat") for f in o.flags}
    at = 0
    while at < len(args) and args[at].startswith("-"):
        at += 2 if args[at] in valued else 1
    return min(at, len(args))


def _completion_flag(flag: str, args: list[str]) -> int:
    """Install or print the completion script for the shell named after the flag, else the current one. An
    unknown shell, or anything else on the line, is a usage error before anything is written."""
    at = args.index(flag)
    named = args[at + 1] if at + 1 < len(args) and not args[at + 1].startswith("-") else None
    extra = [*args[:at], *args[at + (2 if named else 1) :]]
    if extra:
        raise UsageError(f"{flag} takes only a shell name ({_SHELL}), not '{shorten(extra[0])}'")
    shell = named.lower() if named else _current_shell()
    if shell not in (*completion.SHELLS, "pwsh"):
        raise UsageError(f"There is no completion for the shell '{shorten(shell)}'; name {_SHELL}.")
    script = completion.script(shell)
    if flag == "--show-completion":
        terminal.emit(script + "\n", sys.stdout)
        return ExitCode.OK
    import os.path

    profile = _powershell_profile(shell) if shell in ("powershell", "pwsh") else ""
    change = completion.plan(shell, os.path.expanduser("~"), script, profile)
    terminal.emit(completion.describe(change), sys.stdout)
    if not change.script and not change.lines:
        return ExitCode.OK
    if sys.stdin.isatty() and sys.stdout.isatty() and not typer.confirm("Make these changes?", default=False):
        terminal.emit("Nothing was changed.\n", sys.stdout)
        return ExitCode.OK
    try:
        completion.apply(change)
    except OSError as error:
        raise UsageError(f"Could not write {error.filename or 'the completion files'}: {error.strerror}") from None
    terminal.emit(f"Done: completion works in {shell} sessions started from now on.\n", sys.stdout)
    return ExitCode.OK


def _current_shell() -> str:
    import shellingham  # how Typer tells the shell, too

    try:
        name = str(shellingham.detect_shell()[0]).lower()
    except shellingham.ShellDetectionFailure:
        name = ""
    if not name:
        raise UsageError(f"Cannot tell which shell this is; name it: --install-completion SHELL ({_SHELL}).")
    return name


def _powershell_profile(shell: str) -> str:
    """The file PowerShell loads at start ($PROFILE), as PowerShell itself reports it."""
    import shutil
    import subprocess

    program = shutil.which("pwsh" if shell == "pwsh" else "powershell") or shutil.which("pwsh")
    if program is None:
        raise UsageError("PowerShell is not on PATH, so its $PROFILE cannot be found; "
                         "add the output of --show-completion powershell to your $PROFILE")  # fmt: skip
    done = subprocess.run([program, "-NoProfile", "-Command", "$PROFILE"], capture_output=True, text=True,
                          check=False)  # fmt: skip
    if done.returncode or not done.stdout.strip():
        raise UsageError("PowerShell did not say where its $PROFILE is; add the output of --show-completion "
                         "powershell to it")  # fmt: skip
    return done.stdout.strip()


def in_our_words(error: Any, given: str = "") -> UsageError:
    """Click's usage errors ("No such option: --with (Possible options: --width)", "Got unexpected extra
    argument(s) (x)") as one sentence in this tool's words, naming the help of the command they concern.
    ``given``: the command named on the command line, for the errors Click raises before it knows it."""
    import re

    kinds = {kind.__name__ for kind in type(error).__mro__}  # Click's exception classes, by their public names
    ctx = getattr(error, "ctx", None)
    met_in = (ctx.info_name or "") if ctx is not None and ctx.parent is not None else ""  # "": before any command
    if "NoSuchOption" in kinds:  # Click knows where it met this one: before or after the name
        command = BY_NAME.get(met_in)
        return UsageError(clitext.no_such_option(error.option_name, command, error.possibilities or ()),
                          command.name if command else "")  # fmt: skip
    command = BY_NAME.get(met_in or given)
    name = command.name if command else ""
    if "MissingParameter" in kinds and command and command.arguments:
        argument = command.arguments[0]
        help_ = argument.help[:1].lower() + argument.help[1:]
        return UsageError(f"The {command.name} command needs {argument.metavar}: {help_}", name)
    message = error.format_message()
    quoted = re.match(r"Option '([^']+)' (requires an argument|does not take a value)", message)
    if quoted:
        flag = quoted[1]
        if quoted[2] == "requires an argument":
            found = next((o for o in OPTIONS.values() if flag in o.flags), None)
            return UsageError(f"{flag} needs a value after it ({found.metavar if found else 'one'}).", name)
        return UsageError(f"{flag} takes no value: give it alone, as in '{PROG} {name or '...'} {flag}'.", name)
    extra = re.match(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)$", message, re.S)
    if extra:
        if command and command.arguments:
            metavar = command.arguments[0].metavar.strip("[]")
            return UsageError(f"The {command.name} command takes one {metavar}; '{shorten(extra[1])}' is one too "
                              "many.", name)  # fmt: skip
        return UsageError(f"The {command.name if command else PROG} command takes no words after it, not "
                          f"'{shorten(extra[1])}'.", name)  # fmt: skip
    return UsageError(message, name)


def _data_option(ctx: Any, args: list[str]) -> str | None:
    """The file a name is looked up in: the one that will be shown, so the last --data wins, as in Click.

    A --data after the name is still in the arguments; one before it is parsed, but the callback that
    records it in the settings has not run yet when the name is resolved.
    """
    found = None
    for i, arg in enumerate(args):
        if arg == "--data" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--data="):
            found = arg.split("=", 1)[1]
    return found or ctx.params.get("data") or _settings(ctx).values.get("data")


app = typer.Typer(
    cls=SectionGroup,
    name=PROG,
    help=f"A terminal reference for {DRUG}: the FDA label's facts, sourced line by line. "
    "Not medical advice: ask your doctor, pharmacist or other clinician about your own situation.\n\n"
    f"To check your other medicines against {BRAND}: soma-info interactions DRUG..., for example "
    "soma-info interactions tramadol 'Tylenol PM'. Run soma-info alone for a quick start.",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,  # Typer's completion classes answer what soma_info.completion leaves to them
)


def _main(ctx: typer.Context, **given: Any) -> int | None:
    """The program's own options (--version, the output options); a bare `soma-info` prints the quick start."""
    version = given.pop("version")
    _settings(ctx).update(given)
    if version:
        raise typer.Exit(execute(Request("", version=True, **_settings(ctx).values), os.environ, sys.stdout,
                                 sys.stderr))  # fmt: skip
    if ctx.invoked_subcommand is None:
        _deliver(ctx, quick_start(min(_settings(ctx).width, 80)))  # prose reads best at 80 columns at most
        raise typer.Exit()
    return None


_version = typer.Option("--version", "-v", help="Show the program's and the knowledge file's versions.")
_main_parameters = [
    inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
    inspect.Parameter("version", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Annotated[bool, _version]),
    *(inspect.Parameter(o.dest, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=_option(o))
      for o in OUTPUT_OPTIONS),
]  # fmt: skip
_main.__signature__ = inspect.Signature(_main_parameters)  # type: ignore[attr-defined]
_main.__annotations__ = {p.name: p.annotation for p in _main_parameters}
app.callback(invoke_without_command=True)(_main)

for _command in COMMANDS:
    app.command(name=_command.name, short_help=_command.summary, help=_command.help, cls=TableCommand,
                epilog=clitext.examples(_command))(_callback(_command))  # fmt: skip
