"""Which knowledge file a run reads, and in which form: the one place that decides. Never prints.

The rule: --data wins, then $SOMA_INFO_DATA, then the shipped file (``chosen_path``). ``knowledge_file`` applies
it and hands out the run's one ``KnowledgeFile``, which reads the file at most once. The shipped file is read in
its compiled form when the wheel build left one that still matches it (see ``compiled``); anything else, a
checkout's data/soma.yaml included, is read as YAML by ``yamlfile``, the only module that imports PyYAML and the
schema. Nothing else in the package turns --data into a path or keeps a loaded monograph.
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
    """The rule: --data wins, then $SOMA_INFO_DATA, then the shipped file. Callers go through ``knowledge_file``."""
    env = os.environ if environ is None else environ
    return explicit or env.get(ENV_VAR) or default_path()


SCHEMA_FILE = "knowledge-file.schema.json"  # written by scripts/make_schema.py from shapes.SHAPES


def json_schema_text() -> str:
    """The JSON Schema of a knowledge file, as shipped beside the code."""
    with open(os.path.join(os.path.dirname(os.path.realpath(__file__)), SCHEMA_FILE), encoding="utf-8") as f:
        return f.read()


class KnowledgeFile:
    """The knowledge file of a run: its path, chosen once by the rule above, and its monograph, read at most once.

    Immutable once read, as the monograph is. ``knowledge_file`` hands out the same object for the same choice.
    """

    __slots__ = ("_identity", "_monograph", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self._identity = _identity(path)
        self._monograph: Monograph | None = None

    def unchanged(self) -> bool:
        """Whether the file on disk is still the one this object was made for (same modification time and size)."""
        return self._identity is not None and _identity(self.path) == self._identity

    def monograph(self) -> Monograph:
        """The monograph in the file: compiled when it is the shipped file and a fresh compiled form exists, from
        the YAML otherwise. Read on the first call only. Raises KnowledgeError when the file cannot be used."""
        if self._monograph is None:
            self._monograph = _read(self.path)
        return self._monograph


# The run's knowledge file. One run may ask for it twice: once to resolve an alias to its section (the command
# line is read before the options are), once to run. The same path, with the same modification time and size on
# disk, is the same file: the same object answers, so the file is read and validated once. A process that runs
# many requests (the tests) gets a new object when the file on disk changed or another one was chosen.
_current: KnowledgeFile | None = None


def knowledge_file(explicit: str | None, environ: Mapping[str, str] | None = None) -> KnowledgeFile:
    """The knowledge file a run reads: --data (``explicit``) wins, then $SOMA_INFO_DATA, then the shipped file.

    The one place that turns the options into a file; nothing is read until ``monograph()`` is called.
    """
    global _current
    path = chosen_path(explicit, environ)
    if _current is None or _current.path != path or not _current.unchanged():
        _current = KnowledgeFile(path)
    return _current


def _identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None  # the readers report what is wrong with it
    return status.st_mtime_ns, status.st_size


def _read(path: str) -> Monograph:
    if path == default_path():
        monograph = compiled.load(path)
        if monograph is not None:
            return monograph
    from soma_info.knowledge import yamlfile  # YAML: a checkout, --data, or no fresh compiled form

    return yamlfile.load(path)
