"""Score the extractor against an annotated corpus: micro F1 over (actor, location, action,
troops) per document, and status accuracy on the matched claims.

A corpus is a folder holding `docs/*.txt` (headline, blank line, body) and `gold.jsonl` in the
format CLAIMS.md describes. The rules follow CLAIMS.md: an action written "deploy|presence"
accepts either reading, and a claim without a number neither counts nor is required where the
document gives a number for the same actor, location and action.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tasks.schema import Claim

Key = tuple[str, str, str, int | None]
Extractor = Callable[[str], list[Claim]]
FIELDS = ("actor", "location", "action", "troops")


@dataclass
class GoldClaim:
    """One annotated claim: the keys that accept it and the statuses annotated for it."""

    keys: frozenset[Key]
    statuses: set[str] = field(default_factory=set)


@dataclass
class Score:
    """Counts over a corpus, and each miss and false claim by document."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    status_ok: int = 0
    missed: dict[str, list[Key]] = field(default_factory=dict)
    false: dict[str, list[Key]] = field(default_factory=dict)
    # Per field, (tp, fp, fn) over the set of values each document's claims name.
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0, 0] for f in FIELDS})

    def field_f1(self, name: str) -> float:
        tp, fp, fn = self.fields[name]
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def line(self) -> str:
        return (
            f"claims F1 {self.f1:.3f} P {self.precision:.3f} R {self.recall:.3f} "
            f"(tp {self.tp} fp {self.fp} fn {self.fn}); status accuracy "
            f"{self.status_accuracy:.3f}"
        )

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def status_accuracy(self) -> float:
        return self.status_ok / self.tp if self.tp else 0.0


def article_text(path: Path) -> str:
    """What the pipeline makes of a .txt file: first non-empty line, blank line, the rest."""
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    return lines[first].strip() + "\n\n" + "\n".join(lines[first + 1 :])


def read_gold(corpus: Path) -> dict[str, list[GoldClaim]]:
    """Gold claims per document name, one entry per distinct set of accepted keys."""
    merged: dict[str, dict[frozenset[Key], set[str]]] = defaultdict(dict)
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            keys = frozenset(
                (row["actor"], row["location"], action, row["troops"])
                for action in str(row["action"]).split("|")
            )
            merged[row["doc"]].setdefault(keys, set()).add(row["status"])
    return {doc: [GoldClaim(k, s) for k, s in claims.items()] for doc, claims in merged.items()}


def predicted(claims: list[Claim]) -> dict[Key, set[str]]:
    """Claim keys with the statuses given each."""
    out: dict[Key, set[str]] = defaultdict(set)
    for c in claims:
        out[(c.actor, c.location, c.action, c.troops)].add(c.status)
    return dict(out)


def without_subsumed(
    gold: list[GoldClaim], pred: dict[Key, set[str]]
) -> tuple[list[GoldClaim], dict[Key, set[str]]]:
    """Drop claims without a number where the gold numbers the same actor, place and action."""
    numbered = {k[:3] for g in gold for k in g.keys if k[3] is not None}
    kept_gold = [g for g in gold if not all(k[3] is None and k[:3] in numbered for k in g.keys)]
    kept_pred = {k: s for k, s in pred.items() if not (k[3] is None and k[:3] in numbered)}
    return kept_gold, kept_pred


def score_document(
    name: str, gold: list[GoldClaim], pred: dict[Key, set[str]], total: Score
) -> None:
    """Match gold to predictions one to one (narrowest gold first) and add to `total`."""
    gold, pred = without_subsumed(gold, pred)
    free = set(pred)
    for g in sorted(gold, key=lambda g: len(g.keys)):
        hit = next((k for k in sorted(g.keys, key=str) if k in free), None)
        if hit is None:
            total.missed.setdefault(name, []).append(min(g.keys, key=str))
            total.fn += 1
            continue
        free.discard(hit)
        total.tp += 1
        total.status_ok += bool(pred[hit] & g.statuses)
    total.fp += len(free)
    if free:
        total.false[name] = sorted(free, key=str)
    score_fields(gold, pred, total)


def score_fields(gold: list[GoldClaim], pred: dict[Key, set[str]], total: Score) -> None:
    """Each field alone: the values a document's claims name, predicted against gold (an
    actor can be right where the claim as a whole is not)."""
    for i, name in enumerate(FIELDS):
        want = {k[i] for g in gold for k in g.keys}
        got = {k[i] for k in pred}
        counts = total.fields[name]
        counts[0] += len(want & got)
        counts[1] += len(got - want)
        counts[2] += len(want - got)


def read_split(corpus: Path) -> dict[str, str]:
    """Each document's side in `split.tsv` (train or test); empty when there is no split."""
    path = corpus / "split.tsv"
    if not path.exists():
        return {}
    rows = [line.split("\t") for line in path.read_text().splitlines() if line.strip()]
    return {name: side.strip() for name, side in rows}


def split_names(corpus: Path, side: str) -> set[str]:
    """The documents `split.tsv` puts on `side` (train or test)."""
    return {name for name, on in read_split(corpus).items() if on == side}


def score_corpus(corpus: Path, extract: Extractor | None = None, side: str | None = None) -> Score:
    """An extractor's score (the shipped one by default) on a corpus's documents, or on
    those split.tsv puts on `side`."""
    if extract is None:
        from tasks.extract import extract_claims

        extract = extract_claims
    gold = read_gold(corpus)
    only = split_names(corpus, side) if side else None
    total = Score()
    for path in sorted((corpus / "docs").glob("*.txt")):
        if only is None or path.name in only:
            claims = extract(article_text(path))
            score_document(path.name, gold.get(path.name, []), predicted(claims), total)
    return total
