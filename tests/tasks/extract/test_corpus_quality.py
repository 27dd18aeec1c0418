"""Quality gates on the project's own annotated corpora (tests/corpus), so CI checks
extraction quality without the shared dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.extract.evaluate import score_corpus

CORPORA = Path(__file__).resolve().parents[2] / "corpus"
# Floors under the learned extractor's figures when each gate was last set (F1 tuning 0.754,
# holdout 0.684, wire 0.616, eras 0.695, varied 0.642, web 0.584, regional 0.572; status
# 0.77 to 0.86), by about 0.02-0.03: a retrained model moves them that much either way, a
# lost kind of claim moves them more. None of these articles was trained on: the model
# learns from the shared training set only.
GATES = {
    "tuning": (0.73, 0.75),
    "holdout": (0.66, 0.81),
    "wire": (0.59, 0.75),
    "eras": (0.67, 0.74),
    "varied": (0.62, 0.74),
    "web": (0.56, 0.83),
    "regional": (0.55, 0.77),
}


@pytest.mark.parametrize("name", sorted(GATES))
def test_corpus_f1_and_status(name: str) -> None:
    score = score_corpus(CORPORA / name)
    min_f1, min_status = GATES[name]
    print(f"{name}: F1 {score.f1:.3f} status {score.status_accuracy:.3f}")
    assert score.f1 >= min_f1
    assert score.status_accuracy >= min_status
