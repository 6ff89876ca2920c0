"""Hostile files, hostile arguments and odd terminals: a plain answer and a documented exit code, always."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soma_info import terminal, views
from soma_info.exitcodes import MEANING, ExitCode
from soma_info.knowledge import yamlfile
from soma_info.knowledge.model import KnowledgeError
from soma_info.render.document import Style

from .conftest import FIXTURE, PYTHON, SHIPPED, invoke, subprocess_env

VALID = FIXTURE.read_text(encoding="utf-8")
CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]


def _data(tmp_path: Path, content: bytes | str, name: str = "bad.yaml") -> str:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return str(path)


BAD_FILES = [
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "looks like a binary file"),
    ("latin-1", "notice: caf\xe9\n".encode("latin-1"), "is not UTF-8 text (byte 0xe9 at offset 11)"),
    ("empty", b"", "is empty"),
    ("blank", b"  \n\n\t\n", "is empty"),
    ("comments only", b"# nothing here\n", "holds no YAML document"),
    ("a list", b"- a\n- b\n", "the top level must be a mapping"),
    ("a scalar", b"just some text\n", "the top level must be a mapping"),
    ("not yaml", b"key: [unclosed\n", "invalid YAML"),
    ("tab indent", b"a:\n\tb: c\n", "invalid YAML"),
    ("two documents", b"a: 1\n---\nb: 2\n", "invalid YAML"),
    ("python tag", b"notice: !!python/object/apply:os.system ['echo owned']\n", "the YAML tag"),
    ("custom tag", b"notice: !secret x\n", "the YAML tag"),
    ("int tag", b"schema: !!int 1\n", "the YAML tag"),
    ("alias", b"a: [1, 2]\nb: *x\n", "YAML aliases (*name) are not allowed"),
    ("anchor", b"a: &x [1, 2]\n", "YAML anchors (&name) are not allowed"),
    ("duplicate anchor", b"a: &x 1\nb: &x 2\n", "YAML anchors (&name) are not allowed"),
    ("alias bomb", b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c, *c]\n", "anchors"),
    ("only a document marker", b"---\n", "the top level must be a mapping"),
    ("deep nesting", b"a: " + b"[" * 1500 + b"]" * 1500 + b"\n", "invalid YAML"),
    ("duplicate key", b"notice: a\nnotice: b\n", "duplicate key 'notice'"),
    ("complex key", b"? [a, b]\n: c\n", "a key must be plain text"),
]


@pytest.mark.parametrize(("content", "message"), [(c, m) for _, c, m in BAD_FILES], ids=[i for i, _, _ in BAD_FILES])
def test_a_bad_file_gets_one_sentence_and_exit_3(tmp_path: Path, content: bytes, message: str) -> None:
    path = _data(tmp_path, content)
    result = invoke("mechanism", "--data", path)
    assert result.exit_code == ExitCode.DATA
    assert result.stdout == ""
    assert result.stderr.startswith(f"soma-info: error: {path}: ")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


PLACED = [
    ("duplicate key", "notice: a\nnotice: b\n", (2, 1)),
    ("tag", "schema: '1'\nnotice: !secret x\n", (2, 9)),
    ("alias", "a: [1, 2]\nb: *x\n", (2, 4)),
    ("anchor", "a: &x [1, 2]\n", (1, 4)),
    ("complex key", "? [a, b]\n: c\n", (1, 3)),
    ("second document", "a: 1\n---\nb: 2\n", (2, 1)),
]


@pytest.mark.parametrize("parser", ["libyaml", "python"])
@pytest.mark.parametrize(("text", "place"), [(t, p) for _, t, p in PLACED], ids=[i for i, _, _ in PLACED])
def test_a_yaml_problem_names_its_line_and_column(
    monkeypatch: pytest.MonkeyPatch, parser: str, text: str, place: tuple[int, int]
) -> None:
    if parser == "python":
        monkeypatch.setattr(yamlfile, "_Parser", yamlfile._PyParser)
    with pytest.raises(KnowledgeError) as raised:
        yamlfile.parse("x.yaml", text)
    assert [(p.line, p.column) for p in raised.value.problems] == [place]


@pytest.mark.parametrize(
    "text", ["a: !!str b\n", "a: ! b\n", "!!map {a: b}\n", "a: !!seq [b]\n", "--- !!map\na: b\n...\n"]
)
def test_tags_a_node_would_get_anyway_are_accepted(text: str) -> None:
    assert yamlfile.parse("x.yaml", text) in ({"a": "b"}, {"a": ["b"]})


@pytest.mark.parametrize(("content", "message"), [(c, m) for _, c, m in BAD_FILES], ids=[i for i, _, _ in BAD_FILES])
def test_the_pure_python_parser_refuses_the_same_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes, message: str
) -> None:
    """For a PyYAML built without libyaml. It has no nesting limit, so deep nesting fails the schema instead."""
    monkeypatch.setattr(yamlfile, "_Parser", yamlfile._PyParser)
    result = invoke("mechanism", "--data", _data(tmp_path, content))
    assert (result.exit_code, result.stdout, len(result.stderr.splitlines())) == (ExitCode.DATA, "", 1)
    assert message in result.stderr or (message == "invalid YAML" and b"[" * 1500 in content)


def test_the_pure_python_parser_reads_the_shipped_file_as_libyaml_does(monkeypatch: pytest.MonkeyPatch) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    expected = yamlfile.parse("soma.yaml", text)
    monkeypatch.setattr(yamlfile, "_Parser", yamlfile._PyParser)
    assert yamlfile.parse("soma.yaml", text) == expected


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: str(p / "missing.yaml"), "no such file"),
        (lambda p: str(p), "is a directory"),
        (lambda p: "/dev/zero", "is a device or socket"),
        (lambda p: "/dev/null", "is a device or socket"),
    ],
    ids=["missing", "directory", "dev-zero", "dev-null"],
)
def test_things_that_are_not_files(tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    result = invoke("mechanism", "--data", path)
    assert (result.exit_code, result.stdout) == (ExitCode.DATA, "")
    assert message in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = Path(_data(tmp_path, VALID))
    path.chmod(0)
    assert "permission denied" in invoke("mechanism", "--data", str(path)).stderr


def test_unreadable_as_root_is_still_reported_without_a_traceback(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    writer = subprocess.Popen(["sh", "-c", f"printf 'a: [' > {tmp_path / 'fifo'}"])
    result = invoke("mechanism", "--data", str(tmp_path / "fifo"))
    writer.wait(timeout=10)
    assert result.exit_code == ExitCode.DATA and "invalid YAML" in result.stderr


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # a sparse file: the size is there, the bytes are not
        handle.truncate(yamlfile.MAX_BYTES + 1)
    result = invoke("mechanism", "--data", str(path))
    assert result.exit_code == ExitCode.DATA
    assert "larger than the 16 MiB limit" in result.stderr


def test_the_limit_is_at_least_16_mib() -> None:
    assert yamlfile.MAX_BYTES >= 16 * 2**20


def test_a_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "owned"
    content = f"notice: !!python/object/apply:os.system ['touch {marker}']\n"
    invoke("validate", _data(tmp_path, content))
    invoke("mechanism", "--data", _data(tmp_path, content))
    assert not marker.exists()


def _broken(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_validate_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    text = _broken(VALID, "notice: This fixture", "notcie: This fixture")  # misspelt: unknown + missing
    text = _broken(text, '    section: "1"\n', '    section: "1"\n    colour: red\n')
    text = _broken(text, "cite: [paper]", "cite: [paper, nowhere]")
    result = invoke("validate", _data(tmp_path, text))
    assert result.exit_code == ExitCode.DATA
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problems found."
    joined = "\n".join(lines)
    assert "unknown key 'notcie'" in joined and "missing required key 'notice'" in joined
    assert "unknown key 'colour'" in joined and "'nowhere', which is not in sources" in joined
    assert all(": line " in line for line in lines[:-1])
    assert any(re.search(r": line \d+, column \d+ \(notcie\): unknown key 'notcie' \(expected one of: ", line)
               for line in lines)  # fmt: skip


def test_validate_says_when_its_report_stops_short(tmp_path: Path) -> None:
    text = "".join(f"key{i}: x\n" for i in range(yamlfile.MAX_PROBLEMS + 50))
    result = invoke("validate", _data(tmp_path, text))
    lines = result.stderr.splitlines()
    assert (result.exit_code, len(lines)) == (ExitCode.DATA, yamlfile.MAX_PROBLEMS + 1)
    assert lines[-1] == f"{yamlfile.MAX_PROBLEMS} problems found; the report stops at {yamlfile.MAX_PROBLEMS}."


NOTE = "      text: It builds up with repeated doses.\n"  # the fixture's half-life note
INTEGRITY = [
    (
        "no notice",
        ("notice: This fixture is not medical advice; ask your doctor, pharmacist or other clinician.\n", ""),
        "missing required key 'notice'",
    ),
    (
        "empty notice",
        ("notice: This fixture is not medical advice; ask your doctor, pharmacist or other clinician.", 'notice: "  "'),
        "(notice): must not be empty",
    ),
    (
        "a statement without a source",
        ("        cite: [label-1]\n  - key: indications", "        cite: []\n  - key: indications"),
        "must be a non-empty list",
    ),
    ("a source id that does not resolve", ("cite: [paper]", "cite: [papr]"), "'papr', which is not in sources"),
    ("a missing section", ("  - key: claims", "  - key: claims-extra"), "is not a section key"),
    (
        "an empty section",
        ('    body:\n      - text: "The claims', '    body: []\n    old:\n      - text: "The claims'),
        "must be a non-empty list of blocks",
    ),
    ("an alias that is a command", ("aliases: [dosage-alias]", "aliases: [search]"), "is a command name"),
    ("an alias used twice", ("aliases: [dosage-alias]", "aliases: [mechanism-alias]"), "already names section"),
    ("a plain http url", ("url: https://example.org/paper", "url: http://example.org/paper"), "well-formed https"),
    ("a table row with too few cells", ("- [T½ (h), 1.7, 2.0]", "- [T½ (h), 1.7]"), "has 2 cells but the table has 3"),
    ("a future schema", ('schema: "2"', 'schema: "3"'), "is not supported"),
    (
        "a block with two kinds",
        ("      - heading: Details", "      - heading: Details\n        text: x"),
        "exactly one of",
    ),
    ("an unknown timeline kind", ("kind: half-life", "kind: elimination"), "kind 'elimination' is not one of"),
    (
        "a half-life drawn as a bar from the dose",
        ("    kind: half-life\n", '    kind: half-life\n    start: "0"\n    end: "10"\n'),
        "a half-life is not a span after a dose and takes no start",
    ),
    (
        "a half-life that may reach further",
        ("    kind: half-life\n", '    kind: half-life\n    upto: "12"\n'),
        "takes no upto",
    ),
    (
        "a half-life given as a span",
        ("    kind: half-life\n    figure: about 10 h", '    start: "0"\n    end: "10"\n    figure: about 10 h'),
        "only a half-life row has a note",
    ),
    (
        "a half-life drawn from 0 without its kind",
        (
            "    kind: half-life\n    figure: about 10 h\n    basis: current label\n    cite: [label-1]\n    note:\n"
            "      text: It builds up with repeated doses.\n      cite: [paper]\n",
            '    start: "0"\n    end: "10"\n    figure: about 10 h\n    basis: current label\n    cite: [label-1]\n',
        ),
        "a half-life must be kind: half-life",
    ),
    (
        "a note on a span",
        ("    figure: 4–6 h\n", "    figure: 4–6 h\n    note: {text: x, cite: [paper]}\n"),
        "only a half-life",
    ),
    ("a note without a source", (f"{NOTE}      cite: [paper]\n", NOTE), "missing required key 'cite'"),
    (
        "a note citing nothing known",
        (f"{NOTE}      cite: [paper]", f"{NOTE}      cite: [papr]"),
        "'papr', which is not in",
    ),
]


# The fixture's brief for the overview section: its key figures, restated from a body that cites label-1 only.
BRIEF = (
    "    brief:\n"
    "      - text: The overview figure, 350 mg.\n        cite: [label-1]\n"
    '      - text: "The overview brief keeps [see 5.1] literally."\n        cite: [label-1]\n'
    "      - text: A third overview item.\n        cite: [label-1]\n"
)
MORE = "      - text: One more.\n        cite: [label-1]\n"
THIRD = "      - text: A third overview item.\n        cite: [label-1]\n"
INTEGRITY += [
    ("a section without a brief", (BRIEF, ""), "missing required key 'brief'"),
    ("an empty brief", (BRIEF, "    brief: []\n"), "(sections[0].brief): must be a non-empty list of brief items"),
    ("a brief of two items", (BRIEF, BRIEF.replace(THIRD, "")), "holds 2 items; a brief holds 3 to 5"),
    ("a brief of six items", (BRIEF, BRIEF + MORE * 3), "holds 6 items; a brief holds 3 to 5"),
    (
        "a brief item too long for one line",
        (THIRD, THIRD.replace("A third overview item.", "x" * 71)),
        "(sections[0].brief[2].text): is 71 characters; a brief item has at most 70",
    ),
    (
        "a brief item without a source",
        (THIRD, "      - text: A third overview item.\n"),
        "(sections[0].brief[2]): missing required key 'cite'",
    ),
    (
        "a brief item with an unknown key",
        (THIRD, THIRD + "        figure: 350 mg\n"),
        "unknown key 'figure' (expected one of: text, cite)",
    ),
    (
        "a brief item citing nothing known",
        (THIRD, THIRD.replace("[label-1]", "[label-2]")),
        "(sections[0].brief[2].cite): cites 'label-2', which is not in sources",
    ),
    (
        "a brief item citing a source its body does not",
        (THIRD, THIRD.replace("[label-1]", "[label-1, paper]")),
        "cites 'paper', which the section's body does not cite",
    ),
]


# A checked claim: an item of the claims section's lists, with a verdict its text states after the dash.
CLAIMS_BODY = '    body:\n      - text: "The claims'


def _claim(text: str, verdict: str = "") -> tuple[str, str]:
    item = f"      - items:\n          - text: '{text}'\n            cite: [label-1]\n"
    item += f"            verdict: {verdict}\n" if verdict else ""
    return CLAIMS_BODY, CLAIMS_BODY.replace("    body:\n", "    body:\n" + item)


SECOND = "          - text: Second bullet.\n            cite: [paper]\n"  # an item of another section's list
CLAIMS_PARAGRAPH = 'kept literally and a dose of 350 mg."\n        cite: [label-1]\n'
INTEGRITY += [
    ("a claim without a verdict", _claim('"x" — Supported. Yes.'), "a checked claim must have a verdict"),
    (
        "a verdict the text does not state",
        _claim('"x" — Supported. Yes.', "contradicted"),
        "must state its verdict as '— Contradicted.'",
    ),
    ("a verdict that is not one of the four", _claim('"x" — Partly. Yes.', "partly"), "'partly' is not a verdict"),
    ("a verdict outside the claims section", (SECOND, SECOND + "            verdict: supported\n"), "only a claim"),
    (
        "a verdict on a paragraph",
        (CLAIMS_PARAGRAPH, CLAIMS_PARAGRAPH + "        verdict: supported\n"),
        "unknown key 'verdict'",
    ),
]


def test_a_claim_with_its_verdict_is_valid(tmp_path: Path) -> None:
    result = invoke("validate", _data(tmp_path, _broken(VALID, *_claim('"x" — Not addressed. No.', "not addressed"))))
    assert result.exit_code == ExitCode.OK, result.stderr


@pytest.mark.parametrize(("change", "message"), [(c, m) for _, c, m in INTEGRITY], ids=[i for i, _, _ in INTEGRITY])
def test_the_schema_refuses_broken_integrity(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    result = invoke("validate", _data(tmp_path, _broken(VALID, *change)))
    assert result.exit_code == ExitCode.DATA
    assert message in result.stderr, result.stderr


def test_an_unused_source_is_named(tmp_path: Path) -> None:
    extra = "  - id: orphan\n    short: Nobody\n    title: Never cited\n    publisher: Nobody\n"
    extra += '    url: https://example.org/orphan\n    date: "2020"\n    kind: literature\n'
    text = _broken(VALID, "sections:\n", extra + "sections:\n")
    assert "source 'orphan' is never cited" in invoke("validate", _data(tmp_path, text)).stderr


def test_a_file_with_a_misspelt_key_does_not_load_for_lookups_either(tmp_path: Path) -> None:
    result = invoke(
        "mechanism", "--data", _data(tmp_path, _broken(VALID, "    title: Mechanism", "    titel: Mechanism"))
    )
    assert result.exit_code == ExitCode.DATA
    assert "unknown key 'titel'" in result.stderr and "more problem" in result.stderr


def test_control_characters_in_the_data_never_reach_the_terminal(tmp_path: Path) -> None:
    evil = "Dose\\x1b]0;owned\\x07 \\x1b[2J\\x9b31m \\u202eevil"
    text = _broken(VALID, '"The mechanism paragraph', f'"{evil} The mechanism paragraph')
    path = _data(tmp_path, text)
    for fmt in ("rich", "plain", "markdown", "json"):
        out = invoke("mechanism", "--data", path, "-f", fmt, "--color", "always").stdout
        assert "]0;owned" in out  # shown, visibly
        assert "\x1b]0" not in out and "\x07" not in out and "\x1b[2J" not in out and "\x9b" not in out
        assert "\u202e" not in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ([""], "No such section or command ''"),
        (["x" * 10_000], "No such section or command 'xxx"),
        (["../../etc/passwd"], "No such section or command '../../etc/passwd'"),
        (["mech\x1b[31manism"], "mech\\x1b[31manism"),
        (["--format", "\x1b[2J"], "--format must be one of rich, plain, markdown, json, not '\\x1b[2J'"),
        (["search", ""], "The search query is empty"),
        (["search", "--regex", "(?P<"], "not a valid regular expression"),
        (["search", "--regex", "[z-a]"], "not a valid regular expression"),
        (["--nonsense"], "There is no --nonsense option"),
    ],
    ids=[
        "empty",
        "very-long",
        "path-like",
        "escape-in-name",
        "escape-in-option",
        "empty-query",
        "bad-group",
        "bad-range",
        "unknown-option",
    ],
)
def test_hostile_arguments_are_usage_errors(args: list[str], fragment: str) -> None:
    result = invoke(*args)
    assert result.exit_code == ExitCode.USAGE
    assert fragment in result.stderr
    assert result.stdout == ""
    assert "\x1b" not in result.stderr
    assert len(result.stderr) < 500  # a very long argument is shortened, not echoed whole (the rest: the names)


def test_a_search_query_is_literal_text() -> None:
    assert invoke("search", "3–5%").exit_code == 0
    assert invoke("search", "zz(").exit_code == ExitCode.NO_MATCH
    assert invoke("search", ".*").exit_code == ExitCode.NO_MATCH


def test_a_catastrophic_regex_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from soma_info.knowledge import search

    monkeypatch.setattr(search, "REGEX_SECONDS", 0.2)
    result = invoke("search", "--regex", "(.*.*)*;X")
    assert result.exit_code == ExitCode.USAGE
    assert "took longer than 0.2 seconds" in result.stderr


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [PYTHON, "-m", "soma_info", *args], capture_output=True, env=subprocess_env(**env), timeout=60
    )


def test_a_closed_pipe_ends_quietly() -> None:
    script = f"{PYTHON} -m soma_info all --width 20 | head -1"
    out = subprocess.run(["bash", "-o", "pipefail", "-c", script], capture_output=True, env=subprocess_env())
    assert out.stdout.strip()
    assert out.stderr == b""
    assert out.returncode in (0, ExitCode.BROKEN_PIPE)


@pytest.mark.parametrize("args", [["all", "-f", "json"], ["mechanism"], ["search", "alcohol"]])
def test_a_closed_pipe_gives_the_documented_code(args: list[str]) -> None:
    """The reader (`true`) is gone before the program writes: both paths must notice, quietly."""
    script = f"{PYTHON} -m soma_info {' '.join(args)} | true; echo ${{PIPESTATUS[0]}}"
    out = subprocess.run(["bash", "-c", script], capture_output=True, env=subprocess_env())
    assert out.stderr == b""
    assert int(out.stdout) == ExitCode.BROKEN_PIPE


@pytest.mark.parametrize(
    "env",
    [
        {"LC_ALL": "C", "LANG": "C"},
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "POSIX", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""},
    ],
    ids=["C", "ascii", "latin-1", "posix-no-utf8"],
)
@pytest.mark.parametrize("args", [["all"], ["all", "-f", "rich", "--color", "always"], ["all", "-f", "markdown"]])
def test_an_ascii_locale_still_prints_every_section(env: dict[str, str], args: list[str]) -> None:
    out = _run(*args, **env)
    assert out.returncode == 0, out.stderr
    assert out.stderr == b""
    assert b"Claims" in out.stdout and b"Poison Control Center" in out.stdout


def test_ctrl_c_ends_quietly(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from soma_info import fast, launch

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fast, "run", interrupted)
    assert launch.main(["mechanism"]) == ExitCode.INTERRUPTED
    assert capsys.readouterr().err == ""


def test_ctrl_c_in_a_real_process() -> None:
    script = "import os, signal, soma_info.knowledge.yamlfile as k\n"
    # A shell's background job starts with SIGINT ignored, and Python then never raises KeyboardInterrupt: give
    # the child the handler a terminal's process has, so that the test does not depend on how it was started.
    script += "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    script += "k.parse = lambda *a: os.kill(os.getpid(), signal.SIGINT)\n"
    script += "from soma_info.launch import main\nraise SystemExit(main(['mechanism']))\n"
    out = subprocess.run([PYTHON, "-c", script], capture_output=True, env=subprocess_env(), timeout=60)
    assert out.returncode == ExitCode.INTERRUPTED
    assert b"Traceback" not in out.stderr


def test_the_program_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    work = tmp_path / "work"
    home.mkdir()
    work.mkdir()
    data = work / "soma.yaml"
    data.write_bytes(SHIPPED.read_bytes())
    before = hashlib.sha256(data.read_bytes()).hexdigest(), data.stat().st_mtime_ns
    env = subprocess_env(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PYTHONDONTWRITEBYTECODE="1")
    for args in (["mechanism"], ["all", "-f", "json"], ["search", "alcohol"], ["validate", str(data)], ["--version"]):
        subprocess.run(
            [PYTHON, "-m", "soma_info", *args, "--data", str(data)][: 4 + len(args)],
            cwd=work,
            env=env,
            capture_output=True,
            check=False,
            timeout=60,
        )
    assert sorted(p.name for p in work.rglob("*")) == ["soma.yaml"]
    assert list(home.rglob("*")) == []
    assert (hashlib.sha256(data.read_bytes()).hexdigest(), data.stat().st_mtime_ns) == before


# ----------------------------------------------------------------------------- property-based

TEXT = st.text(min_size=1, max_size=80).filter(lambda s: yamlfile.visible(s) != "")
SHORT = st.text(min_size=1, max_size=11).filter(lambda s: yamlfile.visible(s) != "")  # shown in at most 66


@settings(max_examples=300, deadline=None)
@given(st.text(" a5é", max_size=12) | st.text(" \t\n\r\xa0\u2028\x1b\u202ea5é", max_size=12) | st.text(max_size=40))
def test_visible_collapses_white_space_and_shows_controls(text: str) -> None:
    """Its fast path for clean text gives what the full rule gives: white space collapsed, controls escaped."""
    shown = yamlfile.visible(text)
    assert shown == " ".join(shown.split()) == yamlfile.visible(" ".join(text.split()))
    assert not _has_control(shown, allow_escapes=False)


@st.composite
def monographs(draw: st.DrawFn) -> dict[str, object]:
    """The fixture with arbitrary text in every free-text field."""
    data: dict[str, Any] = yaml.safe_load(VALID)
    data["notice"] = draw(TEXT)
    for key in ("generic_name", "drug_class", "controlled_substance", "label_revision", "reviewed", "scope"):
        data["monograph"][key] = draw(TEXT)
    for source in data["sources"]:
        for key in ("short", "title", "publisher", "date", "section"):
            if key in source:
                source[key] = draw(TEXT)
    for section in data["sections"]:
        section["title"], section["summary"] = draw(TEXT), draw(TEXT)
        for item in section["brief"]:
            item["text"] = draw(SHORT)  # a brief item has at most 70 characters, escapes included
        for block in section["body"]:
            for key in ("text", "heading"):
                if key in block:
                    block[key] = draw(TEXT)
            for item in block.get("items", []):
                item["text"] = draw(TEXT)
            if "table" in block:
                block["table"]["caption"] = draw(TEXT)
                block["table"]["rows"] = [[draw(TEXT) for _ in row] for row in block["table"]["rows"]]
    return data


def _has_control(text: str, allow_escapes: bool) -> bool:
    for char in text:
        if char in "\n":
            continue
        if char == "\x1b" and allow_escapes:
            continue
        if (
            ord(char) < 0x20
            or 0x7F <= ord(char) < 0xA0
            or 0x202A <= ord(char) <= 0x202E
            or 0x2066 <= ord(char) <= 0x2069
        ):
            return True
    return False


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=monographs(), fmt=st.sampled_from(["rich", "plain", "markdown", "json"]), width=st.integers(20, 200))
def test_arbitrary_text_renders_in_every_format_with_the_notice(data: dict[str, object], fmt: str, width: int) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    monograph = yamlfile.validate("generated.yaml", yamlfile.parse("generated.yaml", text), text)
    for section in monograph.sections:
        for document in (views.section(monograph, section), views.brief(monograph, section)):
            out = terminal.render(
                document, terminal.Output(fmt, width, Style(width, "standard" if fmt == "rich" else None))
            )
            assert not _has_control(out, allow_escapes=fmt == "rich")
            if fmt == "json":
                assert '"notice"' in out
            elif fmt == "plain":
                assert "Notice:" in out  # a word longer than the width goes to the next line
            else:
                assert "Notice" in out


# Keys without the Unicode line breaks (NEL, LS, PS): PyYAML folds one in a quoted key into a space, so {" ": "",
# "\x85": ""} dumps to two keys that read back as one. BaseLoader keeps the last silently; the builder refuses
# the duplicate, as it must (test_a_key_that_folds_into_another_is_a_duplicate).
KEYS = st.text(max_size=10).filter(lambda key: not any(c in key for c in "\x85\u2028\u2029"))
TREES = st.recursive(
    st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25,
)


def test_a_key_that_folds_into_another_is_a_duplicate() -> None:
    text = yaml.safe_dump({" ": "", "\x85": ""}, allow_unicode=True)
    with pytest.raises(KnowledgeError, match="duplicate key ' '"):
        yamlfile.parse("x.yaml", text)


@settings(max_examples=150, deadline=None)
@given(tree=st.dictionaries(KEYS, TREES, min_size=1, max_size=4))
def test_the_event_builder_reads_what_pyyaml_reads(tree: dict[str, Any]) -> None:
    """Both parsers, through the builder, read what PyYAML's own BaseLoader reads (no implicit typing either)."""
    text = yaml.safe_dump(tree, allow_unicode=True)
    expected = yaml.load(text, Loader=yaml.BaseLoader)  # BaseLoader builds only text, lists and mappings
    assert yamlfile.parse("x.yaml", text) == expected
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlfile, "_Parser", yamlfile._PyParser)
        assert yamlfile.parse("x.yaml", text) == expected


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_load_or_fail_with_the_documented_error(raw: bytes) -> None:
    try:
        yamlfile.validate("x.yaml", yamlfile.parse("x.yaml", yamlfile.decode("x.yaml", raw)))
    except KnowledgeError as error:
        assert error.sentence().startswith("x.yaml: ")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_as_yaml_loads_or_fails_with_the_documented_error(text: str) -> None:
    try:
        yamlfile.validate("x.yaml", yamlfile.parse("x.yaml", text), text)
    except KnowledgeError as error:
        assert error.problems


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=4))
def test_arbitrary_arguments_never_raise(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code in MEANING
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["mechanism", "--width", "²"], ExitCode.USAGE, "--width"),
        (["search", "   "], ExitCode.USAGE, "The search query is empty"),
        (["interactions", "--with", ""], ExitCode.USAGE, "A drug name must not be empty."),
        (["mechanism", "--format="], ExitCode.USAGE, "--format must be one of rich, plain, markdown, json, not ''."),
        (["--data", "/nonexistent.yaml", "validate"], ExitCode.DATA, "no such file"),
    ],
    ids=["superscript-width", "blank-query", "empty-drug", "empty-format", "data-before-validate"],
)
def test_edge_arguments_found_in_review(args: list[str], code: int, fragment: str) -> None:
    out = _run(*args)
    assert out.returncode == code
    assert fragment in out.stderr.decode()
    assert b"Traceback" not in out.stderr


@pytest.mark.parametrize("args", [["mechanism"], ["sections"], ["all", "-f", "json"]])
def test_a_full_disk_is_reported_not_a_traceback(args: list[str]) -> None:
    with open(os.devnull, "rb") as stdin, open("/dev/full", "wb") as full:
        out = subprocess.run([PYTHON, "-m", "soma_info", *args], stdin=stdin, stdout=full, stderr=subprocess.PIPE,
                             env=subprocess_env(), timeout=60)  # fmt: skip
    assert out.returncode == ExitCode.OUTPUT
    assert out.stderr.decode() == "soma-info: error: Cannot write the output (No space left on device).\n"


@pytest.mark.parametrize("width", ["20", "40"])
def test_the_styled_card_keeps_every_figure_when_narrow(width: str) -> None:
    out = " ".join(invoke("card", "-f", "rich", "--color", "never", "-w", width).stdout.split())
    for figure in ("250–350 mg", "1.5–2 h", "about 10 h", "13–17%"):
        assert figure in out
    assert "…" not in out


def test_the_search_timer_leaves_the_process_as_it_found_it() -> None:
    """The deadline is set around the work and undone after it, whether the work ends, fails or runs out."""
    import signal

    from soma_info import deadline

    before = signal.getsignal(signal.SIGALRM)
    assert deadline.within(5, lambda: 42) == 42
    with pytest.raises(deadline.Expired):
        deadline.within(0.05, lambda: re.search(r"(.*.*)*;X", "a" * 40))
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
