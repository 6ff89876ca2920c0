"""The regulator class lists: which drugs a maintained list puts in a class.

The lists come from the ANSM interaction thesaurus (see ``classlists.tsv``'s header and
``scripts/extract_class_lists.py``), never from a hand list. An interaction class of the knowledge file names the
lists it draws members from (its ``lists`` key); this module gives each list's members as the drug-name
vocabulary names them. Read only when a knowledge file is validated: the compiled monograph carries the members.
"""

from __future__ import annotations

from soma_info.knowledge.record import Record

FILE_NAME = "classlists.tsv"


class ListedDrug(Record):
    name: str  # as the drug-name vocabulary names it: what the interaction check matches
    listed_as: str  # as the list itself names it (a French INN for the ANSM thesaurus)
    rxnorm: str  # the list's RxNorm id for it, "" where it gives none (not a drug marketed in the US)


class ClassLists(Record):
    provenance: dict[str, str]  # the header's "key: value" lines: source, dataset, licence, lists
    members: dict[str, tuple[ListedDrug, ...]]  # list name -> its drugs, sorted by name

    def names(self, listed: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(drug.name for drug in self.members.get(listed, ())))


def path() -> str:
    import os.path

    return os.path.join(os.path.dirname(__file__), FILE_NAME)


def load(file: str | None = None) -> ClassLists:
    with open(file or path(), encoding="utf-8") as f:
        text = f.read()
    head, _, body = text.partition("\n\n")
    provenance = {}
    for line in head.splitlines():
        key, colon, value = line.removeprefix("# ").partition(": ")
        if colon and not line.startswith("# |"):
            provenance[key] = value
    members: dict[str, list[ListedDrug]] = {}
    for line in body.splitlines():
        listed, name, listed_as, rxnorm = line.split("\t")
        members.setdefault(listed, []).append(ListedDrug(name, listed_as, rxnorm))
    return ClassLists(provenance, {k: tuple(v) for k, v in members.items()})
