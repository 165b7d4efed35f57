"""Calendars: valid iCalendar (parsed with the icalendar package), expanded by recurring_ical_events
to the same dates as the site, and events a subscribed calendar can follow from one build to the next."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from sitegen.build import make_files
from sitegen.exports import calendars
from sitegen.load.files import read_sources
from sitegen.model import content, groups, schedule
from tests.conftest import TODAY, edit

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundled():
    return make_files(PROJECT, TODAY)


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def expanded(data: bytes, start: dt.date, end: dt.date) -> dict[str, list[dt.datetime]]:
    """Each event's occurrences from one date to another (both included), by UID, as a calendar
    program shows them: recurring_ical_events applies RRULE, EXDATE and the VTIMEZONE."""
    found: dict[str, list[dt.datetime]] = defaultdict(list)
    calendar = icalendar.Calendar.from_ical(data)
    for occurrence in recurring_ical_events.of(calendar).between(start, end + dt.timedelta(days=1)):
        found[str(occurrence["UID"])].append(occurrence.decoded("DTSTART"))
    return {uid: sorted(moments) for uid, moments in found.items()}


def calendar_files(root: Path, today: dt.date) -> dict[str, bytes]:
    """Every calendar the site makes on a given build date."""
    site = content.make_site(read_sources(root), today)
    return dict(calendars.by_area(site, frozenset(group.slug for group in groups.areas(site.services))))


def test_every_calendar_parses_and_is_well_formed(bundled):
    _, files = bundled
    made = [name for name in files if name.endswith(".ics")]
    assert "services/little-acorns-stay-and-play/sessions.ics" in made
    assert "areas/banbury/sessions.ics" in made
    for name in made:
        data = files[name]
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
        assert all(len(line) <= 75 for line in data.split(b"\r\n")), name
        parsed = icalendar.Calendar.from_ical(data)
        assert parsed["VERSION"] == "2.0" and parsed.get("PRODID")
        assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/London"]
        for event in parsed.walk("VEVENT"):
            for key in (
                "UID",
                "DTSTAMP",
                "SEQUENCE",
                "DTSTART",
                "DTEND",
                "RRULE",
                "SUMMARY",
                "LOCATION",
                "URL",
            ):
                assert key in event, (name, key)
            assert event["DTSTART"].params["TZID"] == "Europe/London"


def test_a_subscribed_calendar_is_told_to_fetch_the_file_again_every_day(bundled):
    _, files = bundled
    for name in (n for n in files if n.endswith(".ics")):
        parsed = icalendar.Calendar.from_ical(files[name])
        assert parsed["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
        assert parsed.decoded("REFRESH-INTERVAL") == dt.timedelta(days=1), name
        assert str(parsed["X-PUBLISHED-TTL"]) == "P1D", name


def test_calendars_give_the_same_dates_as_the_site(bundled):
    """Expanded as a calendar program would, every session's event gives exactly the dates the
    site lists for it (term breaks and days off left out) as far ahead as they are known."""
    site, files = bundled
    checked = 0
    for service in site.services:
        name = f"services/{service.slug}/sessions.ics"
        if service.status != "running" or not service.sessions:
            assert name not in files
            continue
        data = files.get(name, b"")
        timed = {
            str(e["UID"]): (e.decoded("DTSTART").time(), e.decoded("DTEND").time()) for e in events(data)
        }
        off = {closure.date for closure in service.not_running}
        for session in service.sessions:
            until = schedule.dates_known_until(session, site.terms, TODAY)
            expected = {d for d in schedule.session_dates(session, site.terms, TODAY) if d not in off}
            shown = expanded(data, TODAY, until) if data else {}
            matching = [
                uid
                for uid, moments in shown.items()
                if timed[uid] == (session.start, session.end) and {m.date() for m in moments} == expected
            ]
            assert len(matching) == (1 if expected else 0), (service.slug, session)
            checked += bool(expected)
    assert checked > 30


def clock(text: str) -> dt.time:
    """'9:30am', '1pm', 'midday' as the page writes them."""
    if text == "midday":
        return dt.time(12)
    hour, minute, half = re.fullmatch(r"(\d+)(?::(\d\d))?(am|pm)", text).groups()
    return dt.time(int(hour) % 12 + (12 if half == "pm" else 0), int(minute or 0))


def test_a_subscribed_calendar_shows_the_next_sessions_the_page_lists(bundled):
    """What a family sees: the page's 'Next sessions' are the calendar's first events from today."""
    site, files = bundled
    checked = 0
    for service in site.services:
        name = f"services/{service.slug}/sessions.ics"
        if name not in files:
            continue
        page = files[f"services/{service.slug}/index.html"].decode()
        listed = page.split("Next sessions</h3>", 1)[1].split("</ul>", 1)[0]
        on_page = [
            (dt.date.fromisoformat(day), clock(start), clock(end))
            for day, start, end in re.findall(
                r'<time datetime="([\d-]+)">[^<]*</time>, (\S+) to (\S+)</li>', listed
            )
        ]
        in_calendar = sorted(
            (moment.date(), moment.time(), (moment + duration).time())
            for event in events(files[name])
            for duration in [event.decoded("DTEND") - event.decoded("DTSTART")]
            for moment in expanded(files[name], TODAY, TODAY + schedule.HORIZON).get(str(event["UID"]), [])
        )
        assert on_page and on_page == in_calendar[: len(on_page)], service.slug
        checked += 1
    assert checked > 30


def test_repeat_rules_for_each_pattern(bundled):
    _, files = bundled

    def rule(slug: str) -> str:
        return events(files[f"services/{slug}/sessions.ics"])[0]["RRULE"].to_ical().decode()

    assert rule("thame-gurdwara-family-morning").startswith("FREQ=MONTHLY;") and "BYDAY=-1" in rule(
        "thame-gurdwara-family-morning"
    )
    assert "FREQ=WEEKLY" in rule("abingdon-bumps-and-babies") and "INTERVAL=2" in rule(
        "abingdon-bumps-and-babies"
    )
    monday = events(files["services/little-acorns-stay-and-play/sessions.ics"])[0]
    assert "BYDAY=MO" in monday["RRULE"].to_ical().decode() and "UNTIL=" in monday["RRULE"].to_ical().decode()
    assert "Term time only" in str(monday["DESCRIPTION"])


def test_an_area_calendar_holds_every_running_service_there(bundled):
    """Banbury's calendar holds its neighbourhoods' sessions too (Grimsbury's); Grimsbury's its own."""
    site, files = bundled
    base = site.config.base_url
    for area, wanted in (
        ("banbury", lambda v: "Banbury" in (v.area, v.town)),
        ("grimsbury", lambda v: v.area == "Grimsbury"),
    ):
        pages_linked = {str(e["URL"]) for e in events(files[f"areas/{area}/sessions.ics"])}
        expected = {
            f"{base}services/{s.slug}/"
            for s in site.services
            if wanted(s.venue) and s.status == "running" and s.upcoming
        }
        assert pages_linked == expected
    assert any(s.venue.area == "Grimsbury" and s.upcoming for s in site.services)


def test_every_event_has_its_own_uid(bundled):
    _, files = bundled
    uids = [
        str(e["UID"])
        for name, data in files.items()
        if name.startswith("services/") and name.endswith(".ics")
        for e in events(data)
    ]
    assert uids and len(uids) == len(set(uids))


def monday_uid(files: dict[str, bytes]) -> str:
    """The UID of the fixture's Monday 9:30am to 11:30am session."""
    (found,) = [
        str(e["UID"])
        for e in events(files["services/acorns/sessions.ics"])
        if e.decoded("DTSTART").weekday() == 0
        and (e.decoded("DTSTART").time(), e.decoded("DTEND").time()) == (dt.time(9, 30), dt.time(11, 30))
    ]
    return found


MONDAY_EARLIER = "  - day: Monday\n    start: 08:00\n    end: 09:00\n"
FRIDAY = "  - day: Friday\n    start: 10:00\n    end: 11:00\n"
MONDAY_SAME_START = "  - day: Monday\n    start: 09:30\n    end: 10:30\n"


@pytest.mark.parametrize(
    ("added", "where"),
    [
        (MONDAY_EARLIER, "first"),
        (MONDAY_EARLIER, "last"),
        (FRIDAY, "first"),
        (FRIDAY, "last"),
        # alike in day, frequency and start time: told apart by their order in the record
        (MONDAY_SAME_START, "last"),
    ],
)
def test_a_sessions_uid_stays_the_same_when_another_session_is_added(site_dir, added, where):
    """A subscribed calendar matches events by UID: a new session must not take an old one's."""
    _, before = make_files(site_dir, TODAY)
    if where == "first":
        edit(site_dir, "content/services/acorns.yml", "sessions:\n", "sessions:\n" + added)
    else:
        edit(site_dir, "content/services/acorns.yml", "not_running:\n", added + "not_running:\n")
    _, after = make_files(site_dir, TODAY)
    assert monday_uid(after) == monday_uid(before)
    uids = [str(e["UID"]) for e in events(after["services/acorns/sessions.ics"])]
    assert len(uids) == 2 and len(set(uids)) == 2


def test_a_sessions_uid_changes_when_its_start_time_does(site_dir):
    _, before = make_files(site_dir, TODAY)
    edit(
        site_dir,
        "content/services/acorns.yml",
        "start: 09:30\n    end: 11:30",
        "start: 10:00\n    end: 11:30",
    )
    _, after = make_files(site_dir, TODAY)
    assert [str(e["UID"]) for e in events(after["services/acorns/sessions.ics"])] != [monday_uid(before)]


def starts(files: dict[str, bytes]) -> dict[str, tuple[dt.datetime, int]]:
    """Every event's DTSTART and SEQUENCE, by UID."""
    return {
        str(e["UID"]): (e.decoded("DTSTART"), int(e["SEQUENCE"]))
        for name, data in files.items()
        if name.startswith("services/") and name.endswith(".ics")
        for e in events(data)
    }


def test_dtstart_does_not_move_with_the_build_date():
    """Built a week and a month later, every event starts on the same date: a subscribed calendar
    sees the same events, and keeps the sessions already past."""
    today = starts(calendar_files(PROJECT, TODAY))
    week = starts(calendar_files(PROJECT, TODAY + dt.timedelta(days=7)))
    month = starts(calendar_files(PROJECT, TODAY + dt.timedelta(days=30)))
    assert len(today) > 40
    shared = today.keys() & week.keys() & month.keys()
    assert len(shared) >= len(today) - 2  # a session that ends in between may go
    assert all(today[uid] == week[uid] == month[uid] for uid in shared)


def test_each_event_starts_on_a_date_the_session_runs(bundled):
    """DTSTART is itself one of the event's dates (RFC 5545 counts it as the first), never a
    holiday or a day off left out again with EXDATE."""
    site, files = bundled
    for service in site.services:
        data = files.get(f"services/{service.slug}/sessions.ics")
        for event in events(data) if data else []:
            start = event.decoded("DTSTART")
            first = expanded(data, start.date(), start.date()).get(str(event["UID"]))
            assert first == [start], (service.slug, str(event["UID"]))
            assert start.date() <= TODAY or service.sessions[0].starting, service.slug


def test_when_a_new_school_year_moves_dtstart_on_sequence_goes_up():
    august = starts(calendar_files(PROJECT, dt.date(2027, 8, 25)))
    september = starts(calendar_files(PROJECT, dt.date(2027, 9, 8)))
    shared = august.keys() & september.keys()
    assert len(shared) > 10
    moved = [uid for uid in shared if august[uid][0] != september[uid][0]]
    assert moved
    for uid in shared:
        assert september[uid][1] >= august[uid][1]
        if uid in moved:
            assert september[uid][0] > august[uid][0] and september[uid][1] > august[uid][1]


def test_two_builds_on_the_same_date_make_the_same_calendars():
    assert calendar_files(PROJECT, TODAY) == calendar_files(PROJECT, TODAY)


def test_text_is_escaped_and_folded_and_comes_back_the_same(site_dir):
    name = "Acorns; Stay, Play \\ Sing — every week with a very long name that needs folding onto more lines"
    edit(
        site_dir,
        "content/services/acorns.yml",
        "name: Acorns Stay and Play",
        f'name: "{name.replace(chr(92), chr(92) * 2)}"',
    )
    _, files = make_files(site_dir, TODAY)
    event = events(files["services/acorns/sessions.ics"])[0]
    assert str(event["SUMMARY"]) == name
    assert calendars.fold("é" * 80).encode().count(b"\r\n ") == 2  # 160 octets, split between characters


def test_the_pages_offer_to_subscribe_or_download(bundled):
    """Subscribe (webcal:, so the calendar fetches the file again by itself) beside Download (a copy),
    each saying which does what, on a service's page and its area's."""
    _, files = bundled
    page = files["services/little-acorns-stay-and-play/index.html"].decode()
    assert "Add these sessions to your calendar" in page
    subscribe = "webcal://example-council.github.io/children-services/services/little-acorns-stay-and-play/sessions.ics"
    assert f'<a href="{subscribe}">Subscribe to these sessions</a>' in page
    assert "your calendar updates itself" in page
    assert '<a href="../../services/little-acorns-stay-and-play/sessions.ics" download=' in page
    assert "a copy that does not update" in page
    area = files["areas/banbury/index.html"].decode()
    assert (
        '<a href="webcal://example-council.github.io/children-services/areas/banbury/sessions.ics">' in area
    )
    assert 'href="../../areas/banbury/sessions.ics"' in area


def test_the_subscribe_link_follows_the_base_url(site_dir):
    edit(
        site_dir,
        "site.yml",
        "base_url: https://example.github.io/children-services/",
        "base_url: http://families.example/",
    )
    _, files = make_files(site_dir, TODAY)
    assert (
        'href="webcal://families.example/services/acorns/sessions.ics"'
        in files["services/acorns/index.html"].decode()
    )
