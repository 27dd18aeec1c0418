"""The corpus scorer: matching, number subsumption and either-reading actions."""

from __future__ import annotations

import json
from pathlib import Path

from tasks.extract.evaluate import score_corpus


def write_corpus(root: Path, text: str, gold: list[dict[str, object]]) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "a.txt").write_text(text, encoding="utf-8")
    lines = [json.dumps({"doc": "a.txt", "text": "", **g}) for g in gold]
    (root / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def claim(actor: str, location: str, action: str, status: str, troops: int | None) -> dict:
    return {"actor": actor, "location": location, "action": action, "status": status,
            "troops": troops}  # fmt: skip


def test_a_found_claim_is_a_true_positive(tmp_path: Path) -> None:
    corpus = write_corpus(
        tmp_path, "Title\n\nPeru will send 300 troops to Haiti.\n",
        [claim("PER", "HTI", "deploy", "planned", 300)],
    )  # fmt: skip
    score = score_corpus(corpus)
    assert (score.tp, score.fp, score.fn, score.status_ok) == (1, 0, 0, 1)


def test_a_wrong_figure_is_one_miss_and_one_false_claim(tmp_path: Path) -> None:
    corpus = write_corpus(
        tmp_path, "Title\n\nPeru will send 300 troops to Haiti.\n",
        [claim("PER", "HTI", "deploy", "planned", 400)],
    )  # fmt: skip
    score = score_corpus(corpus)
    assert (score.tp, score.fp, score.fn) == (0, 1, 1)
    assert score.missed["a.txt"] == [("PER", "HTI", "deploy", 400)]


def test_unnumbered_claims_are_subsumed_by_numbered_ones(tmp_path: Path) -> None:
    text = "Peru sends troops to Haiti\n\nPeru will send 300 troops to Haiti.\n"
    gold = [
        claim("PER", "HTI", "deploy", "planned", 300),
        claim("PER", "HTI", "deploy", "done", None),
    ]
    score = score_corpus(write_corpus(tmp_path, text, gold))
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)


def test_either_reading_is_accepted(tmp_path: Path) -> None:
    corpus = write_corpus(
        tmp_path, "Title\n\nAbout 300 Peruvian troops are in Haiti.\n",
        [claim("PER", "HTI", "deploy|presence", "done", 300)],
    )  # fmt: skip
    assert score_corpus(corpus).tp == 1
