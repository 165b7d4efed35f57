"""Search: sitegen builds the index (the numbers lunr.py gives), lunr.js answers in the browser, and the two agree on every word."""

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.stop_word_filter import WORDS as lunr_py_stop_words

from sitegen.exports.search import index as search
from sitegen.exports.search.lunr_index import STOP_WORDS, IndexBuilder
from sitegen.exports.search.stemmer import stem
from tests import search_data
from tests.conftest import SMALL_SITE, TODAY
from tests.jsrun import run_js
from tests.lunr_reference import lunr_py_index, pack, unpack

PROJECT = Path(__file__).resolve().parent.parent

QUERY_ALL = """
const index = lunr.Index.load(d.unpack(input.index));
const out = {};
for (const q of input.queries) {
  try { const r = d.search(index, q); out[q] = r === null ? null : r.map(m => +m.ref); }
  catch (e) { out[q] = 'THROWS: ' + e.message; }
}
console.log(JSON.stringify(out));
"""


def bundled_site():
    return search_data.make_files_with_whole_index(PROJECT, TODAY)


def test_words_are_cut_the_same_way_as_users_type_them():
    assert search.words("Barnardo's Stay-and-Play, 10:30am! Café OX4 3QP") == [
        "barnardos",
        "stay",
        "and",
        "play",
        "1030am",
        "cafe",
        "ox4",
        "3qp",
    ]
    assert search.words("09:30") == search.words("9:30") == search.words("9.30") == ["930"]


@settings(max_examples=8, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=40), min_size=40, max_size=40))
def test_python_and_browser_cut_any_text_into_the_same_words(texts):
    assert run_js("console.log(JSON.stringify(input.map(d.words)))", texts) == [
        search.words(t) for t in texts
    ]


def test_index_stems_words_exactly_as_lunr_js_does():
    site, files = bundled_site()
    vocabulary = set()
    for service in site.services:
        vocabulary.update(search.words(" ".join(search.document(service).values())))
    vocabulary.update(
        [
            "stay",
            "play",
            "sky",
            "say",
            "cry",
            "happy",
            "babies",
            "toddlers",
            "yelling",
            "agreed",
            "hopping",
            "generalization",
            "relational",
            "feeding",
            "parenting",
            "playgroup",
        ]
    )
    words = sorted(vocabulary)
    js = run_js(
        "console.log(JSON.stringify(input.map(w => lunr.stemmer(new lunr.Token(w)).toString())))", words
    )
    assert [stem(w) for w in words] == js


def test_index_has_every_number_lunr_py_gives_for_the_bundled_site():
    site, files = bundled_site()
    assert json.loads(files["search/index.json"]) == pack(
        lunr_py_index(search.FIELDS, list(search.documents(site.services, site.pages)))
    )
    # the second index (descriptions and venue facilities), fetched when the first finds few
    assert json.loads(files["search/more.json"]) == pack(
        lunr_py_index(search.MORE_FIELDS, list(search.documents(site.services, more=True)))
    )


FIELD_TEXT = st.lists(
    st.sampled_from(
        ["stay", "staying", "play", "the", "and", "a", "baby", "babies", "ox4", "930am", "x", "go"]
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(*[FIELD_TEXT] * len(search.FIELDS)), min_size=1, max_size=12))
def test_index_has_every_number_lunr_py_gives_for_any_documents(documents):
    """Terms, postings and every field score: repeated words, stop words only, empty fields."""
    builder = IndexBuilder(search.FIELDS)
    for texts in documents:
        builder.add(texts)
    assert json.loads("".join(builder.packed())) == pack(lunr_py_index(search.FIELDS, documents))


def test_stop_words_are_lunr_js_own():
    candidates = sorted(STOP_WORDS | lunr_py_stop_words | {"play", "baby", "group", "thing", "tiss", "twas"})
    kept = run_js(
        "console.log(JSON.stringify(input.filter(w => lunr.stopWordFilter(new lunr.Token(w)) !== undefined)))",
        candidates,
    )
    assert set(candidates) - set(kept) == STOP_WORDS == lunr_py_stop_words


def test_packing_loses_nothing_lunr_needs():
    """sgUnpack()'s Python twin gives back lunr.py's own serialised index, scores to its three places."""
    site, files = search_data.make_files_with_whole_index(SMALL_SITE, TODAY)
    raw = lunr_py_index(search.FIELDS, list(search.documents(site.services, site.pages)))
    restored = unpack(json.loads(files["search/index.json"]))
    assert restored["fields"] == raw["fields"]
    assert [t for t, _ in restored["invertedIndex"]] == [t for t, _ in raw["invertedIndex"]]
    postings = {t: {f: set(e[f]) for f in raw["fields"]} for t, e in raw["invertedIndex"]}
    assert {t: {f: set(e[f]) for f in raw["fields"]} for t, e in restored["invertedIndex"]} == postings
    terms = {e["_index"]: t for t, e in raw["invertedIndex"]}
    new_terms = {e["_index"]: t for t, e in restored["invertedIndex"]}

    def by_term(vectors, names):
        return {
            ref: {names[int(v[i])]: round(v[i + 1], 3) for i in range(0, len(v), 2)} for ref, v in vectors
        }

    assert by_term(restored["fieldVectors"], new_terms) == by_term(raw["fieldVectors"], terms)


def test_unpacked_index_says_which_lunr_and_pipeline_it_is_for():
    _, files = search_data.make_files_with_whole_index(SMALL_SITE, TODAY)
    packed = json.loads(files["search/index.json"])
    package = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))
    assert packed["lunr"] == package["dependencies"]["lunr"]
    assert packed["pipeline"] == ["stemmer"]


def test_index_holds_the_fields_families_search_by():
    site, _ = search_data.make_files_with_whole_index(SMALL_SITE, TODAY)
    acorns = next(s for s in site.services if s.slug == "acorns")
    document = search.document(acorns)
    assert document["name"] == "acorns stay and play"
    assert "stay and play" in document["kind"] and "rhyme time and music" in document["kind"]
    assert document["place"].split()[:4] == ["testville", "testville", "ox5", "ox5"]
    assert "testville parish council" in document["text"]
    assert document["days"] == "monday 930am to 1130am"


def test_every_record_is_found_by_each_word_of_its_name_in_real_lunr_js():
    site, files = bundled_site()
    queries, expected = [], {}
    for number, service in enumerate(site.services):
        for word in service.name.split():
            if search.words(word):
                queries.append(word)
                expected.setdefault(word, set()).add(number)
        queries.append(service.name)
        expected.setdefault(service.name, set()).add(number)
    found = run_js(
        QUERY_ALL, {"index": json.loads(files["search/index.json"]), "queries": sorted(set(queries))}
    )
    stop_words_only = {q for q, r in found.items() if r is None}
    for query, numbers in expected.items():
        if query in stop_words_only:
            continue
        assert isinstance(found[query], list), (query, found[query])
        assert numbers <= set(found[query]), (query, numbers, found[query])


def test_apostrophes_hyphens_times_and_lunr_syntax_never_throw_and_still_find():
    site, files = search_data.make_files_with_whole_index(SMALL_SITE, TODAY)
    queries = [
        "Acorns'",
        "acorn's",
        "’acorns’",
        "stay-and-play",
        "Stay-and-Play",
        "09:30",
        "9:30",
        "9.30",
        "930am",
        "10:30",
        "+acorns",
        "-acorns",
        "acorns*",
        "*",
        "acorns~1",
        "acorns^10",
        "acorns~",
        "acorns^",
        "name:acorns",
        "acorns:",
        ":",
        "^",
        "~",
        "+",
        "-",
        "+-*~:^",
        "\\",
        '"acorns"',
        "(acorns)",
        "<script>",
        "",
    ]
    found = run_js(QUERY_ALL, {"index": json.loads(files["search/index.json"]), "queries": queries})
    assert not [q for q, r in found.items() if isinstance(r, str)], found
    acorns = [s.slug for s in site.services].index("acorns")
    for query in [
        "Acorns'",
        "acorn's",
        "stay-and-play",
        "Stay-and-Play",
        "09:30",
        "9:30",
        "9.30",
        "930am",
        "+acorns",
        "acorns*",
        "acorns~",
        "acorns^",
        '"acorns"',
        "(acorns)",
    ]:
        assert acorns in found[query], (query, found[query])
    assert found["10:30"] == []
    assert found[""] is None and found["+-*~:^"] is None  # no words: every service, filtered


def test_prefix_of_the_last_word_finds_while_typing():
    _, files = search_data.make_files_with_whole_index(SMALL_SITE, TODAY)
    found = run_js(
        QUERY_ALL, {"index": json.loads(files["search/index.json"]), "queries": ["aco", "stay and pl"]}
    )
    assert found["aco"] and found["stay and pl"]


def test_store_holds_what_a_result_shows():
    site, files = search_data.make_files_with_whole_index(SMALL_SITE, TODAY)
    data = search_data.read(files)
    store, rows = data["store"], search_data.services(data)
    acorns = next(r for r in rows if r["slug"] == "acorns")
    assert acorns["name"] == "Acorns Stay and Play"
    assert [store["types"][t] for t in acorns["types"]] == ["stay and play", "rhyme time and music"]
    assert acorns["cost"] == "Free" and acorns["pence"] == 0
    assert acorns["sessions"] == [[0, 570, 690, 0, 0, 1, None, None]]
    assert acorns["off"] == ["2026-12-07"]
    assert store["terms"][0][:2] == ["2026-09-03", "2026-12-18"]


def test_next_session_in_the_browser_matches_the_build():
    """The browser works the next session out on the day it is read, the same way the build does."""
    site, files = search_data.make_files_with_whole_index(SMALL_SITE, TODAY)
    body = """
    const store = input.store, services = d.services(store), out = {};
    d.addRows(services, 0, input.rows);
    for (const day of input.days) {
      const t = Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10));
      out[day] = services.map(s => { const n = d.nextSession(s, store, { day: t, minutes: 0 }); return n ? new Date(n.day).toISOString().slice(0, 10) : null; });
    }
    console.log(JSON.stringify(out));
    """
    days = ["2026-11-24", "2026-12-01", "2026-12-08", "2026-12-19", "2026-10-26"]
    data = search_data.read(files)
    found = run_js(body, {"store": data["store"], "rows": data["rows"], "days": days})
    import datetime as dt

    from sitegen.model import schedule

    for day in days:
        today = dt.date.fromisoformat(day)
        expected = []
        for service in site.services:
            upcoming = schedule.upcoming(service.sessions, site.terms, service.not_running, today, 1)
            expected.append(upcoming[0].date.isoformat() if upcoming else None)
        assert found[day] == expected, day


def test_places_know_districts_and_the_directorys_own_areas():
    _, files = bundled_site()
    places = json.loads(files["search/places.json"])
    assert places["districts"]["OX4"] == [51.7284, -1.2262]
    assert "kidlington" in places["areas"]
    found = run_js(
        "console.log(JSON.stringify(input.q.map(q => d.findPlace(q, input.places))))",
        {"places": places, "q": ["OX4 3QP", "ox43qp", "OX4", "Kidlington", "51.75,-1.25", "Narnia"]},
    )
    assert [f["point"] for f in found[:3]] == [[51.7284, -1.2262]] * 3
    assert found[3]["point"] is not None
    assert found[4]["point"] == [51.75, -1.25] and found[4]["name"] == "your location"
    assert found[5]["point"] is None


def test_bad_postcode_table_rows_name_their_line(sitegen, site_dir):
    (site_dir / "content").mkdir(exist_ok=True)
    (site_dir / "content/postcode-districts.csv").write_text(
        "district,latitude,longitude\nOX4,51.72,-1.22\nOXX,51.7,-1.2\nOX5,100,-1.2\n", encoding="utf-8"
    )
    result = sitegen("validate", "--root", site_dir, "--today", "2026-11-24")
    assert result.code == 1
    assert "content/postcode-districts.csv:3: district: 'OXX' is not a postcode district" in result.err
    assert "content/postcode-districts.csv:4: 100.0,-1.2 is outside the UK" in result.err


def test_build_reports_the_index_size(sitegen, site_dir):
    result = sitegen("build", "--root", site_dir, "--today", "2026-11-24")
    assert re.search(
        r"A first search fetches \d+ KB gzipped before the index.s shards and the result cards it needs \(\d+ KB unzipped\)\.",
        result.out,
    )
