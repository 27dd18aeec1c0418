"""Quality gates on the project's own annotated corpora (tests/corpus), so CI checks
extraction quality without the shared dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.extract.evaluate import score_corpus

CORPORA = Path(__file__).resolve().parents[2] / "corpus"
# Floors a little under the learned extractor's figures when each gate was last set (F1
# tuning 0.768, holdout 0.711, wire 0.603, eras 0.703, varied 0.637, web 0.576, regional
# 0.582; status 0.77 to 0.85). None of these articles was trained on: the model learns from
# the shared training set only. A change that loses claims fails here.
GATES = {
    "tuning": (0.75, 0.77),
    "holdout": (0.69, 0.82),
    "wire": (0.58, 0.76),
    "eras": (0.68, 0.75),
    "varied": (0.62, 0.75),
    "web": (0.55, 0.83),
    "regional": (0.56, 0.76),
}


@pytest.mark.parametrize("name", sorted(GATES))
def test_corpus_f1_and_status(name: str) -> None:
    score = score_corpus(CORPORA / name)
    min_f1, min_status = GATES[name]
    print(f"{name}: F1 {score.f1:.3f} status {score.status_accuracy:.3f}")
    assert score.f1 >= min_f1
    assert score.status_accuracy >= min_status
