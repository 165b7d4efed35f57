"""Every place in the county, and towns that hold their neighbourhoods (issue 18, item 3).

The places table is read here with the csv module and checked against what is known of
Oxfordshire from outside the code; town pages against the records read with plain PyYAML; the
browser's findPlace (the real search.js, in Node) against the places.json a real build writes.
"""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from sitegen.commands.preview import IncrementalBuild
from tests.conftest import TODAY
from tests.jsrun import run_js
from tests.test_incremental import BASE, assert_same_as_full_build, edit

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tools"))
import make_places  # noqa: E402

# Oxfordshire lies within these (its northern tip is above Banbury, 52.17; its southern edge
# the Thames at Goring and Henley, 51.46; west to Lechlade's edge, east to the Chilterns).
SOUTH, NORTH, WEST, EAST = 51.45, 52.18, -1.72, -0.86


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    rad = math.pi / 180
    h = (
        math.sin((b[0] - a[0]) * rad / 2) ** 2
        + math.cos(a[0] * rad) * math.cos(b[0] * rad) * math.sin((b[1] - a[1]) * rad / 2) ** 2
    )
    return 3958.8 * 2 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def table() -> dict[str, dict[str, str]]:
    with open(PROJECT / "content/places.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [r["name"] for r in rows] == sorted((r["name"] for r in rows), key=str.lower)
    return {row["name"]: row for row in rows}


def test_every_place_is_in_oxfordshire_and_says_where_it_came_from(table):
    assert len(table) >= 105
    for name, row in table.items():
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
        assert SOUTH < latitude < NORTH and WEST < longitude < EAST, name
        assert re.fullmatch(r"GeoNames \d+( \(.*\))?|Wikipedia: .+", row["source"]), name
    assert sum(row["source"].startswith("GeoNames") for row in table.values()) == 105


def test_the_places_a_family_names_are_there_with_their_towns(table):
    towns = {
        "Headington": "Oxford",
        "Cowley": "Oxford",
        "Marston": "Oxford",
        "Wolvercote": "Oxford",
        "Blackbird Leys": "Oxford",
        "Grimsbury": "Banbury",
        "Gosford": "Kidlington",
    }
    for name, town in towns.items():
        assert table[name]["town"] == town, name
        # a neighbourhood is close to its town's centre (Blackbird Leys, the farthest, 3 miles)
        here = (float(table[name]["latitude"]), float(table[name]["longitude"]))
        centre = (float(table[town]["latitude"]), float(table[town]["longitude"]))
        assert miles(here, centre) < 4, name
    for village in ("Deddington", "Banbury", "Oxford", "Henley-on-Thames", "Chipping Norton"):
        assert table[village]["town"] == "", village
    for row in table.values():
        assert row["town"] == "" or table[row["town"]]["town"] == "", row["name"]  # towns are not parts
    # where GeoNames says Deddington is: between Banbury and Oxford, nearer Banbury
    deddington = (float(table["Deddington"]["latitude"]), float(table["Deddington"]["longitude"]))
    banbury = (float(table["Banbury"]["latitude"]), float(table["Banbury"]["longitude"]))
    oxford = (float(table["Oxford"]["latitude"]), float(table["Oxford"]["longitude"]))
    assert 5 < miles(deddington, banbury) < 7 and 15 < miles(deddington, oxford) < 17


def test_the_records_towns_and_areas_are_all_places(table, bundled_records):
    for record in bundled_records:
        venue = record["venue"]
        assert venue["town"] in table, venue["town"]
        if venue.get("area"):
            assert table[venue["area"]]["town"] == venue["town"], venue["area"]


def test_the_script_gives_a_pplx_the_largest_town_of_its_district_and_leaves_other_counties_out():
    """tools/make_places.py on a small dump in GeoNames' format (the real one is fetched by npm)."""

    def row(geoname_id, name, code, admin2, admin3, population):
        cells = [""] * 19
        cells[0], cells[1], cells[4], cells[5], cells[7] = str(geoname_id), name, "51.7", "-1.2", code
        cells[8], cells[10], cells[11], cells[12], cells[14] = "GB", "ENG", admin2, admin3, str(population)
        return "\t".join(cells)

    dump = "\n".join(
        [
            row(1, "Oxford", "PPLA2", "K2", "38UC", 162100),
            row(2, "Wolvercote", "PPLX", "K2", "38UC", 1154),
            row(3, "Kidlington", "PPL", "K2", "38UB", 15829),
            row(4, "Cowley", "PPL", "K2", "38UC", 16500),
            row(5, "Brackley", "PPL", "J1", "", 13000),  # Northamptonshire
        ]
    )
    made = {r[0]: r for r in make_places.places(make_places.county_rows(dump))}
    assert "Brackley" not in made
    assert made["Wolvercote"][3] == "Oxford" and "PPLX" in made["Wolvercote"][4]
    assert made["Cowley"][3] == "Oxford" and "by hand" in made["Cowley"][4]
    assert made["Kidlington"][3] == "" and made["Kidlington"][4] == "GeoNames 3"
    assert made["Headington"][3] == "Oxford" and made["Headington"][4].startswith("Wikipedia")


# --- town pages, from a real build ---------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_records() -> list[dict]:
    """Each record as PyYAML reads it, with its page's name (its file's) as '_slug'."""
    return [
        yaml.safe_load(path.read_text(encoding="utf-8")) | {"_slug": path.stem}
        for path in sorted((PROJECT / "content/services").glob("*.yml"))
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from sitegen.build import build

    out = tmp_path_factory.mktemp("places") / "output"
    build(PROJECT, out, TODAY)
    return out


def services_listed(page: Path) -> set[str]:
    html = page.read_text(encoding="utf-8")
    return set(re.findall(r'class="sg-card__link" href="(?:\.\./)+services/([^/"]+)/"', html))


def slug_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "")).strip("-")


def test_the_oxford_page_lists_exactly_the_services_in_oxford(built, bundled_records):
    in_oxford = {r["_slug"] for r in bundled_records if r["venue"]["town"] == "Oxford"}
    assert len(in_oxford) >= 9
    assert services_listed(built / "areas/oxford/index.html") == in_oxford
    html = (built / "areas/oxford/index.html").read_text(encoding="utf-8")
    for record in bundled_records:  # under its neighbourhood's heading
        if record["venue"]["town"] == "Oxford":
            assert f">{record['venue']['area']}</h2>" in html


def test_banbury_and_kidlington_include_their_neighbourhoods(built, bundled_records):
    for town, part in (("Banbury", "Grimsbury"), ("Kidlington", "Gosford")):
        expected = {
            r["_slug"] for r in bundled_records if town in (r["venue"]["town"], r["venue"].get("area"))
        }
        assert any(r["venue"].get("area") == part for r in bundled_records)
        listed = services_listed(built / f"areas/{town.lower()}/index.html")
        assert listed == expected and len(listed) >= 2
        part_page = (built / f"areas/{part.lower()}/index.html").read_text(encoding="utf-8")
        assert f'href="../../areas/{town.lower()}/">every service in {town}</a>' in part_page
        town_page = (built / f"areas/{town.lower()}/index.html").read_text(encoding="utf-8")
        assert f'href="../../areas/{part.lower()}/">{part}</a>' in town_page


def test_every_neighbourhood_page_stays_and_links_its_town(built, bundled_records):
    for record in bundled_records:
        venue = record["venue"]
        if venue.get("area") and venue["area"] != venue["town"]:
            page = (built / f"areas/{slug_of(venue['area'])}/index.html").read_text(encoding="utf-8")
            assert f"is part of {venue['town']}" in page


def test_all_services_lists_each_service_once(built, bundled_records):
    html = (built / "services/index.html").read_text(encoding="utf-8")
    found = re.findall(r'class="sg-card__link" href="([^"]+)"', html)
    assert len(found) == len(set(found)) == len(bundled_records)
    assert 'id="area-oxford"' in html and 'id="area-headington"' not in html


def test_every_link_on_the_area_pages_leads_to_a_file(built):
    pages = sorted(built.glob("areas/**/index.html"))
    assert len(pages) >= 34
    for page in pages:
        here = "/" + page.relative_to(built).as_posix()
        for href in re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8")):
            if urlsplit(href).scheme:
                continue
            target = urlsplit(urljoin(here, href)).path.lstrip("/")
            path = built / target
            assert path.is_file() or (path / "index.html").is_file(), f"{here}: {href}"


# --- places.json and the browser's findPlace -----------------------------------------------------


def find_places(built: Path, typed: list[str]) -> list:
    places = json.loads((built / "search/places.json").read_text(encoding="utf-8"))
    return run_js(
        "console.log(JSON.stringify(input.typed.map(t => d.findPlace(t, input.places))));",
        {"typed": typed, "places": places},
    )


def test_the_browser_finds_every_place_a_family_types(built, table):
    typed = ["Headington", "Deddington", "deddington ", "Grimsbury", "henley on thames", "Wolvercote", "OX16"]
    found = find_places(built, typed)
    for text, place in zip(typed, found, strict=True):
        assert place["point"] is not None, text
    deddington = (float(table["Deddington"]["latitude"]), float(table["Deddington"]["longitude"]))
    assert miles(tuple(found[1]["point"]), deddington) < 0.1
    assert miles(tuple(found[3]["point"]), (52.07, -1.323)) < 1.5  # Grimsbury: its service's venue


def test_places_outside_the_county_are_not_found_and_fall_outside_its_bounds(built):
    found = find_places(built, ["SW1A 1AA", "Glasgow"])
    assert [place["point"] for place in found] == [None, None]
    places = json.loads((built / "search/places.json").read_text(encoding="utf-8"))
    south, west, north, east = places["bounds"]
    assert not (south < 51.501 < north and west < -0.142 < east)  # Buckingham Palace
    assert all(south < p[0] < north and west < p[1] < east for p in places["areas"].values())


def test_places_json_stays_small(built):
    data = (built / "search/places.json").read_bytes()
    import gzip

    assert len(gzip.compress(data, 9)) < 4_000  # 1,889 bytes with 41 records and 114 places


# --- the preview agrees with a full build when services move between towns and neighbourhoods ---


def test_moving_services_between_towns_and_neighbourhoods_previews_as_a_full_build(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    for name in ("site.yml", "term-dates.yml"):
        shutil.copy(PROJECT / name, root / name)
    shutil.copytree(PROJECT / "content", root / "content")
    out = root / "output"
    builder = IncrementalBuild(root, out, BASE)
    builder.build(TODAY)
    grimsbury = root / "content/services/banbury-polish-saturday-tots.yml"

    # Grimsbury's one service filed under Banbury itself: Grimsbury's page goes, Banbury's stays
    edit(grimsbury, '  area: "Grimsbury"\n', "")
    assert not builder.build(TODAY).full
    builder.finish()
    assert_same_as_full_build(root, out)
    assert not (out / "areas/grimsbury").exists()

    # ... and into Headington, under Banbury: Headington now spans two towns, a neighbourhood of neither
    edit(grimsbury, '  town: "Banbury"\n', '  town: "Banbury"\n  area: "Headington"\n')
    builder.build(TODAY)
    builder.finish()
    assert_same_as_full_build(root, out)
    headington = (out / "areas/headington/index.html").read_text(encoding="utf-8")
    assert "is part of" not in headington

    # a Kidlington service moved to a new neighbourhood of Oxford
    gosford = root / "content/services/gosford-baby-clinic.yml"
    edit(gosford, '  area: "Gosford"', '  area: "Summertown"')
    edit(gosford, 'town: "Kidlington"', 'town: "Oxford"')
    builder.build(TODAY)
    builder.finish()
    assert_same_as_full_build(root, out)
    assert "is part of Oxford" in (out / "areas/summertown/index.html").read_text(encoding="utf-8")
