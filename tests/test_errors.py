"""Errors a person reads: one sentence in this tool's words, the help to read, fitted to the terminal."""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import termios

import pytest

from soma_info.exitcodes import ExitCode

from .conftest import PYTHON, invoke, read_until_closed, subprocess_env

CLICK_WORDING = ("No such option", "Got unexpected", "Missing argument", "requires an argument", "Possible options",
                 "does not take a value", "Error:", "Usage:", "\\udc")  # fmt: skip

SENTENCES = [
    (["dosage", "--bogus"], "There is no --bogus option for the dosage command.", "dosage"),
    (["dosage", "--widht", "50"], "There is no --widht option for the dosage command. Did you mean --width?", "dosage"),
    (["--bogus"], "There is no --bogus option for soma-info before a command.", ""),
    (["compare", "--with", "xanax"], "There is no --with option for the compare command (interactions has one); "
     "name the drugs after compare instead, as in 'soma-info compare Robaxin Zanaflex'.", "compare"),
    (["card", "--brief"], "There is no --brief option for the card command: it shortens a section, as in "
     "'soma-info dosage --brief'.", "card"),
    (["sources", "-b"], "There is no -b option for the sources command: it shortens a section, as in "
     "'soma-info dosage -b'.", "sources"),
    (["interactions", "-r", "x"], "There is no -r option for the interactions command (search has one).",
     "interactions"),
    (["dosage", "--version"], "--version is an option of soma-info itself, not of a command: 'soma-info --version'.",
     "dosage"),
    (["search"], "The search command needs QUERY...: text to find (case-insensitive; literal unless --regex).",
     "search"),
    (["dosage", "extra"], "The dosage command takes no words after it, not 'extra'.", "dosage"),
    (["validate", "a", "b"], "The validate command takes one PATH; 'b' is one too many.", "validate"),
    (["-w"], "-w needs a value after it (N).", ""),
    (["interactions", "--from"], "--from needs a value after it (FILE).", "interactions"),
    (["dosage", "--brief=yes"], "--brief takes no value: give it alone, as in 'soma-info dosage --brief'.", "dosage"),
    (["search", "-r", "("], "The query is not a valid regular expression (missing ), unterminated subpattern at "
     "position 0).", "search"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "sentence", "command"), SENTENCES, ids=[" ".join(a) for a, _, _ in SENTENCES])
def test_each_usage_error_is_one_sentence_of_ours_and_names_the_help(args: list[str], sentence: str,
                                                                     command: str) -> None:  # fmt: skip
    result = invoke(*args)
    assert result.exit_code == ExitCode.USAGE
    where = f"soma-info {command}" if command else "soma-info"
    assert result.stderr == f"soma-info: error: {sentence}\nTry '{where} --help' for help.\n"


@pytest.mark.parametrize("args", [a for a, _, _ in SENTENCES] + [["nosuchthing"], ["-f"], ["--color", "pink", "x"],
                                  ["help", "x", "y"], ["compare", "--brief"], ["--data"]])  # fmt: skip
def test_no_error_speaks_in_clicks_words(args: list[str]) -> None:
    first = invoke(*args).stderr.splitlines()[0]
    assert first.startswith("soma-info: error: ") and first[-1] in ".?"
    assert not any(words in first for words in CLICK_WORDING), first


def test_an_unknown_name_lists_the_commands_as_well_as_the_sections() -> None:
    stderr = invoke("qqqqqqqq").stderr
    assert "Sections: overview, " in stderr and "commands: all, card, sections, sources, search, " in stderr


def test_a_suggestion_fits_the_command() -> None:
    """--with is interactions' option: compare is not offered --width for it, which would take no drug."""
    assert "--width" not in invoke("compare", "--with", "xanax").stderr


def test_bad_bytes_in_an_argument_show_as_the_bytes() -> None:
    out = subprocess.run([PYTHON, "-m", "soma_info", b"dos\xffage\xc3"], capture_output=True, env=subprocess_env())
    assert out.returncode == ExitCode.USAGE
    assert b"'dos\\xffage\\xc3'" in out.stderr and b"\\udc" not in out.stderr


def test_a_search_with_no_match_says_where_to_look_and_exits_1() -> None:
    result = invoke("search", "dossage")
    assert result.exit_code == ExitCode.NO_MATCH and result.stdout == ""
    assert result.stderr == ("soma-info: No passage mentions 'dossage'. The dosage section may be what you want: "
                             "soma-info dosage.\n")  # fmt: skip
    phrase = invoke("search", "zzzq", "qqqz").stderr
    assert "Several words are searched as one phrase: try fewer." in phrase and "soma-info sections" in phrase
    assert "error" not in phrase


def test_search_help_says_several_words_are_one_phrase() -> None:
    assert "Several words are searched as one phrase." in " ".join(invoke("search", "--help").stdout.split())


def _stderr_on_a_terminal(args: list[str], columns: int) -> str:
    primary, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen([PYTHON, "-m", "soma_info", *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=secondary, env=subprocess_env())  # fmt: skip
    os.close(secondary)
    shown = read_until_closed(primary)
    proc.wait(timeout=60)
    return shown.decode().replace("\r\n", "\n")


LONG_PATH = "/nonexistent/" + "long-directory-name/" * 3 + "soma.yaml"


@pytest.mark.parametrize("args", [["compare", "--with", "xanax"], ["nosuchthing"], ["search", "zzzq", "qqqz"],
                                  ["mechanism", "--data", LONG_PATH]])  # fmt: skip
def test_errors_are_wrapped_at_word_boundaries_on_a_narrow_terminal(args: list[str]) -> None:
    shown = _stderr_on_a_terminal(args, 40)
    lines = shown.splitlines()
    assert len(lines) > 2
    assert all(len(line) <= 40 or " " not in line for line in lines), shown  # only an unbreakable word is longer
    piped = subprocess.run([PYTHON, "-m", "soma_info", *args], capture_output=True, text=True, env=subprocess_env())
    assert " ".join(shown.split()) == " ".join(piped.stderr.split())  # the same words
    assert len(piped.stderr.splitlines()) <= 2  # piped, a log gets one line a sentence


@pytest.mark.parametrize("data", ["/nonexistent/soma.yaml", "not-yaml"])
def test_a_bad_knowledge_file_does_not_block_version_or_help(data: str, tmp_path: os.PathLike[str]) -> None:
    if data == "not-yaml":
        data = os.path.join(tmp_path, "bad.yaml")
        with open(data, "w", encoding="utf-8") as f:
            f.write("sections: [\n")
    version = invoke("--version", env={"SOMA_INFO_DATA": data})
    assert version.exit_code == ExitCode.DATA  # the versions are shown, and the file's trouble is said
    assert version.stdout.startswith("soma-info ") and f"Knowledge file: {data} (it cannot be used" in version.stdout
    assert version.stderr.startswith("soma-info: error: The knowledge file cannot be used: ")
    as_json = invoke("--version", "-f", "json", env={"SOMA_INFO_DATA": data})
    assert '"problem": ' in as_json.stdout and as_json.exit_code == ExitCode.DATA
    for args in (["--help"], ["help"], ["dosage", "--help"], ["help", "interactions"], []):
        result = invoke(*args, env={"SOMA_INFO_DATA": data})
        assert result.exit_code == 0 and result.stdout, (args, result.stderr)


# ----------------------------------------------------------------------------- validate -f json, sources SOURCE


def test_validate_speaks_json_when_asked(tmp_path: os.PathLike[str]) -> None:
    import json

    clean = invoke("validate", "-f", "json")
    assert clean.exit_code == 0
    report = json.loads(clean.stdout)
    assert report["valid"] is True and report["problems"] == [] and report["sections"] == 16
    broken = os.path.join(tmp_path, "bad.yaml")
    with open(broken, "w", encoding="utf-8") as f:
        f.write("sections: [\n")
    bad = invoke("validate", broken, "-f", "json")
    assert bad.exit_code == ExitCode.DATA and bad.stderr == ""
    report = json.loads(bad.stdout)
    assert report["valid"] is False and report["knowledge_file"] == broken
    assert report["problems"][0]["line"] == 2 and "invalid YAML" in report["problems"][0]["message"]


@pytest.mark.parametrize(
    ("words", "ids"),
    [(["reeves"], ["reeves-2012"]), (["label-12.3"], ["label-12.3"]), (["§12.3"], ["label-12.3"]),
     (["FDA label §12.3, rev. 5/2023"], ["label-12.3"]), (["Reeves", "label-12.3"], ["reeves-2012", "label-12.3"])],
)  # fmt: skip
def test_sources_names_the_sources_a_citation_points_to(words: list[str], ids: list[str]) -> None:
    import json

    result = invoke("sources", *words, "-f", "json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)["sources"]
    assert [s["id"] for s in shown] == ids and all(s["url"].startswith("https://") for s in shown)
    plain = invoke("sources", *words, "-f", "plain").stdout.splitlines()
    assert [line.split("\t")[0] for line in plain] == ids


def test_a_citation_a_source_does_not_have_exits_1() -> None:
    result = invoke("sources", "qqqqqq")
    assert result.exit_code == ExitCode.NO_MATCH and result.stdout == ""
    assert result.stderr == "soma-info: No source's citation mentions 'qqqqqq'. soma-info sources lists them all.\n"
