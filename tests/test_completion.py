"""Completion: the program's own answers follow Typer's protocol byte for byte in every shell (first words
against the Typer app; drug names against Typer's completion classes given the same candidates), its scripts are
Typer's, and aliases and drug names are offered."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from soma_info import completion, fast
from soma_info.exitcodes import ExitCode

from .conftest import PYTHON, SHIPPED, invoke, subprocess_env

SHELL_ENVS: dict[str, Callable[[str], dict[str, str]]] = {
    # Typer's bash script joins the words with newlines (IFS=$'\n'), so the program reads them so
    "bash": lambda word: {
        "_SOMA_INFO_COMPLETE": "complete_bash",
        "COMP_WORDS": f"soma-info\n{word}",
        "COMP_CWORD": "1",
    },
    "zsh": lambda word: {"_SOMA_INFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"soma-info {word}"},
    "fish": lambda word: {
        "_SOMA_INFO_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": f"soma-info {word}",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    },
    "powershell": lambda word: {
        "_SOMA_INFO_COMPLETE": "complete_powershell",
        "_TYPER_COMPLETE_ARGS": f"soma-info {word}",
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": word,
    },
}
WORDS = ["", "m", "me", "mo", "s", "side", "pre", "half", "x", "c", "SO", "al"]


class Pipe(io.StringIO):
    encoding = "utf-8"


def fast_completion(env: dict[str, str]) -> tuple[int | None, str]:
    out = Pipe()
    code = fast.run([], env, out)
    return code, out.getvalue()


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("shell", SHELL_ENVS)
def test_fast_completion_is_byte_identical_to_typers(shell: str, word: str) -> None:
    env = SHELL_ENVS[shell](word)
    code, text = fast_completion(env)
    assert code is not None, "the fast path should answer a first-word completion"
    expected = invoke(env=env)
    assert (code, text) == (expected.exit_code, expected.stdout)


@pytest.mark.parametrize("word", WORDS)
def test_fish_asking_whether_there_are_candidates_gets_typers_answer(word: str) -> None:
    env = {**SHELL_ENVS["fish"](word), "_TYPER_COMPLETE_FISH_ACTION": "is-args"}
    code, text = fast_completion(env)
    assert code is not None
    expected = invoke(env=env)
    assert (code, text) == (expected.exit_code, expected.stdout)


@pytest.mark.parametrize("shell", SHELL_ENVS)
def test_aliases_and_sections_are_completed(shell: str) -> None:
    _, text = fast_completion(SHELL_ENVS[shell]("mo"))
    assert "moa" in text
    _, text = fast_completion(SHELL_ENVS[shell]("me"))
    assert "mechanism" in text and "metabolism" not in text  # an alias only when no key or command matches
    _, text = fast_completion(SHELL_ENVS[shell]("meta"))
    assert "metabolism" in text


@pytest.mark.parametrize(
    "env",
    [
        {"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "soma-info mechanism --f", "COMP_CWORD": "2"},
        {"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "soma-info --format ", "COMP_CWORD": "2"},
        {"_SOMA_INFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "soma-info --fo"},
        {"_SOMA_INFO_COMPLETE": "source_bash"},
    ],
)
def test_other_completions_are_left_to_typer(env: dict[str, str]) -> None:
    assert fast_completion(env)[0] is None


def test_typer_completes_option_values() -> None:
    result = invoke(env={"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "soma-info mechanism --format ",
                         "COMP_CWORD": "3"})  # fmt: skip
    assert result.stdout.split() == ["rich", "plain", "markdown", "json"]


def test_typer_registers_the_commands_in_the_order_the_fast_path_lists_them() -> None:
    from soma_info.cli import app
    from soma_info.commands import COMMANDS
    from soma_info.knowledge.sections import CANONICAL_KEYS

    assert [c.name for c in app.registered_commands] == [c.name for c in COMMANDS]
    assert [c.name for c in COMMANDS][: len(CANONICAL_KEYS)] == list(CANONICAL_KEYS)  # the sections first


# ----------------------------------------------------------------------------- drug names (issue #20, 12-14)


def typed_words(line: str, escape: str = "\\") -> list[str]:
    """The words of a line as a shell splits it before completing, quotes and escapes kept as typed:
    `interactions 'tylenol p` is two words, the second `'tylenol p`. PowerShell escapes with a backtick."""
    words: list[str] = []
    word, quote, escaped = "", "", False
    for char in line:
        if escaped:
            word, escaped = word + char, False
        elif char == escape and not quote:
            word, escaped = word + char, True
        elif quote:
            word, quote = word + char, "" if char == quote else quote
        elif char in "'\"":
            word, quote = word + char, char
        elif char == " ":
            words, word = ([*words, word] if word else words), ""
        else:
            word += char
    return [*words, word] if word else words


def env_for(shell: str, line: str, action: str = "get-args") -> dict[str, str]:
    """The variables each shell's completion script sets for the command line typed so far (fish: ``action``)."""
    if shell == "powershell":
        line = line.replace("\\ ", "` ")  # the same escaped space, as PowerShell writes it
    words = typed_words(line, "`" if shell == "powershell" else "\\")
    if shell == "bash":
        index = len(words) - 1 if line and not line.endswith(" ") else len(words)
        return {"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "\n".join(words), "COMP_CWORD": str(index)}
    env = SHELL_ENVS[shell]("")
    env["_TYPER_COMPLETE_ARGS"] = line
    if shell == "powershell":
        env["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = "" if line.endswith(" ") else words[-1]
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = action
    return env


DRUG_LINES = [
    "soma-info interactions --with xa",
    "soma-info interactions --with ",
    "soma-info interactions klon",
    "soma-info interactions Tylenol",
    "soma-info interactions xanax --with norc",
    "soma-info interactions xanax ",
    "soma-info compare ",
    "soma-info compare fl",
    "soma-info compare Parafon",
    "soma-info compare robaxin z",
    "soma-info interactions --with zzzzqx",
]


def typers_own(shell: str, incomplete: str, candidates: list[str]) -> str:
    """What Typer's own completion classes print when an argument offers ``candidates`` for ``incomplete``: a
    one-argument Typer app, completed through Typer's public `autocompletion`."""
    probe = typer.Typer(add_completion=True)

    def offer(incomplete: str) -> list[str]:
        return candidates

    @probe.command()
    def drugs(names: list[str] | None = typer.Argument(None, autocompletion=offer)) -> None:  # noqa: B008
        """A stand-in for `interactions DRUG...`."""

    env = env_for(shell, f"soma-info {incomplete}")
    return CliRunner().invoke(probe, [], env=env, prog_name="soma-info").stdout


@pytest.mark.parametrize("line", DRUG_LINES)
@pytest.mark.parametrize("shell", SHELL_ENVS)
def test_drug_names_are_printed_as_typers_completion_prints_them(shell: str, line: str) -> None:
    """Drug names are answered by the program alone (Typer's would drop an escaped "tylenol\\ pm"); what it
    prints is what Typer's classes print for the same candidates."""
    from soma_info.knowledge import loader
    from soma_info.knowledge.vocabulary import Vocabulary

    code, text = fast_completion(env_for(shell, line))
    assert code == ExitCode.OK, "the program answers every drug-name completion itself"
    incomplete = "" if line.endswith(" ") else line.split()[-1]
    monograph = loader.knowledge_file(None, {}).monograph()
    if line.split()[1] == "compare":
        names = completion.comparator_names(monograph, incomplete)
    else:
        names = completion.drug_names(monograph, Vocabulary.load(), incomplete)
    assert text == typers_own(shell, incomplete, [completion.for_shell(n, shell) for n in names])


@pytest.mark.parametrize(
    "line", ["soma-info interactions xa", "soma-info compare fl", "soma-info interactions --with "]
)
def test_fish_is_told_to_offer_drug_names_rather_than_files(line: str) -> None:
    """fish first asks whether there are candidates (exit 0) or it should offer files (1), as Typer answers."""
    assert fast_completion(env_for("fish", line, "is-args")) == (ExitCode.OK, "")
    assert fast_completion(env_for("fish", "soma-info interactions --with zzzzqx", "is-args"))[0] == 1


@pytest.mark.parametrize(
    ("shell", "line", "first"),
    [
        ("bash", "soma-info alcohol --with xa", "xadago"),  # a section alias of interactions
        ("bash", "soma-info interaction xa", "xadago"),
        ("bash", "soma-info Interactions xa", "xadago"),  # a command's name in another case
        ("zsh", "soma-info drug-interactions xa", '_arguments \'*: :(("xadago"'),
        ("bash", "soma-info interactions -fjson xa", "xadago"),  # a short option with its value attached
        ("bash", "soma-info interactions -- xa", "xadago"),  # after --, every word is a name
        ("bash", "soma-info interactions -- --with xa", "xadago"),
        ("zsh", "soma-info interactions --with=xa", '_arguments \'*: :(("--with=xadago"'),  # one word in zsh
        ("fish", "soma-info interactions --with=xa", "--with=xadago"),
        ("powershell", "soma-info interactions 'tylenol p", "tylenol` pM::: "),  # quotes, as PowerShell passes them
        ("powershell", "soma-info interactions tylenol` p", "tylenol` pM::: "),  # and its backtick escape
    ],
)
def test_drug_names_complete_after_aliases_and_every_option_form(shell: str, line: str, first: str) -> None:
    code, text = fast_completion(env_for(shell, line))
    assert code == ExitCode.OK and text.startswith(first), text


def test_bash_splitting_at_the_equals_sign_still_completes_with_s_value() -> None:
    """bash breaks `--with=xa` at the "=" (COMP_WORDBREAKS): the program gets `--with`, `=` and `xa`."""
    env = {"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "soma-info\ninteractions\n--with\n=\nxa",
           "COMP_CWORD": "4"}  # fmt: skip
    assert fast_completion(env)[1].splitlines()[0] == "xadago"


def test_bytes_that_are_no_text_complete_to_nothing_and_never_a_traceback() -> None:
    for words in ("soma-info\ninteractions\n\udcffa", "soma-info\n\udcff"):
        env = {
            "_SOMA_INFO_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": "2" if "inter" in words else "1",
        }
        code, text = fast_completion(env)
        assert (code, text.strip()) in ((ExitCode.OK, ""), (None, "")), (words, code, text)


def test_an_unknown_first_word_completes_to_nothing_without_an_error() -> None:
    """Typer answers (the word is not plain for the fast path); it must not print the usage error on a TAB."""
    result = invoke(env={"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "soma-info\nnosuch\nx",
                         "COMP_CWORD": "2"})  # fmt: skip
    assert result.exit_code == 0 and result.stderr == "" and result.stdout.strip() == ""


@pytest.mark.parametrize(
    ("env", "args"),
    [
        ({"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "soma-info\nme", "COMP_CWORD": "1"}, []),  # ours
        (
            {
                "_SOMA_INFO_COMPLETE": "complete_bash",
                "COMP_WORDS": "soma-info\nmechanism\n--format\n",
                "COMP_CWORD": "3",
            },
            [],
        ),
        ({}, ["--show-completion", "bash"]),
    ],
)
def test_a_tab_or_a_script_into_a_closed_pipe_ends_quietly(env: dict[str, str], args: list[str]) -> None:
    reading, writing = os.pipe()
    os.close(reading)
    done = subprocess.run([PYTHON, "-m", "soma_info", *args], stdout=writing, stderr=subprocess.PIPE, timeout=60,
                          env=subprocess_env(**env), check=False)  # fmt: skip
    os.close(writing)
    assert done.stderr == b"" and done.returncode == ExitCode.BROKEN_PIPE


@pytest.mark.parametrize(
    ("line", "first"),
    [
        ("soma-info interactions --data data/soma.yaml --with xa", "xadago"),  # the file --data names
        ("soma-info -f json interactions --with xa", "xadago"),  # an option before the command
        ("soma-info interactions -f json xa", "xadago"),
        ("soma-info --no-pager interactions --from meds.txt --with tyl", "tylenol\\ with\\ Codeine"),
        ("soma-info interactions tylenol\\ p", "tylenol\\ pM"),  # escaped: in the typed letters' case
        ("soma-info interactions 'tylenol p", "tylenol\\ pM"),  # an open quote
        ('soma-info compare "Parafon', "Parafon\\ Forte\\ DSC"),
        ("soma-info compare 'robaxin' zan", "zanaflex"),
    ],
)
def test_every_drug_name_position_is_answered_whatever_the_line_holds(line: str, first: str) -> None:
    offered = fast_completion(env_for("bash", line))[1].splitlines()
    assert offered and offered[0] == first, offered


def test_a_word_before_the_last_one_is_completed_as_typer_reads_it() -> None:
    """bash may ask for a word in the middle of the line; the words after it are ignored, as Typer does."""
    env = env_for("bash", "soma-info interactions --with xa b")
    env["COMP_CWORD"] = "3"
    assert fast_completion(env)[1].splitlines()[0] == "xadago"


@pytest.mark.parametrize(
    "line",
    [
        "soma-info compare --with xa",  # compare has no --with
        "soma-info moa --with xa",  # not a command that takes drugs
        "soma-info interactions --format ",  # an option's value: Typer offers the formats
        "soma-info interactions --wi",  # an option's name
        "soma-info interactions --nosuch xa",  # an option Typer will refuse
        "soma-info 'mecha",  # a first word in quotes
    ],
)
def test_other_lines_are_left_to_typer(line: str) -> None:
    assert fast_completion(env_for("bash", line))[0] is None


@given(
    before=st.lists(st.sampled_from(["-f json", "--no-pager", "--color always", "-w 60", "--pager"]), max_size=3),
    after=st.lists(
        st.sampled_from(
            [
                "-f plain",
                "--with xanax",
                "--from x.txt",
                "klonopin",
                "'tylenol pm'",
                f"--data={SHIPPED}",
                "-w=50",
                "-fjson",
                "--with=xanax",
                "Interactions",
            ]
        ),
        max_size=4,
    ),
    last=st.sampled_from(["", "xa", "--with ", "--with tyl", "'tylenol p", "tylenol\\ p"]),
    shell=st.sampled_from(list(SHELL_ENVS)),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_interactions_line_ending_in_a_drug_name_is_answered(
    before: list[str], after: list[str], last: str, shell: str
) -> None:
    line = " ".join(["soma-info", *before, "interactions", *after, last])
    if not last or last.endswith(" "):
        line = line.rstrip() + " "
    code, text = fast_completion(env_for(shell, line))
    assert code == ExitCode.OK and text.strip() and text.strip() != "_files", line  # names, not nothing


def test_completion_scripts_are_typers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scripts --show-completion prints are, byte for byte, those a Typer app prints: the same variables."""
    # Typer reads this when it builds the app: --show-completion then takes a shell name, as ours does
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    probe = typer.Typer(add_completion=True)

    @probe.command()
    def probe_command() -> None:
        """Nothing: only its --show-completion is read."""

    for shell in (*completion.SHELLS, "pwsh"):
        theirs = CliRunner().invoke(probe, ["--show-completion", shell], prog_name="soma-info")
        assert theirs.exit_code == 0, theirs.output
        assert invoke("--show-completion", shell).stdout == theirs.stdout, shell


def _offered(shell: str, line: str) -> list[str]:
    return fast_completion(env_for(shell, line))[1].splitlines()


def test_a_multi_word_name_is_one_word_to_the_shell() -> None:
    """bash inserts a candidate as it is: "tylenol pm" unescaped became two drugs."""
    assert "Tylenol\\ PM" in _offered("bash", "soma-info interactions Tylenol")
    assert "Parafon\\ Forte" in _offered("bash", "soma-info compare Parafon")
    assert "Tylenol` PM::: " in _offered("powershell", "soma-info interactions Tylenol")
    assert "Tylenol PM" in _offered("fish", "soma-info interactions Tylenol")  # fish quotes what it inserts
    assert '"Tylenol PM"' in "".join(_offered("zsh", "soma-info interactions Tylenol"))  # and so does zsh
    from soma_info.completion import for_shell

    assert for_shell("st. john's wort", "bash") == "st.\\ john\\'s\\ wort"
    assert for_shell("st. john's wort", "powershell") == "st.` john`'s` wort"
    assert for_shell("alprazolam", "bash") == "alprazolam"


def test_after_with_xa_the_medicines_come_first_and_at_most_15() -> None:
    offered = _offered("bash", "soma-info interactions --with xa")
    assert 1 <= len(offered) <= 15
    assert offered.index("xanax") < 5 and "xarelto" in offered
    for chemical in ("xanthan\\ gum", "xa\\ inhibitor,\\ factor"):
        assert chemical not in offered[: offered.index("xavron") + 1]  # after every medicine, if at all
    assert len(_offered("bash", "soma-info interactions --with a")) == 15


def test_compare_completes_the_comparators_and_their_brands() -> None:
    from soma_info.knowledge import loader

    monograph = loader.knowledge_file(None, {}).monograph()
    offered = _offered("bash", "soma-info compare ")
    expected = [n.replace(" ", "\\ ") for c in monograph.comparators[1:] for n in (c.generic, *c.brands)]
    assert offered == expected and "Robaxin" in offered and "carisoprodol" not in offered
    assert _offered("bash", "soma-info compare zan") == ["zanaflex"]  # in the typed case, completes its own
    assert _offered("bash", "soma-info compare robaxin ti") == ["tizanidine"]


# ----------------------------------------------------------------------------- --install-completion (issue #20, 15)


def _files(home: Path) -> dict[str, str]:
    return {str(p.relative_to(home)): p.read_text(encoding="utf-8") for p in home.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "args",
    [
        ["--install-completion", "bogus"],
        ["--install-completion", "bash", "mechanism"],
        ["--install-completion", "--format", "json"],
        ["--show-completion", "tcsh"],
        ["-f", "json", "--install-completion", "bash"],  # an option before it: refused, not read as a command
    ],
)
def test_an_unknown_shell_is_a_usage_error_and_nothing_is_written(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / ".bashrc").write_text("alias ll='ls -l'\n", encoding="utf-8")
    result = invoke(*args, env={"HOME": str(tmp_path)})
    assert result.exit_code == ExitCode.USAGE and result.stdout == ""
    assert result.stderr.startswith("soma-info: error: ") and len(result.stderr.splitlines()) == 2
    assert "bash, zsh, fish or powershell" in result.stderr
    assert _files(tmp_path) == {".bashrc": "alias ll='ls -l'\n"}


@pytest.mark.parametrize(
    ("shell", "script", "startup"),
    [("bash", ".bash_completions/soma-info.sh", ".bashrc"), ("zsh", ".zfunc/_soma-info", ".zshrc"),
     ("fish", ".config/fish/completions/soma-info.fish", None)],
)  # fmt: skip
def test_installing_says_which_files_change_and_how_to_undo_it(
    tmp_path: Path, shell: str, script: str, startup: str | None
) -> None:
    if startup:
        (tmp_path / startup).write_text("export EDITOR=vi", encoding="utf-8")  # no newline at the end
    result = invoke("--install-completion", shell, env={"HOME": str(tmp_path)})
    assert result.exit_code == ExitCode.OK, result.stderr
    said = result.stdout
    assert f"write {tmp_path / script} " in said and "To undo: " in said
    files = _files(tmp_path)
    assert f"_SOMA_INFO_COMPLETE=complete_{shell}" in files[script]
    if startup:
        assert f"add 3 lines at the end of {tmp_path / startup}:" in said
        assert f"delete the lines from '{completion.BEGIN}' to '{completion.END}' in {tmp_path / startup}" in said
        assert files[startup].startswith("export EDITOR=vi\n\n" + completion.BEGIN + "\n")
        assert files[startup].endswith(completion.END + "\n")
        again = invoke("--install-completion", shell, env={"HOME": str(tmp_path)})
        assert again.exit_code == ExitCode.OK and "leave " in again.stdout
        assert _files(tmp_path)[startup] == files[startup]  # the lines once, however often it is installed
    else:
        assert set(files) == {script} and "add " not in said


def test_show_completion_prints_the_script_and_writes_nothing(tmp_path: Path) -> None:
    result = invoke("--show-completion", "bash", env={"HOME": str(tmp_path)})
    assert result.exit_code == ExitCode.OK and "_SOMA_INFO_COMPLETE=complete_bash" in result.stdout
    assert _files(tmp_path) == {}


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_installed_bash_script_inserts_a_multi_word_name_as_one_word(tmp_path: Path) -> None:
    """The real bash, the installed script and the real program: `interactions Tylenol<TAB>` offers a
    candidate that bash reads back as one word."""
    assert invoke("--install-completion", "bash", env={"HOME": str(tmp_path)}).exit_code == ExitCode.OK
    program = (
        f"source '{tmp_path / '.bash_completions' / 'soma-info.sh'}'\n"
        "COMP_WORDS=(soma-info interactions Tylenol); COMP_CWORD=2\n"
        "_soma_info_completion soma-info\n"
        'for c in "${COMPREPLY[@]}"; do eval "set -- $c"; echo "$#:$1"; done\n'
    )
    path = f"{Path(PYTHON).parent}:{os.environ.get('PATH', '')}"
    done = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True, timeout=60,
                          env=subprocess_env(PATH=path), check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1:Tylenol PM" in done.stdout.splitlines()
    assert all(line.startswith("1:") for line in done.stdout.splitlines())


def test_on_a_terminal_it_asks_first_and_no_changes_nothing(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    program = subprocess.Popen([PYTHON, "-m", "soma_info", "--install-completion", "bash"], stdin=follower,
                               stdout=follower, stderr=follower, env=subprocess_env(HOME=str(tmp_path)))  # fmt: skip
    os.close(follower)
    seen = b""
    while b"[y/N]" not in seen:
        chunk = os.read(leader, 4096)
        assert chunk, seen
        seen += chunk
    os.write(leader, b"n\n")
    assert program.wait(timeout=60) == ExitCode.OK
    with contextlib.suppress(OSError):  # the terminal's other end is gone once the program has ended
        seen += os.read(leader, 4096)
    os.close(leader)
    assert b".bashrc" in seen and b"Nothing was changed." in seen
    assert _files(tmp_path) == {}
