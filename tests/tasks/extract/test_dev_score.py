"""Dev-set gate: micro F1 over (actor, location, action, troops) and status accuracy, scored
with the official scorer's own functions on the pure extractor."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tasks.extract import extract_claims
from tasks.extract.evaluate import article_text

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
DEV = SHARED / "eval" / "dev"
# Gates a little under the learned extractor's measured figures (F1 0.803, status 0.708),
# so a regression fails. The product's aim (0.85 F1, 0.90 status) is not reached yet; the
# hand-written rules scored 0.98 here because they were written against these articles.
MIN_F1 = 0.76
MIN_STATUS = 0.69

pytestmark = pytest.mark.skipif(not (DEV / "gold.jsonl").exists(), reason="no shared dev set")


def test_dev_f1_and_status_accuracy() -> None:
    sys.path.insert(0, str(SHARED / "eval"))
    from score import drop_subsumed, f1, key, load_gold, match

    docs, gold = load_gold(DEV)
    tp = fp = fn = status_ok = 0
    for doc in docs:
        pred: dict[tuple[object, ...], set[str]] = defaultdict(set)
        for c in extract_claims(article_text(DEV / "docs" / doc)):
            row = {"actor": c.actor, "location": c.location, "action": c.action, "troops": c.troops}
            pred[key(row)].add(c.status)
        g, p = drop_subsumed(gold[doc], dict(pred))
        pairs, missed, false = match(g, p)
        tp, fp, fn = tp + len(pairs), fp + len(false), fn + len(missed)
        status_ok += sum(1 for k, statuses in pairs if p[k] & statuses)
    precision, recall, score = f1(tp, fp, fn)
    status = status_ok / tp if tp else 0.0
    print(f"dev claims F1 {score:.3f} P {precision:.3f} R {recall:.3f} status {status:.3f}")
    assert score >= MIN_F1
    assert status >= MIN_STATUS
