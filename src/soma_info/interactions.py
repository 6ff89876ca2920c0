"""The interaction check: what a typed drug name stands for, and which interaction classes its ingredients are in.

A name is read, in this order, as: one of the monograph's own names (the same drug twice); a combination
product the knowledge file lists; a class word ("benzos", "beer"); a name in the drug-name vocabulary; the
same after dropping strengths, dosage forms and salt words ("Xanax XR 1 mg", "oxycodone HCl"); a combination
typed as such ("hydrocodone/acetaminophen"); the longest leading part that is a known name ("Advil PM" read as
"Advil", with a warning that the rest was not recognised); and last, a probable misspelling, read as the
nearest name only when every near name stands for the same ingredients, so that a look-alike drug is never
silently substituted. A name none of these reads is "not recognised", and only then are near names offered.

Each ingredient is then matched against the classes' member lists. Pure logic over records: no I/O, no output.
"""

from __future__ import annotations

from soma_info.model import InteractionClass, Members, Monograph, Product
from soma_info.record import Record
from soma_info.vocabulary import Vocabulary, fold

# How a name was read. Only "unknown" means the reference could not tell what the name is.
SAME_DRUG = "same-drug"  # the monograph's own drug (generic or brand)
PRODUCT = "product"  # a combination product in the knowledge file
CLASS_WORD = "class-word"  # a word for a class itself
KNOWN = "known"  # a name in the drug-name vocabulary
COMBINATION = "combination"  # several names typed together ("a/b", "a + b", "a and b", "a with b")
PARTIAL = "partial"  # only a leading part was recognised
MISSPELLING = "misspelling"  # read as the one nearest name
UNKNOWN = "unknown"

# Words that say how much or in what form, not what: dropped before a second look-up. Not drug names.
# fmt: off
_FORM_WORDS = frozenset((
    "mg", "mcg", "g", "ml", "tab", "tabs", "tablet", "tablets", "cap", "caps", "capsule", "capsules", "caplet",
    "caplets", "softgel", "softgels", "liquid", "syrup", "solution", "suspension", "film", "films", "patch", "er",
    "xr", "cr", "sr", "la", "ir", "dr", "xl", "cd", "odt", "ds", "oral", "extended-release", "immediate-release",
    "delayed-release",
))
# fmt: on
# Salt and ester names that follow a drug's name on a label ("oxycodone hydrochloride"): the same active moiety.
# fmt: off
_SALT_WORDS = frozenset((
    "hydrochloride", "hcl", "bitartrate", "phosphate", "sulfate", "sulphate", "citrate", "succinate", "maleate",
    "tartrate", "mesylate", "besylate", "acetate", "sodium", "potassium", "calcium", "magnesium", "hydrobromide",
    "hbr", "fumarate", "napsylate", "pamoate", "bromide", "chloride",
))
# fmt: on
_JOINERS = ("/", " + ", "+", " and ", " with ", " & ", ",")
_NEAR = 0.8  # how alike (difflib's ratio) a near name must be to be offered or read as a misspelling


class Finding(Record):
    ingredient: str
    group: InteractionClass
    members: Members | None  # the member list that puts the ingredient in the class (None for a class word)


class Reading(Record):
    """What one typed name was read as."""

    typed: str
    how: str  # one of the constants above
    read_as: str  # the name that was found ("klonopin" for "klonipin", "advil" for "advil pm"); "" if unknown
    ingredients: tuple[str, ...]
    product: Product | None
    findings: tuple[Finding, ...]
    near: tuple[str, ...] = ()  # near names, offered only for an unknown name

    @property
    def known(self) -> bool:
        return self.how != UNKNOWN


def interaction_names(given: list[str], listed: list[str]) -> list[str]:
    """The names to check, in order, each once: the names given (a `--with` value may be a comma-separated
    list: "tramadol, Klonopin" is two names), then those read from a list."""
    names: dict[str, str] = {}
    for name in (*(part for value in given for part in value.split(",")), *listed):
        if name.strip():
            names.setdefault(fold(name), name.strip())
    return list(names.values())


def read(monograph: Monograph, vocabulary: Vocabulary, typed: str) -> Reading:
    key = fold(typed)
    how = ""
    found = _exact(monograph, vocabulary, key) or _cleaned(monograph, vocabulary, key)
    if found is None and (parts := _combination(monograph, vocabulary, key)) is not None:
        found = COMBINATION, key, parts, None
    if found is None and (leading := _leading(monograph, vocabulary, key)) is not None:
        found, how = leading, PARTIAL
    if found is None:
        near = _near(monograph, vocabulary, key)
        readings = [_exact(monograph, vocabulary, n) for n in near]
        if not near or len({r[2] if r else None for r in readings}) != 1 or readings[0] is None:
            return Reading(typed, UNKNOWN, "", (), None, (), tuple(near))  # no near name, or several drugs
        found, how = readings[0], MISSPELLING
    kind, read_as, ingredients, product = found
    if kind == CLASS_WORD:
        findings = tuple(Finding(read_as, monograph.interactions[i], None) for i in monograph.classes_of[read_as])
    else:
        findings = tuple(f for ingredient in ingredients for f in _classes(monograph, ingredient))
    return Reading(typed, how or kind, read_as, ingredients, product, findings)


_Found = tuple[str, str, tuple[str, ...], Product | None]  # how, read as, ingredients, product


def _exact(monograph: Monograph, vocabulary: Vocabulary, key: str) -> _Found | None:
    who = monograph.identity
    if key in (fold(who.generic_name), *(fold(b) for b in who.brand_names)):
        return SAME_DRUG, key, (fold(who.generic_name),), None
    if key in monograph.product_of:
        product = monograph.products[monograph.product_of[key]]
        return PRODUCT, key, product.ingredients, product
    if any(key in group.words for group in monograph.interactions):
        return CLASS_WORD, key, (), None
    ingredients = vocabulary.ingredients(key)
    if ingredients is None:
        return None
    how = SAME_DRUG if ingredients == (fold(who.generic_name),) else KNOWN
    return how, key, ingredients, None


def _cleaned(monograph: Monograph, vocabulary: Vocabulary, key: str) -> _Found | None:
    """The name without strengths, dosage forms and salt words: "xanax xr 1 mg" -> "xanax"."""
    words = [w for w in key.replace("-", " ").split() if not _is_amount(w) and w not in _FORM_WORDS | _SALT_WORDS]
    cleaned = " ".join(words)
    return _exact(monograph, vocabulary, cleaned) if words and cleaned != key else None


def _is_amount(word: str) -> bool:
    """ "10", "10/325", "0.5mg", "#3", "5-325": a strength or a number, not a name."""
    digits = word.lstrip("#").rstrip("mgcl").replace("/", "").replace(".", "").replace("-", "")
    return bool(digits) and digits.isdigit()


def _combination(monograph: Monograph, vocabulary: Vocabulary, key: str) -> tuple[str, ...] | None:
    """ "hydrocodone/acetaminophen", "tramadol and xanax": every part must be read on its own."""
    parts = [key]
    for joiner in _JOINERS:
        parts = [p.strip() for part in parts for p in part.split(joiner)]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return None
    ingredients: list[str] = []
    for part in parts:
        found = _exact(monograph, vocabulary, part) or _cleaned(monograph, vocabulary, part)
        if found is None or found[0] == CLASS_WORD:
            return None
        ingredients += found[2]
    return tuple(dict.fromkeys(ingredients))


def _leading(monograph: Monograph, vocabulary: Vocabulary, key: str) -> _Found | None:
    """The longest run of leading words that is a known drug: "advil pm" -> "advil"."""
    words = key.split()
    for end in range(len(words) - 1, 0, -1):
        found = _exact(monograph, vocabulary, " ".join(words[:end]))
        if found is not None and found[0] != CLASS_WORD:
            return found
    return None


def _near(monograph: Monograph, vocabulary: Vocabulary, key: str) -> list[str]:
    """Names like the typed one, nearest first: vocabulary names of the same first letter, products, words."""
    import difflib  # only an unrecognised name pays for it

    ours = [*monograph.product_of, *(w for g in monograph.interactions for w in g.words)]
    pool = [*vocabulary.neighbours(key), *(n for n in ours if n[:1] == key[:1])]
    near: dict[object, str] = {}  # one name per drug: "clonazepam", not also its Latin "clonazepamum"
    for name in difflib.get_close_matches(key, pool, n=10, cutoff=_NEAR):
        found = _exact(monograph, vocabulary, name)
        near.setdefault(found[2] if found and found[2] else name, name)
    return list(near.values())[:3]


def _classes(monograph: Monograph, ingredient: str) -> list[Finding]:
    """The classes an ingredient is in: its own name, or a member's name as whole words within it."""
    found = []
    for index, group in enumerate(monograph.interactions):
        for members in group.members:
            if any(contains(ingredient, name) for name in members.names):
                found.append(Finding(ingredient, monograph.interactions[index], members))
                break
    return found


def contains(ingredient: str, name: str) -> bool:
    """``name`` is ``ingredient``, or whole words of it: "buprenorphine" in "buprenorphine sublingual"."""
    if ingredient == name:
        return True
    at = ingredient.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or not ingredient[at - 1].isalnum()) and (end == len(ingredient) or not ingredient[end].isalnum()):
            return True
        at = ingredient.find(name, at + 1)
    return False
