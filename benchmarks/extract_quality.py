"""Print claim F1, precision, recall, status accuracy and per-field F1 of the learned
extractor beside the hand-written rules, per annotated corpus; with -v every missed and
false claim of the learned extractor.

    uv run python benchmarks/extract_quality.py [-v] [CORPUS ...]

With no CORPUS, the project's own corpora under tests/corpus are scored, and the shared
sets beside the checkout when they are there (the training set's test side, and dev). A
corpus is a folder with docs/*.txt and gold.jsonl (see tasks/extract/evaluate.py); one with
a split.tsv is scored on its test side.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tasks.extract import extract_claims
from tasks.extract.evaluate import FIELDS, Extractor, Score, score_corpus
from tasks.extract.rulebook import rule_claims

ROOT = Path(__file__).resolve().parents[1]
OWN_CORPORA = ROOT / "tests" / "corpus"
SHARED = ROOT.parent / "shared"
SHARED_CORPORA = [SHARED / "train", SHARED / "eval" / "dev"]
EXTRACTORS: dict[str, Extractor] = {"learned": extract_claims, "rules": rule_claims}


def report(name: str, who: str, score: Score, verbose: bool) -> None:
    """One line per corpus and extractor; with `verbose`, each document's errors."""
    if verbose:
        for doc in sorted(set(score.missed) | set(score.false)):
            print(f"-- {doc}")
            for key in score.missed.get(doc, []):
                print(f"   missed {key}")
            for key in score.false.get(doc, []):
                print(f"   false  {key}")
    fields = " ".join(f"{f} {score.field_f1(f):.3f}" for f in FIELDS)
    print(
        f"{name:>10} {who:>7}: F1 {score.f1:.3f} P {score.precision:.3f} R {score.recall:.3f} "
        f"status {score.status_accuracy:.3f} | fields {fields}"
    )


def default_corpora() -> list[Path]:
    own = sorted(p for p in OWN_CORPORA.iterdir() if p.is_dir())
    return own + [p for p in SHARED_CORPORA if (p / "gold.jsonl").exists()]


def main() -> None:
    """Score each corpus given, or the project's own and the shared ones."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    for corpus in args.corpora or default_corpora():
        side = "test" if (corpus / "split.tsv").exists() else None
        name = corpus.name + ("/test" if side else "")
        for who, extract in EXTRACTORS.items():
            score = score_corpus(corpus, extract, side)
            report(name, who, score, args.verbose and who == "learned")


if __name__ == "__main__":
    main()
