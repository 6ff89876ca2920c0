"""The knowledge file's words that the command line shows before it reads a file: kept in the YAML, copied
into soma_info/knowledge/words.py by scripts/make_words.py, and held equal to it here."""

from __future__ import annotations

from pathlib import Path

import pytest

from soma_info import commands
from soma_info.exitcodes import ExitCode
from soma_info.knowledge import words, yamlfile
from soma_info.knowledge.sections import CANONICAL_KEYS
from soma_info.knowledge.words import COMPARE_HELP, SECTION_HELP

from .conftest import FIXTURE, SHIPPED, invoke, load_script


def test_words_py_is_what_the_yaml_gives_now() -> None:
    assert Path(words.__file__).read_text(encoding="utf-8") == load_script("make_words").text(), (
        "run: python3 scripts/make_words.py"
    )


def test_every_section_and_the_comparison_take_their_help_from_the_knowledge_file() -> None:
    monograph = yamlfile.load(str(SHIPPED))
    assert [s.key for s in monograph.sections] == list(CANONICAL_KEYS)
    for section in monograph.sections:
        assert SECTION_HELP[section.key] == section.help == commands.BY_NAME[section.key].summary
    assert (
        monograph.comparison is not None
        and COMPARE_HELP == commands.BY_NAME["compare"].summary == monograph.comparison.help
    )


def test_the_drugs_name_in_the_programs_help_is_the_knowledge_files() -> None:
    who = yamlfile.load(str(SHIPPED)).identity
    assert f"{', '.join(who.brand_names)} ({who.generic_name})" == words.DRUG
    assert words.DRUG in commands.quick_start() and words.BRAND in commands.BY_NAME["interactions"].help


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("A help line far longer than forty-five characters, which Click would cut.", "must be at most 45 characters"),
        ("", "must not be empty"),
    ],
    ids=["too long", "empty"],
)
def test_validate_refuses_a_help_line_that_help_could_not_show_whole(tmp_path: Path, line: str, message: str) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("  - key: onset\n", f'  - key: onset\n    help: "{line}"\n', 1)
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == ExitCode.DATA and message in result.stderr, result.stderr
