"""The browser scripts, run in Node, find only their tables' own entries.

Places come from ``?near=``: text anyone can craft. The names every JavaScript object inherits
(``constructor``, ``__proto__``...) are asked of Node itself, so no name is missed.
"""

from __future__ import annotations

import json
from pathlib import Path

from sitegen.build import make_files
from tests.conftest import TODAY
from tests.jsrun import run_js

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
