"""Article text -> deployment claims: candidates -> features -> model -> claims.

`candidates` proposes every (actor, location) pair and figure within reach of a sentence
about troops, `features` describes each, the trained linear models in `model` decide (see
`decide`), and `train` rebuilds the model file from an annotated corpus. The hand-written
rules (`rulebook` over `anchors`, `actors`, `places`, `actions`, `status`) remain as one
feature among many. `EXTRACTOR_VERSION` names the rules and the model file's hash.
"""

from __future__ import annotations

from tasks.extract.decide import extract_with
from tasks.extract.model import load_model
from tasks.extract.rulebook import RULES_VERSION
from tasks.schema import Article, Claim

__all__ = ["extract_articles", "extract_claims", "extractor_version"]


def extractor_version() -> str:
    """'learned-<model hash>+<rules>': which weights and which rules made a claim."""
    return f"learned-{load_model().digest}+{RULES_VERSION}"


def extract_claims(text: str) -> list[Claim]:
    """All deployment claims in one article text (title, blank line, body)."""
    return extract_with(text, load_model())


def extract_articles(articles: list[Article]) -> list[tuple[Article, list[Claim]]]:
    """Claims for a batch of articles, each paired with its article."""
    model = load_model()
    return [(article, extract_with(article.text, model)) for article in articles]
