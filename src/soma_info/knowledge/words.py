"""The knowledge file's words that the command line shows before it reads any file.

Written by scripts/make_words.py from data/soma.yaml: edit the YAML and re-run the script, never this file.
"""

BRAND = "SOMA"
DRUG = "SOMA (carisoprodol)"
COMPARISON = "SOMA (carisoprodol) beside other skeletal muscle relaxants"

# One line of help per section (at most 45 characters), in label order, and the comparison's.
SECTION_HELP: dict[str, str] = {
    "overview": "What it is, what it is for, main risks.",
    "indications": "What it is approved for, in whom, how long.",
    "dosage": "Labelled dose, frequency and duration.",
    "mechanism": "How it works (not clearly identified).",
    "onset": "Onset, peak, duration, half-lives, CYP2C19.",
    "contraindications": "Who must not take it.",
    "warnings": "Sedation, abuse and dependence, seizures.",
    "interactions": "Alcohol, other depressants, CYP2C19 drugs.",
    "side-effects": "Adverse reactions, with trial rates.",
    "abuse": "Misuse, dependence, withdrawal, Schedule IV.",
    "overdose": "Signs of overdose and how it is managed.",
    "populations": "Pregnancy, lactation, age, kidney, liver.",
    "counseling": "What to tell the patient.",
    "regulatory": "Status in the US and elsewhere.",
    "supply": "Strengths, appearance and storage.",
    "claims": "Marketing claims checked against the label.",
}
COMPARE_HELP = "SOMA beside other muscle relaxants."
