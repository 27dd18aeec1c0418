"""An annotated corpus -> the extractor's model file, deterministically.

A corpus is a folder with `docs/` (articles), `gold.jsonl` (claims, CLAIMS.md's format) and
optionally `split.tsv` (each document `train` or `test`). Articles are read exactly as the
pipeline reads them, every candidate is labelled against the article's gold claims, and three
logistic models are fitted (see `model`). Thresholds are tuned on a held-out part of the
training side, then the models are refitted on all of it. Same corpus, same bytes.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tasks.extract.decide import (
    ArticleReading,
    ProposalContext,
    Reading,
    decide_article,
    proposal_features,
    propose,
    read_article,
    status_evidence,
    status_features,
)
from tasks.extract.evaluate import GoldClaim, Score, predicted, read_split, score_document
from tasks.extract.features import crossed, quantity_features
from tasks.extract.model import ACTIONS, STATUSES, ClaimModel, Linear, parse_model, to_json

# Inverse regularisation strengths, chosen on held-out training folds.
PAIR_C = 0.1
QUANTITY_C = 0.3
STATUS_C = 0.1
# Features seen fewer times than this in training are dropped: they cannot be weighed.
MIN_FEATURE_COUNT = 2
# Weights smaller than this are left out of the file: they change no decision.
MIN_WEIGHT = 1e-3
# The settling model learns from proposals made by sentence models that did not see the
# article: the training side is cut in this many parts by a hash of each article's name.
CROSS_FOLDS = 2
CLAIM_C = 1.0
THRESHOLDS = [round(0.2 + 0.025 * i, 3) for i in range(25)]


class CorpusError(ValueError):
    """The corpus folder is not laid out as `docs/` + `gold.jsonl`: say what is missing."""


GoldKey = tuple[str, str, str, int | None]


@dataclass(slots=True)
class Gold:
    """An article's gold claims: acceptable keys per claim and their statuses."""

    claims: list[tuple[frozenset[GoldKey], str]] = field(default_factory=list)
    hints: list[tuple[frozenset[GoldKey], str]] = field(default_factory=list)  # the text

    def all_keys(self) -> set[GoldKey]:
        return {k for keys, _ in self.claims for k in keys}

    def triples(self) -> set[tuple[str, str, str]]:
        return {k[:3] for k in self.all_keys()}

    def scored(self) -> list[GoldClaim]:
        """The claims as the scorer reads them: accepted keys with their statuses."""
        merged: dict[frozenset[GoldKey], set[str]] = defaultdict(set)
        for keys, status in self.claims:
            merged[keys].add(status)
        return [GoldClaim(keys, statuses) for keys, statuses in merged.items()]

    def status_of_key(self, key: GoldKey) -> str | None:
        """The status annotated for a claim key (the first in order, when several are)."""
        found = [s for keys, s in self.claims if key in keys]
        return min(found) if found else None

    def status_for(self, actor: str, location: str, action: str) -> str | None:
        found = [s for keys, s in self.claims for k in keys if k[:3] == (actor, location, action)]
        return min(found) if found else None


@dataclass(slots=True)
class Document:
    name: str
    text: str
    gold: Gold


def read_gold(path: Path) -> dict[str, Gold]:
    """gold.jsonl -> Gold per document; 'deploy|presence' accepts either action."""
    gold: dict[str, Gold] = defaultdict(Gold)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        troops = None if row["troops"] is None else int(row["troops"])
        keys = frozenset(
            (row["actor"], row["location"], a, troops) for a in str(row["action"]).split("|")
        )
        gold[row["doc"]].claims.append((keys, row["status"]))
        gold[row["doc"]].hints.append((keys, str(row.get("text") or "")))
    return gold


def article_text(path: Path) -> str:
    """An article's text exactly as the pipeline stores it (title, blank line, body)."""
    from tasks.clean import clean_document
    from tasks.fetch import fetch_file

    documents, _ = fetch_file(str(path), 50_000_000)
    return clean_document(documents[0]).text if documents else ""


def load_corpus(corpus: Path, side: str | None = None) -> list[Document]:
    """The corpus's documents (those `split.tsv` puts on `side`, when given)."""
    docs, gold_path = corpus / "docs", corpus / "gold.jsonl"
    if not docs.is_dir() or not gold_path.is_file():
        raise CorpusError(f"{corpus} needs docs/ and gold.jsonl (see CLAIMS.md)")
    gold, split = read_gold(gold_path), read_split(corpus)
    paths = sorted(p for p in docs.iterdir() if p.is_file())
    if side is not None:
        paths = [p for p in paths if split.get(p.name) == side]
    return [Document(p.name, article_text(p), gold.get(p.name, Gold())) for p in paths]


@dataclass(slots=True)
class Examples:
    """Feature lists and 0/1 labels for the three models."""

    pair: list[tuple[list[str], int]] = field(default_factory=list)
    quantity: list[tuple[list[str], int]] = field(default_factory=list)
    status: list[tuple[list[str], str]] = field(default_factory=list)


# Annotators quote the words a claim rests on; this much of the quote finds its sentence.
HINT_CHARS = 40


def hinted_sentences(article: ArticleReading, gold: Gold) -> dict[tuple[str, str, str], set[int]]:
    """For each gold (actor, location, action), the sentences its quoted words start in."""
    starts = [s.start for s in article.doc.sentences]
    text = article.doc.text
    found: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for keys, hint in gold.hints:
        pos = text.find(hint.strip()[:HINT_CHARS]) if hint.strip() else -1
        for k in keys:
            found[k[:3]].add(bisect_right(starts, pos) - 1 if pos >= 0 else -1)
    return found


def label_article(article: ArticleReading, gold: Gold, into: Examples) -> None:
    """Label every candidate against the article's gold claims. A gold triple is learnt
    from the sentences its quote stands in; its other sentences teach nothing either way
    (restating it is no error, but need not be learnt)."""
    keys, hinted = gold.all_keys(), hinted_sentences(article, gold)
    for reading in article.readings:
        cand = reading.candidate
        a, loc = cand.actor.code, cand.location.code
        for action in ACTIONS:
            where = hinted.get((a, loc, action))
            if where is not None and cand.view.index not in where and -1 not in where:
                continue
            positive = where is not None
            into.pair.append((crossed(reading.all_features, action), int(positive)))
            if positive:
                label_figures(reading, article, action, keys, into)
                status = gold.status_for(a, loc, action)
                if status is not None:
                    into.status.append((status_features(reading, action), status))


def label_figures(
    reading: Reading, article: ArticleReading, action: str, keys: set[GoldKey], into: Examples
) -> None:
    cand = reading.candidate
    for q in cand.view.quantities:
        if q.value is None:
            continue
        feats = crossed(quantity_features(cand, q, reading.sentence, article.rules), action)
        label = (cand.actor.code, cand.location.code, action, q.value) in keys
        into.quantity.append((feats, int(label)))


def examples_of(readings: Iterable[tuple[ArticleReading, Gold]]) -> Examples:
    into = Examples()
    for article, gold in readings:
        label_article(article, gold, into)
    return into


def fit_linear(rows: list[tuple[list[str], int]], c: float) -> Linear:
    """Logistic regression over the features seen at least MIN_FEATURE_COUNT times."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = defaultdict(int)
    for feats, _ in rows:
        for f in set(feats):
            counts[f] += 1
    vocab = sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT)
    index = {f: i for i, f in enumerate(vocab)}
    indptr, indices = [0], []
    for feats, _ in rows:
        cols = sorted({index[f] for f in feats if f in index})
        indices.extend(cols)
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    y = np.array([label for _, label in rows])
    fitted = LogisticRegression(C=c, solver="liblinear", max_iter=1000, tol=1e-5)
    fitted.fit(x, y)
    weights = {
        f: round(float(w), 4)
        for f, w in zip(vocab, fitted.coef_[0], strict=True)
        if abs(w) >= MIN_WEIGHT
    }
    return Linear(round(float(fitted.intercept_[0]), 4), weights)


def fit_status(rows: list[tuple[list[str], str]]) -> dict[str, Linear]:
    """One-vs-rest logistic models, one per status."""
    return {s: fit_linear([(f, int(label == s)) for f, label in rows], STATUS_C) for s in STATUSES}


def as_dict(linear: Linear) -> dict[str, object]:
    return {"bias": linear.bias, "weights": linear.weights}


def fit_sentence_models(examples: Examples) -> dict[str, object]:
    """The pair, figure and status models, as the model file stores them."""
    return {
        "pair": as_dict(fit_linear(examples.pair, PAIR_C)),
        "quantity": as_dict(fit_linear(examples.quantity, QUANTITY_C)),
        "status": {s: as_dict(m) for s, m in fit_status(examples.status).items()},
    }


def sentence_model(parts: dict[str, object]) -> ClaimModel:
    """The sentence models alone, to propose claims while the settling model is fitted."""
    unsettled = {**parts, "claim": {"bias": 0.0, "weights": {}}, "claim_threshold": 0.5}
    return parse_model(to_json(unsettled))


def story_of(name: str) -> str:
    """Documents are tuned apart by a hash of their name, reproducibly."""
    return hashlib.sha256(name.encode()).hexdigest()


def settled(kept: list[GoldKey]) -> list[GoldKey]:
    """Claims without a figure yield to claims with one for the same triple."""
    numbered = {k[:3] for k in kept if k[3] is not None}
    return [k for k in kept if k[3] is not None or k[:3] not in numbered]


def evaluate(readings: list[tuple[ArticleReading | None, Gold]], model: ClaimModel) -> Score:
    """The model's score on read articles, as the project's scorer counts."""
    score = Score()
    for i, (article, gold) in enumerate(readings):
        claims = [] if article is None else decide_article(article, model)
        score_document(str(i), gold.scored(), predicted(claims), score)
    return score


def read_all(documents: list[Document]) -> Iterator[tuple[ArticleReading | None, Gold]]:
    for doc in documents:
        yield read_article(doc.text), doc.gold


def fold_of(name: str) -> int:
    """Which of the CROSS_FOLDS halves of the training side an article falls in."""
    return int(story_of(name)[8:16], 16) % CROSS_FOLDS


Labelled = list[tuple[ArticleReading, Gold, str]]


@dataclass(slots=True)
class Settling:
    """The settling model's rows, grouped by article so thresholds can be scored."""

    rows: list[tuple[list[str], int]] = field(default_factory=list)
    statuses: list[tuple[list[str], str]] = field(default_factory=list)
    articles: list[tuple[list[tuple[GoldKey, list[str]]], Gold]] = field(default_factory=list)


def settling_rows(labelled: Labelled, report: Report) -> Settling:
    """Proposals for every training article from sentence models that never saw it
    (cross-fitting), labelled against its gold: what the settling model learns from."""
    settling = Settling()
    for k in range(CROSS_FOLDS):
        fitted = [(a, g) for a, g, n in labelled if fold_of(n) != k]
        report(f"  fold {k + 1}/{CROSS_FOLDS}: sentence models on {len(fitted)} articles")
        model = sentence_model(fit_sentence_models(examples_of(fitted)))
        for article, gold, name in labelled:
            if fold_of(name) == k:
                label_proposals(article, gold, model, settling)
    return settling


def label_proposals(article: ArticleReading, gold: Gold, model: ClaimModel, into: Settling) -> None:
    """A proposal holds when its key is gold; one without a figure where gold has a figure
    for the same actor, place and action is neither right nor wrong, so it is left out."""
    keys = gold.all_keys()
    numbered = {k[:3] for k in keys if k[3] is not None}
    proposals = propose(article, model)
    context = ProposalContext.of(proposals, article)
    scored = []
    for key, proposal in proposals.items():
        feats = proposal_features(proposal, context)
        scored.append((key, feats))
        if key[3] is None and key[:3] in numbered:
            continue
        into.rows.append((feats, int(key in keys)))
        status = gold.status_of_key(key)
        if status is not None:
            into.statuses.append((status_evidence(proposal, context, model), status))
    into.articles.append((scored, gold))


def settling_threshold(settling: Settling, claim: Linear) -> float:
    """The threshold at which the settled claims score best over the cross-fitted articles."""

    def f1_at(t: float) -> float:
        score = Score()
        for scored, gold in settling.articles:
            kept = settled([k for k, feats in scored if claim.probability(feats) >= t])
            score_document("", gold.scored(), {k: set() for k in kept}, score)
        return score.f1

    return max(THRESHOLDS, key=f1_at)


Report = Callable[[str], None]


def train(corpus: Path, out: Path, side: str = "train", report: Report = print) -> ClaimModel:
    """Fit the model on the corpus's `side` (all of it when it has no split.tsv), write it to
    `out`, and score it on the other side when there is one."""
    split = read_split(corpus)
    documents = load_corpus(corpus, side if split else None)
    if not documents:
        raise CorpusError(f"{corpus} has no documents on the {side!r} side of split.tsv")
    report(f"read {len(documents)} articles from {corpus}")
    labelled = [
        (a, g, d.name) for d, (a, g) in zip(documents, read_all(documents), strict=True) if a
    ]
    report("settling model: proposals from sentence models fitted without each article")
    settling = settling_rows(labelled, report)
    claim = fit_linear(settling.rows, CLAIM_C)
    threshold = settling_threshold(settling, claim)
    report(f"settling threshold {threshold}; sentence models on all {len(labelled)} articles")
    parts = fit_sentence_models(examples_of((a, g) for a, g, _ in labelled))
    settle = {s: as_dict(m) for s, m in fit_status(settling.statuses).items()}
    settled_parts = {"claim": as_dict(claim), "claim_threshold": threshold, "settle_status": settle}
    blob = to_json({**parts, **settled_parts})
    out.write_bytes(blob)
    model = parse_model(blob)
    report(f"wrote {out} ({len(blob) // 1024} KiB, model {model.digest})")
    for other in sorted({v for v in split.values() if v != side}):
        score = evaluate(list(read_all(load_corpus(corpus, other))), model)
        report(f"{other}: {score.line()}")
    return model
