"""Print what the sharded search index costs a browser: its files, and the bytes typical queries fetch.

    .venv/bin/python bench/search_shards.py 1000 10000
    .venv/bin/python bench/search_shards.py 10000 --shard-bytes 10000 20000 40000

For each size, a synthetic site (bench/synthetic.py) is modelled and its first index (search/main/)
written in shards of about ``--shard-bytes`` of JSON each (the build's SHARD_BYTES unless given).
The real shards.js, in Node, then works out which files each query fetches: the page's own query
building (search.js's find) for typical queries, each first letter a-z typed alone (a trailing
wildcard: every term starting with it), and each typical query typed letter by letter (the most
one keystroke adds). Sizes are of the shards fetched after the manifest, which a first search
fetches once before them (its size is printed). Sizes are gzip level 6 (what web servers commonly use). The sizes are exact byte counts, not timings, so
one run is enough.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import statistics
import string
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from bench.synthetic import make  # noqa: E402
from sitegen.exports.search import index as search  # noqa: E402
from sitegen.exports.search import shards  # noqa: E402
from sitegen.load.files import read_sources  # noqa: E402
from sitegen.model import content  # noqa: E402
from tests.jsrun import run_js  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)
QUERIES = [
    "stay and play",
    "banbury",
    "baby",
    "10:30",
    "health visiting clinic",
    "messy play",
    "tuesday",
    "ox4",
    "mums and tots",
    "rhyme time witney",
]

FETCHES = """
const files = input.files;
let fetched = [];
const fetchJson = url => { fetched.push(url); return Promise.resolve(JSON.parse(files[url])); };
const manifest = 'search/main/manifest.json';
async function fetches(source, text, raw) {
  fetched = [];
  await source.indexFor(source.clauses(probe => raw ? probe.search(text) : d.find(probe, text, input.synonyms, false)));
  return fetched.filter(url => url !== manifest);  // a fresh source fetched it already
}
(async () => {
  const out = { queries: {}, letters: {}, typing: {} };
  for (const q of input.queries) out.queries[q] = await fetches(await shards.open(manifest, fetchJson), q);
  for (const letter of input.letters) out.letters[letter] = await fetches(await shards.open(manifest, fetchJson), letter + '*', true);
  for (const q of input.queries) {
    const source = await shards.open(manifest, fetchJson), steps = [];
    for (let end = 1; end <= q.length; end++) steps.push(await fetches(source, q.slice(0, end)));
    out.typing[q] = steps;
  }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def synonyms() -> list[list[list[str]]]:
    groups = yaml.safe_load((PROJECT / "content" / "search-synonyms.yml").read_text(encoding="utf-8"))
    return [[search.words(phrase) for phrase in group] for group in groups["groups"]]


def report(builder, shard_bytes: int) -> None:
    files = shards.files(builder, "search/main", shard_bytes)
    sizes = {path: gz(data) for path, data in files.items()}
    manifest = json.loads(files["search/main/manifest.json"])
    shard_sizes = sorted(sizes[f"search/main/{name}"] for _, _, name in manifest["shards"])
    whole = gz("".join(builder.packed()).encode("utf-8"))
    print(
        f"  shards of ~{shard_bytes // 1000} KB: {len(shard_sizes)} shards, {sum(shard_sizes) / 1000:.0f} KB gzip"
        f" together (whole index {whole / 1000:.0f} KB); median shard {statistics.median(shard_sizes) / 1000:.1f}"
        f" KB, largest {shard_sizes[-1] / 1000:.1f} KB; manifest {sizes['search/main/manifest.json'] / 1000:.1f}"
        f" KB; dictionary {sizes['search/main/' + manifest['dictionary']] / 1000:.1f} KB"
    )
    letters = list(string.ascii_lowercase)
    found = run_js(
        FETCHES,
        {
            "files": {path: data.decode("utf-8") for path, data in files.items()},
            "queries": QUERIES,
            "letters": letters,
            "synonyms": synonyms(),
        },
    )

    def kb(urls: list[str]) -> str:
        return f"{sum(sizes[u] for u in urls) / 1000:.1f}"

    print(
        "    typical queries (the shards a first search fetches after the manifest, KB gzip; typed letter by letter):"
    )
    for query in QUERIES:
        urls = found["queries"][query]
        typing = found["typing"][query]
        worst = max(range(len(typing)), key=lambda i: sum(sizes[u] for u in typing[i]))
        print(
            f"      {query!r:26} {kb(urls):>6} KB in {len(urls)} files;"
            f" typed: {kb([u for step in typing for u in step]):>6} KB in all,"
            f" at most {kb(typing[worst]):>5} KB at {query[: worst + 1]!r}"
        )
    letter_kb = {letter: sum(sizes[u] for u in found["letters"][letter]) for letter in letters}
    print(
        "    a first letter typed alone, as the wildcard 'x*' (the shards of every term starting with it, KB gzip):"
    )
    print("      " + " ".join(f"{letter}:{letter_kb[letter] / 1000:.0f}" for letter in letters))
    print(
        f"      median {statistics.median(letter_kb.values()) / 1000:.1f} KB,"
        f" most {max(letter_kb.values()) / 1000:.1f} KB ({max(letter_kb, key=letter_kb.get)!r})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--shard-bytes", nargs="+", type=int, default=[shards.SHARD_BYTES])
    options = parser.parse_args()
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as folder:
            site = content.make_site(read_sources(make(size, Path(folder))), TODAY)
        builder = search.index_builder(site.services, site.pages)
        print(f"{size} records: {builder.count} documents, {len(list(builder.term_postings()))} terms")
        for shard_bytes in options.shard_bytes:
            report(builder, shard_bytes)


if __name__ == "__main__":
    main()
