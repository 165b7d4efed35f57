"""Search answers families: the family query set scores at least the recorded figure in Chromium, and its oracle is right.

The oracle (bench/search_oracle.py) is checked against answers worked out by hand from the
records; the score is a ratchet: docs/search.md records the share of the bundled query set that
must be answered well, and this test fails if search does worse.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml

from bench.family_queries import Intent, Query, bundled, synthetic
from bench.search_oracle import Seen, describe, expect, judge, read_places, read_records
from bench.search_quality import run_queries, score, synthetic_site

PROJECT = Path(__file__).resolve().parent.parent
RECORDS = read_records(PROJECT)
PLACES = read_places(PROJECT, RECORDS)


def recorded_floor() -> int:
    """The share (per cent) of the bundled query set that docs/search.md says must be answered well."""
    text = (PROJECT / "docs/search.md").read_text(encoding="utf-8")
    found = re.search(r"fails\s+if\s+fewer\s+than\s+\*\*(\d+)%\*\*", text)
    assert found, "docs/search.md must say: the test fails if fewer than **N%** ... are answered well"
    return int(found.group(1))


def flat_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """A second way to measure: the equirectangular approximation, good to a few yards at county scale."""
    across = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 3958.8 * math.hypot(across, math.radians(b[0] - a[0]))


def expected_for(q: str, near: str = "", **intent: object) -> object:
    return expect(Query(q, Intent(**intent), near=near), RECORDS, PLACES)  # type: ignore[arg-type]


def test_the_nearest_free_tuesday_baby_group_to_ox16_is_blackbird_leys_24_miles_away():
    # By hand from the records: the free baby groups that meet on a Tuesday are Abingdon Bumps and
    # Babies (51.6615, -1.2558) and Blackbird Leys Baby Group (51.7272, -1.2232); Jericho Baby
    # Massage is a Tuesday baby group but costs £25. OX16's centre is 52.063471, -1.340093.
    ox16 = (52.063471, -1.340093)
    expected = expected_for(
        "free baby group near OX16 on a Tuesday",
        types=("baby group",),
        free=True,
        day="Tuesday",
        place="OX16",
    )
    assert expected.right == {"abingdon-bumps-and-babies", "blackbird-leys-baby-group"}
    assert expected.kind == "far"  # nothing within 5 miles: the page must say so
    assert [slug for slug, _ in expected.nearest] == [
        "blackbird-leys-baby-group",
        "abingdon-bumps-and-babies",
    ]
    for (slug, away), point in zip(expected.nearest, [(51.7272, -1.2232), (51.6615, -1.2558)], strict=True):
        assert away == pytest.approx(flat_miles(ox16, point), abs=0.05), slug
    assert expected.nearest[0][1] == pytest.approx(23.8, abs=0.1)


def test_the_closed_stay_and_play_is_a_right_answer_but_never_the_best_near_abingdon():
    # Abingdon's centre is the average of its two venues, (51.6592, -1.25455); the nearest running
    # stay and play is Cowley Polish Playgroup (51.7290, -1.2209), just over 5 miles; Littlemore
    # Stay and Play is closed.
    expected = expected_for("stay and play", near="Abingdon", types=("stay and play",), place="Abingdon")
    assert "littlemore-stay-and-play" in expected.right
    assert "littlemore-stay-and-play" not in expected.running
    assert expected.best() == "cowley-polish-playgroup"
    assert expected.nearest[0][1] == pytest.approx(
        flat_miles((51.6592, -1.25455), (51.7290, -1.2209)), abs=0.05
    )


def test_everyday_words_find_the_records_that_say_them():
    assert expected_for("breast feeding", concept="breastfeeding").right == {
        "henley-breastfeeding-support",
        "kidlington-breastfeeding-cafe",
    }
    assert expected_for("autism", concept="special needs").right == {
        "barton-send-stay-and-play",
        "didcot-send-parents-support",
    }
    dads = expected_for("father", concept="dads").right
    assert "bicester-dads-and-tots" in dads
    assert "didcot-family-support-drop-in" in dads  # 'Everyone is welcome: mums, dads, ...'


def test_places_outside_the_county_and_questions_nobody_answers():
    assert expected_for("", near="SW1A 1AA", place="SW1A 1AA").kind == "outside"
    assert expected_for("childminder", concept="childminder").kind == "none"
    assert (
        expected_for("Deddington", place="Deddington").kind == "far"
    )  # Banbury's Grimsbury venue, 5.5 miles


def test_a_page_is_judged_by_what_it_shows_and_says():
    query = Query("stay and play", Intent(types=("stay and play",), place="OX16"), near="OX16")
    expected = expect(query, RECORDS, PLACES)
    nearest = "banbury-children-and-family-centre-stay-and-play"
    assert judge(query, expected, Seen((nearest,), "14 services found"), RECORDS)[0]
    closed_first = Seen(("littlemore-stay-and-play", nearest), "")
    assert judge(query, expected, closed_first, RECORDS) == (
        False,
        "first result 'Littlemore Stay and Play' is closed, though a right answer is running",
    )
    paused_third = Seen((nearest, "witney-methodist-playgroup", "banbury-polish-saturday-tots"), "")
    assert judge(query, expected, paused_third, RECORDS) == (
        False,
        "'Witney Methodist Stay and Play' (paused) ranks above a running right answer",
    )
    far_away = Seen(("thame-gurdwara-family-morning",), "")  # a running stay and play, 25 miles away
    assert not judge(query, expected, far_away, RECORDS)[0]
    not_a_stay_and_play = Seen(("rose-hill-messy-play",), "")
    assert not judge(query, expected, not_a_stay_and_play, RECORDS)[0]
    assert not judge(query, expected, Seen((), "No services found"), RECORDS)[0]

    outside = Query("", Intent(place="SW1A 1AA"), near="SW1A 1AA")
    outside_expected = expect(outside, RECORDS, PLACES)
    assert judge(
        outside, outside_expected, Seen((), "SW1A 1AA is outside the area this directory covers."), RECORDS
    )[0]
    assert not judge(outside, outside_expected, Seen((), "We could not find “SW1A 1AA”."), RECORDS)[0]

    far = Query("", Intent(place="Deddington"), near="Deddington")
    far_expected = expect(far, RECORDS, PLACES)
    nearest_far = far_expected.nearest[0][0]
    assert judge(far, far_expected, Seen((nearest_far,), "Nothing within 5 miles of Deddington."), RECORDS)[0]
    assert not judge(far, far_expected, Seen((nearest_far,), "We could not find “Deddington”."), RECORDS)[0]


def test_the_query_set_holds_what_issue_18_asks_for():
    queries = bundled()
    assert len(queries) >= 70
    typed = {(query.q.lower(), query.near.lower()) for query in queries}
    for quoted in [
        ("stay and play near abingdon", ""),
        ("stay and play abingdon", ""),
        ("free stay and play", ""),
        ("free baby group near ox16 on a tuesday", ""),
        ("messy play banbury saturday", ""),
        ("todler", ""),
        ("breast feeding", ""),
        ("breast-feeding", ""),
        ("mums and tots", ""),
        ("father", ""),
        ("rhymetime", ""),
        ("wheelchair", ""),
        ("step free", ""),
        ("autism", ""),
        ("nursery", ""),
        ("dad", ""),
        ("", "headington"),
        ("", "deddington"),
        ("", "sw1a 1aa"),
        ("stay and play", "abingdon"),
    ]:
        assert quoted in typed, quoted
    kinds = {expect(query, RECORDS, PLACES).kind for query in queries}
    assert kinds == {"find", "near", "far", "none", "outside"}


def test_a_synthetic_sites_queries_come_from_its_own_records(tmp_path):
    root = synthetic_site(300, tmp_path / "site")
    raw = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(root.glob("content/services/*.yml"))
    ]
    records = read_records(root)
    places = read_places(root, records)
    queries = synthetic(raw)
    assert len(queries) >= 70
    assert synthetic(raw) == queries  # the same every time
    for query in queries:
        expected = expect(query, records, places)
        combined = sum(bool(part) for part in (query.intent.types, query.intent.day, query.intent.place)) >= 2
        if combined:  # each combination was taken from one record, so it has an answer
            assert expected.right and expected.kind in ("near", "far", "find"), describe(query)


@pytest.mark.slow
def test_search_answers_the_bundled_query_set_at_least_as_well_as_recorded(browser, bundled_site):
    _, url = bundled_site
    outcomes, _ = run_queries(browser, url, PROJECT, bundled())
    good, total = score(outcomes)
    share = 100 * good / total
    misses = "\n".join(f"  {describe(o.query)}: {o.why}" for o in outcomes if not o.good)
    assert share >= recorded_floor(), (
        f"{good} of {total} ({share:.0f}%) answered well; docs/search.md records {recorded_floor()}%:\n{misses}"
    )
