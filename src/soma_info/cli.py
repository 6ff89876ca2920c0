"""The command line, defined with Typer: every command, option, help text, error and completion.

Commands are glue: load the monograph, build a Document (``views``), write it (``terminal``).
The common lookups also have a start-up-lean twin in ``fast``; both share everything below the glue.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import inspect
import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from soma_info import __version__, completion, knowledge, search, terminal, views
from soma_info.exitcodes import ExitCode
from soma_info.interactions import interaction_names
from soma_info.knowledge import KnowledgeError, Monograph
from soma_info.render.document import Document
from soma_info.sections import CANONICAL_KEYS, COMMAND_NAMES, SHORT_HELP, normalise
from soma_info.vocabulary import Vocabulary

PROG = "soma-info"


class Format(StrEnum):
    rich = "rich"
    plain = "plain"
    markdown = "markdown"
    json = "json"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


# The same options are accepted before and after the command name; the later one wins.
FormatOption = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="Output format [default: rich on a terminal, plain when piped].",
                 show_default=False, case_sensitive=False),
]  # fmt: skip
ColorOption = Annotated[
    Color | None,
    typer.Option("--color", help="Colour: auto (the default) honours NO_COLOR, FORCE_COLOR and TERM=dumb.",
                 show_default=False, case_sensitive=False),
]  # fmt: skip
WidthOption = Annotated[
    int | None,
    typer.Option("--width", "-w", help="Wrap at N columns [default: the terminal's; no wrapping when piped].",
                 show_default=False, metavar="N"),
]  # fmt: skip
PagerOption = Annotated[
    bool | None,
    typer.Option("--pager/--no-pager", help="Page the output with $MANPAGER, $PAGER or less [default: `all` pages "
                 "when taller than the terminal; never when piped].", show_default=False),
]  # fmt: skip
DataOption = Annotated[
    str | None,
    typer.Option("--data", help=f"Another knowledge file of the same schema [env: {knowledge.ENV_VAR}].",
                 show_default=False, metavar="PATH"),
]  # fmt: skip


class Settings:
    """Options gathered from before and after the command name."""

    def __init__(self) -> None:
        self.format: str | None = None
        self.color: str | None = None
        self.width: int | None = None
        self.data: str | None = None
        self.pager: bool | None = None

    def update(
        self, fmt: Format | None, color: Color | None, width: int | None, data: str | None, pager: bool | None = None
    ) -> Settings:
        self.format = fmt.value if fmt else self.format
        self.color = color.value if color else self.color
        self.width = width if width is not None else self.width
        self.data = data or self.data
        self.pager = pager if pager is not None else self.pager
        return self


OUTPUT_OPTIONS: dict[str, Any] = {
    "fmt": FormatOption,
    "color": ColorOption,
    "width": WidthOption,
    "data": DataOption,
    "pager": PagerOption,
}


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the output options, which are accepted before and after the command name alike.

    Typer reads a command's parameters from its signature, so the wrapper declares the command's own
    parameters plus these; it records them in the invocation's Settings and calls the command without them.
    """
    signature = inspect.signature(command, eval_str=True)  # Annotated metadata must survive the rewrap
    extra = [
        inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=a)
        for n, a in OUTPUT_OPTIONS.items()
    ]

    @functools.wraps(command)
    def wrapper(ctx: typer.Context, *args: Any, **kwargs: Any) -> Any:
        _settings(ctx).update(*(kwargs.pop(name) for name in OUTPUT_OPTIONS))
        return command(ctx, *args, **kwargs)  # a command may return its exit code

    wrapper.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *extra])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {**command.__annotations__, **OUTPUT_OPTIONS}
    return wrapper


def _settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings()
    return root.obj


def _shorten(text: str, limit: int = 60) -> str:
    """A user's argument echoed in an error: bounded, with control characters visible."""
    text = knowledge.visible(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def load_monograph(ctx: typer.Context, data: str | None) -> Monograph:
    """Load once per invocation (alias resolution may already have done it)."""
    path = knowledge.chosen_path(data)
    cache = ctx.find_root().meta
    if cache.get("soma_info.path") != path:
        cache["soma_info.monograph"] = knowledge.load(path)
        cache["soma_info.path"] = path
    monograph: Monograph = cache["soma_info.monograph"]
    return monograph


def show(ctx: typer.Context, build: Callable[[Monograph, str], Document], long: bool = False) -> None:
    """Decide the output, load, build, render, then page or print. `long` output pages by itself."""
    settings = _settings(ctx)
    try:
        output = terminal.decide(settings.format, settings.color, settings.width, os.environ, sys.stdout)
    except terminal.UsageProblem as problem:
        raise typer.BadParameter(str(problem)) from None
    monograph = load_monograph(ctx, settings.data)
    text = terminal.render(build(monograph, output.format), output)
    terminal.deliver(text, settings.pager, long, os.environ, sys.stdout)


def show_listing(ctx: typer.Context, name: str) -> None:
    listing = views.LISTINGS[name]
    show(ctx, listing.build, long=listing.paged)


class UnknownName(Exception):
    """A name that is neither a section, an alias nor a command (a usage error, exit 2)."""


class NothingFound(Exception):
    """`search` matched nothing (exit 1)."""


class SectionGroup(TyperGroup):
    """Sections are commands; aliases from the knowledge file resolve to them; typos get suggestions.

    `main` turns every failure into one plain sentence on stderr and a documented exit code, for the
    installed command and for Typer's CliRunner alike.
    """

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return super().get_command(ctx, cmd_name) or super().get_command(ctx, normalise(cmd_name))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0]
        if name.startswith("-"):
            return super().resolve_command(ctx, args)  # an unknown option: Click says so
        command = self.get_command(ctx, name)
        if command is None:  # not a key or command: an alias, which only the knowledge file knows
            section = load_monograph(ctx, _data_option(ctx, args)).resolve(name)
            command = super().get_command(ctx, section.key) if section else None
        if command is None:
            raise UnknownName(unknown_name(ctx, name, args))
        return command.name, command, args[1:]

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """Typer completes the commands; the aliases come from the knowledge file (as in soma_info.completion)."""
        from typer._click.shell_completion import CompletionItem  # Typer's own Click; imported only on TAB

        items: list[Any] = super().shell_complete(ctx, incomplete)
        if incomplete and not incomplete[0].isalnum():
            return items
        try:
            monograph = load_monograph(ctx, ctx.params.get("data"))
        except KnowledgeError:
            return items
        known = {item.value for item in items}
        extra = [(n, h) for n, h in completion.candidates(monograph, incomplete) if n not in known]
        return items + [CompletionItem(name, help=help_) for name, help_ in extra]

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        def run() -> Any:
            return super(SectionGroup, self).main(
                args,
                prog_name or PROG,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )

        code, message = _outcome(run)
        if message:  # user input can reach a message: never let it drive the terminal
            typer.echo(f"{PROG}: error: {knowledge.visible(message)}", err=True)
            if code == ExitCode.USAGE:
                typer.echo(f"Try '{PROG} --help' for help.", err=True)
        if standalone_mode:
            sys.exit(code)
        return code


def _outcome(run: Callable[[], Any]) -> tuple[int, str]:
    """The exit code and error sentence of a run; every failure the program knows maps here."""
    try:
        value = run()
    except typer.TyperException as error:  # Click's usage and parameter errors
        return getattr(error, "exit_code", ExitCode.USAGE), error.format_message()
    except UnknownName as error:
        return ExitCode.USAGE, str(error)
    except KnowledgeError as error:
        return ExitCode.DATA, error.sentence()
    except NothingFound as error:
        return ExitCode.NO_MATCH, str(error)
    except terminal.PipeClosed:
        return ExitCode.BROKEN_PIPE, ""
    except terminal.OutputFailed as failure:
        return ExitCode.OUTPUT, str(failure)
    except (typer.Abort, KeyboardInterrupt):
        return ExitCode.INTERRUPTED, ""
    return (value if isinstance(value, int) else ExitCode.OK), ""


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
    return found or ctx.params.get("data") or _settings(ctx).data


def unknown_name(ctx: Any, name: str, args: list[str]) -> str:
    """One sentence: did you mean…, or the valid keys when nothing is close."""
    names = [*CANONICAL_KEYS, *COMMAND_NAMES]
    with contextlib.suppress(KnowledgeError):  # suggestions from the keys alone, then
        names += list(load_monograph(ctx, _data_option(ctx, args)).names)
    shown = _shorten(name)
    close = difflib.get_close_matches(normalise(name), list(dict.fromkeys(names)), n=3, cutoff=0.6)
    if close:
        return f"No such section or command '{shown}'. Did you mean {' or '.join(repr(c) for c in close)}?"
    return f"No such section or command '{shown}'. Sections: {', '.join(CANONICAL_KEYS)}."


app = typer.Typer(
    cls=SectionGroup,
    name=PROG,
    help="A terminal reference for SOMA (carisoprodol): the FDA label's facts, sourced line by line. "
    "Not medical advice: ask your doctor, pharmacist or other clinician about your own situation.",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
)


@app.callback(invoke_without_command=True)
@output_options
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", "-v", help="Show the program's and the knowledge file's versions."),
    ] = False,
) -> None:
    """SOMA (carisoprodol): the label's facts in a terminal."""
    if version:
        path = knowledge.chosen_path(_settings(ctx).data)
        show(ctx, lambda monograph, _fmt: views.version(monograph, __version__, path))
    elif ctx.invoked_subcommand is None:
        terminal.emit(ctx.get_help() + "\n", sys.stdout)
    else:
        return
    raise typer.Exit()


def _section_command(key: str) -> Callable[..., None]:
    @output_options
    def command(
        ctx: typer.Context,
    ) -> None:
        show(ctx, lambda monograph, _fmt: views.section(monograph, monograph.section(key)))

    return command


def _complete_drug(ctx: typer.Context, incomplete: str) -> list[str]:
    """Drug names complete from the knowledge file's products and class words, then the drug-name vocabulary."""
    try:
        monograph = load_monograph(ctx, ctx.find_root().params.get("data") or ctx.params.get("data"))
    except KnowledgeError:
        return []
    return completion.drug_names(monograph, Vocabulary.load(), incomplete)


def _names_from(path: str) -> list[str]:
    """`--from FILE` (or `-`): one name a line; blank lines and `#` comments are skipped."""
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as f:
                text = f.read(1 << 20)  # a medication list, not a data set: a megabyte is plenty
    except (OSError, UnicodeDecodeError) as problem:
        reason = problem.strerror if isinstance(problem, OSError) and problem.strerror else "not UTF-8 text"
        raise typer.BadParameter(f"cannot read {_shorten(path)}: {reason}", param_hint="--from") from None
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


@output_options
def interactions(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Drugs to check: generic or brand names, combination products or class words.",
            metavar="[DRUG]...",
            autocompletion=_complete_drug,
            show_default=False,
        ),
    ] = None,
    drugs: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            help="A drug to check; repeat it, or give a comma-separated list.",
            metavar="NAME",
            autocompletion=_complete_drug,
            show_default=False,
        ),
    ] = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Read the drugs to check from FILE, one a line (# starts a comment); - reads standard input.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
) -> int:
    """The interactions section, or, given drugs, what the sources say about taking SOMA with each of them.

    Exits 0 when every name was recognised and 1 when one was not; neither says a combination is safe.
    """
    given = [*(names or []), *(drugs or [])]
    if any(not name.strip() for name in given):
        raise typer.BadParameter("a drug name must not be empty", param_hint="DRUG")
    checked = interaction_names(given, _names_from(from_file) if from_file is not None else [])
    if from_file is not None and not checked:
        raise typer.BadParameter(f"{_shorten(from_file)} names no drug", param_hint="--from")
    if not checked:
        show(ctx, lambda monograph, _fmt: views.section(monograph, monograph.section("interactions")))
        return ExitCode.OK
    found: list[Document] = []

    def build(monograph: Monograph, _fmt: str) -> Document:
        found.append(views.interaction_check(monograph, Vocabulary.load(), checked))
        return found[-1]

    show(ctx, build)
    return views.interaction_exit_code(found[-1])


for _key in CANONICAL_KEYS:
    app.command(name=_key, short_help=SHORT_HELP[_key], help=f"Show the {_key} section: {SHORT_HELP[_key]}")(
        interactions if _key == "interactions" else _section_command(_key)
    )


@app.command("all", short_help=SHORT_HELP["all"])
@output_options
def show_all(
    ctx: typer.Context,
) -> None:
    """The whole monograph, in label order (paged on a terminal when it is taller than the screen)."""
    show_listing(ctx, "all")


@app.command("card", short_help=SHORT_HELP["card"])
@output_options
def show_card(
    ctx: typer.Context,
) -> None:
    """A one-screen drug card (fits 80x40): class, schedule, indication, dose, timeline, cautions, counseling."""
    monograph = load_monograph(ctx, _settings(ctx).data)
    if not monograph.card:
        path = knowledge.chosen_path(_settings(ctx).data)
        raise KnowledgeError(path, [knowledge.Problem("card", "this knowledge file has no card to show")])
    show_listing(ctx, "card")


@app.command("sections", short_help=SHORT_HELP["sections"])
@output_options
def list_sections(
    ctx: typer.Context,
) -> None:
    """Every section key with its title (key<TAB>title per line when piped)."""
    show_listing(ctx, "sections")


@app.command("sources", short_help=SHORT_HELP["sources"])
@output_options
def list_sources(
    ctx: typer.Context,
) -> None:
    """Every source the knowledge file cites: title, publisher, URL and date."""
    show_listing(ctx, "sources")


@app.command("search", short_help=SHORT_HELP["search"])
@output_options
def search_text(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Text to find (case-insensitive; literal unless --regex).")],
    regex: Annotated[bool, typer.Option("--regex", "-r", help="Treat QUERY as a regular expression.")] = False,
) -> None:
    """Full-text search over every section; exits 1 when nothing matches."""
    settings = _settings(ctx)
    monograph = load_monograph(ctx, settings.data)
    try:
        hits = search.find(monograph, search.compile_query(query, regex))
    except search.QueryError as problem:
        raise typer.BadParameter(str(problem), param_hint="QUERY") from None
    if not hits:
        raise NothingFound(f"No section mentions '{_shorten(query)}'.")
    show(ctx, lambda monograph, _fmt: views.search_results(monograph, query, hits))


@app.command("validate", short_help=SHORT_HELP["validate"])
def validate_file(
    ctx: typer.Context,
    path: Annotated[
        str | None, typer.Argument(help="The knowledge file to check [default: --data, or the shipped one].")
    ] = None,
    data: DataOption = None,
) -> None:
    """Check a knowledge file against the schema; list every problem; exit 0 only when it is clean."""
    where = knowledge.chosen_path(path or data or _settings(ctx).data)
    try:
        monograph = knowledge.load(where)
    except KnowledgeError as error:
        for problem in error.problems:
            typer.echo(knowledge.visible(f"{error.path}: {problem.describe()}"), err=True)
        count = len(error.problems)
        more = f"; the report stops at {count}" if count >= knowledge.MAX_PROBLEMS else ""
        typer.echo(f"{count} problem{'s' if count != 1 else ''} found{more}.", err=True)
        raise typer.Exit(ExitCode.DATA) from None
    ok = f"{where}: ok ({len(monograph.sections)} sections, {len(monograph.sources)} sources)."
    terminal.emit(knowledge.visible(ok) + "\n", sys.stdout)


@app.command("compare", short_help=SHORT_HELP["compare"])
@output_options
def compare_drugs(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Muscle relaxants to compare with SOMA: generic or brand names [default: all].",
            metavar="[DRUG]...",
            show_default=False,
        ),
    ] = None,
) -> None:
    """SOMA beside other skeletal muscle relaxants, row by row, every cell sourced (paged when tall)."""
    path = knowledge.chosen_path(_settings(ctx).data)

    def build(monograph: Monograph, _fmt: str) -> Document:
        try:
            return views.compare(monograph, names or [], Vocabulary.load() if names else None, path)
        except views.NotComparable as problem:
            raise typer.BadParameter(str(problem), param_hint="DRUG") from None

    show(ctx, build, long=True)
