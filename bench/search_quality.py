"""Print how well search answers families: the family query set, run in headless Chromium at a phone's width, judged by the oracle.

    .venv/bin/python bench/search_quality.py                  # the bundled site, then a synthetic 1,000-record one
    .venv/bin/python bench/search_quality.py --site bundled
    .venv/bin/python bench/search_quality.py --site 1000      # any number of synthetic records

Each site is built for 24 November 2026 and served by a plain static server. For each query
(bench/family_queries.py) one page at 360 px opens search/?q=...&near=... as a family's phone
would, waits for the results' count, and reads what the family sees: the result cards' services
in order, and the page's messages (the count, the near message, any other live region). The
oracle (bench/search_oracle.py) works out the right answers from the records and judges the page.
Then it prints a table of every query and the share answered well, and for a synthetic site the
bytes the browser fetched (gzip level 6) for its first search, against the budget in
bench/search_budget.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.family_queries import Query, bundled, synthetic  # noqa: E402
from bench.search_budget import FIRST_SEARCH_BUDGET as BUDGET  # noqa: E402
from bench.search_oracle import Expected, Seen, describe, expect, judge, read_places, read_records  # noqa: E402
from bench.synthetic import make  # noqa: E402
from bench.wire import gzipped  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)
PHONE = {"width": 360, "height": 740}
READY = """() => {
  const count = document.querySelector('.sg-results__count');
  const text = count ? count.textContent.trim() : '';
  return text !== '' && !/^(loading|searching)/i.test(text);  // 'Searching the descriptions too…' is on its way
}"""
SEE = """() => {
  const shown = (node) => node.checkVisibility ? node.checkVisibility() : node.offsetParent !== null;
  const slugs = [];
  for (const card of document.querySelectorAll('.sg-results__list > li')) {
    if (!shown(card)) continue;
    const link = card.querySelector('a[href*="services/"]');
    const found = link && /services\\/([^/?#]+)\\/?/.exec(link.getAttribute('href'));
    slugs.push(found ? found[1] : '(a card without a service link)');
  }
  const messages = [];
  for (const node of document.querySelectorAll(
      '.sg-results__count, #sg-near-message, main [role=status], main [role=alert], main [aria-live]')) {
    const text = shown(node) ? node.innerText.trim() : '';
    if (text && !messages.includes(text)) messages.push(text);
  }
  return { slugs: slugs, messages: messages.join(' | ') };
}"""


@dataclass(frozen=True)
class Outcome:
    query: Query
    expected: Expected
    seen: Seen
    good: bool
    why: str


def query_url(base: str, query: Query) -> str:
    params = {key: value for key, value in (("q", query.q), ("near", query.near)) if value}
    return base + "search/" + ("?" + urlencode(params, quote_via=quote) if params else "")


def run_queries(
    browser: object, base: str, root: Path, queries: list[Query]
) -> tuple[list[Outcome], dict[str, int]]:
    """Open each query's address in one phone-sized page; judge what it shows. Also returns what
    the browser fetched for the first search: {address: gzipped bytes}."""
    records = read_records(root)
    places = read_places(root, records)
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # type: ignore[attr-defined]
    page = context.new_page()
    # the page's "now" is the build date's morning, as the oracle's is: ranking's last tie-break is
    # the soonest next session, which would otherwise move with the clock of the machine
    page.clock.set_fixed_time(dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=dt.UTC))  # type: ignore[attr-defined]
    responses: list[object] = []

    def fetched(response: object) -> None:
        responses.append(response)

    page.on("response", fetched)
    outcomes = []
    first: dict[str, int] = {}
    try:
        for number, query in enumerate(queries):
            expected = expect(query, records, places)
            page.goto(query_url(base, query))
            try:
                page.wait_for_function(READY, timeout=15000)
                found = page.evaluate(SEE)
                seen = Seen(tuple(found["slugs"]), found["messages"])
                good, why = judge(query, expected, seen, records)
            except Exception as error:  # noqa: BLE001 - a page that never answers is a failed query, not a crash
                seen, good, why = (
                    Seen((), ""),
                    False,
                    f"no answer on the page: {str(error).splitlines()[0][:80]}",
                )
            if number == 0:
                page.remove_listener("response", fetched)
                for response in responses:
                    if response.ok:  # type: ignore[attr-defined]
                        first[response.url.removeprefix(base)] = len(gzipped(response.body()))  # type: ignore[attr-defined]
            outcomes.append(Outcome(query, expected, seen, good, why))
    finally:
        context.close()
    return outcomes, first


def score(outcomes: list[Outcome]) -> tuple[int, int]:
    return sum(o.good for o in outcomes), len(outcomes)


def print_table(title: str, outcomes: list[Outcome]) -> None:
    print(f"\n## {title}\n")
    print("| query | kind | right | answered well | why not |")
    print("| --- | --- | ---: | --- | --- |")
    for o in outcomes:
        why = o.why.replace("|", "/")
        print(
            f"| {describe(o.query)} | {o.expected.kind} | {len(o.expected.right)} | {'yes' if o.good else 'no'} | {why} |"
        )
    good, total = score(outcomes)
    print(f"\n{title}: {good} of {total} answered well ({100 * good / total:.0f}%)", flush=True)


def synthetic_site(count: int, folder: Path) -> Path:
    """A synthetic site with the project's postcode district table (and places table, if any)."""
    root = make(count, folder)
    for table in ("postcode-districts.csv", "places.csv"):
        if (PROJECT / "content" / table).is_file():
            shutil.copy(PROJECT / "content" / table, root / "content" / table)
    return root


def measure_site(site: str, browser: object, temp: Path) -> tuple[list[Outcome], dict[str, int]]:
    """Build one site (the bundled one, or a synthetic one of int(site) records), serve it, run its queries."""
    from sitegen.build import build
    from tests.browser import serve

    if site == "bundled":
        root, queries = PROJECT, bundled()
    else:
        root = synthetic_site(int(site), temp / f"site-{site}")
        raw = [
            yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((root / "content/services").glob("*.yml"))
        ]
        queries = synthetic(raw)
    host = temp / f"host-{site}"
    build(root, host / "children-services", TODAY)
    with serve(host) as url:
        return run_queries(browser, url + "children-services/", root, queries)


def site_name(text: str) -> str:
    """'bundled', or a whole number of synthetic records from 1 to 100,000."""
    if text == "bundled" or (text.isdigit() and 1 <= int(text) <= 100_000):
        return text
    raise argparse.ArgumentTypeError(f"{text!r} is neither 'bundled' nor a number of records such as 1000")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--site",
        action="append",
        type=site_name,
        help="bundled, or a number of synthetic records (default: both)",
    )
    sites = parser.parse_args(argv).site or ["bundled", "1000"]
    from tests.browser import chromium

    summary = []
    with tempfile.TemporaryDirectory() as temp, chromium() as browser:
        for site in sites:
            began = time.perf_counter()
            outcomes, first = measure_site(site, browser, Path(temp))
            title = "bundled site" if site == "bundled" else f"synthetic site, {int(site):,} records"
            print_table(title, outcomes)
            good, total = score(outcomes)
            line = f"{title}: {good} of {total} answered well ({100 * good / total:.0f}%)"
            if site != "bundled":
                total_bytes = sum(first.values())
                limit = BUDGET.get(int(site))
                verdict = (
                    f" (budget {limit / 1000:,.0f} KB: {'within' if total_bytes <= limit else 'OVER'})"
                    if limit
                    else ""
                )
                line += (
                    f"; first search {total_bytes / 1000:,.0f} KB gzipped over {len(first)} files{verdict}"
                )
                files = sorted(first.items(), key=lambda item: -item[1])
                line += (
                    " (" + ", ".join(f"{name.split('?')[0]} {size / 1000:.1f}" for name, size in files) + ")"
                )
            summary.append(line + f"; {time.perf_counter() - began:.0f} s")
    print("\n" + "\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
