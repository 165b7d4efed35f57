"""Print what a browser fetches for its first search, and how fast queries answer, at 1,000 and 10,000 records.

    .venv/bin/python bench/search_budget.py            # 1,000 and 10,000
    .venv/bin/python bench/search_budget.py 1000       # one size

Budget (issue 4): at most 150 KB gzipped at 1,000 records and 1.5 MB at 10,000; a query answers
in under 50 ms in headless Chromium. Sizes are gzip level 6, what web servers commonly use.
Query times are medians over repeated runs of several queries on a shared, noisy machine.
"""

from __future__ import annotations

import datetime as dt
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import make  # noqa: E402
from sitegen.build import build  # noqa: E402
from tests.browser import chromium, serve  # noqa: E402

FIRST_SEARCH = [
    "search/index.html",
    "assets/site.css",
    "assets/lunr.min.js",
    "assets/search.js",
    "assets/shortlist.js",
    "search/index.json",
    "search/store.json",
    "search/places.json",
]
BUDGET = {1000: 150_000, 10000: 1_500_000}  # gzipped bytes of the first search, by number of records
QUERIES = [
    "stay and play",
    "banbury",
    "baby",
    "10:30",
    "health visiting clinic",
    "messy play",
    "tuesday",
    "ox4",
]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def query_times(url: str) -> tuple[float, float, float]:
    """Median ms: lunr query alone, a whole update (query, filter, sort, render), and index load."""
    with chromium() as browser:
        page = browser.new_page()
        page.goto(url + "search/")
        page.wait_for_function("window.sgDirectory && window.sgDirectory.loaded", timeout=60000)
        load_ms = page.evaluate(
            "performance.getEntriesByType('resource').filter(e => e.name.includes('index.json'))"
            ".map(e => e.duration)[0] || 0"
        )
        lunr_ms = page.evaluate(
            """(queries) => {
              const d = window.sgDirectory, times = [];
              for (let round = 0; round < 5; round++) for (const q of queries) {
                const t = performance.now(); d.search(d.loaded.index, q); times.push(performance.now() - t);
              }
              times.sort((a, b) => a - b); return times[Math.floor(times.length / 2)];
            }""",
            QUERIES,
        )
        update_times = []
        for _ in range(3):
            for query in QUERIES:
                page.fill("#sg-search-q", query)
                page.keyboard.press("Enter")
                update_times.append(float(page.get_attribute("[data-module=sg-search]", "data-update-ms")))
    return lunr_ms, statistics.median(update_times), load_ms


def measure(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as temp:
        site = make(count, Path(temp) / "site")
        out = Path(temp) / "out"
        build(site, out, dt.date(2026, 11, 24))
        sizes = {name: gz((out / name).read_bytes()) for name in FIRST_SEARCH}
        with serve(out) as url:
            lunr_ms, update_ms, load_ms = query_times(url)
    return {
        "count": count,
        "total": sum(sizes.values()),
        "index": sizes["search/index.json"],
        "store": sizes["search/store.json"],
        "rest": sum(sizes.values()) - sizes["search/index.json"] - sizes["search/store.json"],
        "lunr_ms": lunr_ms,
        "update_ms": update_ms,
    }


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [1000, 10000]
    print(
        "| records | first search, gzipped | index | store | page and scripts | budget | lunr query (median) "
        "| query + filter + render 50 (median) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for count in counts:
        m = measure(count)
        limit = BUDGET.get(count)
        verdict = f"{limit / 1000:,.0f} KB: {'within' if m['total'] <= limit else 'OVER'}" if limit else ""
        print(
            f"| {count:,} | {m['total'] / 1000:,.0f} KB | {m['index'] / 1000:,.0f} KB | {m['store'] / 1000:,.0f} KB "
            f"| {m['rest'] / 1000:,.0f} KB | {verdict} | {m['lunr_ms']:.1f} ms | {m['update_ms']:.1f} ms |",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
