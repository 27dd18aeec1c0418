"""Print how many ~3 KB articles per second the rule extractor handles on one core.

    uv run python benchmarks/extract_speed.py [--articles N]

The articles are generated here from templates (so the figure does not depend on any
corpus being present); each mixes troop sentences with the filler real pages carry.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from tasks.extract import extract_claims
from tasks.extract.gazetteer import gazetteer

TARGET_BYTES = 3_000  # typical clean news article body
SEED = 7  # fixed, so every run measures the same texts
TROOP_SHARE = 0.3  # share of sentences about troops; the dev articles run at about a third

ACTORS = ["The United States", "Germany", "France", "Britain", "Turkey", "NATO", "India"]
PLACES = ["Iraq", "Lithuania", "Mali", "Estonia", "Syria", "Poland", "Niger", "Japan"]
VERBS = [
    "will send",
    "has deployed",
    "is considering sending",
    "ruled out sending",
    "plans to withdraw",
]
TROOP_SENTENCES = [
    "{actor} {verb} {n:,} troops to {place}, officials said on Tuesday.",
    "About {n:,} soldiers from {actor} are currently stationed in {place}.",
    "{actor} said it had no plans to put additional forces in {place}.",
    "The ministry said {n:,} more personnel would arrive in {place} by the end of the year.",
]
FILLER = [
    "The talks in the capital lasted well into the evening and ended without a statement.",
    "Markets were calm on Monday as traders waited for the central bank's decision.",
    "Share this article on social media. Cookies help us deliver our services.",
    "Critics of the government said the budget did not address rising housing costs.",
    "The minister is expected to visit the region again next month, his office said.",
]


def make_article(rng: random.Random) -> str:
    """One generated article of about TARGET_BYTES: a title, a blank line, then paragraphs."""
    title = f"{rng.choice(ACTORS)} to send troops to {rng.choice(PLACES)}"
    parts: list[str] = []
    while sum(len(p) for p in parts) < TARGET_BYTES:
        if rng.random() < TROOP_SHARE:
            template = rng.choice(TROOP_SENTENCES)
            parts.append(
                template.format(
                    actor=rng.choice(ACTORS),
                    verb=rng.choice(VERBS),
                    n=rng.randrange(50, 40_000, 50),
                    place=rng.choice(PLACES),
                )
            )
        else:
            parts.append(rng.choice(FILLER))
    return title + "\n\n" + "\n".join(parts)


def corpus_articles(folder: Path) -> list[str]:
    """Article texts from a folder of .txt files (title line, blank line, body)."""
    texts = []
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").strip().split("\n")
        texts.append(lines[0].strip() + "\n\n" + "\n".join(lines[1:]))
    if not texts:
        raise SystemExit(f"no .txt articles in {folder}")
    return texts


def main() -> None:
    """Time extraction over generated articles and print articles per second."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--corpus", type=Path, help="time these .txt articles instead")
    args = parser.parse_args()
    rng = random.Random(SEED)
    if args.corpus:
        articles = corpus_articles(args.corpus)
    else:
        articles = [make_article(rng) for _ in range(args.articles)]
    gazetteer()  # built once per process; not part of the per-article cost
    started, cpu_started = time.perf_counter(), time.process_time()
    claims = sum(len(extract_claims(text)) for text in articles)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    size = sum(len(a) for a in articles) / len(articles)
    print(f"{len(articles)} articles of {size:,.0f} chars, {claims} claims, {elapsed:.2f}s")
    # CPU time too: on a shared machine the wall clock also counts other processes' turns.
    print(f"{len(articles) / elapsed:,.0f} articles/s ({len(articles) / cpu:,.0f} per CPU second)")


if __name__ == "__main__":
    main()
