"""The interaction check: names people type, read through the drug-name vocabulary, the knowledge file's
products and class words, and reported at the severity of their sources, never as safe."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soma_info.exitcodes import ExitCode
from soma_info.knowledge import interactions, yamlfile
from soma_info.knowledge.vocabulary import Vocabulary

from .conftest import FIXTURE, FORMATS, SHIPPED, TESTS, invoke

MONOGRAPH = yamlfile.load(str(SHIPPED))
VOCABULARY = Vocabulary.load()


def _table() -> list[tuple[str, set[str], set[str]]]:
    rows = []
    for line in (TESTS / "data" / "interaction_names.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, ingredients, classes = line.split("\t")
            rows.append((name, set(ingredients.split("|")) - {"-"}, set(classes.split("|")) - {"-"}))
    return rows


NAMES = _table()


def test_the_table_is_large_and_covers_every_class() -> None:
    assert len(NAMES) >= 150
    covered = {c for _, _, classes in NAMES for c in classes}
    assert covered >= {g.id for g in MONOGRAPH.interactions} - {"cns-depressants"}


@pytest.mark.parametrize(("name", "ingredients", "classes"), NAMES, ids=[n for n, _, _ in NAMES])
def test_each_name_is_read_as_its_ingredients_and_classes(name: str, ingredients: set[str], classes: set[str]) -> None:
    reading = interactions.read(MONOGRAPH, VOCABULARY, name)
    assert reading.known, name
    # A dataset drug may carry its form in its name ("fentanyl patch"): the ingredient is in it as whole words.
    assert all(any(interactions.contains(i, want) for i in reading.ingredients) for want in ingredients), reading
    found = {f.group.id for f in reading.findings}
    assert classes <= found, reading
    if not classes:
        assert not found, reading  # a drug no source links to SOMA gets no finding


@pytest.mark.parametrize(
    "name",
    ["tramadol", "codeine", "morphine", "hydromorphone", "Dilaudid", "fentanyl", "methadone", "buprenorphine",
     "tapentadol", "Ultram", "Norco", "clonazepam", "Klonopin", "temazepam", "Halcion", "nortriptyline", "doxepin",
     "hydroxyzine", "promethazine", "doxylamine", "Tylenol PM", "gabapentin", "pregabalin", "Lyrica",
     "methocarbamol", "tizanidine", "baclofen"],
)  # fmt: skip
def test_the_names_of_the_issue_get_a_class_finding_in_every_format(name: str) -> None:
    for fmt in FORMATS:
        result = invoke("interactions", name, "-f", fmt)
        assert result.exit_code == ExitCode.OK, result.stderr
        assert "not listed in this reference" not in result.stdout
        assert "not recognised" not in result.stdout
    data = json.loads(invoke("interactions", name, "-f", "json").stdout)
    assert data["results"][0]["interaction_listed"] is True


CNS = ("opioids", "benzodiazepines")


@pytest.mark.parametrize("class_id", CNS)
def test_opioid_and_benzodiazepine_findings_carry_the_fatal_and_respiratory_language(class_id: str) -> None:
    group = next(g for g in MONOGRAPH.interactions if g.id == class_id)
    text = f"{group.concern} {group.effect}"
    assert re.search(r"fatal overdoses", text)
    assert re.search(r"respiratory depression", text)
    assert re.search(r"profound sedation, respiratory depression, coma and death", text)
    assert {"label-7.1", "label-10"} <= set(group.cite)


def test_alcohol_and_every_cns_depressant_class_say_fatal_overdoses_occurred_with_cns_depressants() -> None:
    depressants = [g for g in MONOGRAPH.interactions if not g.id.startswith(("cyp2c19", "low-dose", "ansm-enzyme"))]
    # Cannabis is in no class of the sources: its entry says so, and claims no finding to weaken or strengthen.
    # Naloxone's entry sets an antagonist's US label beside the thesaurus that lists it as sedating.
    depressants = [g for g in depressants if g.id not in ("same-drug", "meprobamate", "cannabis", "opioid-antagonists")]
    assert len(depressants) >= 8
    for group in depressants:
        assert "fatal overdoses have occurred" in " ".join(group.effect.split()), group.id
        assert "label-10" in group.cite, group.id


def test_a_known_drug_gets_no_suggestion_of_another_drug() -> None:
    out = invoke("interactions", "clonazepam", "-f", "plain").stdout
    assert "Did you mean" not in out and "lorazepam" not in out


@pytest.mark.parametrize("name", ["carisoprodol", "SOMA", "Vanadom", "soma"])
def test_the_same_drug_twice_is_said_plainly(name: str) -> None:
    out = " ".join(invoke("interactions", name, "-f", "plain").stdout.split())
    assert "The same drug twice" in out
    assert "SOMA with SOMA" not in out


def test_meprobamate_gets_the_metabolite_warning() -> None:
    out = " ".join(invoke("interactions", "meprobamate", "-f", "plain").stdout.split())
    assert re.search(r"metabolite", out) and re.search(r"not recommended", out)


def test_an_unrecognised_name_says_so_and_asks_for_the_spelling() -> None:
    result = invoke("interactions", "nonsense-drug", "-f", "plain")
    out = " ".join(result.stdout.split())
    assert "'nonsense-drug' is not a drug name this reference recognises: check the spelling" in out
    assert result.exit_code == ExitCode.NO_MATCH
    assert "safe" not in out.replace("not evidence that the combination is safe", "")


def test_a_near_miss_of_two_drugs_is_not_read_as_either_but_both_are_offered() -> None:
    reading = interactions.read(MONOGRAPH, VOCABULARY, "clonazapam")
    assert not reading.known and "clonazepam" in [n.name for n in reading.near] and reading.findings == ()


def _pitfalls() -> list[tuple[str, list[str]]]:
    rows = []
    for line in (TESTS / "data" / "interaction_pitfalls.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, expectations = line.split("\t")
            rows.append((name,
                         expectations.split("|")))  # fmt: skip
    return rows


PITFALLS = _pitfalls()


@pytest.mark.parametrize(("name", "expectations"), PITFALLS, ids=[repr(n) for n, _ in PITFALLS])
def test_names_that_easily_go_wrong_do_not(name: str, expectations: list[str]) -> None:
    reading = interactions.read(MONOGRAPH, VOCABULARY, name)
    classes = {f.group.id for f in reading.findings}
    for expectation in expectations:
        kind, _, value = expectation.partition(":")
        if kind == "has":
            assert any(interactions.contains(i, value) for i in reading.ingredients), reading
        elif kind == "not":
            assert not any(interactions.contains(i, value) for i in reading.ingredients), reading
        elif kind == "class":
            assert value in classes, reading
        elif kind == "guess":
            assert not reading.exact, reading
        elif kind == "exact":
            assert reading.exact, reading
        else:
            assert kind == "unknown" and not reading.known, reading


def test_a_guess_is_flagged_in_the_summary_in_json_and_in_the_exit_code() -> None:
    result = invoke("interactions", "lorazepan", "Vicks ZzzQuil", "-f", "json")
    data = json.loads(result.stdout)
    assert [r["exact"] for r in data["results"]] == [False, False]
    assert result.exit_code == ExitCode.NO_MATCH
    plain = invoke("interactions", "lorazepan", "Vicks ZzzQuil", "-f", "markdown").stdout
    assert "| lorazepan (read as lorazepam) | lorazepam |" in plain
    assert "read as several names written one after another" in plain
    assert "| Vicks ZzzQuil (read as separate names) |" in plain  # the summary flags every guess, this one too
    for fmt in ("plain", "rich"):
        table = invoke("interactions", "xanax norco", "-f", fmt, "-w", "200").stdout
        assert "xanax norco (read as separate names)" in table, fmt


@pytest.mark.parametrize(
    ("typed", "ingredient", "left"),
    [("Children's Benadryl", "diphenhydramine", "children's"), ("Kids' Benadryl", "diphenhydramine", "kids'"),
     ("Children's Zyrtec", "cetirizine", "children's"), ("Extra Strength Tylenol PM", "diphenhydramine", "extra")],
)  # fmt: skip
def test_a_known_name_after_unknown_words_is_read_as_a_partial_guess_when_it_adds_a_warning(
    typed: str, ingredient: str, left: str
) -> None:
    """What caregivers type: the product family after a word for who it is for. Read as a partial guess (exit 1,
    flagged), naming the words left over."""
    reading = interactions.read(MONOGRAPH, VOCABULARY, typed)
    assert reading.how == interactions.PARTIAL and not reading.exact
    assert ingredient in reading.ingredients and reading.findings
    assert left in " ".join(reading.left).lower()
    result = invoke("interactions", typed, "-f", "plain")
    assert result.exit_code == ExitCode.NO_MATCH and "only partly recognised" in result.stdout


def test_trailing_words_never_stand_in_for_a_misspelt_name_without_adding_a_warning() -> None:
    """ "naproxn sodium": a trailing word with no finding must not hide the misspelling and its suggestion."""
    reading = interactions.read(MONOGRAPH, VOCABULARY, "naproxn sodium")
    assert not reading.known and any(n.name == "naproxen" for n in reading.near)


def test_a_left_over_pm_says_what_to_look_for_on_the_label() -> None:
    out = " ".join(invoke("interactions", "Motrin PM", "-f", "plain").stdout.split())
    assert "'pm' was not" in out and "diphenhydramine or doxylamine" in out


def test_a_misspelling_of_one_drug_is_read_as_it_and_says_so() -> None:
    out = " ".join(invoke("interactions", "lorazepan", "-f", "plain").stdout.split())
    assert "not an exact match; read as 'lorazepam' (lorazepam)" in out
    assert "Benzodiazepines" in out


@pytest.mark.parametrize(
    ("typed", "offered", "what"),
    [
        ("klonipin", "klonopin", "clonazepam; in the class Benzodiazepines"),
        ("zanax", "xanax", "alprazolam; in the class Benzodiazepines"),  # the first letter is wrong
        ("seraquel", "seroquel", "quetiapine; in the class Sedating medicines (ANSM list)"),
        ("nuerontin", "neurontin", "gabapentin; in the class Gabapentinoids"),
        ("ambian", "ambien", "zolpidem; in the class Sedatives and sleep medicines"),
    ],
)
def test_a_brand_misspelt_is_offered_with_its_ingredient_and_class_never_read(
    typed: str, offered: str, what: str
) -> None:
    """One letter from a brand is a suggestion, not a reading (a brand the vocabulary lacks is too often one letter
    from another drug's brand); the suggestion names the ingredient and its class, so that the warning is not lost."""
    result = invoke("interactions", typed, "-f", "plain")
    out = " ".join(result.stdout.split())
    assert f"Did you mean '{offered}' ({what})" in out
    assert result.exit_code == ExitCode.NO_MATCH
    data = json.loads(invoke("interactions", typed, "-f", "json").stdout)["results"][0]
    assert data["known"] is False and data["suggestions"][0]["name"] == offered


def test_a_known_drug_with_nothing_listed_is_not_evidence_of_safety() -> None:
    result = invoke("interactions", "ibuprofen", "-f", "plain")
    out = " ".join(result.stdout.split())
    assert "ibuprofen is a drug name this reference knows" in out
    assert "not evidence that the combination is safe" in out
    assert result.exit_code == ExitCode.OK
    assert "no interaction" not in out.lower()


@pytest.mark.parametrize("fmt", ["plain", "markdown", "rich"])
@pytest.mark.parametrize("name", ["trazodone", "Desyrel", "lisinopril", "ibuprofen"])
def test_a_drug_no_class_lists_gets_the_labels_words_on_other_cns_depressants(name: str, fmt: str) -> None:
    """The class lists cannot hold every sedating medicine; under a drug they miss, the label's own point is
    given, with its sources: its list of CNS depressants is only examples, and other sedatives need a doctor's
    word too. Never a verdict on the drug itself."""
    out = " ".join(invoke("interactions", name, "-f", fmt, "--width", "100").stdout.split())
    assert "not evidence that the combination is safe" in out
    assert re.search(r"carisoprodol and other CNS depressants may be additive.*only as examples", out)
    assert "other sedatives" in out
    assert "FDA label §7.1" in out and "FDA label §17" in out


def test_the_json_gives_the_unlisted_statement_with_its_sources_only_when_a_drug_is_unlisted() -> None:
    unlisted = json.loads(invoke("interactions", "trazodone", "-f", "json").stdout)["unlisted"]
    assert unlisted["cite"] == ["label-7.1", "label-17"] and "only as examples" in unlisted["text"]
    assert json.loads(invoke("interactions", "tramadol", "-f", "json").stdout)["unlisted"] is None


def test_a_name_with_unrecognised_words_warns_that_the_product_may_hold_more() -> None:
    out = " ".join(invoke("interactions", "Motrin PM extra", "-f", "plain").stdout.split())
    assert "Only 'motrin' (ibuprofen) was recognised" in out
    assert "other active ingredients" in out


def test_a_medication_list_leads_with_a_summary_table_then_details_per_name() -> None:
    out = invoke("interactions", "tramadol", "Tylenol PM", "klonopin", "-f", "markdown").stdout
    table = out[: out.index("\n## ")]
    assert "| Name | Ingredient | Class | Concern |" in table
    for row in ("| tramadol | tramadol |", "| Tylenol PM | diphenhydramine |", "| Tylenol PM | acetaminophen |",
                "| klonopin | clonazepam |"):  # fmt: skip
        assert row in table
    assert out.index("## tramadol") < out.index("## Tylenol PM") < out.index("## klonopin")
    assert out.rstrip().endswith(MONOGRAPH.notice) or MONOGRAPH.notice in out[-len(MONOGRAPH.notice) - 20 :]


def test_a_number_after_a_hash_in_a_list_is_part_of_the_name(tmp_path: Path) -> None:
    meds = tmp_path / "meds.txt"
    meds.write_text("Tylenol #3\n", encoding="utf-8")
    data = json.loads(invoke("interactions", "--from", str(meds), "-f", "json").stdout)
    assert data["results"][0]["input"] == "Tylenol #3"
    assert "codeine" in [i["name"] for i in data["results"][0]["ingredients"]]


def test_a_name_given_on_its_own_is_never_split_at_commas() -> None:
    data = json.loads(invoke("interactions", "Klonopin 0,5 mg", "-f", "json").stdout)
    assert [r["input"] for r in data["results"]] == ["Klonopin 0,5 mg"]


@pytest.mark.parametrize("args", [["interactions", " "], ["interactions", ","], ["interactions", "--with", ","]])
def test_names_that_reduce_to_nothing_are_usage_errors_on_both_paths(args: list[str]) -> None:
    import io

    from soma_info import fast

    result = invoke(*args)
    errors = io.StringIO()
    assert fast.run(args, {"COLUMNS": "100"}, io.StringIO(), errors) == result.exit_code == ExitCode.USAGE
    assert errors.getvalue() == result.stderr


def test_with_is_repeatable_and_takes_comma_separated_lists() -> None:
    one = invoke("interactions", "tramadol", "klonopin", "-f", "json").stdout
    assert invoke("interactions", "--with", "tramadol, klonopin", "-f", "json").stdout == one
    assert invoke("interactions", "--with", "tramadol", "--with", "klonopin", "-f", "json").stdout == one
    assert invoke("interactions", "tramadol", "--with", "klonopin", "-f", "json").stdout == one


def test_from_reads_a_list_skipping_blank_lines_and_comments(tmp_path: Path) -> None:
    meds = tmp_path / "meds.txt"
    meds.write_text("\ufeff# my medicines\ntramadol\n\n  klonopin   # at night\n", encoding="utf-8")
    one = invoke("interactions", "tramadol", "klonopin", "-f", "json").stdout
    assert invoke("interactions", "--from", str(meds), "-f", "json").stdout == one
    piped = invoke("interactions", "--from", "-", "-f", "json", input=meds.read_text())
    assert piped.stdout == one


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["interactions", "--from", "/nonexistent/meds.txt"], "Cannot read /nonexistent/meds.txt"),
        (["interactions", "--with", ""], "A drug name must not be empty."),
        (["interactions", '"'], "No drug name was given."),
        (["interactions", ",", "--with", " ,"], "No drug name was given."),
        (["interactions", "--brief", "tramadol"], "--brief shortens the interactions section; it cannot be"),
        (["interactions", "-b", "--with", "tramadol"], "cannot be combined with drug names"),
    ],
)
def test_bad_lists_are_usage_errors(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == ExitCode.USAGE and message in result.stderr and "Traceback" not in result.stderr


def test_a_file_that_names_no_drug_is_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n", encoding="utf-8")
    result = invoke("interactions", "--from", str(empty))
    assert result.exit_code == ExitCode.USAGE and "names no drug" in result.stderr


def test_json_gives_per_name_input_ingredients_classes_known_listed_and_citations() -> None:
    data = json.loads(invoke("interactions", "Norco", "ibuprofen", "zzzq", "-f", "json").stdout)
    norco, ibuprofen, unknown = data["results"]
    assert norco["input"] == "Norco" and norco["known"] and norco["interaction_listed"]
    assert [i["name"] for i in norco["ingredients"]] == ["hydrocodone", "acetaminophen"]
    assert norco["ingredients"][0]["classes"][0]["id"] == "opioids"
    assert norco["ingredients"][0]["classes"][0]["membership_cite"] and norco["product_cite"]
    assert norco["ingredients"][1]["classes"] == [] and norco["ingredients"][0]["note"] == ""
    assert "not evidence that the combination is safe" in norco["ingredients"][1]["note"]  # each unlisted one
    assert ibuprofen["known"] and not ibuprofen["interaction_listed"]
    assert "not evidence that the combination is safe" in ibuprofen["ingredients"][0]["note"]
    assert data["ask"].startswith("Ask your prescriber or pharmacist before taking SOMA with any other medicine")
    assert not unknown["known"] and "check the spelling" in unknown["message"]
    cited = {c for r in data["results"] for i in r["ingredients"] for k in i["classes"] for c in k["cite"]}
    assert cited <= {s["id"] for s in data["sources"]}
    assert data["notice"] == MONOGRAPH.notice
    assert data["vocabulary"]["dataset"].startswith("drug-named-entity-recognition ")


def test_exit_codes_say_whether_every_name_was_recognised_never_whether_it_is_safe() -> None:
    assert invoke("interactions", "ibuprofen").exit_code == ExitCode.OK
    assert invoke("interactions", "tramadol").exit_code == ExitCode.OK
    assert invoke("interactions", "tramadol", "zzqqx").exit_code == ExitCode.NO_MATCH


# ----------------------------------------------------------------------------- never "safe"

_NEGATED_SAFE = re.compile(r"not evidence that the combination is safe")
_KNOWN = [n for n, _, _ in NAMES]


def _assert_never_safe(text: str) -> None:
    words = " ".join(text.split())
    remaining = _NEGATED_SAFE.sub("", words)
    assert not re.search(r"\bsafe(ly)?\b", remaining, re.IGNORECASE), words  # "Drug Safety Communication" is a title
    assert not re.search(r"\bno interactions?\b|\bok to take\b", remaining, re.IGNORECASE), words


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(
        st.one_of(
            st.sampled_from(_KNOWN),
            st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F), min_size=1, max_size=20),
        ),
        min_size=1,
        max_size=4,
    ),
    fmt=st.sampled_from(FORMATS),
)
def test_no_output_for_any_input_calls_anything_safe(names: list[str], fmt: str) -> None:
    names = [n for n in names if n.strip() and not n.startswith("-")] or ["ibuprofen"]
    result = invoke("interactions", "-f", fmt, "--", *names)
    assert result.exit_code in (ExitCode.OK, ExitCode.NO_MATCH, ExitCode.USAGE), result.stderr
    _assert_never_safe(result.stdout + result.stderr)
    if result.exit_code != ExitCode.USAGE:
        assert MONOGRAPH.notice.split()[0] in result.stdout


def test_the_knowledge_file_never_calls_a_combination_safe() -> None:
    texts = [f"{g.name} {g.concern} {g.effect} {g.advice}" for g in MONOGRAPH.interactions]
    for text in texts:
        assert not re.search(r"\bsafe(ly)?\b", text, re.IGNORECASE), text


# ----------------------------------------------------------------------------- the knowledge file's side


def test_every_class_cites_where_its_members_come_from() -> None:
    for group in MONOGRAPH.interactions:
        for members in group.members:
            assert members.names and members.cite, group.id


def test_every_product_cites_its_label_and_reads_into_known_ingredients() -> None:
    assert len(MONOGRAPH.products) >= 11
    for product in MONOGRAPH.products:
        assert product.cite and len(product.ingredients) >= 1
        for ingredient in product.ingredients:
            assert VOCABULARY.ingredients(ingredient) is not None, (product.name, ingredient)


def test_a_custom_file_brings_its_own_products_and_words() -> None:
    out = invoke("--data", str(FIXTURE), "interactions", "Mixo Forte", "wine", "-f", "plain").stdout
    assert "Mixo Forte is a combination product: oxycodone + acetaminophen." in " ".join(out.split())
    assert "'wine' is read as the class CNS depressants" in " ".join(out.split())


@pytest.mark.parametrize(
    ("unlisted", "message"),
    [
        ("unlisted:\n  text: Only examples.\n  cite: [no-such-source]\n", "'no-such-source', which is not in sources"),
        ("unlisted:\n  text: Only examples.\n", "missing required key 'cite'"),
        ("unlisted:\n  text: Only examples.\n  cite: [label-1]\n  advice: x\n", "unknown key 'advice'"),
    ],
    ids=["unknown source", "no cite", "unknown key"],
)
def test_validate_checks_the_unlisted_statement_like_any_other(tmp_path: Path, unlisted: str, message: str) -> None:
    from .conftest import FIXTURE

    path = tmp_path / "file.yaml"
    path.write_text(FIXTURE.read_text(encoding="utf-8") + unlisted, encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == ExitCode.DATA
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("name", "ingredient"), [("Roxicodone", "oxycodone"), ("Dramamine", "dimenhydrinate"),
                                                  ("Sonata", "zaleplon")])  # fmt: skip
def test_a_single_ingredient_product_is_not_called_a_combination(name: str, ingredient: str) -> None:
    out = " ".join(invoke("interactions", name, "-f", "plain").stdout.split())
    assert f"{name}: active ingredient {ingredient}." in out
    assert "combination product" not in out


def test_the_note_on_unlisted_medicines_is_given_once_and_also_under_a_name_not_recognised() -> None:
    """An unrecognised name could be any medicine, a sedative included, so it gets the note too; a list of
    several such names gets it once, and a pointer to it under the others."""
    out = " ".join(invoke("interactions", "ibuprofen", "trazodon", "lisinopril", "-f", "plain").stdout.split())
    assert out.count("only as examples") == 1
    assert out.count("See the note on medicines no class lists, under ibuprofen above.") == 2
    data = json.loads(invoke("interactions", "nonsense-drug-xyz", "-f", "json").stdout)
    assert data["unlisted"] is not None and data["unlisted"]["cite"] == ["label-7.1", "label-17"]


def test_the_advice_line_cites_only_the_advices_own_sources() -> None:
    """The antihistamine finding cites 21 CFR 341.12 and products' Drug Facts for its sentence on OTC products;
    the advice under it comes from the SOMA label alone, and its markers say so."""
    out = invoke("interactions", "Benadryl", "-f", "plain").stdout
    notes = dict(re.findall(r"^  \[(\d+)\] (.+)$", out, re.MULTILINE))
    advice = re.search(r"What the label advises: [^\[]*\[([\d, ]+)\]", " ".join(out.split()))
    assert advice is not None
    cited = [notes[n] for n in advice.group(1).split(", ")]
    assert cited and all(c.startswith("FDA label §") for c in cited), cited
    data = json.loads(invoke("interactions", "Benadryl", "-f", "json").stdout)
    group = data["results"][0]["ingredients"][0]["classes"][0]
    assert group["advice_cite"] == ["label-7.1", "label-17"] and "cfr-21-341-12" in group["cite"]


def test_validate_checks_an_advice_cite_like_any_other(tmp_path: Path) -> None:
    from .conftest import FIXTURE

    text = FIXTURE.read_text(encoding="utf-8")
    at = text.index("\ninteractions:\n")
    at = text.index("    cite: [", at)
    end = text.index("\n", at) + 1
    path = tmp_path / "file.yaml"
    path.write_text(text[:end] + "    advice_cite: [no-such-source]\n" + text[end:], encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == ExitCode.DATA and "'no-such-source', which is not in sources" in result.stderr


@pytest.mark.parametrize("name", ["cannabis", "THC", "CBD", "marijuana", "dronabinol", "Epidiolex", "kratom"])
def test_substances_people_ask_about_are_recognised_and_never_called_safe(name: str) -> None:
    """Spelt right, they are never 'check the spelling'; where no source gives a class, the entry says so plainly
    and that this is not evidence of safety."""
    result = invoke("interactions", name, "-f", "plain")
    out = " ".join(result.stdout.split())
    assert result.exit_code == ExitCode.OK and "check the spelling" not in out
    if name != "kratom":
        assert "has not verified what those labels say" in out and "does not mean there is none" in out
    else:
        assert "opioid properties" in out


def test_where_two_sources_disagree_both_are_shown() -> None:
    """Naloxone: the US label's opioid antagonist and the ANSM list's sedating medicine, side by side; never the
    opioids' finding (it reverses an overdose)."""
    reading = interactions.read(MONOGRAPH, VOCABULARY, "Narcan")
    assert [f.group.id for f in reading.findings] == ["opioid-antagonists"]
    assert "ansm-2020-sedatifs" in reading.findings[0].membership
    effect = " ".join(reading.findings[0].group.effect.split())
    assert "opioid antagonist" in effect and "sedating medicines" in effect and "differ" in effect
