"""The one table of commands and options, the request every front end builds from it, and the usage errors.

Everything that knows the command line reads this table: the Typer app (cli.py) is generated from it, the
start-up-lean parser (fast.py) parses with it, completion offers its names, and the README's command list is
checked against it. The sentences of the usage errors live here too, so the two front ends cannot word one
differently. No Typer here: the fast path imports this module.
"""

from __future__ import annotations

from soma_info.knowledge.record import Record
from soma_info.knowledge.sections import CANONICAL_KEYS, normalise
from soma_info.knowledge.text import visible
from soma_info.knowledge.words import BRAND, COMPARE_HELP, COMPARISON, DRUG, SECTION_HELP
from soma_info.render import formats

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from soma_info.knowledge.model import Monograph

PROG = "soma-info"
COMPLETION_VARIABLE = "_SOMA_INFO_COMPLETE"  # Typer's name for the variable a shell sets on TAB
FORMATS = tuple(formats.FORMATS)  # render/ declares them: a new format touches only render/
COLORS = ("auto", "always", "never")
MIN_WIDTH, MAX_WIDTH = 20, 1000


class Option(Record):
    dest: str  # the Request field it sets
    flags: tuple[str, ...]  # ("--format", "-f"); a switch lists its negative last ("--pager", "--no-pager")
    help: str
    metavar: str = ""  # "" for a switch or a flag
    choices: tuple[str, ...] = ()
    kind: str = "value"  # value | flag (no value) | switch (--x/--no-x) | repeat (a value, many times)


class Argument(Record):
    dest: str
    metavar: str  # as usage lines show it: QUERY..., DRUG..., PATH
    help: str
    many: bool = False
    required: bool = False
    completes: str = ""  # what a TAB offers for it besides Typer's own: "drugs" (the vocabulary), "comparators"


class Command(Record):
    name: str
    summary: str  # one line, at most 45 characters (Click shortens longer ones in listings)
    help: str
    arguments: tuple[Argument, ...] = ()
    options: tuple[str, ...] = ()  # the dest of each option of its own, besides the output options
    examples: tuple[str, ...] = ()  # real invocations, shown under its --help and run by the tests
    pages: bool = True  # on a terminal, output taller than the screen opens in the pager by itself
    handler: str = "section"  # how execute runs it: a key of execute.HANDLERS ("": the front end's own, help)
    view: str = "sections:section"  # what it shows: "module:function" in views/, imported only when it runs
    lean: bool = True  # the start-up-lean parser (fast.py) may run it; False: the Typer app reads its line


# The output options: accepted before and after the command name; the later one wins.
OUTPUT_OPTIONS: tuple[Option, ...] = (
    Option("format", ("--format", "-f"), f"Output format: {', '.join(FORMATS[:-1])} or {FORMATS[-1]} [default: "
           "rich on a terminal, plain when piped].", "FORMAT", FORMATS),
    Option("color", ("--color",), f"When to colour: {', '.join(COLORS[:-1])} or {COLORS[-1]} [default: auto, "
           "which honours NO_COLOR, FORCE_COLOR and TERM=dumb].", "WHEN", COLORS),
    Option("width", ("--width", "-w"), "Wrap at N columns [default: the terminal's; no wrapping when piped].", "N"),
    Option("data", ("--data",), "Another knowledge file of the same schema [env: SOMA_INFO_DATA].", "PATH"),
    Option("pager", ("--pager", "--no-pager"), "Page the output [default: on a terminal, when it is taller than "
           "the screen; never when piped]. The pager: $SOMA_INFO_PAGER, else $PAGER, else less.", kind="switch"),
)  # fmt: skip

COMMAND_OPTIONS: tuple[Option, ...] = (
    Option("brief", ("--brief", "-b"), "Only the plain-language lead and the key figures, with their sources.",
           kind="flag"),
    Option("regex", ("--regex", "-r"), "Treat QUERY as a regular expression.", kind="flag"),
    Option("drugs", ("--with",), "A drug to check; repeat it, or give a comma-separated list.", "NAME",
           kind="repeat"),
    Option("from_file", ("--from",), "Read the drugs to check from FILE, one a line (# starts a comment); - reads "
           "standard input.", "FILE"),
)  # fmt: skip

_INTERACTIONS = Command(
    "interactions",
    SECTION_HELP["interactions"],
    f"The interactions section, or, given drugs, what the sources say about taking {BRAND} with each of them.\n\n"
    "Exits 0 when every name was read exactly and 1 when one was not recognised or only guessed; neither says "
    "a combination is safe.",
    (Argument("names", "[DRUG]...", "Drugs to check: generic or brand names, combination products or class words.",
              many=True, completes="drugs"),),
    ("drugs", "from_file", "brief"),
    ("soma-info interactions --brief", "soma-info interactions tramadol 'Tylenol PM' Klonopin",
     "soma-info interactions --with 'Norco, Xanax' -f json"),
    handler="interactions", view="interactions:interaction_check",
)  # fmt: skip


def _section(key: str) -> Command:
    examples = (f"soma-info {key}", f"soma-info {key} --brief", f"soma-info {key} -f markdown")
    return Command(key, SECTION_HELP[key], f"Show the {key} section: {SECTION_HELP[key]}", options=("brief",),
                   examples=examples)  # fmt: skip


COMMANDS: tuple[Command, ...] = (
    *(_INTERACTIONS if key == "interactions" else _section(key) for key in CANONICAL_KEYS),
    Command("all", "The whole monograph, in label order.",
            "The whole monograph, in label order (paged on a terminal when it is "
            "taller than the screen).", examples=("soma-info all", "soma-info all -f json"), handler="show",
            view="sections:everything"),
    Command("card", "A one-screen drug card.",
            "A one-screen drug card (fits 80x40): class, schedule, indication, dose, "
            "timeline, cautions, counseling.", examples=("soma-info card", "soma-info card -f markdown"),
            handler="card", view="listings:card"),
    Command("sections", "List the sections: key, title, summary.",
            "Every section key with its title (key<TAB>title per line when "
            "piped).", examples=("soma-info sections", "soma-info sections -f json"), handler="show",
            view="listings:listing"),
    Command("sources", "List every source the file cites.",
            "Every source the knowledge file cites: title, publisher, URL and "
            "date. Given SOURCE, only the sources it names: the way from a citation's note under a section to its URL.",
            (Argument("chosen", "[SOURCE]...", "A source's id (label-12.3), or words of its citation as the notes "
                      "show it (Reeves, §12.3, 'DEA fact sheet').", many=True),),
            examples=("soma-info sources", "soma-info sources Reeves", "soma-info sources §12.3 -f json"),
            handler="sources", view="listings:sources"),
    Command("search", "Search every section; exit 1 if no match.",
            "Full-text search over every section; exits 1 when nothing matches. "
            "Several words are searched as one phrase.",
            (Argument("query", "QUERY...", "Text to find (case-insensitive; literal unless --regex).", many=True,
                      required=True),),
            ("regex",),
            ("soma-info search alcohol", "soma-info search poor metabolizers",
             "soma-info search -r 'omeprazole|rifampin'"), handler="search", view="sections:search_results"),
    Command("validate", "Check a knowledge file; list its problems.",
            "Check a knowledge file against the schema; list every problem; "
            "exit 0 only when it is clean.",
            (Argument("path", "[PATH]", "The knowledge file to check [default: --data, or the shipped one]."),),
            examples=("soma-info validate", "soma-info validate data/soma.yaml"), pages=False, handler="validate",
            view="", lean=False),
    Command("compare", COMPARE_HELP, f"{COMPARISON}, row by row, every cell sourced (paged when tall). "
            "A comparison is not a recommendation to switch.",
            (Argument("names", "[DRUG]...", f"Drugs to compare with {BRAND}: generic or brand names [default: all].",
                      many=True, completes="comparators"),),
            examples=("soma-info compare", "soma-info compare flexeril", "soma-info compare Robaxin Zanaflex"),
            handler="compare", view="comparison:compare"),
    Command("schema", "Print the knowledge file's JSON Schema.",
            "Print the JSON Schema of a knowledge file, for editors that check "
            "YAML as it is typed (`# yaml-language-server: $schema=...`). `validate` checks everything else.",
            examples=("soma-info schema", "soma-info schema --no-pager"), handler="schema", view=""),
    Command("help", "Show the help of a command.",
            "Show the help of COMMAND, as `soma-info COMMAND --help` does; with no "
            "COMMAND, the program's help.",
            (Argument("topic", "[COMMAND]", "The command or section to explain."),),
            examples=("soma-info help", "soma-info help interactions"), pages=False, handler="", view="",
            lean=False),
)  # fmt: skip

# What bare `soma-info` prints: what the tool is, the commands people need first, and where to go next.
_START = (
    ("soma-info overview", "what it is, what it is for, its main risks"),
    ("soma-info dosage", "the labelled dose, and for how long"),
    ("soma-info interactions DRUG...", f"check your other medicines against {BRAND}"),
    ("soma-info search QUERY...", "every passage that mentions QUERY"),
    ("soma-info card", "the whole drug on one screen"),
    ("soma-info sections", "all 16 sections, in label order"),
)
# A non-breaking space keeps a command on one line however narrow the screen; quick_start() prints it as a space.
_NEXT = (
    "Next: soma-info\xa0help\xa0COMMAND, soma-info\xa0--help (every command and option), man\xa0soma-info.",
    f"Options: -f\xa0{'|'.join(FORMATS)}, -w\xa0N, --data\xa0PATH.",
)
_NOT_ADVICE = "Not medical advice: ask your doctor, pharmacist or other clinician about your own situation."


def quick_start(width: int = 80) -> str:
    """The quick start, fitted to ``width`` columns: commands beside their descriptions where they fit, each
    description under its command where they do not."""
    import textwrap  # only the bare command pays for it

    def wrap(text: str, indent: str = "") -> list[str]:
        lines = textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent, break_long_words=False,
                              break_on_hyphens=False)  # fmt: skip
        return [line.replace("\xa0", " ") for line in lines]

    column = 2 + max(len(command) for command, _ in _START) + 6
    lines = [*wrap(f"soma-info: the FDA label's facts about {DRUG}, every line sourced."), "", "Start here:"]
    for command, description in _START:
        if column + len(description) <= width:
            lines.append(f"  {command}".ljust(column) + description)
        else:
            lines += [*wrap(command.replace(" ", "\xa0"), "  "), *wrap(description, "      ")]
    lines += ["", *(line for sentence in _NEXT for line in wrap(sentence)), "", *wrap(_NOT_ADVICE)]
    return "\n".join(lines) + "\n"


BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}
OPTIONS: dict[str, Option] = {o.dest: o for o in (*OUTPUT_OPTIONS, *COMMAND_OPTIONS)}

# --version's word. No row, since it is an option, but no section may take it either: `soma-info version` must
# not show a section to someone who wants the version.
VERSION_WORD = "version"


def reserved_names() -> frozenset[str]:
    """The names no section key or alias may take: every command of the table that is not a section, and
    ``VERSION_WORD``. Read from the table when asked, so that a row added to it reserves its name."""
    return frozenset(name for name in BY_NAME if name not in CANONICAL_KEYS) | {VERSION_WORD}


class NameClash(Record):
    """A name a knowledge file gives a section that a command takes (``name_clashes``)."""

    section: str  # the section's key
    name: str  # the key or alias, as the file writes it
    message: str  # what is wrong, as a problem of the file says it


def name_clashes(monograph: Monograph) -> list[NameClash]:
    """The section keys and aliases of ``monograph`` that a command takes: such a name would be shadowed by the
    command, or shadow it. The data layer cannot see this (it may not import the table), so every place that
    accepts a knowledge file asks here: `validate`, the wheel build (hatch_build.py) and every run (execute).
    A few set lookups when nothing clashes."""
    reserved = reserved_names()
    if reserved.isdisjoint(monograph.names):  # every key and alias, normalised
        return []
    clashes = []
    for section in monograph.sections:
        for name in (section.key, *section.aliases):
            folded = normalise(name)
            if folded in reserved:
                what = "reserved for --version" if folded == VERSION_WORD else "a command name"
                clashes.append(NameClash(section.key, name, f"{name!r} is {what} and cannot name a section"))
    return clashes


class Request(Record):
    """What a run was asked to do, whichever front end read the command line."""

    command: str  # a command name or a section key; "" for --version
    words: tuple[str, ...] = ()  # its positional arguments: the query, the drug names, the path
    format: str | None = None
    color: str | None = None
    width: int | None = None
    data: str | None = None
    pager: bool | None = None
    regex: bool = False
    brief: bool = False  # a section's lead and key figures only
    drugs: tuple[str, ...] = ()  # interactions --with
    from_file: str | None = None  # interactions --from
    version: bool = False


class UsageError(Exception):
    """A command line the program cannot run: one sentence, exit 2, and the help to read."""

    def __init__(self, sentence: str, command: str = "") -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.command = command  # whose --help the message names; "" for the program's

    def lines(self) -> str:
        where = f"{PROG} {self.command}" if self.command else PROG
        return f"{error_line(self.sentence)}Try '{where} --help' for help.\n"


def error_line(sentence: str) -> str:
    """`soma-info: error: Sentence.` as one line: control characters made visible, and a full stop at its end."""
    text = visible(sentence).strip()
    return f"{PROG}: error: {text}{'' if text[-1:] in '.?!' else '.'}\n"


def shorten(text: str, limit: int = 60) -> str:
    """A user's argument echoed in an error: bounded, with control characters visible."""
    text = visible(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check(dest: str, value: str, command: str = "") -> str | int:
    """A value of --format, --color or --width as the run uses it, or the UsageError that says what is wrong
    (naming the help of ``command``, the one the option was given to; "" for the program's)."""
    option = OPTIONS[dest]
    if option.choices:
        folded = value.strip().lower()
        if folded not in option.choices:
            raise UsageError(f"{option.flags[0]} must be one of {', '.join(option.choices)}, not '{shorten(value)}'.",
                             command)  # fmt: skip
        return folded
    if dest == "width":
        text = value.strip()
        if not (text.isascii() and text.isdigit()) or not MIN_WIDTH <= int(text) <= MAX_WIDTH:
            raise UsageError(f"--width must be between {MIN_WIDTH} and {MAX_WIDTH} columns, not '{shorten(value)}'.",
                             command)  # fmt: skip
        return int(text)
    return value


def unknown_name(name: str, names: dict[str, str]) -> UsageError:
    """The sentence for a name that is no section, alias or command: the nearest sections or commands, each once
    under its own name (an alias is offered as the section it stands for), or the list of sections."""
    import difflib  # only a mistyped name pays for it

    near = difflib.get_close_matches(normalise(name), list(names), n=10, cutoff=0.6)
    close = list(dict.fromkeys(names[n] for n in near))[:3]
    if close:
        return UsageError(f"No such section or command '{shorten(name)}'. Did you mean "
                          f"{' or '.join(repr(c) for c in close)}?")  # fmt: skip
    others = [c.name for c in COMMANDS if c.name not in CANONICAL_KEYS]
    return UsageError(f"No such section or command '{shorten(name)}'. Sections: {', '.join(CANONICAL_KEYS)}; "
                      f"commands: {', '.join(others)}.")  # fmt: skip
