"""The knowledge file's JSON Schema: written from the one shape table, shipped current, and in step with the loader."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from soma_info.knowledge import loader, shapes

from .conftest import FIXTURE, SHIPPED, invoke, load_script

SCHEMA = json.loads(loader.json_schema_text())


def test_the_shipped_schema_is_what_the_shape_table_gives_now() -> None:
    assert loader.json_schema_text() == load_script("make_schema").text(), "run: python3 scripts/make_schema.py"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", [SHIPPED, FIXTURE], ids=["shipped", "fixture"])
def test_valid_knowledge_files_pass_the_json_schema(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), SCHEMA)


@pytest.mark.parametrize(
    ("where", "key"),
    [(["sources", 0], "colour"), (["sections", 0], "summery"), (["monograph"], "brand"), ([], "cards"),
     (["interactions", 0], "member"), (["timeline", 0], "hours")],
)  # fmt: skip
def test_a_misspelt_key_fails_the_json_schema_and_validate_alike(where: list[object], key: str, tmp_path: Path) -> None:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    target = data
    for step in where:
        target = target[step]
    target[key] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    path = tmp_path / "typo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 3 and f"unknown key '{key}'" in result.stderr


def test_every_kind_of_mapping_the_loader_checks_is_in_the_table() -> None:
    assert set(shapes.SHAPES) >= {"file", "monograph", "source", "section", "statement", "timeline-row", "product",
                                  "interaction-class", "members", "comparator", "cell"}  # fmt: skip


def test_soma_info_schema_prints_it() -> None:
    result = invoke("schema")
    assert result.exit_code == 0 and json.loads(result.stdout) == SCHEMA
