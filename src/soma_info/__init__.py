"""soma-info: a terminal reference for SOMA (carisoprodol), sourced line by line from the FDA label.

The package has three layers, imported one way only:

- ``knowledge``: the data layer: the domain records, and the knowledge file read (compiled or YAML) and
  validated into a ``Monograph`` (never prints);
- ``render``: turns a ``Document`` into plain text, Markdown, JSON or a Rich layout (never reads files);
- ``cli`` (Typer) and ``fast`` (the start-up-lean path for common lookups): the commands.
"""

__version__ = "1.0.0"  # the package's version (pyproject.toml reads it from here)
