"""The commands through Typer's runner: every section and alias, every format, the notice, the errors."""

from __future__ import annotations

import json

import pytest

from soma_info.exitcodes import ExitCode
from soma_info.knowledge import yamlfile
from soma_info.knowledge.sections import CANONICAL_KEYS

from .conftest import FIXTURE, FORMATS, SHIPPED, invoke

SHIPPED_MONOGRAPH = yamlfile.load(str(SHIPPED))
NOTICE = SHIPPED_MONOGRAPH.notice
ALIASES = [(alias, s.key) for s in SHIPPED_MONOGRAPH.sections for alias in s.aliases]


def _notice_words(text: str) -> str:
    """The words of a text once wrapping, Markdown and box drawing are undone."""
    for mark in ("**", ">", "│", "|"):
        text = text.replace(mark, " ")
    return " ".join(text.split())


def ends_with_notice(output: str) -> bool:
    """The notice comes after the last source list and nothing clinical follows it."""
    tail = output[output.rindex("Sources") :]
    return _notice_words(NOTICE) in _notice_words(tail)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("key", CANONICAL_KEYS)
def test_every_section_in_every_format_ends_with_the_notice(key: str, fmt: str) -> None:
    result = invoke(key, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    section = SHIPPED_MONOGRAPH.section(key)
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["key"] == key and data["title"] == section.title
        assert data["notice"] == NOTICE
        assert {s["id"] for s in data["sources"]} == set(section.source_ids)
    else:
        assert section.title in result.stdout
        assert ends_with_notice(result.stdout)
    assert result.stderr == ""


@pytest.mark.parametrize(("alias", "key"), ALIASES)
def test_an_alias_prints_exactly_what_its_section_prints(alias: str, key: str) -> None:
    assert invoke(alias, "-f", "plain").stdout == invoke(key, "-f", "plain").stdout


@pytest.mark.parametrize("typed", ["Side_Effects", "side effects", "SIDE-EFFECTS", "side__effects"])
def test_names_ignore_case_and_treat_underscore_space_and_dash_alike(typed: str) -> None:
    assert invoke(typed, "-f", "json").stdout == invoke("side-effects", "-f", "json").stdout


@pytest.mark.parametrize("typed", ["Half_Life", "MOA", "adverse reactions"])
def test_aliases_are_normalised_too(typed: str) -> None:
    result = invoke(typed, "-f", "plain")
    assert result.exit_code == 0 and "Notice:" in result.stdout


def test_each_section_lists_the_sources_it_rests_on() -> None:
    result = invoke("mechanism", "-f", "plain")
    cited = SHIPPED_MONOGRAPH.cited(SHIPPED_MONOGRAPH.section("mechanism"))
    assert cited and all(source.citation in result.stdout for source in cited)
    assert "FDA label §12.1, rev. 5/2023" in result.stdout


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [(["mechanisn"], "'mechanism'"), (["contraindicatons"], "'contraindications'"), (["dosge"], "'dosage'")],
)
def test_a_typo_is_a_usage_error_with_a_suggestion(args: list[str], suggestion: str) -> None:
    result = invoke(*args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert f"Did you mean {suggestion}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_name_nothing_like_a_section_lists_the_valid_keys() -> None:
    result = invoke("xyzzy")
    assert result.exit_code == ExitCode.USAGE
    assert all(key in result.stderr for key in CANONICAL_KEYS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_options_work_before_and_after_the_section_name(fmt: str) -> None:
    before = invoke("--format", fmt, "--width", "70", "mechanism")
    after = invoke("mechanism", "--format", fmt, "--width", "70")
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout


def test_the_later_option_wins() -> None:
    assert invoke("-f", "markdown", "dosage", "-f", "json").stdout == invoke("dosage", "-f", "json").stdout


def test_all_prints_every_section_in_label_order_with_one_notice() -> None:
    result = invoke("all", "-f", "plain")
    positions = [result.stdout.index(f"({key})\n") for key in CANONICAL_KEYS]
    assert positions == sorted(positions)
    assert result.stdout.count("Notice: ") == 1
    assert result.stdout.rstrip().endswith(NOTICE.split()[-1])


def test_all_as_json_has_every_section_and_the_notice() -> None:
    data = json.loads(invoke("all", "-f", "json").stdout)
    assert [s["key"] for s in data["sections"]] == list(CANONICAL_KEYS)
    assert data["notice"] == NOTICE
    assert data["provenance"]["label_revision"] == "5/2023"


def test_sections_piped_is_key_tab_title_per_line() -> None:
    lines = invoke("sections").stdout.splitlines()
    assert lines == [f"{s.key}\t{s.title}" for s in SHIPPED_MONOGRAPH.sections]


def test_sections_on_a_terminal_is_a_table_with_summaries_and_the_notice() -> None:
    result = invoke("sections", env={"FORCE_COLOR": "1"})
    for section in SHIPPED_MONOGRAPH.sections:
        assert section.key in result.stdout
    assert "Notice" in result.stdout


def test_sources_lists_every_source_with_its_url() -> None:
    result = invoke("sources", "-f", "plain")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [row[0] for row in rows] == [s.id for s in SHIPPED_MONOGRAPH.sources] + [
        "dataset-vocabulary",
        "dataset-brands",
        "dataset-class-lists",
    ]
    assert all(row[-1].startswith("https://") for row in rows)


def test_search_finds_passages_case_insensitively_and_shows_the_notice() -> None:
    result = invoke("search", "ALCOHOL", "-f", "plain")
    assert result.exit_code == 0
    assert "(interactions)" in result.stdout
    assert "Notice: " in result.stdout


def test_search_highlights_matches_on_a_terminal() -> None:
    result = invoke("search", "alcohol", "--color", "always")
    assert "\x1b[" in result.stdout and "alcohol" in result.stdout.lower()


def test_search_json_reports_spans() -> None:
    data = json.loads(invoke("search", "porphyria", "-f", "json").stdout)
    passage = data["results"][0]["passages"][0]
    start, end = passage["spans"][0]
    assert passage["text"][start:end].lower() == "porphyria"
    assert data["notice"] == NOTICE


def test_search_that_finds_nothing_exits_1_with_a_sentence() -> None:
    result = invoke("search", "zzzqqq")
    assert result.exit_code == ExitCode.NO_MATCH
    assert result.stdout == ""
    assert result.stderr.startswith("soma-info: No passage mentions 'zzzqqq'.")  # an answer, not an error
    assert "soma-info sections" in result.stderr


def test_search_is_literal_unless_regex_is_asked_for() -> None:
    assert invoke("search", "a.c.o.o.").exit_code == ExitCode.NO_MATCH
    assert invoke("search", "--regex", "alc.hol").exit_code == 0
    assert invoke("search", "-r", "alc.hol").exit_code == 0
    bad = invoke("search", "--regex", "(")
    assert bad.exit_code == ExitCode.USAGE and "not a valid regular expression" in bad.stderr


def test_version_names_the_program_and_the_label_revision() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("soma-info ")
    assert "5/2023" in result.stdout and SHIPPED_MONOGRAPH.identity.reviewed in result.stdout


def test_the_version_shown_is_the_installed_distribution_s() -> None:
    """pyproject.toml takes the version from soma_info.__version__; the program shows that one."""
    from importlib.metadata import version

    assert invoke("--version").stdout.startswith(f"soma-info {version('soma-info')} ")


def test_no_arguments_shows_the_quick_start() -> None:
    result = invoke()
    assert result.exit_code == 0 and "Start here:" in result.stdout and "soma-info --help" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["mechanism", "--format", "xml"], "--format must be one of rich, plain, markdown, json, not 'xml'."),
        (["mechanism", "--width", "5"], "--width must be between 20 and 1000"),
        (["mechanism", "--colour", "never"], "There is no --colour option for the mechanism command."),
        (["mechanism", "extra"], "The mechanism command takes no words after it, not 'extra'."),
    ],
)
def test_bad_options_are_usage_errors(args: list[str], fragment: str) -> None:
    result = invoke(*args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert fragment in result.stderr
    assert result.stdout == ""


def test_another_knowledge_file_with_data_or_the_environment() -> None:
    by_option = invoke("mechanism", "-f", "plain", "--data", str(FIXTURE))
    by_env = invoke("mechanism", "-f", "plain", env={"SOMA_INFO_DATA": str(FIXTURE)})
    assert by_option.stdout == by_env.stdout
    assert "Mechanism title (mechanism)" in by_option.stdout
    assert invoke("mechanism-alias", "--data", str(FIXTURE)).exit_code == 0


def test_a_bad_knowledge_file_exits_3_with_one_sentence(tmp_path: pytest.TempPathFactory) -> None:
    result = invoke("mechanism", "--data", "/nonexistent/soma.yaml")
    assert result.exit_code == ExitCode.DATA
    assert result.stderr == "soma-info: error: /nonexistent/soma.yaml: no such file.\n"
    assert result.stdout == ""


def test_validate_accepts_the_shipped_file() -> None:
    result = invoke("validate")
    assert result.exit_code == 0 and "ok (16 sections" in result.stdout
