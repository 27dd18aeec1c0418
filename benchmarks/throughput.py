"""End-to-end throughput: generate N distinct articles, run the `ingest` flow, print figures.

    uv run python benchmarks/throughput.py                 # 10,000 articles
    uv run python benchmarks/throughput.py --articles 2000 --keep DIR

Prints articles/s for the whole run (Prefect start-up included) and for the flow body, and
the peak resident memory of this process. Not a test: run it on demand.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COUNTRIES = [
    "France",
    "Germany",
    "Poland",
    "Japan",
    "Canada",
    "Italy",
    "Spain",
    "Turkey",
    "Brazil",
    "India",
    "Kenya",
    "Norway",
    "Sweden",
    "Chile",
    "Egypt",
    "Ghana",
]
PLACES = [
    "Estonia",
    "Latvia",
    "Lithuania",
    "Mali",
    "Niger",
    "Iraq",
    "Syria",
    "Somalia",
    "Kosovo",
    "Cyprus",
    "Lebanon",
    "Romania",
    "Jordan",
    "Djibouti",
    "Chad",
    "Sudan",
]
TEMPLATES = [
    "{a} will send {n:,} troops to {b} next {month}, the defence ministry said on {day}.",
    "{a} has about {n:,} soldiers stationed in {b}, according to figures published in {month}.",
    "Officials in {a} said they were considering sending {n:,} more personnel to {b}.",
    "{a} ruled out deploying ground forces to {b}, a spokesperson told reporters on {day}.",
    "The last {n:,} troops from {a} left {b} on {day}, ending a mission that began in {month}.",
    "{a} plans to withdraw {n:,} soldiers from {b} by the end of {month}.",
]
FILLER = [
    "analysts",
    "budget",
    "talks",
    "minister",
    "parliament",
    "coalition",
    "weather",
    "harvest",
    "election",
    "market",
    "league",
    "concert",
    "bridge",
    "railway",
    "museum",
    "festival",
    "exports",
    "tariffs",
    "court",
    "report",
    "survey",
    "council",
    "reform",
    "energy",
    "grid",
    "port",
    "airline",
    "school",
    "hospital",
]
MONTHS = ["January", "March", "May", "July", "September", "November"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def filler_sentence(rng: random.Random) -> str:
    """A sentence of random words, so every generated article is distinct from the others."""
    words = rng.choices(FILLER, k=rng.randint(12, 22))
    return " ".join(words).capitalize() + f" {rng.randint(1, 10**6)}."


def article(rng: random.Random, number: int) -> str:
    """A ~2.5 KB news-like article: a headline, claim sentences and filler paragraphs."""
    a, b = rng.sample(COUNTRIES, 1)[0], rng.choice(PLACES)
    lines = [f"Report {number}: {a} and {b} in the news"]
    for _ in range(6):
        claim = rng.choice(TEMPLATES).format(
            a=rng.choice(COUNTRIES),
            b=rng.choice(PLACES),
            n=rng.randint(50, 9000),
            month=rng.choice(MONTHS),
            day=rng.choice(DAYS),
        )
        lines.append(" ".join([claim, filler_sentence(rng), filler_sentence(rng)]))
    return "\n\n".join(lines) + "\n"


def generate(folder: Path, count: int, seed: int) -> int:
    """Write `count` articles as .txt files (100 per sub-folder); returns bytes written."""
    rng, total = random.Random(seed), 0
    for number in range(count):
        sub = folder / f"{number // 100:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = article(rng, number)
        (sub / f"article-{number:06d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MiB (Linux reports kilobytes)."""
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL", "WARNING")
    with tempfile.TemporaryDirectory(prefix="muster-bench-") as tmp:
        corpus = args.keep or Path(tmp) / "corpus"
        size = generate(corpus, args.articles, args.seed)
        print(f"generated {args.articles:,} articles ({size / 1e6:.1f} MB) in {corpus}")
        run(corpus, Path(tmp) / "warehouse", args)


def run(corpus: Path, warehouse: Path, args: argparse.Namespace) -> None:
    """Run the flow once and print the figures."""
    started = time.perf_counter()
    from flows.ingest import ingest

    summary = ingest(sources=[str(corpus)], warehouse=str(warehouse), batch_size=args.batch_size)
    total = time.perf_counter() - started
    counts = summary["counts"]
    print(
        f"articles {counts['articles']:,}  claims {counts['claims']:,}  "
        f"duplicates {counts['duplicates']:,}  quarantined {counts['quarantined']:,}"
    )
    print(
        f"end-to-end {total:.1f} s -> {counts['articles'] / total:,.0f} articles/s "
        f"(flow body {summary['seconds']:.1f} s -> "
        f"{counts['articles'] / summary['seconds']:,.0f} articles/s)"
    )
    print(
        f"peak memory {peak_rss_mb():,.0f} MiB (this process), "
        f"{peak_rss_mb(resource.RUSAGE_CHILDREN):,.0f} MiB (largest child: Prefect's server)"
    )


if __name__ == "__main__":
    main()
