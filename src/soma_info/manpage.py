"""soma-info(1), written from the command table and the knowledge file's sections and aliases.

`python3 scripts/make_manpage.py` writes docs/soma-info.1, which the wheel installs as share/man/man1/soma-info.1;
tests/test_manpage.py proves the committed page is what this module writes now and that man renders it cleanly.
"""

from __future__ import annotations

import re

from soma_info.commands import COMMAND_OPTIONS, COMMANDS, OUTPUT_OPTIONS, PROG, Option
from soma_info.exitcodes import MEANING
from soma_info.knowledge.model import Monograph
from soma_info.knowledge.sections import CANONICAL_KEYS

ENVIRONMENT = (
    ("SOMA_INFO_DATA", "Another knowledge file of the same schema, as --data (which wins)."),
    ("SOMA_INFO_PAGER", "The pager for output taller than the terminal; empty or cat for none."),
    ("PAGER", "The pager when SOMA_INFO_PAGER is not set; less when neither is."),
    ("LESS", "Options for less; FRX when not set, so that colours survive and a short text does not page."),
    ("NO_COLOR", "No colour (bold and layout stay); wins over FORCE_COLOR."),
    ("FORCE_COLOR", "The styled layout and colour even when piped."),
    ("TERM", "dumb: no escape codes at all."),
    ("COLUMNS, LINES", "The width and height to lay out for, in place of what the terminal reports."),
)


_CODE = re.compile(r"`([^`]+)`")  # `soma-info validate` in the table's help: bold in the page
_UNESCAPED_DASH = re.compile(r"(?<!\\)-")
_OPTION = re.compile(r"(?<![\w-])(--?)(?=[A-Za-z])")  # the dashes that start an option, as in --data or -f


def _text(text: str) -> str:
    """Roff-safe prose. Backslashes doubled and a leading dot or quote escaped; the dashes of options and of
    code become \\- (an ASCII hyphen-minus, which can be copied and pasted) while the hyphens of words stay
    hyphens; an en dash is \\(en; `code` is bold."""
    text = text.replace("\\", "\\e").replace("\u2013", "\\(en")
    text = _OPTION.sub(lambda m: m.group(1).replace("-", "\\-"), text)
    text = _CODE.sub(lambda m: "\\fB" + _UNESCAPED_DASH.sub(r"\\-", m.group(1)) + "\\fR", text)
    return "\\&" + text if text[:1] in (".", "'") else text


def _literal(text: str) -> str:
    """A command line or a flag, every hyphen a hyphen-minus."""
    return text.replace("\\", "\\e").replace("-", "\\-")


def _flags(option: Option) -> str:
    flags = ", ".join(f"\\fB{_literal(flag)}\\fR" for flag in option.flags)
    return f"{flags} \\fI{option.metavar}\\fR" if option.metavar else flags


def _owners(option: Option) -> str:
    """The commands that take an option, with the section commands named as one."""
    names = [command.name for command in COMMANDS if option.dest in command.options]
    sections = [name for name in names if name in CANONICAL_KEYS]
    if len(sections) == len(CANONICAL_KEYS):
        return ", ".join(["every section command", *(name for name in names if name not in CANONICAL_KEYS)])
    return ", ".join(names)


def render(monograph: Monograph, version: str) -> str:
    who = monograph.identity
    brand = ", ".join(who.brand_names)
    lines = [
        f'.TH SOMA\\-INFO 1 "" "{PROG} {version}" "User Commands"',
        ".SH NAME",
        f"{PROG} \\- a terminal reference for {_text(brand)} ({_text(who.generic_name)}), sourced line by line",
        ".SH SYNOPSIS",
        f"\\fB{PROG}\\fR [\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]",
        ".br",
        f"\\fB{PROG}\\fR \\fBhelp\\fR [\\fICOMMAND\\fR]",
        ".SH DESCRIPTION",
        _text(
            f"{PROG} prints the facts of the FDA label for {brand} ({who.generic_name}), revised "
            f"{who.label_revision}, and the other primary sources it cites: each section in plain language first "
            "and precise figures second, every statement with the source it rests on."
        ),
        ".PP",
        _text(monograph.notice),
        ".SH COMMANDS",
    ]
    for command in COMMANDS:
        if command.name in CANONICAL_KEYS and command.name != "interactions":
            continue
        usage = " ".join(a.metavar for a in command.arguments)
        lines += [
            ".TP",
            f"\\fB{_literal(command.name)}\\fR {_text(usage)}".rstrip(),
            _text(command.help.split("\n\n")[0]),
        ]
    lines += [".SH SECTIONS", _text("Each section is a command; any of its aliases, in any case, with _, space or - "
                                    "alike, names it too.")]  # fmt: skip
    for section in monograph.sections:
        aliases = f" (also: {', '.join(section.aliases)})" if section.aliases else ""
        lines += [".TP", f"\\fB{_literal(section.key)}\\fR", _text(section.summary + aliases)]
    lines += [".SH OPTIONS", _text("Output options are accepted before or after the command; the later one wins.")]
    for option in OUTPUT_OPTIONS:
        lines += [".TP", _flags(option), _text(option.help)]
    lines += [".TP", "\\fB\\-v\\fR, \\fB\\-\\-version\\fR", "Show the program's and the knowledge file's versions."]
    lines += [".TP", "\\fB\\-h\\fR, \\fB\\-\\-help\\fR", "Show the help (of the command, after one)."]
    lines += [".SS Command options", _text("Accepted after their command only.")]
    for option in COMMAND_OPTIONS:
        lines += [".TP", _flags(option), _text(f"{option.help} (With: {_owners(option)}.)")]
    lines += [".SH ENVIRONMENT"]
    for name, meaning in ENVIRONMENT:
        lines += [".TP", f"\\fB{_text(name)}\\fR", _text(meaning)]
    lines += [".SH EXIT STATUS"]
    for code, meaning in MEANING.items():
        lines += [".TP", f"\\fB{int(code)}\\fR", _text(meaning)]
    lines += [
        ".SH FILES",
        ".TP",
        "\\fIsoma_info/data/soma.yaml\\fR",
        _text("The knowledge file shipped with the program (beside it, soma.compiled, its compiled form)."),
        ".SH EXAMPLES",
    ]
    for command in COMMANDS:  # what each command is for, then its examples, one a line
        if command.name in CANONICAL_KEYS and command.name != "interactions":
            continue
        lines += [".PP", _text(command.summary.rstrip(".")) + ":", ".RS 4", ".nf"]
        lines += [f"\\fB{_literal(example)}\\fR" for example in command.examples]
        lines += [".fi", ".RE"]
    lines += [".SH NOTICE", _text(monograph.notice), ""]
    return "\n".join(lines)
