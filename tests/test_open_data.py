"""The spreadsheet, the schema.org structured data and the open data page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import yaml
from dateutil.rrule import FR, MO, MONTHLY, SA, SU, TH, TU, WE, WEEKLY, rrule

from sitegen.build import make_files
from sitegen.commands.links import broken_links
from sitegen.exports import spreadsheet
from tests import schema_org
from tests.conftest import TODAY, edit

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundled():
    return make_files(PROJECT, TODAY)


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # so that Excel reads it as UTF-8
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_spreadsheet_has_one_row_per_session(bundled):
    site, files = bundled
    table = rows(files[spreadsheet.CSV_FILE])
    assert len(table) == sum(max(1, len(s.sessions)) for s in site.services)
    assert list(table[0]) == [name for name, _ in spreadsheet.COLUMNS]
    acorns = [r for r in table if r["id"] == "little-acorns-stay-and-play"]
    assert [(r["day"], r["start"], r["end"], r["frequency"], r["term_time_only"]) for r in acorns] == [
        ("Monday", "09:30", "11:30", "weekly", "yes"),
        ("Thursday", "13:30", "15:00", "fortnightly", "no"),
    ]
    assert acorns[0]["postcode"] == "OX5 1AB" and acorns[0]["price_pounds"] == "2.00"
    assert (
        acorns[0]["page"]
        == "https://example-council.github.io/children-services/services/little-acorns-stay-and-play/"
    )


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(site_dir):
    edit(
        site_dir,
        "content/services/acorns.yml",
        "summary:",
        'summary: "=HYPERLINK(\\"https://evil.example\\")"\nx_summary:',
    )
    text = (
        (site_dir / "content/services/acorns.yml").read_text(encoding="utf-8").replace("\nx_summary:", "\n#")
    )
    (site_dir / "content/services/acorns.yml").write_text(text, encoding="utf-8")
    _, files = make_files(site_dir, TODAY)
    acorns = next(r for r in rows(files[spreadsheet.CSV_FILE]) if r["id"] == "acorns")
    assert acorns["summary"] == '\'=HYPERLINK("https://evil.example")'


def structured(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture(scope="module")
def vocabulary():
    return schema_org.load()


@pytest.fixture(scope="module")
def graphs(bundled):
    """Each service page's JSON-LD @graph, read from the built HTML, with the record read plainly."""
    site, files = bundled
    found = {}
    for service in site.services:
        data = structured(files[f"services/{service.slug}/index.html"].decode())
        assert data["@context"] == "https://schema.org" and set(data) == {"@context", "@graph"}
        record = yaml.load((PROJECT / service.source).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        found[service.slug] = (schema_org.joined(data["@graph"]), record)
    return found


def test_every_type_and_property_is_schema_orgs_and_belongs_where_it_is_used(graphs, vocabulary):
    """Each @type is a schema.org type; each property is one of that type's (or a type it is a kind
    of: an EventSeries is an Event); each value is of a kind the property takes."""
    problems = [f"{slug}: {p}" for slug, (graph, _) in graphs.items() for p in vocabulary.problems(graph)]
    assert problems == []


def test_the_vocabulary_check_finds_what_schema_org_does_not_allow(vocabulary):
    wrong = [
        {"@type": "Service", "@id": "#s", "name": "A", "email": "a@example.org"},  # email: not on Service
        {"@type": "Happening", "name": "B"},  # no such type
        {"@type": "Event", "name": "C", "startDate": "next Monday", "superEvent": {"@id": "#s"}},
        {"@type": "Schedule", "byDay": "https://schema.org/Someday", "byMonthWeek": "last"},
    ]
    found = list(vocabulary.problems(wrong))
    assert len(found) == 6, found


def test_every_event_has_what_google_requires(graphs, vocabulary):
    """Google's event results need a name, a start date (with the time) and a location with an
    address; every event of the series has one (done when: every JSON-LD Event has a start date)."""
    events = 0
    for slug, (graph, _) in graphs.items():
        for node in graph:
            if not schema_org.is_event(vocabulary, node):
                continue
            events += 1
            assert node["name"], slug
            start = schema_org.datetime_of(node["startDate"])
            assert start is not None and start.utcoffset() is not None, (slug, node["startDate"])
            if "endDate" in node and node["@type"] == "Event":
                assert schema_org.datetime_of(node["endDate"]) > start
            assert node["location"]["@type"] == "Place" and node["location"]["name"]
            address = node["location"]["address"]
            assert address["@type"] == "PostalAddress"
            assert all(address[key] for key in ("streetAddress", "addressLocality", "postalCode")), slug
            assert node["eventStatus"].startswith("https://schema.org/Event")
    assert events > 150


def test_the_service_says_who_runs_it_and_how_to_get_in_touch(graphs):
    """GovernmentService when the record says a council or the NHS runs it (schema.org: 'a service
    provided by a government organization'); phone, email and languages in a ContactPoint."""
    for slug, (graph, record) in graphs.items():
        main = graph[0]
        kind = record["run_by"]["kind"]
        government = "council" in kind or kind == "NHS"
        assert main["@type"] == ("GovernmentService" if government else "Service"), slug
        assert main["provider"]["name"] == record["run_by"]["organisation"]
        contact = record.get("contact") or {}
        point = main["provider"].get("contactPoint", {})
        assert point.get("telephone") == contact.get("phone"), slug
        assert point.get("email") == contact.get("email"), slug
        if contact and record.get("languages"):
            assert point["availableLanguage"] == record["languages"], slug
        assert (
            main["availableChannel"]["serviceLocation"]["address"]["postalCode"]
            == record["venue"]["postcode"]
        )


def hhmm(text: str) -> str:
    """A record's time as written ('9:30' or '09:30'), as HH:MM."""
    hour, minute = text.split(":")
    return f"{int(hour):02}:{minute}"


def uk_offset(day: dt.date) -> str:
    """The UK's offset from UTC on a day (daytime): British Summer Time runs from the last Sunday
    of March to the last Sunday of October (the Summer Time Order 2002)."""

    def last_sunday(month: int) -> dt.date:
        end = dt.date(day.year, month, 31)
        return end - dt.timedelta(days=(end.weekday() + 1) % 7)

    return "+01:00" if last_sunday(3) <= day < last_sunday(10) else "+00:00"


def test_each_dated_event_is_a_next_session_the_page_lists_at_the_records_own_times(bundled, graphs):
    """The dated Events are the page's 'Next sessions', in order, each at the times the record gives
    for that weekday (read with plain PyYAML), in UK time with that day's offset."""
    _, files = bundled
    checked = 0
    for slug, (graph, record) in graphs.items():
        page = files[f"services/{slug}/index.html"].decode()
        listed = (
            page.split("Next sessions</h3>", 1)[1].split("</ul>", 1)[0] if "Next sessions" in page else ""
        )
        on_page = re.findall(r'<time datetime="([\d-]+)">[^<]*</time>, (\S+) to (\S+)</li>', listed)
        dated = [node for node in graph if node["@type"] == "Event"]
        assert len(dated) == len(on_page), slug
        by_day = {}
        for session in record.get("sessions") or []:
            by_day.setdefault(session["day"], set()).add((hhmm(session["start"]), hhmm(session["end"])))
        for event, (day, start_text, end_text) in zip(dated, on_page, strict=True):
            day = dt.date.fromisoformat(day)
            start, end = event["startDate"], event["endDate"]
            assert start[:10] == end[:10] == day.isoformat(), slug
            assert start.endswith(uk_offset(day)) and end.endswith(uk_offset(day)), (slug, start)
            assert (start[11:16], end[11:16]) in by_day[f"{day:%A}"], (slug, start)
            assert (clock(start_text), clock(end_text)) == (start[11:16], end[11:16]), slug
            series = next(node for node in graph if node.get("@id") == event["superEvent"]["@id"])
            assert series["@type"] == "EventSeries"
            assert series["eventSchedule"]["startTime"][:5] == start[11:16], slug
            checked += 1
    assert checked > 150


def clock(text: str) -> str:
    """'9:30am', '1pm', 'midday' as the page writes them, as HH:MM."""
    if text == "midday":
        return "12:00"
    hour, minute, half = re.fullmatch(r"(\d+)(?::(\d\d))?(am|pm)", text).groups()
    return f"{int(hour) % 12 + (12 if half == 'pm' else 0):02}:{minute or '00'}"


def ics_event(files: dict[str, bytes], slug: str, series: dict) -> icalendar.Event:
    """The calendar event for an EventSeries: the one that starts when the series does."""
    (found,) = [
        event
        for event in icalendar.Calendar.from_ical(files[f"services/{slug}/sessions.ics"]).walk("VEVENT")
        if event.decoded("DTSTART").isoformat() == series["startDate"]
    ]
    return found


def expand(event: icalendar.Event, start: dt.date, end: dt.date) -> set[dt.date]:
    """The event's dates from one day to another, as recurring_ical_events expands it."""
    calendar = icalendar.Calendar()
    calendar.add_component(event)
    return {
        occurrence.decoded("DTSTART").date()
        for occurrence in recurring_ical_events.of(calendar).between(start, end + dt.timedelta(days=1))
    }


def test_except_dates_are_days_the_session_would_otherwise_run(bundled, graphs):
    """Each EventSeries leaves out (exceptDate) exactly the days its calendar event's pattern gives
    but its calendar leaves out, expanded by recurring_ical_events, and each is a day off in the
    record or, for a term-time session, a day outside the terms in term-dates.yml (plain PyYAML)."""
    _, files = bundled
    terms = yaml.load((PROJECT / "term-dates.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)[
        "terms"
    ]

    def in_term(day: dt.date) -> bool:
        iso = day.isoformat()
        return any(
            t["starts"] <= iso <= t["ends"]
            and not any(b["starts"] <= iso <= b["ends"] for b in t.get("breaks", []))
            for t in terms
        )

    checked = 0
    for slug, (graph, record) in graphs.items():
        days_off = {c["date"] for c in record.get("not_running") or []}
        for series in (node for node in graph if node["@type"] == "EventSeries"):
            if record.get("status", "running") != "running":
                continue
            schedule = series["eventSchedule"]
            start = dt.date.fromisoformat(schedule["startDate"])
            end = (
                dt.date.fromisoformat(schedule["endDate"])
                if "endDate" in schedule
                else start + dt.timedelta(days=400)
            )
            event = ics_event(files, slug, series)
            runs = expand(event, start, end)
            event.pop("EXDATE", None)
            pattern = expand(event, start, end)
            left_out = {dt.date.fromisoformat(d) for d in schedule.get("exceptDate", [])}
            assert left_out == pattern - runs, slug
            term_time = any(
                s.get("term_time_only") == "yes"
                and s["day"] == series["eventSchedule"]["byDay"].rsplit("/", 1)[1]
                for s in record["sessions"]
            )
            for day in left_out:
                assert day.isoformat() in days_off or (term_time and not in_term(day)), (slug, day)
            checked += len(left_out)
    assert checked > 100


WEEKDAY = {
    "Monday": MO,
    "Tuesday": TU,
    "Wednesday": WE,
    "Thursday": TH,
    "Friday": FR,
    "Saturday": SA,
    "Sunday": SU,
}


def schedule_dates(schedule: dict, until: dt.date) -> set[dt.date]:
    """A schema.org Schedule's dates as a reader of schema.org would work them out, with dateutil:
    repeatFrequency P1W or P2W is every week or two from startDate, P1M every month on the
    byMonthWeek'th byDay (-1 the last), to endDate, leaving out exceptDate."""
    start = dt.date.fromisoformat(schedule["startDate"])
    end = min(dt.date.fromisoformat(schedule.get("endDate", until.isoformat())), until)
    day = WEEKDAY[schedule["byDay"].rsplit("/", 1)[1]]
    if schedule["repeatFrequency"] == "P1M":
        rule = rrule(MONTHLY, dtstart=start, until=end, byweekday=day(schedule["byMonthWeek"]))
    else:
        rule = rrule(
            WEEKLY, dtstart=start, until=end, byweekday=day, interval=int(schedule["repeatFrequency"][1])
        )
    left_out = {dt.date.fromisoformat(d) for d in schedule.get("exceptDate", [])}
    return {moment.date() for moment in rule} - left_out


def test_a_reader_of_the_schedule_gets_the_dates_the_calendar_gives(bundled, graphs):
    """Worked out from the Schedule alone (byDay, byMonthWeek, repeatFrequency, startDate,
    endDate, exceptDate), every series gives the dates its .ics event does."""
    _, files = bundled
    checked = 0
    for slug, (graph, record) in graphs.items():
        if record.get("status", "running") != "running":
            continue
        for series in (node for node in graph if node["@type"] == "EventSeries"):
            schedule = series["eventSchedule"]
            start = dt.date.fromisoformat(schedule["startDate"])
            until = start + dt.timedelta(days=400)
            assert schedule_dates(schedule, until) == expand(ics_event(files, slug, series), start, until), (
                slug
            )
            checked += 1
    assert checked > 40


def test_json_ld_cannot_be_broken_out_of(site_dir):
    name = "Acorns</script><script>alert(1)</script> & <b>friends</b>"
    edit(site_dir, "content/services/acorns.yml", "name: Acorns Stay and Play", f'name: "{name}"')
    _, files = make_files(site_dir, TODAY)
    html = files["services/acorns/index.html"].decode()
    block = html[html.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "<script>" not in block.lower().split(">", 1)[1]
    assert structured(html)["@graph"][0]["name"] == name


def test_the_open_data_page_lists_every_export_with_its_licence(bundled):
    site, files = bundled
    html = files["open-data/index.html"].decode()
    assert "Open Government Licence v3.0" in html
    assert 'href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"' in html
    assert 'href="../open-data/services.csv"' in html
    assert 'href="../openreferral/services.json"' in html
    assert html.count("sessions.ics") >= 10
    assert "How often it changes" in html
    assert "open-data/" in files["index.html"].decode()  # in every footer
    assert [b for b in broken_links(files, "/children-services/") if b.page == "open-data/index.html"] == []


def test_the_licence_comes_from_site_yml(site_dir):
    config = (site_dir / "site.yml").read_text(encoding="utf-8")
    (site_dir / "site.yml").write_text(
        config
        + "data_licence: Creative Commons Attribution 4.0\ndata_licence_url: https://creativecommons.org/licenses/by/4.0/\n",
        encoding="utf-8",
    )
    _, files = make_files(site_dir, TODAY)
    html = files["open-data/index.html"].decode()
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons Attribution 4.0</a>' in html
    )
    assert "Open Government Licence" not in html
