"""Which knowledge file a run reads, and in which form. Never prints.

--data wins, then $SOMA_INFO_DATA, then the shipped file. The shipped file is read in its compiled form when
the wheel build left one that still matches it (see ``compiled``); anything else, a checkout's data/soma.yaml
included, is read as YAML by ``yamlfile``, which is the only module that imports PyYAML and the schema.
"""

from __future__ import annotations

import os

from soma_info.knowledge import compiled
from soma_info.knowledge.model import Monograph

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Mapping

ENV_VAR = "SOMA_INFO_DATA"


def default_path() -> str:
    """The shipped knowledge file: next to the code in a wheel, or the checkout's data/ folder.

    os.path rather than pathlib or importlib.resources: those imports cost more than the whole lookup.
    """
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # soma_info/, above knowledge/
    installed = os.path.join(package, "data", "soma.yaml")
    if os.path.isfile(installed):
        return installed
    return os.path.join(os.path.dirname(os.path.dirname(package)), "data", "soma.yaml")  # src/soma_info -> root


def chosen_path(explicit: str | None, environ: Mapping[str, str] | None = None) -> str:
    """--data wins, then $SOMA_INFO_DATA, then the shipped file."""
    env = os.environ if environ is None else environ
    return explicit or env.get(ENV_VAR) or default_path()


SCHEMA_FILE = "knowledge-file.schema.json"  # written by scripts/make_schema.py from schema.SHAPES


def json_schema_text() -> str:
    """The JSON Schema of a knowledge file, as shipped beside the code."""
    with open(os.path.join(os.path.dirname(os.path.realpath(__file__)), SCHEMA_FILE), encoding="utf-8") as f:
        return f.read()


# The last file read, by its identity on disk. One run may need the monograph twice: once to resolve an
# alias to its section (the command line is read before the options are), once to run. Same path, same
# modification time and size: the same file, so it is not read and validated again. Monographs are immutable.
_last_read: tuple[tuple[str, int, int], Monograph] | None = None


def load(path: str) -> Monograph:
    """The monograph in the file at ``path``: compiled when it is the shipped file and a fresh compiled form
    exists, from the YAML otherwise. Raises KnowledgeError when the file cannot be used."""
    global _last_read
    try:
        status = os.stat(path)
        identity = (path, status.st_mtime_ns, status.st_size)
    except (OSError, ValueError):
        identity = None  # the readers below report what is wrong with it
    if identity is not None and _last_read is not None and _last_read[0] == identity:
        return _last_read[1]
    monograph = _read(path)
    if identity is not None:
        _last_read = (identity, monograph)
    return monograph


def _read(path: str) -> Monograph:
    if path == default_path():
        monograph = compiled.load(path)
        if monograph is not None:
            return monograph
    from soma_info.knowledge import yamlfile  # YAML: a checkout, --data, or no fresh compiled form

    return yamlfile.load(path)
