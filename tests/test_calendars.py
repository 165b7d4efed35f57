"""Calendars: valid iCalendar (parsed with the icalendar package), and the same dates as the site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from dateutil.rrule import rruleset, rrulestr

from sitegen.build import make_files
from sitegen.exports import calendars
from sitegen.model import schedule
from tests.conftest import TODAY, edit

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundled():
    return make_files(PROJECT, TODAY)


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def occurrences(event: icalendar.Event, start: dt.date, end: dt.date) -> set[dt.date]:
    """The dates a calendar program would show for the event between two dates."""
    first = event.decoded("DTSTART")
    rules = rruleset()
    rules.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=first))
    exdates = event.get("EXDATE")
    for group in exdates if isinstance(exdates, list) else [exdates] if exdates else []:
        for moment in group.dts:
            rules.exdate(moment.dt)
    zone = first.tzinfo
    low = dt.datetime.combine(start, dt.time(0), tzinfo=zone)
    high = dt.datetime.combine(end, dt.time(23, 59), tzinfo=zone)
    return {moment.date() for moment in rules.between(low, high, inc=True)}


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
            for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "RRULE", "SUMMARY", "LOCATION", "URL"):
                assert key in event, (name, key)
            assert event["DTSTART"].params["TZID"] == "Europe/London"


def test_calendars_give_the_same_dates_as_the_site(bundled):
    """Expanded as a calendar program would, every session's event gives exactly the dates the
    site lists for it (term breaks and days off left out) for the next six months."""
    site, files = bundled
    checked = 0
    for service in site.services:
        name = f"services/{service.slug}/sessions.ics"
        if service.status != "running" or not service.sessions:
            assert name not in files
            continue
        by_uid = {str(e["UID"]): e for e in events(files[name])} if name in files else {}
        off = {closure.date for closure in service.not_running}
        for index, session in enumerate(service.sessions):
            until = schedule.dates_known_until(session, site.terms, TODAY)
            expected = {d for d in schedule.session_dates(session, site.terms, TODAY) if d not in off}
            event = next(
                (e for uid, e in by_uid.items() if uid.startswith(f"{service.slug}-session-{index + 1}@")),
                None,
            )
            if event is None:
                assert not expected, (service.slug, index)
                continue
            assert occurrences(event, TODAY, until) == expected, (service.slug, index)
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
    site, files = bundled
    uids = {str(e["UID"]).split("-session-")[0] for e in events(files["areas/banbury/sessions.ics"])}
    expected = {
        s.slug for s in site.services if s.venue.area == "Banbury" and s.status == "running" and s.upcoming
    }
    assert uids == expected


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


def test_the_pages_offer_the_calendars(bundled):
    _, files = bundled
    page = files["services/little-acorns-stay-and-play/index.html"].decode()
    assert 'href="../../services/little-acorns-stay-and-play/sessions.ics"' in page
    assert "Add these sessions to your calendar" in page
    assert 'href="../../areas/banbury/sessions.ics"' in files["areas/banbury/index.html"].decode()
