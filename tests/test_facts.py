"""Facts: what the shipped knowledge file prints, checked against the reference fact sheet.

The rows below follow `carisoprodol-facts.md`: its 25 "must be true" facts and 5 extra facts (each in every
section a reader would look in), its 10 "must NOT be claimed" statements and its "Also avoid" list, the verdicts
of its claims table, and its rules for citing sources. Every check runs the real command through Typer's runner.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlparse

import pytest

from soma_info.knowledge import yamlfile
from soma_info.knowledge.sections import CANONICAL_KEYS

from .conftest import SHIPPED, invoke

FLAGS = re.IGNORECASE
LABEL_REVISION = "5/2023"
SHIPPED_MONOGRAPH = yamlfile.load(str(SHIPPED))


@cache
def plain(*args: str) -> str:
    """The plain-text output of a command with the shipped knowledge file (cached: the file does not change)."""
    result = invoke(*args, "-f", "plain")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def section_text(key: str) -> str:
    return plain(key)


def all_text() -> str:
    return plain("all")


QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')


def unquoted(text: str) -> str:
    """The text without its quotations: a quoted claim or quoted label wording is reported, not asserted."""
    return QUOTED.sub('""', text)


# ----------------------------------------------------------------------------- must be true
# (fact, section key or keys, case-insensitive regex): tolerant of wording, strict on figures.

PERCENT_13_17_6 = r"13\s*%[^\n]*17\s*%[^\n]*6\s*%"
FACTS: list[tuple[str, str | tuple[str, ...], str]] = [
    # 1. Indication: acute, painful musculoskeletal conditions, in adults.
    ("indication", ("overview", "indications"), r"acute,? painful musculoskeletal conditions in adults"),
    # 2. Limitation of use: two or three weeks.
    ("two-or-three-weeks", "overview", r"two or three weeks"),
    ("two-or-three-weeks", "indications", r"only for short periods \(up to two or three weeks\)"),
    ("two-or-three-weeks", "dosage", r"maximum duration of use: up to two or three weeks"),
    ("two-or-three-weeks", "counseling", r"up to two or three weeks"),
    # 3. and 4. Dose and frequency.
    ("dose-and-frequency", ("overview", "dosage"), r"250\s*mg to 350\s*mg three times a day and at bedtime"),
    # 5. Strengths.
    ("strengths", "overview", r"250\s*mg and 350\s*mg"),
    ("strengths", ("dosage", "supply"), r"strengths: 250\s*mg and 350\s*mg tablets"),
    # 6. and 7. The two contraindications.
    ("porphyria", "contraindications", r"history of acute intermittent porphyria"),
    (
        "carbamate-hypersensitivity",
        "contraindications",
        r"hypersensitivity reaction to a carbamate such as meprobamate",
    ),
    # 8. Schedule IV.
    ("schedule-iv", "overview", r"Schedule IV \(C-?IV\)"),
    ("schedule-iv", "abuse", r"Schedule IV controlled substance"),
    ("schedule-iv", "regulatory", r"Schedule IV"),
    # 9. Federal control effective January 11, 2012.
    ("jan-11-2012", "overview", r"January 11, 2012"),
    ("jan-11-2012", "abuse", r"took effect on January 11, 2012"),
    ("jan-11-2012", "regulatory", r"since January 11, 2012"),
    # 10. and 11. Metabolite meprobamate, formed by CYP2C19.
    ("meprobamate-cyp2c19", "mechanism", r"metabolite meprobamate"),
    ("meprobamate-cyp2c19", "onset", r"mainly by the enzyme CYP2C19, to form meprobamate"),
    ("meprobamate-cyp2c19", "populations", r"reduced CYP2C19 activity"),
    # 12. Poor metabolizers: 4-fold carisoprodol exposure, 50% lower meprobamate exposure.
    (
        "4-fold-50pct",
        ("onset", "populations"),
        r"(?:4-fold|fourfold|four-fold) increase in carisoprodol exposure and 50\s*% lower meprobamate",
    ),
    # 13. Poor-metabolizer prevalence.
    (
        "pm-prevalence",
        ("onset", "populations"),
        r"3\s*[–-]\s*5\s*% of Caucasians and African Americans[^\n]*15\s*[–-]\s*20\s*% of Asians",
    ),
    # 14. Carisoprodol half-life about 2 hours (1.7-2.0 h).
    ("carisoprodol-half-life", "onset", r"carisoprodol about 2 hours \(1\.7\s*[–-]\s*2\.0\s*h\)"),
    ("carisoprodol-half-life-table", "onset", r"Carisoprodol T½ \(h\)\s+1\.7 ± 0\.5\s+2\.0 ± 0\.5"),
    # 15. Meprobamate half-life about 10 hours (9.6-9.7 h).
    ("meprobamate-half-life", "onset", r"meprobamate about 10\s+hours \(9\.6\s*[–-]\s*9\.7\s*h\)"),
    ("meprobamate-half-life-table", "onset", r"Meprobamate T½ \(h\)\s+9\.7 ± 1\.7\s+9\.6 ± 1\.5"),
    # 16. Carisoprodol Tmax about 1.5 to 2 hours.
    ("tmax", "onset", r"\(Tmax\) of carisoprodol: about 1\.5 to 2 hours"),
    ("tmax", "claims", r"1\.5 to 2 hours is the time to peak plasma concentration"),
    # 17. With or without food.
    ("food", "overview", r"with or without food"),
    ("food", "dosage", r"may be given with or without food"),
    ("food", ("counseling", "claims"), r"may be taken with or without food"),
    # 18. Most common adverse reactions.
    (
        "common-adverse-reactions",
        "side-effects",
        r"most common adverse reactions \(more than 2\s*%\) were drowsiness, dizziness and headache",
    ),
    # 19. Drowsiness 13% (250 mg) and 17% (350 mg) against 6% on placebo.
    ("drowsiness-13-17-6", "side-effects", r"Drowsiness\s+31 \(6\s*%\)\s+73 \(13\s*%\)\s+47 \(17\s*%\)"),
    ("drowsiness-13-17-6", ("warnings", "overview", "claims"), PERCENT_13_17_6),
    # 20. Mechanism not clearly identified; does not directly relax skeletal muscles.
    ("mechanism-not-identified", "mechanism", r"has not been clearly identified"),
    ("not-direct-on-muscle", ("mechanism", "overview"), r"does not directly relax skeletal muscles"),
    # 21. Additive sedation with other CNS depressants.
    (
        "cns-depressants",
        ("interactions", "warnings"),
        r"alcohol,\s*benzodiazepines,?\s*opioids,?\s*and tricyclic antidepressants",
    ),
    # 22. CYP2C19 inhibitors and inducers.
    ("cyp2c19-inhibitors", "interactions", r"inhibitors, such as omeprazole or fluvoxamine"),
    ("cyp2c19-inducers", "interactions", r"inducers, such as rifampin or St\.? John'?s Wort"),
    # 23. Not established under 16 or over 65.
    ("under-16-over-65", "indications", r"less than 16 years[^\n]*over\s+65 years"),
    ("under-16", "populations", r"not been established in patients less than 16 years"),
    ("over-65", "populations", r"not been established in patients over 65 years"),
    # 24. Withdrawal after abrupt cessation of prolonged use.
    (
        "withdrawal",
        ("warnings", "abuse"),
        r"insomnia, vomiting, abdominal cramps, headache, tremors, muscle twitching, ataxia[^\n]*hallucinations"
        r" and psychosis",
    ),
    # 25. EU: suspension of all carisoprodol medicines recommended in November 2007.
    (
        "eu-suspension",
        "regulatory",
        r"16 November 2007[^\n]*recommended suspending the marketing authorisations of all carisoprodol",
    ),
    ("eu-suspension", "overview", r"November 2007[^\n]*all carisoprodol medicines be suspended"),
    # Extra facts.
    ("approved-1959", ("overview", "regulatory"), r"Initial U\.S\. approval: 1959"),
    ("hemodialysis", ("onset", "overdose", "populations"), r"dialyzable by hemodialysis"),
    ("storage-20-25c", "supply", r"20\s*[–-]\s*25\s*°C"),
    ("serotonin-syndrome", "overdose", r"serotonin syndrome has been reported"),
    (
        "seizures-benzodiazepines-phenobarbital",
        "overdose",
        r"intravenous benzodiazepines; recurrent seizures may be treated with phenobarbital",
    ),
]

MUST_BE_TRUE = [
    (fact, key, pattern) for fact, keys, pattern in FACTS for key in ((keys,) if isinstance(keys, str) else keys)
]


@pytest.mark.parametrize(("fact", "key", "pattern"), MUST_BE_TRUE, ids=[f"{f}-in-{k}" for f, k, _ in MUST_BE_TRUE])
def test_a_fact_is_in_the_section_a_reader_would_look_in(fact: str, key: str, pattern: str) -> None:
    assert re.search(pattern, section_text(key), FLAGS), f"{key} does not say /{pattern}/"


# Denials the file makes on purpose: they must stay, so that the negative checks below stay meaningful.
DENIALS: list[tuple[str, str]] = [
    ("mechanism", r"is not a neuromuscular blocking drug"),
    ("contraindications", r"Nervous system lesions\W+not a contraindication"),
    ("contraindications", r"Kidney or liver impairment: not contraindications"),
    ("dosage", r"The label states no maximum daily dose"),
    ("overdose", r"flumazenil is not a labelled antidote"),
    ("warnings", r"Neither label says that the first dose must be taken under medical supervision"),
    ("indications", r"not an approval for children aged 12 or older"),
    ("claims", r"Nothing in the label or the other cited sources supports an NSAID-sparing effect"),
]


@pytest.mark.parametrize(("key", "pattern"), DENIALS, ids=[k + ":" + p[:30] for k, p in DENIALS])
def test_a_false_claim_is_denied_where_a_reader_would_look(key: str, pattern: str) -> None:
    assert re.search(pattern, section_text(key), FLAGS)


# ----------------------------------------------------------------------------- must not be claimed
# (regex, reason, an example of the claim): each regex matches the false claim as an assertion. Quotations are
# removed first, so the claims section may quote the promotional page; lookbehinds let the file's denials through.

MUST_NOT_CLAIM: list[tuple[str, str, str]] = [
    # 1. Neuromuscular blockade or a direct action on muscle.
    (r"(?<!not )\bblocks? (?:the )?neuromuscular transmission", "1: blocks neuromuscular transmission",
     "Carisoprodol blocks neuromuscular transmission."),
    (r"(?:provides|causes|produces) (?:a )?(?:blockade of neuromuscular|neuromuscular block)", "1: blockade",
     "It provides a blockade of neuromuscular transmission."),
    (r"(?<!not )\bis an? (?:neuromuscular[- ]block|peripherally acting)", "1: a neuromuscular blocker",
     "Carisoprodol is a neuromuscular blocking agent."),
    (r"(?<!not )\bdirectly relax(?:es)? (?:tense )?skeletal muscle", "1: relaxes skeletal muscle directly",
     "It directly relaxes skeletal muscles."),
    (r"(?<!not )\bacts? directly on (?:the )?(?:skeletal )?muscle", "1: acts directly on muscle",
     "SOMA acts directly on the muscle."),
    (r"(?<!not )reduces the excitability of muscle", "1: reduces muscle excitability",
     "It reduces the excitability of muscle tissue."),
    # 2. No sedation, no impairment.
    (r"(?:does not|doesn't|will not|won't) cause (?:any )?(?:sedation|drowsiness)", "2: causes no sedation",
     "SOMA does not cause drowsiness."),
    (r"\bnon-?sedating\b|\bno sedation\b", "2: non-sedating", "A non-sedating muscle relaxant."),
    (r"(?:does not|doesn't) (?:impair|interfere with|affect) (?:driving|(?:the )?(?:ability|abilities) to drive"
     r"|work|daily activit|(?:the )?patient's activity)", "2: does not impair driving or work",
     "It does not interfere with the patient's activity."),
    (r"\bwell tolerated\b", "2: well tolerated (sedation in 13-17%)", "It is well tolerated."),
    # 3. No respiratory or cardiovascular depression.
    (r"(?:does not|doesn't) (?:inhibit|depress|suppress|affect) (?:respiration|breathing)", "3: spares breathing",
     "It does not inhibit respiration."),
    (r"(?:does not|doesn't) (?:inhibit|depress|suppress|affect) (?:the )?cardiovascular", "3: spares the heart",
     "It doesn't affect the cardiovascular system."),
    (r"\bno (?:risk of )?respiratory depression\b", "3: no respiratory depression",
     "There is no respiratory depression."),
    # 4. Long-term use.
    (r"(?<!not )(?:suitable|approved|indicated|intended) for (?:long-term|chronic|prolonged) use",
     "4: long-term use", "SOMA is approved for long-term use."),
    (r"(?:can|may) be (?:used|taken) (?:long-term|indefinitely|for months)", "4: can be taken for months",
     "It can be taken for months."),
    # 5. Not a controlled substance.
    (r"\b(?:is|remains) not (?:a |an )?(?:federally )?(?:controlled|scheduled)", "5: not controlled",
     "Carisoprodol is not a controlled substance."),
    (r"\bcarisoprodol is (?:an? )?(?:non-?controlled|uncontrolled)", "5: non-controlled",
     "Carisoprodol is a non-controlled drug."),
    # 6. Contraindications the label does not list.
    (r"contraindicated in (?:people|patients) with (?:nervous system lesions|liver|kidney|hepatic|renal)",
     "6: contraindicated in lesions or organ disease", "It is contraindicated in people with nervous system lesions."),
    (r"(?:hepatic|renal|liver|kidney) (?:impairment|disease)s?:? (?:is |are )?contraindicated",
     "6: organ impairment contraindicated", "Hepatic impairment: contraindicated."),
    (r"nervous system lesions (?:is|are) (?:a )?(?:labell?ed )?contraindication", "6: nervous system lesions",
     "Nervous system lesions are a contraindication."),
    # 7. Supervised first dose.
    (r"(?<!says that the )first dose (?:must|should|has to) be (?:taken|given) (?:under|in the presence)",
     "7: supervised first dose", "The first dose should be taken in the presence of a medical professional."),
    (r"(?<!not )(?<!no label )requires? (?:a )?(?:supervised|medically supervised) first dos",
     "7: requires a supervised first dose", "The label requires a supervised first dose."),
    # 8. A labelled maximum daily dose.
    (r"(?<!no )max(?:imum)?\.? (?:daily )?dose (?:is|of) [\d,]+\s*mg", "8: a maximum daily dose",
     "The maximum daily dose is 1,000 mg."),
    (r"(?<!not a )labell?ed maximum (?:daily )?dose (?:is|of)", "8: a labelled maximum",
     "The labelled maximum dose is 1,400 mg."),
    (r"\b1,?000\s*mg (?:a|per) day\b", "8: 1,000 mg a day", "Do not exceed 1000 mg per day."),
    # 9. Flumazenil, or any specific antidote.
    (r"flumazenil (?:is|as) (?:the |a |an )?(?:\w+ )?antidote", "9: flumazenil is the antidote",
     "Flumazenil is the recommended antidote."),
    (r"antidote (?:is|for carisoprodol is) flumazenil", "9: the antidote is flumazenil",
     "The antidote is flumazenil."),
    (r"(?:give|administer|use) flumazenil", "9: flumazenil as treatment", "Give flumazenil for an overdose."),
    (r"(?<!no )specific antidote (?:is|exists)", "9: a specific antidote", "A specific antidote exists."),
    # 10. Current EU authorisation, NSAID sparing.
    (r"(?:is|remains) (?:currently |still )?(?:authori[sz]ed|approved|available|marketed) (?:in|across|throughout)"
     r" the (?:EU|European Union)", "10: authorised in the EU", "It is still authorised in the EU."),
    (r"(?:allows|permits|enables) (?:a )?(?:reduction of (?:the )?)?NSAID", "10: allows NSAID reduction",
     "It allows NSAID dose reduction."),
    (r"(?<!supports an )\bNSAID-sparing (?:effect|agent|benefit)s?\b", "10: NSAID-sparing",
     "It has an NSAID-sparing effect."),
    (r"(?:reduces?|lowers?|cuts?) (?:the )?(?:NSAID|anti-inflammatory) (?:dose|use|requirement)",
     "10: reduces NSAID use", "SOMA reduces NSAID use."),
    # Also avoid.
    (r"must be taken with (?:food|meals)", "avoid: must be taken with food", "SOMA must be taken with food."),
    (r"half-life\W+(?:of\s+)?(?:about\s+|approximately\s+|~\s*)?8\s*(?:h\b|hours)", "avoid: half-life 8 hours",
     "Carisoprodol has a half-life of about 8 hours."),
    (r"(?<!not )approved for (?:use in )?(?:children|pediatric)[^.\n]*\b12\b", "avoid: approved for children 12+",
     "It is approved for children aged 12 and over."),
    (r"children (?:aged )?12\s*\+", "avoid: children 12+", "Suitable for children 12+."),
    (r"(?:contribution|contributes?)[^.\n]{0,80}(?:is|has been) (?:clearly |well )?established",
     "avoid: meprobamate's contribution established", "Meprobamate's contribution to efficacy is established."),
]  # fmt: skip


@pytest.mark.parametrize(("pattern", "reason", "example"), MUST_NOT_CLAIM, ids=[r for _, r, _ in MUST_NOT_CLAIM])
def test_a_false_claim_is_never_asserted(pattern: str, reason: str, example: str) -> None:
    match = re.search(pattern, unquoted(all_text()), FLAGS)
    assert match is None, f"{reason}: {match.group(0)!r}" if match else reason


@pytest.mark.parametrize(("pattern", "reason", "example"), MUST_NOT_CLAIM, ids=[r for _, r, _ in MUST_NOT_CLAIM])
def test_a_negative_regex_catches_the_claim_it_is_written_for(pattern: str, reason: str, example: str) -> None:
    assert re.search(pattern, example, FLAGS), f"{reason}: /{pattern}/ misses {example!r}"


def test_quoted_claims_are_not_assertions() -> None:
    assert unquoted('"it provides a blockade of neuromuscular transmission" — Contradicted.') == '"" — Contradicted.'


# ----------------------------------------------------------------------------- "safe"

SAFE = re.compile(r"\bsafe(?:ly|r|st)?\b", FLAGS)  # "safety" has no word boundary after "safe", so it passes


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("It is safe to combine with alcohol.", True),
        ("Can be safely combined with opioids.", True),
        ("A safer choice with benzodiazepines.", True),
        ("Efficacy, safety and pharmacokinetics have not been established.", False),
        ("The degree to which these contribute to safety and efficacy is unknown.", False),
    ],
)
def test_the_safe_regex_tells_safe_from_safety(text: str, flagged: bool) -> None:
    assert bool(SAFE.search(text)) is flagged


@pytest.mark.parametrize("key", CANONICAL_KEYS)
def test_no_section_calls_anything_safe(key: str) -> None:
    match = SAFE.search(section_text(key))
    assert match is None, match.group(0) if match else ""


# ----------------------------------------------------------------------------- the claims section
# (distinctive phrase of a promotional claim, expected verdict), verdicts as in the fact sheet's claims table.

VERDICT = re.compile(r"—\s*(Partly supported|Supported|Contradicted|Not addressed)", FLAGS)
CLAIMS: list[tuple[str, str]] = [
    ("blockade of neuromuscular transmission", "Contradicted"),
    ("reduces the excitability of muscle tissue", "Contradicted"),
    ("does not suppress nerve impulses", "Not addressed"),
    ("well tolerated", "Contradicted"),
    ("maximum therapeutic effect", "Partly"),
    ("gradually reducing in 4-6 hours", "Not addressed"),
    ("250-350 mg", "Supported"),
    ("does not usually exceed 2-3 weeks", "Partly supported"),
    ("16 years to 65", "Partly"),
    ("nervous system lesions", "Partly"),
    ("independently of the meals", "Supported"),
    ("does not inhibit respiration", "Contradicted"),
    ("first dose", "Not addressed"),
    ("Meprobamate metabolite", "Supported"),
    ("NSAID", "Not addressed"),
    ("most prescribed drugs", "Partly"),
    ("centrally-acting muscle relaxant", "Supported"),
    ("neuromuscular transmission recovers", "Not addressed"),
    ("comprehensive therapy", "Partly"),
    ("upright position", "Not addressed"),
    ("ideal for the muscle spasms removal", "Not addressed"),
]


def claim_item(phrase: str) -> str:
    items = [line for line in section_text("claims").splitlines() if line.startswith("  - ")]
    found = [item for item in items if phrase.lower() in item.lower()]
    assert len(found) == 1, f"{len(found)} items mention {phrase!r}"
    return found[0]


@pytest.mark.parametrize(("phrase", "verdict"), CLAIMS, ids=[p for p, _ in CLAIMS])
def test_a_promotional_claim_gets_its_verdict(phrase: str, verdict: str) -> None:
    match = VERDICT.search(claim_item(phrase))
    assert match, f"no verdict for {phrase!r}"
    assert match.group(1).lower().startswith(verdict.lower())


# ----------------------------------------------------------------------------- sources

MIRRORS = (
    "pill2trip",
    "gotopills",
    "witalina",
    "turtlegame",
    "pillintrip",
    "pillsync",
    "druginserts",
    "medlibrary",
    "au.edu.sy",
    "druglib",
    "blogspot",
    "drugcentral",
    "rxlist",
    "medpath",
    "clustermed",
    "mwmeditationandpsychotherapy",
    "themeditary",
    "wikipedia",
    "wikimili",
    "verywell",
    "fpnotebook",
)
SOURCES = [(s.id, s.url) for s in SHIPPED_MONOGRAPH.sources]


@pytest.mark.parametrize(("source_id", "url"), SOURCES, ids=[i for i, _ in SOURCES])
def test_a_source_url_is_well_formed_https(source_id: str, url: str) -> None:
    parts = urlparse(url)
    assert parts.scheme == "https" and parts.netloc and "." in parts.netloc, url
    assert url == url.strip() and " " not in url


@pytest.mark.parametrize("mirror", MIRRORS)
def test_no_source_is_a_copy_of_the_label(mirror: str) -> None:
    hosts = {urlparse(url).netloc.lower() + urlparse(url).path.lower() for _, url in SOURCES}
    assert not [h for h in hosts if mirror in h]


def test_every_source_is_listed_by_the_sources_command() -> None:
    listed = plain("sources")
    assert all(url in listed for _, url in SOURCES)


CITATIONS = [(s.id, s.citation) for s in SHIPPED_MONOGRAPH.sources]


@pytest.mark.parametrize(("source_id", "citation"), CITATIONS, ids=[i for i, _ in CITATIONS])
def test_a_citation_reads_well(source_id: str, citation: str) -> None:
    """ "Gonzalez et al., 2009", not "Gonzalez et al. 2009, 2009"; no "n.d."; a section or a date, never both empty."""
    assert citation in plain("sources")
    assert not re.search(r"\b(\d{4})\b[^;]*, [^;]*\b\1\b", citation), citation
    assert "n.d." not in citation
    assert not citation.endswith(", ")


# ----------------------------------------------------------------------------- provenance


@pytest.mark.parametrize("args", [("--version",), ("all", "-f", "plain")], ids=["version", "all"])
def test_the_label_revision_and_review_date_are_shown(args: tuple[str, ...]) -> None:
    reviewed = SHIPPED_MONOGRAPH.identity.reviewed
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", reviewed)
    output = invoke(*args).stdout
    assert re.search(rf"(?:revision|revised) {re.escape(LABEL_REVISION)}\b", output), output[:300]
    assert reviewed in output
