"""Print how many ~3 KB articles per second the extractor handles on one core.

    uv run python benchmarks/extract_speed.py [--articles N] [--troop-share F] [--corpus DIR]

The articles are generated here from slot-filled templates (so the figure does not depend on
any corpus being present). Like real news, most sentences are ordinary prose about politics,
money, dates and places, with figures that are not troops; about one in five names troops.
Slots are filled independently, so a sentence rarely recurs word for word and per-sentence
caches earn no more than they would on real text.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from tasks.extract import extract_claims
from tasks.extract.gazetteer import gazetteer
from tasks.extract.model import load_model

TARGET_BYTES = 3_000  # typical clean news article body
SEED = 7  # fixed, so every run measures the same texts
TROOP_SHARE = 0.2  # share of sentences about troops; wire stories run at 15-25%
PARAGRAPH_SENTENCES = (2, 4)  # sentences per paragraph (one line each), like web copy

STATES = [
    "The United States", "Germany", "France", "Britain", "Turkey", "India", "Japan",
    "Canada", "Poland", "Italy", "Spain", "Australia", "South Korea", "the Netherlands",
    "Norway", "Romania", "Russia", "China", "Brazil", "Kenya",
]  # fmt: skip
ORGS = ["NATO", "the European Union", "the African Union", "the United Nations"]
PLACES = [
    "Iraq", "Lithuania", "Mali", "Estonia", "Syria", "Poland", "Niger", "Japan", "Latvia",
    "Somalia", "Kosovo", "Jordan", "Qatar", "Djibouti", "Romania", "Slovakia", "Chad",
]  # fmt: skip
CITIES = [
    "Paris", "Berlin", "Warsaw", "Nairobi", "Tokyo", "Ottawa", "Madrid", "Rome", "Ankara",
    "Brussels", "Geneva", "Vilnius", "Bamako", "Baghdad", "Seoul", "Canberra", "Oslo",
]  # fmt: skip
PEOPLE = [
    "Maria Lindqvist", "Tomasz Nowak", "Aiko Tanaka", "David Okafor", "Claire Dubois",
    "Rahul Mehta", "Elena Petrova", "James Whitfield", "Sofia Marquez", "Kwame Mensah",
    "Hannah Berger", "Luca Romano", "Ingrid Solberg", "Omar Haddad", "Grace Chen",
]  # fmt: skip
ROLES = [
    "the finance minister", "a senior economist", "the opposition leader", "the mayor",
    "a spokeswoman for the ministry", "the central bank governor", "a union official",
    "the party chairman", "an analyst at a Brussels think tank", "the trade commissioner",
]  # fmt: skip
TOPICS = [
    "pension reform", "the housing shortage", "energy prices", "the rail strike",
    "a new trade agreement", "inflation", "the coalition talks", "school funding",
    "the fishing quota", "the hospital budget", "the steel tariffs", "a water dispute",
    "the election timetable", "farm subsidies", "the digital services tax", "public debt",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "April", "June", "July", "September", "October", "November"]
CURRENCY = ["$", "€", "£"]
SCALE = ["million", "billion"]

PROSE = [
    "{person}, {role}, said on {day} that {topic} would dominate the session.",
    "Talks on {topic} in {city} ended late on {day} without a joint statement.",
    "The government expects growth of {pct} percent this year, down from {pct2} percent in {year}.",
    "{state} agreed to lend {money} to support {topic}, officials in {city} said.",
    "Shares in {city} rose {pct} percent on {day} after the figures were published.",
    '"We cannot wait another {small} years," {person} told reporters in {city}.',
    "Unemployment fell to {pct} percent in {month}, the lowest level since {year}.",
    "Critics said the plan on {topic} ignored rising costs for families outside {city}.",
    "The vote on {topic} is scheduled for {month} {dom}, according to parliamentary records.",
    "{person} has led the campaign since {year} and is expected to stand again.",
    "About {people:,} people marched through {city} on {day} to protest over {topic}.",
    "The project, first proposed in {year}, is now forecast to cost {money}.",
    "{org} will publish its review of {topic} in {month}, a spokesman said.",
    "Exports from {state} grew by {pct} percent, helped by a weaker currency.",
    "Turnout in the {year} election was {pct} percent, and polls suggest a closer race now.",
    "In {city}, {role} described {topic} as the defining issue of the decade.",
    "The ministry said {small} new offices would open before the end of {month}.",
    "Prices for staples have climbed {pct} percent since {month}, statistics showed.",
    "Negotiators from {state} and {state2} met in {city} for the {ordinal} round of talks.",
    "The company said it would cut {people:,} jobs and close {small} plants by {year}.",
    "{person} declined to comment on {topic} when asked by journalists on {day}.",
    "Rain delayed the opening of the summit in {city} by {small} hours.",
    "Lawmakers approved a budget of {money} after a debate that lasted until midnight.",
    "The report, running to {pages} pages, found that {topic} had been underfunded.",
]
TROOP = [
    "{state} {verb} {n:,} troops to {place}, officials said on {day}.",
    "About {n:,} soldiers from {state} are currently stationed in {place}.",
    "{state} said it had no plans to put additional forces in {place}.",
    "The ministry said {n:,} more personnel would arrive in {place} by the end of {month}.",
    "{org} {verb} a battalion of {n:,} soldiers to {place} after the request from {city}.",
    "{person} said the {n:,} troops in {place} would remain until {year}.",
    "{state} has around {n:,} military personnel deployed in {place}, {role} said.",
    "The deployment of {n:,} {demonym} troops to {place} was approved on {day}.",
    "{state} {verb} its forces from {place} earlier than planned.",
    "Some {n:,} peacekeepers from {state} are due to rotate out of {place} in {month}.",
]
VERBS = [
    "will send", "has deployed", "is considering sending", "ruled out sending",
    "plans to withdraw", "sent", "agreed to deploy", "withdrew", "is expected to dispatch",
]  # fmt: skip
DEMONYMS = ["American", "German", "French", "British", "Turkish", "Canadian", "Polish"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]


def slots(rng: random.Random) -> dict[str, object]:
    """Fresh values for every slot a template may use."""
    states = rng.sample(STATES, 2)
    return {
        "state": states[0], "state2": states[1], "org": rng.choice(ORGS),
        "place": rng.choice(PLACES), "city": rng.choice(CITIES),
        "person": rng.choice(PEOPLE), "role": rng.choice(ROLES), "topic": rng.choice(TOPICS),
        "day": rng.choice(DAYS), "month": rng.choice(MONTHS), "dom": rng.randint(1, 28),
        "year": rng.randint(1990, 2024), "pct": round(rng.uniform(0.2, 9.9), 1),
        "pct2": round(rng.uniform(0.2, 9.9), 1), "small": rng.randint(2, 12),
        "money": f"{rng.choice(CURRENCY)}{rng.randint(2, 900)} {rng.choice(SCALE)}",
        "people": rng.randrange(500, 90_000, 100), "pages": rng.randint(40, 600),
        "ordinal": rng.choice(ORDINALS), "verb": rng.choice(VERBS),
        "n": rng.randrange(50, 40_000, 50), "demonym": rng.choice(DEMONYMS),
    }  # fmt: skip


def sentence(rng: random.Random, troop_share: float = TROOP_SHARE) -> str:
    """One sentence: troop news with probability `troop_share`, else ordinary prose."""
    pool = TROOP if rng.random() < troop_share else PROSE
    text = rng.choice(pool).format(**slots(rng))
    return text[0].upper() + text[1:]


def make_article(rng: random.Random, troop_share: float = TROOP_SHARE) -> str:
    """One generated article of about TARGET_BYTES: a title, a blank line, then paragraphs."""
    title = f"{rng.choice(STATES)} weighs {rng.choice(TOPICS)} as {rng.choice(PLACES)} waits"
    paragraphs: list[str] = []
    size = 0
    while size < TARGET_BYTES:
        para = " ".join(
            sentence(rng, troop_share) for _ in range(rng.randint(*PARAGRAPH_SENTENCES))
        )
        paragraphs.append(para)
        size += len(para) + 1
    return title + "\n\n" + "\n".join(paragraphs)


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
    parser.add_argument(
        "--troop-share",
        type=float,
        default=TROOP_SHARE,
        help="share of generated sentences about troops (0 = general news, 1 = all troops)",
    )
    args = parser.parse_args()
    rng = random.Random(SEED)
    if args.corpus:
        articles = corpus_articles(args.corpus)
    else:
        articles = [make_article(rng, args.troop_share) for _ in range(args.articles)]
    gazetteer()  # built once per process; not part of the per-article cost
    load_model()  # likewise read once per process
    started, cpu_started = time.perf_counter(), time.process_time()
    claims = sum(len(extract_claims(text)) for text in articles)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    size = sum(len(a) for a in articles) / len(articles)
    print(f"{len(articles)} articles of {size:,.0f} chars, {claims} claims, {elapsed:.2f}s")
    # CPU time too: on a shared machine the wall clock also counts other processes' turns.
    print(f"{len(articles) / elapsed:,.0f} articles/s ({len(articles) / cpu:,.0f} per CPU second)")


if __name__ == "__main__":
    main()
