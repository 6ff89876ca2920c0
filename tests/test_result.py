"""The exit code comes from the result a view builds, never from the JSON it prints."""

from __future__ import annotations

import io

import pytest

from soma_info import views
from soma_info.commands import Request
from soma_info.execute import execute
from soma_info.exitcodes import ExitCode
from soma_info.knowledge import interactions, yamlfile
from soma_info.knowledge.vocabulary import Vocabulary
from soma_info.render.document import Document
from soma_info.views import interactions as interaction_views
from soma_info.views import sections as section_views

from .conftest import SHIPPED

MONOGRAPH = yamlfile.load(str(SHIPPED))
ENV = {"SOMA_INFO_DATA": str(SHIPPED)}


@pytest.mark.parametrize(
    ("names", "status"),
    [(["tramadol"], ExitCode.OK), (["Klonopin", "tramadol"], ExitCode.OK), (["tramadol", "zzqxv"], ExitCode.NO_MATCH),
     (["tramadoll"], ExitCode.NO_MATCH)],
)  # fmt: skip
def test_the_interaction_check_states_its_exit_status(names: list[str], status: int) -> None:
    document = interaction_views.interaction_check(
        MONOGRAPH, Vocabulary.load(), interactions.interaction_names(names, [], [])
    )
    assert document.status == status


def test_a_search_states_its_exit_status() -> None:
    from soma_info.knowledge import search

    found = section_views.search_results(
        MONOGRAPH, "alcohol", search.find(MONOGRAPH, search.compile_query("alcohol", False))
    )
    assert found.status == ExitCode.OK
    assert section_views.search_results(MONOGRAPH, "zzqxv", []).status == ExitCode.NO_MATCH


@pytest.mark.parametrize("fmt", ["json", "plain"])
def test_execute_returns_the_status_whatever_the_data_says(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A view whose data has no `results` at all still decides the exit code: execute reads the status."""
    real = interaction_views.interaction_check

    def without_results(*args: object) -> Document:
        document = real(*args)  # type: ignore[arg-type]
        return document._replace(data={k: v for k, v in document.data.items() if k != "results"})

    monkeypatch.setattr(
        views, "interaction_check", without_results, raising=False
    )  # first: its getattr caches the real one
    monkeypatch.setattr(interaction_views, "interaction_check", without_results)
    for names, code in ((("tramadol",), ExitCode.OK), (("zzqxv",), ExitCode.NO_MATCH)):
        out, err = io.StringIO(), io.StringIO()
        assert execute(Request("interactions", names, format=fmt, pager=False), ENV, out, err) == code
        assert '"results"' not in out.getvalue()
