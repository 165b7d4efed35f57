"""The browser scripts, run in Node, find only their tables' own entries and keep only what a shortlist may hold.

Places come from ``?near=``, shortlist ids from ``?ids=`` and the device's storage: text anyone
can craft. The names every JavaScript object inherits (``constructor``, ``__proto__``...) are
asked of Node itself, so no name is missed; what shortlist.js keeps is compared with a plain
Python statement of the rule (tests/shortlist_rule.py) on lists nobody hand-picked.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.build import make_files
from tests.conftest import TODAY
from tests.jsrun import run_js
from tests.shortlist_rule import ID_LONGEST, LINK_LONGEST, MOST, ids_in_link, kept_ids

PROJECT = Path(__file__).resolve().parent.parent

INHERITED_NAMES = """
const names = new Set();
for (const thing of [{}, [], function () {}, '', 0, new Map()]) {
  for (let o = thing; o !== null && o !== undefined; o = Object.getPrototypeOf(o)) {
    Object.getOwnPropertyNames(o).forEach(n => names.add(n));
  }
}
"""


def bundled_places() -> dict:
    _, files = make_files(PROJECT, TODAY)
    return json.loads(files["search/places.json"])


def test_no_inherited_name_is_a_place_and_every_real_place_is_found():
    places = bundled_places()
    found = run_js(
        INHERITED_NAMES
        + """
const out = {};
for (const name of names) {
  for (const text of [name, name.toUpperCase(), name.toLowerCase(), ' ' + name + ' ']) {
    out[text] = d.findPlace(text, input.places).point;
  }
}
const real = {};
for (const district of Object.keys(input.places.districts)) real[district] = d.findPlace(district, input.places).point;
for (const area of Object.keys(input.places.areas)) real[area] = d.findPlace(area.replace(/-/g, ' '), input.places).point;
console.log(JSON.stringify({ inherited: out, real: real }));
""",
        {"places": places},
    )
    assert {"constructor", "__proto__", "toString", "hasOwnProperty", "length"} <= set(found["inherited"])
    assert {text: point for text, point in found["inherited"].items() if point is not None} == {}
    assert found["real"] == places["districts"] | places["areas"]


def test_a_place_really_called_constructor_or_proto_is_found():
    # JSON.parse makes "__proto__" an entry of its own, as it is in a places.json the build wrote
    places = '{"districts": {"__PROTO__": [51.7, -1.2]}, "areas": {"constructor": [51.8, -1.3], "proto": [51.9, -1.4]}}'
    found = run_js(
        "const places = JSON.parse(input);"
        "console.log(JSON.stringify(['__proto__', 'Constructor', 'toString'].map(t => d.findPlace(t, places).point)));",
        places,
    )
    # "__proto__" as a district is __PROTO__ (a district is upper case), as an area "proto"
    assert found == [[51.7, -1.2], [51.8, -1.3], None]


def test_a_places_table_that_is_not_points_finds_no_place():
    tables = [
        {"districts": {"OX4": "51.7,-1.2"}, "areas": {}},
        {"districts": {"OX4": [51.7]}, "areas": {}},
        {"districts": {"OX4": [None, None]}, "areas": {}},
        {"districts": {"OX4": [951.7, -1.2]}, "areas": {}},
        {"districts": None, "areas": None},
        {},
    ]
    found = run_js("console.log(JSON.stringify(input.map(p => d.findPlace('OX4', p).point)))", tables)
    assert found == [None] * len(tables)
    assert run_js("console.log(JSON.stringify(d.findPlace('95.5,-1.2', {}).point))", None) is None


def test_age_groups_are_looked_up_by_their_own_names_only():
    found = run_js(
        INHERITED_NAMES
        + """
const service = { types: [0], sessions: [], runBy: 0, pence: 0, ageFrom: 0, ageTo: 1 };
const out = {};
for (const age of names) {
  // a baby service, and an age group nobody defined: the filter lets it through, as "Any age" does
  out[age] = d.matchesFilters(service, { type: '', day: '', runby: '', free: false, age: age });
}
out.toddlers = d.matchesFilters(service, { type: '', day: '', runby: '', free: false, age: 'toddlers' });
console.log(JSON.stringify(out));
""",
        None,
    )
    assert found.pop("toddlers") is False  # the real group still filters
    assert set(found.values()) == {True}, {k: v for k, v in found.items() if v is not True}


# Anything a stored list or a shared link might hold: ids, near-ids, names every object
# inherits, other JSON values, and long text.
NAMES = ["acorns", "oak-clinic", "constructor", "__proto__", "toString", "a--b", "-a", "A", ""]
TEXT_ITEM = st.one_of(
    st.sampled_from(NAMES),
    st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True),
    st.text(alphabet=st.characters(exclude_characters=","), max_size=12),
    st.builds(lambda n: "a" * n, st.integers(ID_LONGEST - 2, ID_LONGEST + 2)),
)
ITEM = st.one_of(
    TEXT_ITEM,
    st.integers(),
    st.none(),
    st.booleans(),
    st.lists(st.just("acorns"), max_size=2),
    st.dictionaries(st.just("acorns"), st.just(1), max_size=1),
)
# Lists longer than MOST, made from a few drawn values so that they cost the generator little:
# a few names repeated, or hundreds of distinct ids with junk among them.
REPEATED = st.builds(
    lambda pool, n: [pool[i % len(pool)] for i in range(n)],
    st.lists(TEXT_ITEM, min_size=1, max_size=4),
    st.integers(MOST - 10, 2 * MOST),
)
DISTINCT = st.builds(
    lambda n, junk, every: [junk if i % every == 0 else f"s{i}" for i in range(n)],
    st.integers(MOST - 10, MOST + 60),
    ITEM,
    st.integers(2, 50),
)
SAVED = st.one_of(st.lists(ITEM, max_size=30), REPEATED, DISTINCT, ITEM)


@settings(max_examples=15, deadline=None)
@given(st.lists(SAVED, min_size=8, max_size=8))
def test_a_saved_list_keeps_what_the_rule_says(lists):
    found = run_js("console.log(JSON.stringify(input.map(shortlist.cleanIds)))", lists)
    assert found == [kept_ids(saved) for saved in lists]


LINK = st.one_of(st.lists(TEXT_ITEM, max_size=40), REPEATED, DISTINCT.map(lambda ids: [str(i) for i in ids]))


@settings(max_examples=10, deadline=None)
@given(st.lists(LINK, min_size=8, max_size=8))
def test_a_shared_link_keeps_what_the_rule_says(links):
    texts = [",".join(ids) for ids in links]
    found = run_js("console.log(JSON.stringify(input.map(shortlist.idsInLink)))", texts)
    assert found == [ids_in_link(text) for text in texts]


def test_a_link_longer_than_the_ids_it_may_hold_is_cut_at_a_comma_never_inside_an_id():
    texts = {
        "," * (LINK_LONGEST - 6) + "acorns": ["acorns"],  # ends on the last character read
        "," * (LINK_LONGEST - 5) + "acorns": [],  # would end one character later: not read
        "," * (LINK_LONGEST - 3) + "oak-clinic-tuesday": [],  # never cut down to "oak-clinic"
        "acorns" + "x" * LINK_LONGEST: [],  # one piece, no comma: nothing
        "acorns," + "x" * LINK_LONGEST: ["acorns"],
        ",".join(f"{n:080d}" for n in range(MOST + 5)): [f"{n:080d}" for n in range(MOST)],
    }
    found = run_js("console.log(JSON.stringify(input.map(shortlist.idsInLink)))", list(texts))
    assert found == [ids_in_link(text) for text in texts] == list(texts.values())


def test_the_rule_is_the_one_the_scripts_state():
    assert run_js("console.log(JSON.stringify([shortlist.MOST, shortlist.ID_LONGEST]))", None) == [
        MOST,
        ID_LONGEST,
    ]


def test_a_huge_stored_list_or_link_is_cleaned_quickly():
    """The worst a device or a link can hold: a million stored values that are none of them ids
    (every one is looked at), a million copies of two ids, and a 20 MB link. Measured at well under
    100 ms each on a 2-core machine; the 2 s ceiling fails clearly if the work stops being linear
    or the link stops being cut."""
    timings = run_js(
        """
function median(run) {
  const times = [];
  for (let i = 0; i < 5; i++) { const began = process.hrtime.bigint(); run(); times.push(Number(process.hrtime.bigint() - began) / 1e6); }
  return times.sort((a, b) => a - b)[2];
}
const junk = Array.from({ length: 1000000 }, (_, i) => i % 3 ? 'Not-An-Id-' + i : i);
const copies = Array.from({ length: 1000000 }, (_, i) => i % 2 ? 'acorns' : 'oak-clinic');
const link = Array.from({ length: 2000000 }, (_, i) => 'gone-' + i).join(',');
console.log(JSON.stringify({
  junk: median(() => shortlist.cleanIds(junk)),
  copies: median(() => shortlist.cleanIds(copies)),
  link: median(() => shortlist.idsInLink(link)),
  kept: [shortlist.cleanIds(junk).length, shortlist.cleanIds(copies).length, shortlist.idsInLink(link).length]
}));
""",
        None,
    )
    assert timings.pop("kept") == [0, 2, MOST]
    assert all(ms < 2000 for ms in timings.values()), timings
