"""Print what the web fetcher costs: a flaky 40-article feed ingested twice into one warehouse.

    uv run python benchmarks/web_fetch.py [ARTICLES]

The second run should cost one conditional request (a 304) and a fraction of the time.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from flows.ingest import ingest
from tasks.settings import FetchSettings
from tests.newsite import Faults, NewsSite, generated_stories, serving

# Test-sized politeness: a loopback site needs no delay between requests.
LOOPBACK = FetchSettings(per_host_delay_s=0.0, per_host_limit=4, backoff_base_s=0.01)


def main(articles: int = 40) -> None:
    """Run the feed twice and print seconds and requests of each run."""
    faults = Faults(flaky_every=3, slow_every=5, slow_seconds=0.2)
    with (
        serving(NewsSite(generated_stories(articles), faults)) as site,
        tempfile.TemporaryDirectory() as tmp,
    ):
        warehouse = str(Path(tmp) / "wh")
        for label in ("first", "second"):
            before = len(site.hits)
            summary = ingest(
                sources=[site.url("/feed.rss")],
                warehouse=warehouse,
                batch_size=10,
                fetch_settings=LOOPBACK,
            )
            hits = site.hits[before:]
            not_modified = sum(h.status == 304 for h in hits)
            print(
                f"{label} run: {summary['seconds']:.2f} s, {len(hits)} requests "
                f"({not_modified} answered 304), {summary['counts']['articles']} articles, "
                f"{summary['counts']['claims']} claims"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
