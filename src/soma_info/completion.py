"""Shell completion, answered without importing Typer: the first word (sections, aliases, commands) and every
drug name (`interactions NAME`, `interactions --with NAME`, `compare NAME`), and the scripts that ask for it.

Typer runs the program on every TAB; answering the common cases here keeps a TAB as fast as a lookup. The
protocol is Typer's: the same scripts and variables, and output byte for byte as Typer's completion classes
print it for bash, zsh, fish and PowerShell (tests/test_completion.py holds both ends to Typer's own). Drug
names are answered here only, whatever the line holds (quotes, escapes, options before or after the command):
a name of several words must reach bash and PowerShell escaped ("tylenol\\ pm"), and Typer's own completion
keeps only candidates that start with the unescaped word typed. Anything else (options, option values, a first
word in quotes) returns None and Typer answers it.
"""

from __future__ import annotations

import re

from soma_info.commands import BY_NAME, COMMANDS, COMPLETION_VARIABLE, OPTIONS, PROG
from soma_info.knowledge import loader
from soma_info.knowledge.model import KnowledgeError, Monograph
from soma_info.knowledge.record import Record
from soma_info.knowledge.sections import alias_help, normalise
from soma_info.knowledge.vocabulary import Vocabulary, fold

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Mapping

ENV_VAR = COMPLETION_VARIABLE
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
# Nothing a shell would quote or escape. Newlines too: Typer's bash script joins the words with them (IFS=$'\n').
_PLAIN_ARGS = re.compile(r"[A-Za-z0-9_. \n/-]*\Z")


def candidates(monograph: Monograph | None, incomplete: str) -> list[tuple[str, str]]:
    """(name, help) pairs in Typer's order: the commands and section keys as registered; the knowledge file's
    aliases only when the typed prefix matches none of those, so a first TAB offers the 25 commands and
    sections, not 130 names."""
    names = [(c.name, c.summary) for c in COMMANDS if c.name.startswith(incomplete)]
    if names or monograph is None:
        return names
    return [
        (name, alias_help(key)) for name, key in monograph.names.items() if name != key and name.startswith(incomplete)
    ]


def _split(line: str) -> list[str]:
    """The words of a command line as the shell meant them, as Click's ``split_arg_string`` reads them: quotes
    and backslashes undone, and a word still being typed (an open quote, a trailing backslash) taken as it is."""
    if _PLAIN_ARGS.match(line):
        return line.split()  # nothing quoted or escaped: the same words, without importing shlex
    import shlex

    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split, lexer.commenters = True, ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:  # the end of the line came inside a quote or after a backslash
        words.append(lexer.token)
    return words


def _words(shell: str, env: Mapping[str, str]) -> tuple[list[str], str, bool] | None:
    """The words typed before the one being completed (after the program's name), that word, and whether the
    line is plain: nothing quoted or escaped, and the word the last one typed. None when the variables make no
    sense. Read as Typer's completion classes read them, shell by shell."""
    if shell == "bash":
        words, index = env.get("COMP_WORDS", ""), env.get("COMP_CWORD", "")
        if not index.isdigit():
            return None
        parts, at = _split(words), int(index)
        if at < 1 or at > len(parts):
            return None
        plain = bool(_PLAIN_ARGS.match(words)) and at >= len(parts) - 1
        return parts[1:at], parts[at] if at < len(parts) else "", plain
    line = env.get("_TYPER_COMPLETE_ARGS", "")
    if shell == "powershell":  # the word being completed comes apart from the line, as typed (quotes and all)
        typed = env.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        parts = _split(_backticks_as_backslashes(line))[1:]
        incomplete = " ".join(_split(_backticks_as_backslashes(typed)))
        plain = bool(_PLAIN_ARGS.match(line)) and (not typed or (bool(parts) and parts[-1] == typed))
        return (parts[:-1] if typed else parts), incomplete, plain
    parts, plain = _split(line)[1:], bool(_PLAIN_ARGS.match(line))
    if parts and not line.endswith(" "):
        return parts[:-1], parts[-1], plain
    return parts, "", plain


def _backticks_as_backslashes(text: str) -> str:
    """PowerShell's escape character is the backtick (`` tylenol` pm ``); shlex knows only the backslash, which
    PowerShell takes literally."""
    return text.replace("\\", "\\\\").replace("`", "\\")


# Where a drug name is completed: after a command whose argument the table marks `completes` (interactions, with
# its --with, and compare).
def completes(name: str) -> str:
    """What a TAB offers for the words of the command ``name``: its row's ``Argument.completes``, or ""."""
    command = BY_NAME.get(name)
    return command.arguments[0].completes if command and command.arguments else ""


DRUG_COMMANDS = tuple(c.name for c in COMMANDS if completes(c.name))
_FLAGS = {flag: option for option in OPTIONS.values() for flag in option.flags}
_WITH = OPTIONS["drugs"].flags[0]  # --with, the option whose value is a drug name
_OTHER_COMMANDS = frozenset(BY_NAME) - frozenset(DRUG_COMMANDS)  # their words are Typer's to complete


class DrugPosition(Record):
    """Where a TAB may complete a drug name: after the command word as typed (a command's name, or a section alias
    that names one), as a name of its own or as --with's value, with the knowledge file the line names."""

    word: str
    with_value: bool = False
    data: str | None = None


def _drug_position(before: list[str]) -> DrugPosition | None:
    """The command word of ``before`` and what the next word is, reading the table's options before and after
    the command with their values, as Click does (`-f json`, `-fjson`, `--format=json`, and bash's `--with = `,
    split at the "="); after `--`, every word is a name. None when the next word is another option's value, or
    the line holds an option the table does not know (Typer answers, or says what is wrong)."""
    word, data, names_only = "", None, False
    words = iter(before)
    for token in words:
        if names_only or not token.startswith("-") or token == "-":
            word = word or token
            continue
        if token == "--":
            names_only = True
            continue
        flag, equals, value = token.partition("=")
        option = _FLAGS.get(flag)
        if option is None and not flag.startswith("--") and len(flag) > 2:  # a short option and its value: -fjson
            flag, equals, value = flag[:2], "=", flag[2:]
            option = _FLAGS.get(flag)
        if option is None:
            return None
        if option.kind in ("value", "repeat") and not equals:
            following = next(words, None)
            if following == "=":
                following = next(words, None)
            if following is None:  # the word being completed is this option's value
                return DrugPosition(word, True, data) if option.dest == "drugs" else None
            value = following
        if option.dest == "data":
            data = value
    return DrugPosition(word, False, data) if word else None


def _drug_command(position: DrugPosition, monograph: Monograph | None) -> str | None:
    """The command whose drug names complete at ``position``: its word is the command's name in any case, or a
    section alias of the knowledge file; None when that command takes no drug there."""
    command = normalise(position.word)
    if command not in BY_NAME and monograph is not None:
        section = monograph.resolve(position.word)
        command = section.key if section else ""
    if command not in DRUG_COMMANDS:
        return None
    if position.with_value and "drugs" not in BY_NAME[command].options:
        return None  # compare has no --with
    return command


def _zsh_escape(text: str) -> str:
    return text.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")


def _format(shell: str, found: list[tuple[str, str]]) -> tuple[str, int]:
    """Typer's output for these candidates, byte for byte (a candidate without help has none in any shell)."""
    if shell == "bash":
        return "\n".join(name for name, _ in found), 0
    if shell == "zsh":
        if not found:
            return "_files", 0
        lines = "\n".join(f'"{_zsh_escape(name)}"' + (f':"{_zsh_escape(help_)}"' if help_ else "")
                          for name, help_ in found)  # fmt: skip
        return f"_arguments '*: :(({lines}))'", 0
    if shell == "fish":
        return "\n".join(f"{name}\t{help_}" if help_ else name for name, help_ in found), 0
    return "\n".join(f"{name}:::{help_ or ' '}" for name, help_ in found), 0


def complete(env: Mapping[str, str]) -> tuple[str, int] | None:
    """The text to print and the exit code, or None to let Typer answer."""
    action, _, shell = env.get(ENV_VAR, "").partition("_")
    if action != "complete" or shell not in ("bash", "zsh", "fish", "powershell", "pwsh"):
        return None
    shell = "powershell" if shell == "pwsh" else shell
    fish = env.get("_TYPER_COMPLETE_FISH_ACTION", "") if shell == "fish" else ""
    if shell == "fish" and fish not in ("get-args", "is-args"):
        return None
    typed = _words(shell, env)
    if typed is None:
        return None
    found = _found(shell, *typed, env)
    if found is None:
        return None
    if fish == "is-args":  # fish asks first whether to offer these (0) or file names (1), as Typer answers it
        return "", 0 if found else 1
    text, code = _format(shell, found)
    return text + "\n", code


def _found(shell: str, before: list[str], incomplete: str, plain: bool, env: Mapping[str, str]) -> \
        list[tuple[str, str]] | None:  # fmt: skip
    """The candidates and their help, or None to let Typer answer."""
    try:
        "".join((*before, incomplete)).encode("utf-8")
    except UnicodeEncodeError:  # bytes that are no text (the shell passed them on as they were): nothing to offer
        return []
    prefix = ""
    if incomplete.startswith(f"{_WITH}="):  # zsh and fish keep `--with=xa` one word: the candidates must be too
        prefix, incomplete = f"{_WITH}=", incomplete[len(_WITH) + 1 :]
        position = _drug_position([*before, _WITH])
    else:
        position = None if incomplete.startswith("-") else _drug_position(before)
    if position is None:
        if before or prefix or not plain or (incomplete and not _WORD.match(incomplete)):
            return None  # Typer answers: options, their values, a quoted first word
        try:
            first: Monograph | None = loader.knowledge_file(None, env).monograph()
        except KnowledgeError:
            first = None  # complete the keys and commands; a TAB must never print an error
        return candidates(first, incomplete)
    if normalise(position.word) in _OTHER_COMMANDS:
        return None  # another command's words: Typer answers, without reading the file here
    try:
        monograph: Monograph | None = loader.knowledge_file(position.data, env).monograph()
    except KnowledgeError:
        monograph = None
    command = _drug_command(position, monograph)
    if command is None:
        return None
    if monograph is None:
        return []  # the file cannot be read: nothing to offer, and a TAB never prints an error
    if completes(command) == "comparators":
        names = comparator_names(monograph, incomplete)
    else:
        names = drug_names(monograph, Vocabulary.load(), incomplete)
    return [(prefix + for_shell(name, shell), "") for name in names]


MOST = 15  # drug names a TAB offers: a list to read at a glance, not a dictionary


def for_shell(name: str, shell: str) -> str:
    """A candidate as the shell must insert it to read it back as one word: bash and PowerShell insert a
    candidate as it is, so "tylenol pm" is escaped ("tylenol\\ pm", "tylenol` pm"), still starting with what was
    typed; zsh and fish quote what they insert themselves."""
    if shell in _PLAIN_NAME:
        return "".join(c if _PLAIN_NAME[shell].match(c) else _ESCAPE[shell] + c for c in name)
    return name


# What each shell reads as an ordinary character of a word, and the character that makes any other one ordinary.
_PLAIN_NAME = {"bash": re.compile(r"[A-Za-z0-9_.,:@%+=/-]"), "powershell": re.compile(r"[A-Za-z0-9_./:%+=-]")}
_ESCAPE = {"bash": "\\", "powershell": "`"}


def comparator_names(monograph: Monograph, incomplete: str) -> list[str]:
    """`compare NAME`: the drugs the monograph's drug can be compared with, by generic name and brand (the
    monograph's own drug is always in the table), in the typed letters' case."""
    folded = fold(incomplete)
    names = (n for c in monograph.comparators[1:] for n in (c.generic, *c.brands))
    found = dict.fromkeys(n for n in names if fold(n).startswith(folded))
    return _in_typed_case(incomplete, list(found))


def _in_typed_case(incomplete: str, names: list[str]) -> list[str]:
    """A shell keeps only candidates that start with what was typed, letter for letter: "norc" keeps "norco",
    never "Norco". So a name is offered in the typed letters' case, and completes with its own."""
    typed = " ".join(incomplete.split())
    return [typed + name[len(typed) :] for name in names]


def drug_names(monograph: Monograph, vocabulary: Vocabulary, incomplete: str, most: int = MOST) -> list[str]:
    """Drug names for `interactions DRUG` and `--with NAME`, at most ``most``, each once: first the knowledge
    file's products, class words and class members, then, once something is typed, the drug-name vocabulary's
    names of medicines people take (a MedlinePlus page), and only then its chemicals and reagents."""
    folded = fold(incomplete)
    ours = [
        *(p.name for p in monograph.products),
        *(w for g in monograph.interactions for w in g.words),
        *(n for g in monograph.interactions for m in g.members for n in m.names),
    ]
    found: dict[str, str] = {}  # folded -> as written: "Norco" and "norco" are one name
    for name in ours:
        if fold(name).startswith(folded):
            found.setdefault(fold(name), name)
    if folded:
        for name in vocabulary.taken_first(folded, most):
            found.setdefault(name, name)
    return _in_typed_case(incomplete, list(found.values())[:most])


# ----------------------------------------------------------------------------- installing the completion script

# The scripts a shell runs on TAB: Typer's, word for word (tests/test_completion.py compares them with what a Typer
# app prints for --show-completion), so that Typer's completion classes and this module read the same variables.
_SCRIPTS = {
    "bash": """
%(function)s() {
    local IFS=$'\n'
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" \\
                   COMP_CWORD=$COMP_CWORD \\
                   %(variable)s=complete_bash $1 ) )
    return 0
}

complete -o default -F %(function)s %(prog)s
""",
    "zsh": """
#compdef %(prog)s

%(function)s() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" %(variable)s=complete_zsh %(prog)s)
}

compdef %(function)s %(prog)s
""",
    "fish": 'complete --command %(prog)s --no-files --arguments "(env %(variable)s=complete_fish '
    '_TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) %(prog)s)" --condition "env '
    "%(variable)s=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args _TYPER_COMPLETE_ARGS=(commandline -cp) "
    '%(prog)s"',
    "powershell": """
Import-Module PSReadLine
Set-PSReadLineKeyHandler -Chord Tab -Function MenuComplete
$scriptblock = {
    param($wordToComplete, $commandAst, $cursorPosition)
    $Env:%(variable)s = "complete_powershell"
    $Env:_TYPER_COMPLETE_ARGS = $commandAst.ToString()
    $Env:_TYPER_COMPLETE_WORD_TO_COMPLETE = $wordToComplete
    %(prog)s | ForEach-Object {
        $commandArray = $_ -Split ":::"
        $command = $commandArray[0]
        $helpString = $commandArray[1]
        [System.Management.Automation.CompletionResult]::new(
            $command, $command, 'ParameterValue', $helpString)
    }
    $Env:%(variable)s = ""
    $Env:_TYPER_COMPLETE_ARGS = ""
    $Env:_TYPER_COMPLETE_WORD_TO_COMPLETE = ""
}
Register-ArgumentCompleter -Native -CommandName %(prog)s -ScriptBlock $scriptblock
""",
}


def script(shell: str) -> str:
    """The completion script for ``shell`` (one of SHELLS, or pwsh)."""
    text = _SCRIPTS["powershell" if shell == "pwsh" else shell]
    return (text % {"function": "_soma_info_completion", "prog": PROG, "variable": ENV_VAR}).strip()


SHELLS = ("bash", "zsh", "fish", "powershell")  # and "pwsh", PowerShell's other name
BEGIN, END = "# >>> soma-info completion >>>", "# <<< soma-info completion <<<"  # around the lines we add


class Plan(Record):
    """What `--install-completion SHELL` changes: the script it writes whole (replacing an older copy), and
    the lines it adds to the shell's start-up file, if any (nothing when they are there already)."""

    shell: str
    script: str  # path of the completion script
    text: str  # its contents
    startup: str = ""  # the start-up file that must load it, if the shell does not find it by itself
    lines: str = ""  # what is appended to the start-up file, between BEGIN and END; "" when already there


def plan(shell: str, home: str, script: str, profile: str = "") -> Plan:
    """The changes for ``shell`` (one of SHELLS, or pwsh) under the home directory ``home``; ``script``: the
    completion script Typer writes for the shell; ``profile``: PowerShell's $PROFILE."""
    import os.path

    def at(*parts: str) -> str:
        return os.path.join(home, *parts)

    if shell == "fish":  # fish loads every file of this directory by itself
        return Plan(shell, at(".config", "fish", "completions", "soma-info.fish"), script + "\n")
    if shell == "bash":
        path = at(".bash_completions", "soma-info.sh")
        return _with_startup(Plan(shell, path, script, at(".bashrc")), f"source '{path}'")
    if shell == "zsh":
        path = at(".zfunc", "_soma-info")
        return _with_startup(
            Plan(shell, path, script, at(".zshrc")), "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
        )
    return _with_startup(Plan(shell, "", "", profile), script.strip())  # PowerShell: the script goes in $PROFILE


def _with_startup(change: Plan, lines: str) -> Plan:
    try:
        with open(change.startup, encoding="utf-8") as f:
            current = f.read()
    except FileNotFoundError:
        current = ""
    except (OSError, UnicodeDecodeError):
        current = ""  # written below only by appending; an unreadable file fails there, with its own error
    if BEGIN in current or (lines in current and "\n" not in lines):
        return change  # installed before (by this or by Typer's older installer): nothing to add
    return change._replace(lines=f"{BEGIN}\n{lines}\n{END}\n")


def describe(change: Plan) -> str:
    """The changes, file by file, and how to undo them: said before anything is written."""
    out = [f"Shell completion for {change.shell}:"]
    if change.script:
        out.append(f"  write {change.script} (the completion script; replaced if it exists)")
    if change.lines:
        out.append(f"  add {len(change.lines.splitlines())} lines at the end of {change.startup}:")
        shown = change.lines.splitlines()
        out += [f"    {line}" for line in (shown if len(shown) <= 5 else [*shown[:2], "    ...", shown[-1]])]
    elif change.startup:
        out.append(f"  leave {change.startup} as it is (it loads the completion already)")
    undo = []
    if change.lines:
        undo.append(f"delete the lines from '{BEGIN}' to '{END}' in {change.startup}")
    if change.script:
        undo.append(f"delete {change.script}")
    out.append("To undo: " + " and ".join(undo) + "." if undo else "Nothing to undo.")
    return "\n".join(out) + "\n"


def apply(change: Plan) -> None:
    """Write the script and append the start-up lines (creating the folders they need)."""
    import os

    if change.script:
        os.makedirs(os.path.dirname(change.script), exist_ok=True)
        with open(change.script, "w", encoding="utf-8") as f:
            f.write(change.text)
    if change.lines:
        os.makedirs(os.path.dirname(change.startup) or ".", exist_ok=True)
        with open(change.startup, "ab+") as f:
            size = f.seek(0, os.SEEK_END)
            if size:  # a blank line before our block, whether or not the file ends in a newline
                f.seek(size - 1)
                f.write(b"\n" if f.read(1) == b"\n" else b"\n\n")
            f.write(change.lines.encode("utf-8"))
