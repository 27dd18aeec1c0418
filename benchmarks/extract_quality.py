"""Print the extractor's claim F1 and status accuracy on annotated corpora, with -v every
missed and false claim.

    uv run python benchmarks/extract_quality.py [-v] [CORPUS ...]

With no CORPUS, the project's own corpora under tests/corpus are scored. A corpus is a folder
with docs/*.txt and gold.jsonl (see tasks/extract/evaluate.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tasks.extract.evaluate import Score, score_corpus

OWN_CORPORA = Path(__file__).resolve().parents[1] / "tests" / "corpus"


def report(name: str, score: Score, verbose: bool) -> None:
    """One line per corpus; with `verbose`, each document's misses and false claims."""
    if verbose:
        for doc in sorted(set(score.missed) | set(score.false)):
            print(f"-- {doc}")
            for key in score.missed.get(doc, []):
                print(f"   missed {key}")
            for key in score.false.get(doc, []):
                print(f"   false  {key}")
    print(
        f"{name}: F1 {score.f1:.3f} P {score.precision:.3f} R {score.recall:.3f} "
        f"status {score.status_accuracy:.3f} (tp {score.tp} fp {score.fp} fn {score.fn})"
    )


def main() -> None:
    """Score each corpus given, or the project's own."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    corpora = args.corpora or sorted(p for p in OWN_CORPORA.iterdir() if p.is_dir())
    for corpus in corpora:
        report(corpus.name, score_corpus(corpus), args.verbose)


if __name__ == "__main__":
    main()
