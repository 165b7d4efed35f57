"""The index in shards (issue 21): a browser that fetches only the shards a query needs finds the
same services, in the same order, with the same scores, as the whole lunr index.

The oracle is real lunr.js querying the whole index (``lunr.Index.load(d.unpack(packed))``); the
queries come from the sites' own words, read with plain PyYAML, not from sitegen's model.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gzip
import hashlib
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import make
from sitegen.exports.search import index as search
from sitegen.exports.search import shards
from sitegen.exports.search.lunr_index import IndexBuilder
from sitegen.load.files import read_sources
from sitegen.model import content
from tests.jsrun import run_js
from tests.lunr_reference import unpack

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # PyYAML's own safe loader, in C where built

PROJECT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)

# ---- In Node: every query against the whole index and against the shards ----
# fetchJson reads input.files (paths under "search/"), counting what is fetched; a query's shards
# are fetched by a fresh source (only what that query needs) and, unless input.together is
# false, by one source kept for all queries (everything loaded so far), and both answers are
# compared with the whole index's.
COMPARE = """
const files = input.files, parsed = {};
let fetched = [];
const fetchJson = url => new Promise((resolve, reject) => {
  fetched.push(url);
  if (url in files && !(url in parsed)) parsed[url] = JSON.parse(files[url]);
  setTimeout(() => url in files ? resolve(parsed[url]) : reject(new Error('404 ' + url)), 0);
});
function ask(target, q) {
  if (q.kind === 'search') return target.search(q.text);
  return d.find(target, q.text, input.synonyms, q.fuzzy);
}
function answer(target, q) {
  try {
    const found = ask(target, q);
    return found === null ? null : found.map(m => [m.ref, m.score, m.matchData.metadata]);
  } catch (e) { return 'THROWS ' + e.name; }
}
async function sharded(source, q) {
  let clauses;
  try { clauses = source.clauses(probe => ask(probe, q)); } catch (e) { return 'THROWS ' + e.name; }
  return answer(await source.indexFor(clauses), q);
}
(async () => {
  const out = {};
  for (const name of Object.keys(input.indexes)) {
    const whole = lunr.Index.load(d.unpack(JSON.parse(files[input.indexes[name]])));
    const manifest = 'search/' + name + '/manifest.json';
    const kept = await shards.open(manifest, fetchJson);
    const mismatches = [], sizes = [], fetches = [];
    for (const q of input.queries[name]) {
      const expected = JSON.stringify(answer(whole, q));
      fetched = [];
      const alone = JSON.stringify(await sharded(await shards.open(manifest, fetchJson), q));
      fetches.push(fetched.length);
      const together = input.together ? JSON.stringify(await sharded(kept, q)) : expected;
      if (alone !== expected || together !== expected) mismatches.push([q, expected.slice(0, 300), alone.slice(0, 300), together.slice(0, 300)]);
      const parsed = JSON.parse(expected);
      sizes.push(Array.isArray(parsed) ? parsed.length : -1);
    }
    out[name] = { mismatches, sizes, fetches };
  }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


def search_files(root: Path) -> dict[str, bytes]:
    """The shards the build writes for the site at ``root`` (from the modelled site, without
    rendering its pages), and beside them, as ``whole/main.json`` and ``whole/more.json``, the
    same indexes whole, in the packed form search.js's unpack() reads: the oracle."""
    site = content.make_site(read_sources(root), TODAY)
    files = {path: data for path, data in search.files(site).items() if path.startswith(SHARD_FOLDERS)}
    for name, builder in [
        ("main", search.index_builder(site.services, site.pages)),
        ("more", search.index_builder(site.services, more=True)),
    ]:
        files[f"whole/{name}.json"] = "".join(builder.packed()).encode("utf-8")
    return files


SHARD_FOLDERS = ("search/main/", "search/more/")


# ---- The queries: from the records' own words, read plainly ----
def record_texts(root: Path) -> Iterator[tuple[str, str]]:
    """Each record's words as (main text, description), from the YAML as written."""
    for path in sorted((root / "content" / "services").glob("*.yml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
        venue = record.get("venue") or {}
        main = [
            record.get("name"),
            record.get("summary"),
            " ".join(record.get("types") or []),
            (record.get("run_by") or {}).get("organisation"),
            venue.get("town"),
            venue.get("area"),
            venue.get("postcode"),
            " ".join(str(s.get("day", "")) for s in record.get("sessions") or []),
        ]
        yield " ".join(str(t) for t in main if t), str(record.get("description") or "")


def synonym_groups() -> list[list[list[str]]]:
    """The project's synonyms as the page gets them: each phrase cut into search words."""
    groups = yaml.safe_load((PROJECT / "content" / "search-synonyms.yml").read_text(encoding="utf-8"))
    return [[search.words(phrase) for phrase in group] for group in groups["groups"]]


def misspelt(rng: random.Random, word: str) -> str:
    place = rng.randrange(len(word))
    change = rng.choice(["drop", "swap", "replace", "add"])
    if change == "drop" and len(word) > 3:
        return word[:place] + word[place + 1 :]
    if change == "swap" and place < len(word) - 1:
        return word[:place] + word[place + 1] + word[place] + word[place + 2 :]
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return word[:place] + letter + word[place + (change == "replace") :]


def queries(root: Path, seed: int = 21) -> dict[str, list[dict[str, Any]]]:
    """At least 500 queries for the first index and 100 for the second, the same every time."""
    rng = random.Random(seed)
    texts = list(record_texts(root))
    main_words = [search.words(t) for t, _ in texts]
    more_words = [search.words(t) for _, t in texts if t]
    vocabulary = sorted({w for ws in main_words for w in ws})
    synonyms = [" ".join(phrase) for group in synonym_groups() for phrase in group]

    def phrase(words: list[list[str]], length: int) -> str:
        ws = rng.choice([w for w in words if len(w) >= length])
        start = rng.randrange(len(ws) - length + 1)
        return " ".join(ws[start : start + length])

    def find(text: str, fuzzy: bool = False) -> dict[str, Any]:
        return {"kind": "find", "text": text, "fuzzy": fuzzy}

    def raw(text: str) -> dict[str, Any]:
        return {"kind": "search", "text": text}

    main: list[dict[str, Any]] = []
    main += [find(rng.choice(vocabulary)) for _ in range(80)]
    main += [find(phrase(main_words, 2)) for _ in range(60)]
    main += [find(phrase(main_words, 3)) for _ in range(40)]
    main += [find(rng.choice(vocabulary)[: rng.randint(1, 4)]) for _ in range(50)]
    main += [find(letter) for letter in "abcdefghijklmnopqrstuvwxyz0123456789"]
    main += [find(phrase(main_words, 2)[:-1]) for _ in range(20)]  # the last word being typed
    long_words = [w for w in vocabulary if len(w) >= 5 and w.isalpha()]
    main += [find(misspelt(rng, rng.choice(long_words)), fuzzy=True) for _ in range(60)]
    main += [find(phrase(main_words, 2), fuzzy=True) for _ in range(20)]
    main += [find(rng.choice(synonyms), fuzzy=rng.random() < 0.3) for _ in range(40)]
    main += [find(f"{rng.choice(synonyms)} {rng.choice(vocabulary)}") for _ in range(20)]
    main += [raw(rng.choice(vocabulary)[: rng.randint(1, 4)] + "*") for _ in range(30)]
    main += [raw(misspelt(rng, rng.choice(long_words)) + "~1") for _ in range(20)]
    main += [raw(f"+{rng.choice(vocabulary)} +{rng.choice(vocabulary)}") for _ in range(15)]
    main += [raw(f"{rng.choice(vocabulary)} -{rng.choice(vocabulary)}") for _ in range(10)]
    main += [raw(f"name:{rng.choice(vocabulary)}") for _ in range(10)]
    main += [raw(rng.choice(vocabulary) + "~2") for _ in range(10)]
    main += [raw("*" + rng.choice(long_words)[-3:]) for _ in range(10)]  # leading wildcards
    main += [raw(w[0] + "*" + w[-1]) for w in rng.sample(long_words, 10)]  # middle wildcards
    main += [raw(w) for w in ["pla*", "play~1", "+stay +play", "*", "-play", "stay play^10", "pl*y"]]
    main += [find(w) for w in ["", "the and", "constructor", "__proto__", "hasOwnProperty", "toString"]]
    more_vocabulary = sorted({w for ws in more_words for w in ws})
    more: list[dict[str, Any]] = []
    more += [find(rng.choice(more_vocabulary)) for _ in range(50)]
    more += [find(phrase(more_words, 2)) for _ in range(20)]
    more += [find(rng.choice(more_vocabulary)[: rng.randint(1, 3)]) for _ in range(20)]
    more += [
        find(misspelt(rng, rng.choice([w for w in more_vocabulary if len(w) >= 5])), True) for _ in range(20)
    ]
    more += [raw(w) for w in ["pla*", "play~1", "+stay +play", "*ing", "-play"]]
    return {"main": main, "more": more}


def compare(root: Path, timeout: float = 120) -> dict[str, Any]:
    """Every query answered by the whole index and by the shards, in Node."""
    files = {path: data.decode("utf-8") for path, data in search_files(root).items()}
    return compare_files(files, queries(root), timeout)


def compare_files(
    files: dict[str, str],
    asked: dict[str, list[dict[str, Any]]],
    timeout: float,
    part: int = 0,
    parts: int = 1,
    together: bool = True,
) -> dict[str, Any]:
    """The queries (with ``parts``, every ``parts``-th from the ``part``-th on) answered by the
    whole index and by the shards (``together``: by a source kept for all of them too)."""
    assert len(asked["main"]) >= 500
    return run_js(
        COMPARE,
        {
            "files": files,
            "indexes": {"main": "whole/main.json", "more": "whole/more.json"},
            "queries": {name: these[part::parts] for name, these in asked.items()},
            "synonyms": synonym_groups(),
            "together": together,
        },
        timeout,
    )


def assert_same_answers(found: dict[str, Any]) -> None:
    for name, result in found.items():
        assert result["mismatches"] == [], (name, result["mismatches"][:3])
        sizes = result["sizes"]
        # the queries are not all empty: most find something, many find several services
        assert sum(1 for s in sizes if s > 0) > len(sizes) / 2, name
        assert sum(1 for s in sizes if s > 5) > len(sizes) / 10, name


@pytest.fixture(scope="module")
def synthetic_1000(tmp_path_factory) -> Path:
    return make(1000, tmp_path_factory.mktemp("shards-1000"))


def test_the_shards_answer_every_query_as_the_whole_index_on_the_bundled_site():
    assert_same_answers(compare(PROJECT))


@pytest.mark.slow  # 25-40 s: started with the other slow tests, not left to the end of a run
def test_the_shards_answer_every_query_as_the_whole_index_at_1000_records(synthetic_1000):
    found = compare(synthetic_1000)
    assert_same_answers(found)
    # a query needs only some of the shards
    assert sorted(found["main"]["fetches"])[len(found["main"]["fetches"]) // 2] <= 3


@pytest.fixture(scope="module")
def synthetic_10000_search(tmp_path_factory) -> dict[str, Any]:
    """The search files and queries of a synthetic 10,000 records, made once for the whole test
    run: the first test process to need them makes them (33 s) while the others wait for it."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")  # the same in every process of one run
    base = tmp_path_factory.getbasetemp()
    shared = base.parent / f"shards-10000-{run}" if run else base / "shards-10000-shared"
    shared.mkdir(exist_ok=True)
    made = shared / "search.json"
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not made.exists():
            root = make(10000, tmp_path_factory.mktemp("shards-10000"))
            files = {path: data.decode("utf-8") for path, data in search_files(root).items()}
            made.write_text(json.dumps({"files": files, "queries": queries(root)}), encoding="utf-8")
    return json.loads(made.read_text(encoding="utf-8"))


# At 10,000 records lunr.js takes about a third of a second a query: the queries are asked in
# four parts, which the test processes share, so that the suite does not wait minutes for one of
# them; each query is answered by the whole index and by a fresh source fetching only what it
# needs (as a family's first search), the source kept for every query being left to the bundled
# site and 1,000 records, where it is the same code.
@pytest.mark.slow
@pytest.mark.parametrize("part", range(4))
def test_the_shards_answer_every_query_as_the_whole_index_at_10000_records(part, synthetic_10000_search):
    made = synthetic_10000_search
    assert_same_answers(compare_files(made["files"], made["queries"], 600, part, 4, together=False))


# ---- Fetching: only what a query needs, each file once; a broken file is an error ----
FETCHES = """
const files = input.files;
let fetched = [];
const fetchJson = url => {
  fetched.push(url);
  const path = url.split('?')[0];  // as a web server reads it
  return path in files ? Promise.resolve(JSON.parse(files[path])) : Promise.reject(new Error('404 ' + url));
};
const exact = q => q.term(input.term, { usePipeline: false, presence: lunr.Query.presence.REQUIRED });
(async () => {
  const out = {};
  const source = await shards.open('search/main/manifest.json?v=1', fetchJson);
  out.manifest = fetched.slice();
  fetched = [];
  out.hasBefore = source.has(input.term);
  const index = await source.indexFor(source.clauses(p => p.query(exact)));
  out.exact = fetched.slice();
  out.found = index.query(exact).length;
  out.hasAfter = [source.has(input.term), source.has(input.term + 'zzz')];
  fetched = [];
  const again = await source.indexFor(source.clauses(p => p.query(exact)));
  out.again = fetched.slice();
  out.sameIndex = again === index;
  fetched = [];
  await Promise.all([source.indexFor(source.clauses(p => p.search('b*'))), source.indexFor(source.clauses(p => p.search('b*')))]);
  out.prefix = fetched.slice();
  fetched = [];
  await source.indexFor(source.clauses(p => p.search(input.misspelt + '~1')));
  out.fuzzy = fetched.slice();
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


def shard_names(files: dict[str, bytes], first_letter: str) -> list[str]:
    manifest = json.loads(files["search/main/manifest.json"])
    starts = [s[0] for s in manifest["shards"]]
    found = []
    for n, (first, _, name) in enumerate(manifest["shards"]):
        after = starts[n + 1] if n + 1 < len(starts) else "\uffff"
        if first < first_letter + "\uffff" and after > first_letter:
            found.append(f"search/main/{name}")
    return found


def test_a_query_fetches_only_the_shards_it_needs_each_once(synthetic_1000):
    files = search_files(synthetic_1000)
    manifest = json.loads(files["search/main/manifest.json"])
    assert len(manifest["shards"]) >= 10
    term = "meadow"
    found = run_js(
        FETCHES, {"files": {p: d.decode() for p, d in files.items()}, "term": term, "misspelt": "medow"}
    )
    holding = [
        f"search/main/{name}"
        for n, (first, _, name) in enumerate(manifest["shards"])
        if first <= term and (n + 1 == len(manifest["shards"]) or manifest["shards"][n + 1][0] > term)
    ]
    assert found["manifest"] == ["search/main/manifest.json?v=1"]
    assert found["hasBefore"] is None
    assert found["exact"] == holding  # one shard, and the manifest before it
    assert found["found"] > 0 and found["hasAfter"] == [True, False]
    assert found["again"] == [] and found["sameIndex"]
    assert sorted(found["prefix"]) == sorted(set(shard_names(files, "b")) - set(holding))
    dictionary = f"search/main/{manifest['dictionary']}"
    assert found["fuzzy"][0] == dictionary and dictionary not in found["fuzzy"][1:]


SYNONYMS = """
let fetched = [];
const fetchJson = url => { fetched.push(url); return url in input.files ? Promise.resolve(JSON.parse(input.files[url])) : Promise.reject(new Error('404 ' + url)); };
(async () => {
  const out = {};
  for (const q of input.queries) {
    const source = await shards.open('search/main/manifest.json', fetchJson);
    fetched = [];
    const index = await source.indexFor(source.clauses(p => d.find(p, q, input.synonyms, false)));
    out[q] = { fetched: fetched.slice(), found: d.find(index, q, input.synonyms, false).length };
  }
  // typed letter by letter: once a letter's shards have come, the group's file would bring
  // their terms again, so the shards of the rest come instead
  const typing = await shards.open('search/main/manifest.json', fetchJson);
  out.typed = [];
  for (let n = 1; n <= input.typed.length; n++) {
    fetched = [];
    const q = input.typed.slice(0, n);
    await typing.indexFor(typing.clauses(p => d.find(p, q, input.synonyms, false)));
    out.typed.push(fetched.slice());
  }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


def test_a_search_for_a_synonyms_phrase_fetches_its_group_in_one_file(synthetic_1000):
    files = search_files(synthetic_1000)
    manifest = json.loads(files["search/main/manifest.json"])
    messy = next(name for prefixes, name in manifest["groups"] if "messi" in prefixes)
    meadow = [
        f"search/main/{name}"
        for n, (first, _, name) in enumerate(manifest["shards"])
        if first <= "meadow" and (n + 1 == len(manifest["shards"]) or manifest["shards"][n + 1][0] > "meadow")
    ]
    found = run_js(
        SYNONYMS,
        {
            "files": {p: d.decode() for p, d in files.items()},
            "synonyms": synonym_groups(),
            "queries": ["messy play", "arts and crafts", "messy play meadow"],
            "typed": "messy play",
        },
    )
    assert not any("/g" in url for letter in found["typed"] for url in letter), found["typed"]
    assert any(found["typed"][4:])  # "messy" is a phrase of the group: its other stems' shards come
    # the phrase's group lists painting, crafts, arts and crafts and sensory play: their stems
    # fall in several shards' ranges, and all come in one file
    assert found["messy play"]["fetched"] == [f"search/main/{messy}"]
    assert found["arts and crafts"]["fetched"] == [f"search/main/{messy}"]
    assert sorted(found["messy play meadow"]["fetched"]) == sorted([f"search/main/{messy}", *meadow])
    assert found["messy play"]["found"] > 0


BROKEN = """
const fetchJson = url => url in input.files ? Promise.resolve(JSON.parse(input.files[url])) : Promise.reject(new Error('404'));
(async () => {
  const source = await shards.open('search/main/manifest.json', fetchJson);
  try {
    await source.indexFor(source.clauses(p => p.search(input.query)));
    console.log(JSON.stringify('loaded'));
  } catch (e) { console.log(JSON.stringify(String(e.message))); }
})();
"""


FETCHED = """
const fetched = [];
const fetchJson = url => { fetched.push(url); return Promise.resolve(JSON.parse(input.files[url])); };
(async () => {
  const source = await shards.open('search/main/manifest.json', fetchJson);
  await source.indexFor(source.clauses(p => p.search(input.query)));
  console.log(JSON.stringify(fetched));
})();
"""


def tampered(files: dict[str, bytes], change) -> dict[str, str]:
    out = {p: d.decode() for p, d in files.items()}
    shard = next(p for p in out if p.startswith("search/main/0-"))
    data = json.loads(out[shard])
    if change is None:
        del out[shard]
    else:
        change(data)
        out[shard] = json.dumps(data)
    return out


def bump_ref(data):
    refs = next(refs for refs in data["refs"][0] if refs)
    refs[0] += 100000


@pytest.mark.parametrize(
    "change",
    [
        None,  # missing
        lambda d: d.update(start=1),
        lambda d: d["terms"].reverse(),
        lambda d: d["terms"].pop(),
        lambda d: d["refs"][0].pop(),
        lambda d: d["scores"][-1][0].append(1),
        bump_ref,  # a document the index does not have
        lambda d: d.update(format=2),
    ],
)
def test_a_missing_or_tampered_shard_makes_the_query_fail(change):
    files = search_files(PROJECT)
    first = json.loads(files["search/main/manifest.json"])["shards"][0][0]
    answer = run_js(BROKEN, {"files": tampered(files, change), "query": first})
    assert answer != "loaded"
    assert run_js(BROKEN, {"files": tampered(files, lambda d: None), "query": first}) == "loaded"


# ---- The files: the whole index's numbers, cut by term; the same bytes every time ----
def reassembled(files: dict[str, bytes], folder: str) -> dict[str, Any]:
    """The shards put back together as lunr's serialised index (Python, not shards.js)."""
    manifest = json.loads(files[f"{folder}/manifest.json"])
    fields = manifest["fields"]
    inverted = []
    vectors: dict[str, list[float]] = {f"{f}/{r}": [] for f in fields for r in range(manifest["documents"])}
    terms = []
    for _, start, name in manifest["shards"]:
        shard = json.loads(files[f"{folder}/{name}"])
        assert shard["start"] == len(terms)
        columns = zip(shard["terms"], shard["refs"], shard["scores"], strict=True)
        for offset, (term, term_refs, term_scores) in enumerate(columns):
            terms.append(term)
            entry: dict[str, Any] = {"_index": start + offset}
            for field, deltas, scores in zip(fields, term_refs, term_scores, strict=True):
                ref, refs = 0, {}
                for delta, score in zip(deltas, scores, strict=True):
                    ref += delta
                    refs[str(ref)] = {}
                    vectors[f"{field}/{ref}"] += [start + offset, score / 1000]
                entry[field] = refs
            inverted.append([term, entry])
    coded = json.loads(files[f"{folder}/{manifest['dictionary']}"])
    previous, dictionary = "", []
    for shared, rest in zip(coded[::2], coded[1::2], strict=True):
        previous = previous[:shared] + rest
        dictionary.append(previous)
    assert dictionary == terms and manifest["terms"] == len(terms)
    return {
        "version": manifest["lunr"],
        "fields": fields,
        "fieldVectors": [[key, elements] for key, elements in vectors.items()],
        "invertedIndex": inverted,
        "pipeline": manifest["pipeline"],
    }


WORDS = ["ab", "ac", "b", "ba", "bb", "c", "ca", "the", "play", "plays", "played", "x1", "10"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.lists(st.sampled_from(WORDS), max_size=6),
            min_size=2,
            max_size=2,
        ),
        max_size=12,
    ),
    st.integers(min_value=1, max_value=400),
)
def test_the_shards_hold_exactly_the_whole_index_numbers(documents, shard_bytes):
    builder = IndexBuilder((("name", 3), ("text", 1)))
    for texts in documents:
        builder.add([" ".join(words) for words in texts])
    groups = [["plai"], ["b", "ca"], ["x1", "zzz"]]
    files = shards.files(builder, "f", shard_bytes, groups=groups)
    whole = unpack(json.loads("".join(builder.packed())))
    assert reassembled(files, "f") == whole
    # each synonyms group's file: every term that starts with one of its stems, at its place in
    # the whole sorted list, with the postings its shard holds (the shards match the whole index,
    # above), unless it would be too big for a file of its own
    manifest = json.loads(files["f/manifest.json"])
    in_shards = {}
    for _, start, name in manifest["shards"]:
        shard = json.loads(files[f"f/{name}"])
        for k, term in enumerate(shard["terms"]):
            in_shards[term] = (start + k, shard["refs"][k], shard["scores"][k])
    listed = {tuple(prefixes): name for prefixes, name in manifest["groups"]}
    for stems in groups:
        held = [term for term in sorted(in_shards) if term.startswith(tuple(stems))]
        size = sum(
            len(json.dumps(part, separators=(",", ":"))) for term in held for part in in_shards[term][1:]
        )
        size += 2 * len(held)  # as shards.files counts a term's bytes
        if not held or size > shards.GROUP_SHARDS * shard_bytes:
            assert tuple(stems) not in listed
            continue
        group = json.loads(files["f/" + listed[tuple(stems)]])
        assert group["prefixes"] == stems and group["terms"] == held
        assert [
            (p, r, s) for p, r, s in zip(group["positions"], group["refs"], group["scores"], strict=True)
        ] == [in_shards[term] for term in held]


def test_the_bundled_site_shards_are_its_whole_index_cut_by_term():
    files = search_files(PROJECT)
    for name, whole in [("main", "whole/main.json"), ("more", "whole/more.json")]:
        assert reassembled(files, f"search/{name}") == unpack(json.loads(files[whole]))


DIGESTS = """
import hashlib, json, sys
from pathlib import Path
from tests.test_search_shards import PROJECT, search_files
files = search_files(PROJECT)
print(json.dumps({path: hashlib.sha256(data).hexdigest() for path, data in files.items()}))
"""


def test_each_file_is_named_by_its_content_and_the_bytes_are_the_same_every_time():
    first, second = search_files(PROJECT), search_files(PROJECT)
    assert first == second
    digests = {path: hashlib.sha256(data).hexdigest() for path, data in first.items()}
    for seed in ("1", "2"):  # other processes, with other string hashes
        done = subprocess.run(
            [sys.executable, "-c", DIGESTS],
            capture_output=True,
            text=True,
            check=True,
            cwd=PROJECT,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(PROJECT)},
        )
        assert json.loads(done.stdout) == digests
    shard_files = [p for p in first if p.startswith("search/main/") and not p.endswith("manifest.json")]
    assert shard_files
    for path in shard_files:
        digest = path.rsplit("-", 1)[1].removesuffix(".json")
        assert hashlib.sha256(first[path]).hexdigest().startswith(digest)


def test_a_small_site_is_one_small_shard():
    files = search_files(PROJECT)
    manifest = json.loads(files["search/main/manifest.json"])
    assert len(manifest["shards"]) <= 3
    assert len(gzip.compress(files["search/main/manifest.json"])) < 1000


@pytest.mark.parametrize(
    "change",
    [
        None,  # missing
        lambda d: d["positions"].reverse(),
        lambda d: d["prefixes"].pop(),
        lambda d: d["terms"].append("zzzz"),
        bump_ref,
    ],
)
def test_a_missing_or_tampered_group_file_makes_the_query_fail(change):
    files = {p: d.decode() for p, d in search_files(PROJECT).items()}
    manifest = json.loads(files["search/main/manifest.json"])
    group = "search/main/" + next(name for prefixes, name in manifest["groups"] if "messi" in prefixes)
    query = "messy painting sensory crafts"  # in both shards' ranges: the group's file answers
    fetched = run_js(FETCHED, {"files": files, "query": query})
    assert fetched == ["search/main/manifest.json", group], fetched
    assert run_js(BROKEN, {"files": files, "query": query}) == "loaded"
    if change is None:
        del files[group]
    else:
        data = json.loads(files[group])
        change(data)
        files[group] = json.dumps(data)
    assert run_js(BROKEN, {"files": files, "query": query}) != "loaded"
