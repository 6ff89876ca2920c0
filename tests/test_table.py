"""One table declares the commands, and each row carries its handler and its view: execute dispatches
through it, and no other module keeps a list of command names to compare with."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest

from soma_info import commands, execute, views
from soma_info.commands import COMMANDS, Command, Request
from soma_info.exitcodes import ExitCode

from .conftest import SHIPPED

PACKAGE = Path(__file__).parents[1] / "src" / "soma_info"
NAMES = {c.name for c in COMMANDS}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_each_row_names_a_handler_and_a_view_that_exist(command: Command) -> None:
    if not command.handler:  # the front end's own (help): the lean parser leaves it to Typer
        assert not command.lean and not command.view
        return
    assert command.handler in execute.HANDLERS
    if command.view:
        assert callable(execute._view(command.view))
        module, name = command.view.split(":")
        assert (PACKAGE / "views" / f"{module}.py").is_file() and not name.startswith("_")
    else:
        assert command.handler in ("validate", "schema")  # the two that write their own output


def test_every_handler_serves_a_row() -> None:
    assert set(execute.HANDLERS) == {c.handler for c in COMMANDS if c.handler}


@pytest.mark.parametrize("name", ["execute.py", "fast.py", "completion.py", "cli.py", "launch.py"])
def test_no_module_compares_with_a_command_name(name: str) -> None:
    """Dispatch goes through the table's rows: no `command == "search"` or `in ("validate", "help")` chains."""
    for node in ast.walk(ast.parse((PACKAGE / name).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            constants = {c.value for c in ast.walk(node) if isinstance(c, ast.Constant)}
            assert not constants & NAMES, f"{name}:{node.lineno} compares with {constants & NAMES}"


def test_views_keep_no_registry_of_their_own() -> None:
    assert "LISTINGS" not in views.HOME and "Listing" not in views.HOME


def test_a_new_command_is_a_row_and_a_view(monkeypatch: pytest.MonkeyPatch) -> None:
    """A row added to the table runs through execute with nothing else changed: here a second name for the card."""
    row = Command("pocket", "A one-screen drug card.", "The card again.", handler="show", view="listings:card")
    monkeypatch.setitem(commands.BY_NAME, "pocket", row)
    out, err = io.StringIO(), io.StringIO()
    env = {"SOMA_INFO_DATA": str(SHIPPED)}
    assert execute.execute(Request("pocket", format="plain", pager=False), env, out, err) == ExitCode.OK
    card = io.StringIO()
    execute.execute(Request("card", format="plain", pager=False), env, card, io.StringIO())
    assert out.getvalue() == card.getvalue() and not err.getvalue()
