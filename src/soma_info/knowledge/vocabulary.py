"""The drug-name vocabulary: which active ingredients a name a person types stands for.

The names come from a maintained, openly licensed dataset (see ``vocabulary.tsv``'s header and
``scripts/extract_vocabulary.py``), never from a hand list. The file is one sorted line per name,
``name<TAB>ingredients``, searched as bytes: finding a name is a binary search of some twenty steps over
about 4 MB, with nothing parsed or decoded but the line found.
"""

from __future__ import annotations

from soma_info.knowledge.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Iterator
    from mmap import mmap

FILE_NAME = "vocabulary.tsv"
BRANDS = "brands.tsv"  # the US brands the dataset lacks, from FDA's UNII Names list (scripts/extract_brands.py)


class Provenance(Record):
    dataset: str  # "drug-named-entity-recognition 2.0.9 (PyPI), <homepage>, file ..."
    licence: str
    names: str  # "108491; drugs: 20094; ..."


def fold(name: str) -> str:
    """The vocabulary's form of a typed name: lower case, single spaces."""
    return " ".join(name.lower().split())  # lower(), as the extract does: casefold() would turn ß into ss


def _mapped(path: str) -> bytes | mmap:
    """A file of this package (or a path), mapped, not read: a run touches only the pages its search visits."""
    if "/" not in path:
        import os.path  # os is already imported by the interpreter; os.path costs nothing more

        path = os.path.join(os.path.dirname(__file__), path)
    import mmap as _mmap

    with open(path, "rb") as f:
        return _mmap.mmap(f.fileno(), 0, access=_mmap.ACCESS_READ)


class Vocabulary:
    """A read-only view of the shipped name list."""

    def __init__(self, blob: bytes | mmap, brands: Vocabulary | None = None) -> None:
        # "\n" + the names: the header's comment lines end at a blank line, so every name, the first
        # one included, follows a newline and a lookup is one search for "\nname\t".
        self._blob = blob
        self._body = blob.find(b"\n\n") + 1
        self.brands = brands  # consulted for a name this list lacks

    @classmethod
    def load(cls, path: str | None = None) -> Vocabulary:
        """The shipped name list with the brands it lacks; or one file of its form alone, named as it lies in this
        package's folder ("vocabulary.tsv", "soundkeys.tsv": the same search, other keys) or by a path with a "/"."""
        if path is None:
            return cls(_mapped(FILE_NAME), cls(_mapped(BRANDS)))
        return cls(_mapped(path))

    def provenance(self) -> Provenance:
        header = self._blob[: self._body].decode("utf-8")
        fields = {}
        for line in header.splitlines():
            key, colon, value = line.removeprefix("# ").partition(": ")
            if colon and key in ("dataset", "licence", "names"):
                fields[key] = value
        return Provenance(fields.get("dataset", ""), fields.get("licence", ""), fields.get("names", ""))

    def _seek(self, key: bytes) -> int:
        """The offset of the first line whose name sorts at or after ``key``: a binary search over the bytes.

        The extract is sorted by name, and UTF-8 bytes sort as code points do, so no index is needed.
        """
        blob, lo, hi = self._blob, self._body, len(self._blob)
        while lo < hi:
            start = max(blob.rfind(b"\n", lo, (lo + hi) // 2) + 1, lo)
            if blob[start : blob.find(b"\t", start)] < key:
                lo = blob.find(b"\n", start) + 1
            else:
                hi = start
        return lo

    def _lines(self, key: bytes) -> Iterator[tuple[bytes, int]]:
        """(name, offset of its ingredients) for each line from the first name at or after ``key``."""
        blob, at = self._blob, self._seek(key)
        while at < len(blob):
            tab = blob.find(b"\t", at)
            yield blob[at:tab], tab + 1
            at = blob.find(b"\n", tab) + 1

    def ingredients(self, name: str) -> tuple[str, ...] | None:
        """The active ingredients a name stands for, or None when neither the dataset nor the brands know it."""
        found = self._own(name)
        if found is None and self.brands is not None:
            return self.brands.ingredients(name)
        return found

    def is_brand(self, name: str) -> bool:
        """Whether the name is known only from the brand list (whose ingredients a label should confirm)."""
        return self.brands is not None and self._own(name) is None and self.brands.ingredients(name) is not None

    def _own(self, name: str) -> tuple[str, ...] | None:
        """The ingredients this file alone gives the name."""
        key = fold(name)
        if not key or "\t" in key:
            return None
        wanted = key.encode("utf-8")
        for found, at in self._lines(wanted):
            if found != wanted:
                break
            line = self._blob[at : self._blob.find(b"\n", at)].decode("utf-8").partition("\t")[0]
            return tuple(line.split("|")) if line else (key,)
        return None

    def rows(self, key: str) -> list[str]:
        """What follows the key on every line filed under exactly ``key`` (a file whose keys repeat)."""
        wanted, found = key.encode("utf-8"), []
        for name, at in self._lines(wanted):
            if name != wanted:
                break
            found.append(self._blob[at : self._blob.find(b"\n", at)].decode("utf-8"))
        return found

    def names_from(self, prefix: str) -> Iterator[str]:
        """Every name that starts with ``prefix`` (folded), in sorted order."""
        wanted = fold(prefix).encode("utf-8")
        if wanted:
            for found, _ in self._lines(wanted):
                if not found.startswith(wanted):
                    return
                yield found.decode("utf-8")

    def is_taken(self, name: str) -> bool:
        """Whether the name's drug has a MedlinePlus page (the extract's ``m`` mark): a medicine people take."""
        wanted = fold(name).encode("utf-8")
        for found, at in self._lines(wanted):
            return found == wanted and self._blob[self._blob.find(b"\n", at) - 2 : self._blob.find(b"\n", at)] == b"\tm"
        return False

    def taken_first(self, prefix: str, most: int) -> list[str]:
        """At most ``most`` names that start with ``prefix`` (folded): first those of a drug with a MedlinePlus
        page (a medicine people take, marked ``m`` by the extract), then the others (chemicals, reagents,
        pollens), each group in sorted order."""
        wanted = fold(prefix).encode("utf-8")
        taken: list[str] = []
        other: list[str] = []
        if wanted:
            blob = self._blob
            for found, at in self._lines(wanted):
                if not found.startswith(wanted):
                    break
                end = blob.find(b"\n", at)
                group = taken if blob[end - 2 : end] == b"\tm" else other
                if len(group) < most:
                    group.append(found.decode("utf-8"))
                if len(taken) >= most:
                    break
        return [*taken, *other][:most]

    def neighbours(self, name: str) -> list[str]:
        """Names with the typed name's first letter and about its length: where a misspelling's target is."""
        key = fold(name)
        return [n for n in self.names_from(key[:1]) if abs(len(n) - len(key)) <= 3] if key else []
