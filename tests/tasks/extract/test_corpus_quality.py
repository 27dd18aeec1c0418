"""Quality gates on the project's own annotated corpora (tests/corpus), so CI checks
extraction quality without the shared dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.extract.evaluate import score_corpus

CORPORA = Path(__file__).resolve().parents[2] / "corpus"
# Floors a little under the figures measured when each gate was last set (F1 tuning 0.893,
# holdout 0.743, wire 0.698, eras 0.824, varied 0.685, web 0.547, regional 0.563; status 0.87
# to 0.93): a change that loses claims fails here.
GATES = {
    "tuning": (0.88, 0.85),
    "holdout": (0.73, 0.85),
    "wire": (0.68, 0.85),
    "eras": (0.80, 0.85),
    "varied": (0.67, 0.85),
    "web": (0.53, 0.88),
    "regional": (0.54, 0.85),
}


@pytest.mark.parametrize("name", sorted(GATES))
def test_corpus_f1_and_status(name: str) -> None:
    score = score_corpus(CORPORA / name)
    min_f1, min_status = GATES[name]
    print(f"{name}: F1 {score.f1:.3f} status {score.status_accuracy:.3f}")
    assert score.f1 >= min_f1
    assert score.status_accuracy >= min_status
