"""What a parent types becomes the search page's filters (issue 18): query.js's understand(), run in
Node with the real lunr.js stemmer and stop words, on the bundled site's own search data."""

from __future__ import annotations

import json

import pytest
import yaml

from sitegen.model.schema import SERVICE_TYPES
from tests.jsrun import run_js

UNDERSTAND = """
const store = input.store, places = input.places;
const known = { types: store.types, districts: places.districts, places: places.areas,
  synonyms: store.synonyms, today: input.today,
  stem: w => lunr.stemmer(new lunr.Token(w)).toString(),
  isStopWord: w => lunr.stopWordFilter(w) === undefined };
console.log(JSON.stringify(input.queries.map(q => {
  const r = window.sgQuery.understand(d.words(q), known);
  return { type: r.type === '' ? '' : store.types[+r.type], day: r.day, age: r.age, free: r.free,
           near: r.near, rest: r.rest, labels: r.found.map(f => f.label) };
})));
"""

# query -> what a parent means by it: type, day (Monday = 0), age, free, near, and the words left
CASES = {
    "free baby group near OX16 on a Tuesday": ("baby group", "1", "", True, "OX16", ""),
    "messy play banbury saturday": ("", "5", "", False, "Banbury", "messy play"),
    "stay and play near Abingdon": ("stay and play", "", "", False, "Abingdon", ""),
    "stay and play abingdon": ("stay and play", "", "", False, "Abingdon", ""),
    "free stay and play": ("stay and play", "", "", True, "", ""),
    "Stay & Play in Witney": ("stay and play", "", "", False, "Witney", ""),
    "toddler groups in Bicester": ("toddler group", "", "", False, "Bicester", ""),
    "dads group": ("dads' group", "", "", False, "", ""),
    "under 1s": ("", "", "babies", False, "", ""),
    "something for my 18 month old": ("", "", "toddlers", False, "", "something"),
    "3 year old": ("", "", "preschool", False, "", ""),
    "toddler": ("", "", "toddlers", False, "", "toddler"),  # an age, and a word of names too
    "baby massage wednesdays": ("", "2", "babies", False, "", "baby massage"),
    "baby clinic": ("", "", "", False, "", "baby clinic"),  # a synonym phrase stays words
    "step free": ("", "", "", False, "", "step free"),  # not a cost
    "free parking": ("", "", "", False, "", "free parking"),
    "rhyme time OX4 3QP": ("", "", "", False, "OX4 3QP", "rhyme time"),
    "SW1A 1AA": ("", "", "", False, "SW1A 1AA", ""),  # outside the county: the page says so
    "near Timbuktu on a Tuesday": ("", "1", "", False, "Timbuktu", ""),
    "close to Kidlington": ("", "", "", False, "Kidlington", ""),
    "today": ("", "2", "", False, "", ""),  # TODAY is a Wednesday... see the today given below
    "constructor": ("", "", "", False, "", "constructor"),
    "__proto__ toString": ("", "", "", False, "", "proto tostring"),
    "breast feeding": ("", "", "", False, "", "breast feeding"),
}


@pytest.fixture(scope="module")
def understood(bundled_site):
    folder, _ = bundled_site
    data = {
        "store": json.loads((folder / "search/columns.json").read_text(encoding="utf-8")),
        "places": json.loads((folder / "search/places.json").read_text(encoding="utf-8")),
        "queries": list(CASES),
        "today": 2,  # a Wednesday
    }
    return dict(zip(CASES, run_js(UNDERSTAND, data), strict=True))


@pytest.mark.parametrize("query", list(CASES))
def test_a_phrase_becomes_the_filters_a_parent_means(understood, query):
    type_, day, age, free, near, rest = CASES[query]
    got = understood[query]
    stop = {"on", "a", "my", "for", "the", "in"}  # lunr's stop words: left over, they search nothing
    assert (got["type"], got["day"], got["age"], got["free"], got["near"]) == (type_, day, age, free, near)
    assert [w for w in got["rest"].split() if w not in stop] == rest.split()


def test_every_type_of_service_is_understood_by_its_name_and_its_plural(bundled_site):
    folder, _ = bundled_site
    data = {
        "store": json.loads((folder / "search/columns.json").read_text(encoding="utf-8")),
        "places": json.loads((folder / "search/places.json").read_text(encoding="utf-8")),
        "queries": [*SERVICE_TYPES, *(name + "s" for name in SERVICE_TYPES if not name.endswith("s"))],
        "today": 0,
    }
    got = run_js(UNDERSTAND, data)
    assert [g["type"] for g in got] == [*SERVICE_TYPES, *(n for n in SERVICE_TYPES if not n.endswith("s"))]


def test_every_town_and_area_in_the_records_is_a_place(bundled_site):
    """The records read with plain PyYAML: each venue's town and area, typed as a parent would."""
    folder, _ = bundled_site
    names = set()
    for path in sorted(__import__("pathlib").Path("content/services").glob("*.yml")):
        venue = yaml.safe_load(path.read_text(encoding="utf-8"))["venue"]
        names |= {venue["town"], *([venue["area"]] if venue.get("area") else [])}
    data = {
        "store": json.loads((folder / "search/columns.json").read_text(encoding="utf-8")),
        "places": json.loads((folder / "search/places.json").read_text(encoding="utf-8")),
        "queries": [f"stay and play {name.lower()}" for name in sorted(names)],
        "today": 0,
    }
    got = run_js(UNDERSTAND, data)
    assert {g["near"].lower() for g in got} == {n.lower().replace("-", " ") for n in names}
