"""The interaction check: what a typed drug name stands for, and which interaction classes its ingredients are in.

A name is first cleaned (Unicode compatibility forms, invisible characters, ®/™ and stray punctuation go),
then read, in this order, as:

1. one of the monograph's own names (the same drug twice), a product the knowledge file lists with its label,
   a word for a class ("benzos", "beer"), or a name in the drug-name vocabulary;
2. the same after dropping strengths, dosage forms and salt words ("Xanax XR 1 mg", "oxycodone HCl");
3. a combination written as one ("hydrocodone/acetaminophen", "OXYCODONE-ACETAMINOPHEN 5-325 MG TAB");

Those readings are exact. The next two are guesses, flagged as such in every format and in the exit code:

4. a listed product inside a longer name ("Vicks ZzzQuil"), else the longest known leading words ("Advil Cold"),
   with a warning that the rest was not recognised, since such names often add ingredients;
5. a misspelling, read as the nearest name only when it is one edit away (two in a long name), the name is long
   enough for that to mean something, no other drug is as near, and the guess has a finding: a guess may add a
   warning, never take one away, so a look-alike drug with nothing listed is never put in a name's place.

A name none of these reads is "not recognised", and only then are near names offered. Each ingredient is then
matched against the classes' member lists. Pure logic over records: no output; the vocabulary is a mapped file.
"""

from __future__ import annotations

import unicodedata

from soma_info.knowledge.model import InteractionClass, Members, Monograph, Product
from soma_info.knowledge.record import Record
from soma_info.knowledge.vocabulary import Vocabulary, fold

# How a name was read.
SAME_DRUG = "same-drug"  # the monograph's own drug (generic or brand)
PRODUCT = "product"  # a product the knowledge file lists
CLASS_WORD = "class-word"  # a word for a class itself
KNOWN = "known"  # a name in the drug-name vocabulary
BRAND = "brand"  # a US brand the vocabulary lacks, from FDA's UNII Names list (which may not give every ingredient)
COMBINATION = "combination"  # several names written as one ("a/b", "a + b", "a and b", "a w/ b", "A-B")
SPACED = "spaced"  # a guess: names written one after another with spaces only ("xanax norco"), read as a list
PARTIAL = "partial"  # a guess: only part of the name was recognised
MISSPELLING = "misspelling"  # a guess: read as the one nearest name
UNKNOWN = "unknown"
EXACT = frozenset((SAME_DRUG, PRODUCT, CLASS_WORD, KNOWN, BRAND, COMBINATION))

# Words that say how much or in what form, not what: dropped before a second look-up. Not drug names.
# fmt: off
_FORM_WORDS = frozenset((
    "mg", "mcg", "g", "ml", "tab", "tabs", "tablet", "tablets", "cap", "caps", "capsule", "capsules", "caplet",
    "caplets", "softgel", "softgels", "liquid", "syrup", "solution", "suspension", "film", "films", "patch", "er",
    "xr", "cr", "sr", "la", "ir", "dr", "xl", "cd", "odt", "ds", "oral", "extended-release", "immediate-release",
    "delayed-release", "usp", "hr",
))
# fmt: on
# Words around a drink in what people write ("a glass of red wine", "2 cans of light beer", "a few beers"): dropped
# only when what is left is a word for a class, so that "Tylenol Cold" or "Alka-Seltzer Plus" is never read as
# the plain product. Not drug names.
# fmt: off
_PHRASE_WORDS = frozenset((
    "a", "an", "the", "some", "few", "couple", "several", "of", "glass", "glasses", "can", "cans", "bottle", "bottles",
    "shot", "shots", "pint", "pints", "cup", "cups", "drink", "drinks", "red", "white", "rose", "light", "lite",
    "cold", "and", "my", "also",
))
# fmt: on
# Salt and ester names that follow a drug's name on a label ("oxycodone hydrochloride"): the same active moiety.
# fmt: off
SALT_WORDS = frozenset((
    "hydrochloride", "hcl", "bitartrate", "phosphate", "sulfate", "sulphate", "citrate", "succinate", "maleate",
    "tartrate", "mesylate", "besylate", "acetate", "sodium", "potassium", "calcium", "magnesium", "hydrobromide",
    "hbr", "fumarate", "napsylate", "pamoate", "bromide", "chloride",
))
# fmt: on
_JOINERS = (" w/ ", " with ", " and ", " & ", "+", "/", ",", "–", "—")
_EDGE = " \t.,;:!?'\"`()[]{}*®™©"
# Left-over words that often mean an added ingredient, and what to look for on the label.
_HINTS = (
    (frozenset(("pm", "night", "nighttime", "nite", "sleep", "sleeping", "nyquil", "zzz")),
     "words such as PM, Night and Sleep in a product's name can mean an added sleep aid: look on its label for "
     "diphenhydramine or doxylamine, which are sedating antihistamines"),
    (frozenset(("ac", "codeine", "c", "dh")),
     "words such as AC or codeine in a cough product's name can mean an added opioid: look on its label for "
     "codeine or hydrocodone"),
)  # fmt: skip


class Finding(Record):
    ingredient: str
    group: InteractionClass
    members: Members | None  # the member list that puts the ingredient in the class (None for a class word)
    agreeing: tuple[Members, ...] = ()  # lists of classes this one covers that name the ingredient too

    @property
    def membership(self) -> tuple[str, ...]:
        """Where the ingredient's place in the class comes from: its member list's sources, then those of the
        regulator lists that agree."""
        found = (*(self.members.cite if self.members else ()), *(c for m in self.agreeing for c in m.cite))
        return tuple(dict.fromkeys(found))


class Match(Record):
    """A name found: how, under which name, and the active ingredients it stands for."""

    how: str
    name: str
    ingredients: tuple[str, ...]
    product: Product | None = None
    left: tuple[str, ...] = ()  # words of the typed name a partial reading did not use


class Near(Record):
    """A name offered for one not recognised: what it is, and the classes it would be in."""

    name: str
    ingredients: tuple[str, ...]
    classes: tuple[str, ...]  # the names of the interaction classes its ingredients are in


class Reading(Record):
    """What one typed name was read as."""

    typed: str
    how: str  # one of the constants above
    read_as: str  # the name that was found ("klonopin" for "klonipin", "advil" for "advil cold"); "" if unknown
    ingredients: tuple[str, ...]
    product: Product | None
    findings: tuple[Finding, ...]
    near: tuple[Near, ...] = ()  # near names, offered only for an unknown name
    left: tuple[str, ...] = ()  # words a partial reading did not use

    @property
    def known(self) -> bool:
        return self.how != UNKNOWN

    @property
    def exact(self) -> bool:
        return self.how in EXACT

    def hints(self) -> tuple[str, ...]:
        """What the words a partial reading left out may mean, to look for on the label."""
        left = {w for word in self.left for w in word.replace("-", " ").split()}
        return tuple(hint for words, hint in _HINTS if left & words)


def interaction_names(positional: list[str], given_with: list[str], listed: list[str]) -> list[str]:
    """The names to check, in order, each once. An argument or a `--with` value may be a comma-separated list
    ("tramadol, Klonopin", as a quoted list is given); a comma between digits is part of a strength ("Klonopin
    0,5 mg" is one name). A line of `--from` is one name."""
    import re

    split = re.compile(r"(?<!\d),|,(?!\d)")
    names: dict[str, str] = {}
    for name in (*(part for value in (*positional, *given_with) for part in split.split(value)), *listed):
        if key := clean(name):
            names.setdefault(key, name.strip())
    return list(names.values())


def clean(typed: str) -> str:
    """The vocabulary's form of a typed name: Unicode compatibility forms, no invisible or control characters,
    no ®/™ or stray punctuation at the ends, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", typed)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc") or c in "\t\n")
    return fold(text.replace("®", "").replace("™", "")).strip(_EDGE)


def read(monograph: Monograph, vocabulary: Vocabulary, typed: str) -> Reading:
    key = clean(typed)
    found = (
        _exact(monograph, vocabulary, key)
        or _cleaned(monograph, vocabulary, key)
        or _combination(monograph, vocabulary, key)
        or _inside(monograph, vocabulary, key)
    )
    near: list[Near] = []
    if found is None:
        found, near = _misspelling(monograph, vocabulary, key)
    if found is None and (found := _trailing(monograph, vocabulary, key)):
        near = []
    if found is None:
        return Reading(typed, UNKNOWN, "", (), None, (), tuple(near))
    if found.how == CLASS_WORD:
        findings = tuple(Finding(found.name, monograph.interactions[i], None) for i in monograph.classes_of[found.name])
    else:
        findings = tuple(f for ingredient in found.ingredients for f in _findings(monograph, ingredient))
    if found.how == MISSPELLING and not findings:
        # A guess may only ever add a warning. Read as a drug with nothing listed, a misspelling could hide a
        # real drug the vocabulary lacks behind a look-alike ("Endodan" is not "Endoxan"): offer it instead.
        return Reading(typed, UNKNOWN, "", (), None, (), (_near(monograph, vocabulary, found.name),))
    return Reading(typed, found.how, found.name, found.ingredients, found.product, findings, (), found.left)


def _exact(monograph: Monograph, vocabulary: Vocabulary, key: str) -> Match | None:
    if not key:
        return None
    who = monograph.identity
    if key in (fold(who.generic_name), *(fold(b) for b in who.brand_names)):
        return Match(SAME_DRUG, key, (fold(who.generic_name),))
    if key in monograph.product_of:
        product = monograph.products[monograph.product_of[key]]
        return Match(PRODUCT, key, product.ingredients, product)
    if key in monograph.classes_of and any(key in group.words for group in monograph.interactions):
        return Match(CLASS_WORD, key, ())
    ingredients = vocabulary.ingredients(key)
    if ingredients is None:
        # A class member the vocabulary lacks (a regulator list names drugs it does not): known by the list.
        return Match(KNOWN, key, (key,)) if key in monograph.classes_of else None
    if ingredients == (fold(who.generic_name),):
        return Match(SAME_DRUG, key, ingredients)
    return Match(BRAND if vocabulary.is_brand(key) else KNOWN, key, ingredients)


def _is_amount(word: str) -> bool:
    """ "10", "10/325", "0.5mg", "5-325", "1,000": a strength, not a name. "#3" and a bare 1 to 4 are not: they
    can be part of a product's name ("Tylenol 3" is Tylenol with Codeine No. 3, not plain Tylenol)."""
    digits = word.rstrip("mgcl").replace("/", "").replace(".", "").replace("-", "").replace(",", "")
    return bool(digits) and digits.isdigit() and not word.startswith("#") and word not in ("1", "2", "3", "4")


def _plain(key: str) -> str:
    """The name without strengths, dosage forms and salt words."""
    words = [w for w in key.split() if not _is_amount(w) and w not in _FORM_WORDS and w not in SALT_WORDS]
    return " ".join(words)


def _cleaned(monograph: Monograph, vocabulary: Vocabulary, key: str) -> Match | None:
    plain = _plain(key)
    found = _exact(monograph, vocabulary, plain) if plain and plain != key else None
    if found is None:
        # A drink as people write it: "a glass of red wine", "2 cans of beer" (a leading count is not a strength).
        words = [w for w in key.split() if w not in _PHRASE_WORDS and not (w.isdigit() and len(w) == 1)]
        drink = _exact(monograph, vocabulary, " ".join(words)) if words and len(words) < len(key.split()) else None
        found = drink if drink is not None and drink.how == CLASS_WORD else None
    return found


def _combination(monograph: Monograph, vocabulary: Vocabulary, key: str) -> Match | None:
    """Several names written as one: "hydrocodone/acetaminophen 5/325", "tylenol w/ codeine", "A-B 5-325 MG"."""
    text = " ".join(w for w in key.split() if not _is_amount(w) and w not in _FORM_WORDS)
    for joiners in (_JOINERS, (*_JOINERS, "-")):  # a hyphen joins only when the parts are names on their own
        parts = [text]
        for joiner in joiners:
            parts = [p.strip() for part in parts for p in part.split(joiner)]
        parts = [p.removeprefix("and ").removeprefix("with ").strip() for p in parts if p]  # "a, b, and c"
        parts = [p for p in parts if p]
        if len(parts) < 2:
            continue
        found = [_exact(monograph, vocabulary, p) or _cleaned(monograph, vocabulary, p) for p in parts]
        if all(f is not None for f in found) and any(f.how != CLASS_WORD for f in found if f is not None):
            # "Xanax with alcohol", "hydrocodone and beer": a class word stands for itself among the ingredients.
            ingredients = tuple(dict.fromkeys(i for f in found if f is not None for i in (f.ingredients or (f.name,))))
            return Match(COMBINATION, key, ingredients)
    return _listed_by_spaces(monograph, vocabulary, text)


def _listed_by_spaces(monograph: Monograph, vocabulary: Vocabulary, text: str) -> Match | None:
    """A list written with spaces only ("xanax norco"): read only when every word is a name on its own, so that
    no drug in it is lost to a partial reading."""
    words = text.split()
    if len(words) < 2:
        return None
    found = [_exact(monograph, vocabulary, w) for w in words]
    if all(f is not None and f.how != CLASS_WORD for f in found[:1]) and all(f is not None for f in found):
        ingredients = tuple(dict.fromkeys(i for f in found if f is not None for i in (f.ingredients or (f.name,))))
        return Match(SPACED, text, ingredients)
    return None


def _inside(monograph: Monograph, vocabulary: Vocabulary, key: str) -> Match | None:
    """A listed product anywhere in the name ("vicks zzzquil"), else the longest known leading words."""
    words = _plain(key).split() or key.split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            name = " ".join(words[start : start + size])
            if name in monograph.product_of:
                left = (*words[:start], *words[start + size :])
                return _exact(monograph, vocabulary, name)._replace(how=PARTIAL, left=left)  # type: ignore[union-attr]
    for end in range(len(words) - 1, 0, -1):
        found = _exact(monograph, vocabulary, " ".join(words[:end]))
        if found is not None and found.how != CLASS_WORD:
            return found._replace(how=PARTIAL, left=tuple(words[end:]))
    return None


def _trailing(monograph: Monograph, vocabulary: Vocabulary, key: str) -> Match | None:
    """The longest known trailing words of a name nothing else read ("children's benadryl" is Benadryl), only
    when that drug has a finding: a guess may add a warning, never take one away (a trailing "sodium" must not
    stand in for the misspelt name before it, which the near names still offer)."""
    words = _plain(key).split() or key.split()
    for start in range(1, len(words)):
        found = _exact(monograph, vocabulary, " ".join(words[start:]))
        if found is None or found.how == CLASS_WORD:
            continue
        if any(_findings(monograph, ingredient) for ingredient in found.ingredients):
            return found._replace(how=PARTIAL, left=tuple(words[:start]))
    return None


SOUND_KEYS = "soundkeys.tsv"  # the vocabulary's names by how they sound and by their tails (extract_sound_keys.py)


def _misspelling(monograph: Monograph, vocabulary: Vocabulary, key: str) -> tuple[Match | None, list[Near]]:
    """The one drug a misspelling stands for, or None and the near names to offer (one per drug).

    The candidates come from the whole vocabulary, not the names that share the typed first letter: the names
    that sound alike (jellyfish's Metaphone key: "zanax" is Xanax's SNKS), those that differ in the first letter
    or gain or lose one, and those of about the same length under the same first letter. They are ranked by edits
    (jellyfish's Damerau-Levenshtein distance), then toward drugs people take (a MedlinePlus page), then toward
    names with the typed first letter, then by name.

    A misspelling is *read* as a drug only when that drug's own generic name is one edit away (two in a long
    name), the typed name has five letters or more, no other drug is as near, and the drug has a finding: a guess
    may add a warning, never take one away. A name one letter from a brand is only offered: a brand the
    vocabulary lacks ("Dilantin") is too often one letter from another drug's brand."""
    import jellyfish  # only an unrecognised name pays for it

    plain = _plain(key) or key
    sounds = Vocabulary.load(SOUND_KEYS)
    taken: dict[str, bool] = {}
    for row in (*sounds.rows("m:" + jellyfish.metaphone(plain)), *sounds.rows("t:" + plain[1:]),
                *sounds.rows("t:" + plain)):  # fmt: skip
        name, _, flag = row.partition("\t")
        taken[name] = taken.get(name, False) or flag == "1"
    who = monograph.identity
    ours = [*monograph.product_of, *(w for g in monograph.interactions for w in g.words), *monograph.classes_of,
            fold(who.generic_name), *(fold(b) for b in who.brand_names)]  # fmt: skip
    pool = [*taken, *vocabulary.neighbours(plain), *(n for n in ours if abs(len(n) - len(plain)) <= 2)]
    if vocabulary.ingredients(plain[1:]) is not None:
        pool.append(plain[1:])  # a letter added in front
    nearest: dict[tuple[str, ...], tuple[int, bool, bool, str]] = {}  # drug -> its nearest name, ranked
    for name in dict.fromkeys(pool):
        edits = jellyfish.damerau_levenshtein_distance(plain, name)
        if edits > 3 or name == plain:
            continue
        found = _exact(monograph, vocabulary, name)
        drug = (found.ingredients or (name,)) if found else (name,)
        is_taken = taken[name] if name in taken else vocabulary.is_taken(name)
        ranked = (edits, not is_taken, name[:1] != plain[:1], name)  # a first letter is seldom wrong
        if drug not in nearest or ranked < nearest[drug]:
            nearest[drug] = ranked
    ranking = sorted(nearest.items(), key=lambda item: item[1])
    allowed = 1 if len(plain) < 10 else 2  # one slip in a short name; two in a long one
    if (
        ranking
        and len(plain) >= 5
        and ranking[0][1][0] <= allowed
        and (len(ranking) == 1 or ranking[1][1][0] > allowed)
    ):
        drug = ranking[0][0]
        generic = drug[0] if len(drug) == 1 else ""  # read only as the drug's own name, not as a brand of it
        found = _exact(monograph, vocabulary, generic) if generic else None
        if (
            found is not None
            and found.how != PRODUCT
            and jellyfish.damerau_levenshtein_distance(plain, generic) <= allowed
        ):
            return found._replace(how=MISSPELLING), []
    return None, [_near(monograph, vocabulary, ranked[-1]) for _, ranked in ranking[:3]]


def _near(monograph: Monograph, vocabulary: Vocabulary, name: str) -> Near:
    found = _exact(monograph, vocabulary, name)
    if found is None or found.how == CLASS_WORD:
        groups = [monograph.interactions[i].name for i in monograph.classes_of.get(name, ())]
        return Near(name, (), tuple(groups))
    groups = [f.group.name for i in found.ingredients for f in _classes(monograph, i)]
    return Near(name, found.ingredients, tuple(dict.fromkeys(groups)))


def _findings(monograph: Monograph, ingredient: str) -> list[Finding]:
    """An ingredient's classes; a class word among a phrase's ingredients ("beer") stands for its class."""
    if any(ingredient in group.words for group in monograph.interactions):
        return [Finding(ingredient, monograph.interactions[i], None) for i in monograph.classes_of[ingredient]]
    return _classes(monograph, ingredient)


def _classes(monograph: Monograph, ingredient: str) -> list[Finding]:
    """The classes an ingredient is in: its own name, or a member's name as whole words within it.

    A class that covers others (one drawn from a regulator's broad list) is given only when none of the classes
    it covers lists the ingredient; when one does, the broad list's membership joins that class's finding, so a
    membership is never dropped, and two sources that agree are shown as one finding with both sources."""
    found = []
    for group in monograph.interactions:
        for members in group.members:
            if any(contains(ingredient, name) for name in members.names):
                found.append(Finding(ingredient, group, members))
                break
    shown = [f for f in found if not f.group.covers]
    for covering in (f for f in found if f.group.covers):
        at = next((i for i, f in enumerate(shown) if f.group.id in covering.group.covers), None)
        if at is None:
            shown.append(covering)
        elif covering.members is not None:
            shown[at] = shown[at]._replace(agreeing=(*shown[at].agreeing, covering.members))
    return shown


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
