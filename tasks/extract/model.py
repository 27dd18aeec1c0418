"""The trained weights: three linear models over named features, stored as one small
gzipped JSON file beside this module and loaded once per process.

- `pair`: does this (actor, location) candidate, in this sentence, make a claim with this
  action? (logistic; features crossed with the action)
- `quantity`: is this figure the troop count of that claim? (logistic)
- `status`: done, planned, proposed or rejected? (one logistic model per status, softmax)
- `settle_status`: the claim's status from the status model's reading and the rules'
  (one logistic model per status);
- `claim`: the settling model: given how strongly the two models above and the rules back
  a whole claim (actor, location, action, troops) across the article, does it hold?

Linear models keep the artefact small, scoring fast in pure Python, and every weight
readable by the name of its feature.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("model.json.gz")
ACTIONS = ("deploy", "withdraw", "presence")
STATUSES = ("done", "planned", "proposed", "rejected")


class ModelMissingError(RuntimeError):
    """The shipped model file is absent or unreadable: reinstall, or run `muster train`."""


@dataclass(frozen=True, slots=True)
class Linear:
    """A bias and weights by feature name; unknown features weigh nothing."""

    bias: float
    weights: dict[str, float]

    def margin(self, features: list[str]) -> float:
        get = self.weights.get
        return self.bias + sum(get(f, 0.0) for f in features)

    def probability(self, features: list[str]) -> float:
        return sigmoid(self.margin(features))

    def strongest(self, features: list[str], n: int = 3) -> list[str]:
        """The features that pushed this decision up the most: a claim's short account."""
        scored = sorted(set(features), key=lambda f: -self.weights.get(f, 0.0))
        return [f for f in scored[:n] if self.weights.get(f, 0.0) > 0]


class ByAction:
    """A Linear over features crossed with the action (`f` and `deploy|f`), folded so that
    one lookup per feature gives its weight for all three actions: scoring a candidate for
    every action costs one pass over its features instead of six."""

    __slots__ = ("bias", "table")

    def __init__(self, linear: Linear) -> None:
        self.bias = linear.bias
        table: dict[str, list[float]] = {}
        for name, weight in linear.weights.items():
            action, _, base = name.partition("|")
            slots = table.setdefault(base if action in ACTIONS else name, [0.0] * len(ACTIONS))
            if action in ACTIONS:
                slots[ACTIONS.index(action)] += weight
            else:
                slots[:] = [w + weight for w in slots]
        self.table = {name: tuple(w) for name, w in table.items()}

    def margins(self, features: list[str], start: list[float] | None = None) -> list[float]:
        """Each action's margin; `features` must not repeat (training counted each once).
        `start`, the margins of features already scored, replaces the bias."""
        totals = list(start) if start is not None else [self.bias] * len(ACTIONS)
        get = self.table.get
        for f in features:
            w = get(f)
            if w is not None:
                totals[0] += w[0]
                totals[1] += w[1]
                totals[2] += w[2]
        return totals


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@dataclass(frozen=True, slots=True)
class ClaimModel:
    """Everything the extractor decides with, and the settling threshold tuned in training."""

    pair: Linear
    quantity: Linear
    status: dict[str, Linear]
    claim: Linear
    claim_threshold: float
    settle_status: dict[str, Linear]
    digest: str
    # The crossed models folded for speed (see ByAction); built once when loaded.
    pair_by_action: ByAction
    quantity_by_action: ByAction
    status_by_action: dict[str, ByAction]

    def status_of(self, features: list[str], action: str) -> tuple[str, float]:
        """The likeliest status of a reading for an action, and its probability (softmax
        over the per-status margins)."""
        i = ACTIONS.index(action)
        margins = {s: m.margins(features)[i] for s, m in self.status_by_action.items()}
        top = max(margins, key=lambda s: margins[s])
        total = sum(math.exp(m - margins[top]) for m in margins.values())
        return top, 1.0 / total


def to_json(model: dict[str, object]) -> bytes:
    """Deterministic bytes: sorted keys, rounded weights, a gzip header without a time."""
    raw = json.dumps(model, sort_keys=True, separators=(",", ":")).encode()
    return gzip.compress(raw, compresslevel=9, mtime=0)


def linear_of(data: dict[str, object]) -> Linear:
    return Linear(float(data["bias"]), dict(data["weights"]))  # type: ignore[arg-type,call-overload]


def parse_model(blob: bytes) -> ClaimModel:
    """A ClaimModel from the bytes `to_json` wrote."""
    data = json.loads(gzip.decompress(blob))
    pair, quantity = linear_of(data["pair"]), linear_of(data["quantity"])
    status = {s: linear_of(m) for s, m in data["status"].items()}
    return ClaimModel(
        pair=pair,
        quantity=quantity,
        status=status,
        claim=linear_of(data["claim"]),
        claim_threshold=float(data["claim_threshold"]),
        settle_status={s: linear_of(m) for s, m in data.get("settle_status", {}).items()},
        digest=hashlib.sha256(blob).hexdigest()[:12],
        pair_by_action=ByAction(pair),
        quantity_by_action=ByAction(quantity),
        status_by_action={s: ByAction(m) for s, m in status.items()},
    )


@cache
def load_model(path: Path = MODEL_PATH) -> ClaimModel:
    """The shipped model, read once per process."""
    try:
        return parse_model(path.read_bytes())
    except (OSError, ValueError, KeyError) as err:
        raise ModelMissingError(
            f"cannot read the extractor's model at {path}: {err}. Reinstall muster, or run "
            "`muster train` to rebuild it from an annotated corpus."
        ) from err
