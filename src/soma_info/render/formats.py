"""The output formats: each name --format accepts, and the module of render/ that draws it. The one list: the
command table offers these names (commands.FORMATS) and terminal.render dispatches by them, so a new format is
a module here and a row below, nothing else.

Every drawing module has the same ``render(document, wrap, style)``: ``wrap`` is the hard-wrap width for the
text formats (None: a paragraph a line), ``style`` the terminal's settings for the styled one; each takes what
it needs. Imported by the lean lookup path, so it imports nothing itself.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from soma_info.render.document import Document, Style

# In the order help lists them; "rich" is the default on a terminal, "plain" when piped (terminal.decide).
FORMATS: dict[str, str] = {"rich": "styled", "plain": "plain", "markdown": "markdown", "json": "jsonout"}


def render(document: Document, name: str, wrap: int | None, style: Style) -> str:
    """The document drawn in the format ``name``, by its module, imported only now: only the styled format pays
    for Rich."""
    module = __import__(f"soma_info.render.{FORMATS[name]}", fromlist=["render"])
    text: str = module.render(document, wrap, style)
    return text
