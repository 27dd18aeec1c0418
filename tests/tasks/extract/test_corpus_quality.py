"""Quality gates on the project's own annotated corpora (tests/corpus), so CI checks
extraction quality without the shared dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.extract.evaluate import score_corpus

CORPORA = Path(__file__).resolve().parents[2] / "corpus"
# Floors under the learned extractor's figures (F1 tuning 0.729, holdout 0.680, wire 0.592,
# eras 0.701, varied 0.602, web 0.562, regional 0.583; status 0.77 to 0.85), by about 0.02:
# a retrained model moves them that much either way, a lost kind of claim moves them more.
# None of these articles was trained on: the model learns from the shared training set only.
GATES = {
    "tuning": (0.71, 0.76),
    "holdout": (0.66, 0.82),
    "wire": (0.57, 0.75),
    "eras": (0.68, 0.75),
    "varied": (0.58, 0.75),
    "web": (0.53, 0.84),
    "regional": (0.56, 0.80),
}


@pytest.mark.parametrize("name", sorted(GATES))
def test_corpus_f1_and_status(name: str) -> None:
    score = score_corpus(CORPORA / name)
    min_f1, min_status = GATES[name]
    print(f"{name}: F1 {score.f1:.3f} status {score.status_accuracy:.3f}")
    assert score.f1 >= min_f1
    assert score.status_accuracy >= min_status
