"""Every date and time the site tells a family is the record's own, checked from outside the code.

The oracle (tests/schedule_oracle.py) reads each record and the term dates with plain PyYAML and
expands the sessions with dateutil's rrule; the .ics files are expanded by recurring_ical_events;
the browser's own script (schedule.js) runs in Node. None of these is sitegen.schedule. A page
once told families the wrong time for every session but the last while 450 tests passed: here
the page, the calendars, the data files and the browser must each agree with the record, on
build dates spread over a school year and on generated records nobody hand-picked.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.build import make_files
from tests import schedule_oracle as oracle
from tests import search_data
from tests.conftest import SMALL_SITE
from tests.jsrun import run_js

ROOT = Path(__file__).resolve().parent.parent

# Build dates over a school year: term starts and ends, half terms, Christmas, both clock changes,
# the last day of the last known term and after it, and ordinary weeks between.
BUILD_DATES = [
    dt.date.fromisoformat(d)
    for d in """
    2026-08-20 2026-09-01 2026-09-03 2026-09-14 2026-10-23 2026-10-24 2026-10-25 2026-10-26
    2026-10-30 2026-11-02 2026-11-24 2026-12-02 2026-12-18 2026-12-19 2026-12-24 2026-12-25
    2026-12-31 2027-01-04 2027-01-05 2027-02-12 2027-02-15 2027-02-16 2027-02-22 2027-03-26
    2027-03-28 2027-03-29 2027-04-12 2027-05-31 2027-06-07 2027-07-21 2027-07-22 2027-08-15
    """.split()  # noqa: SIM905 - easier to read as a calendar
]
TIMES_OF_DAY = [0, 9 * 60 + 29, 9 * 60 + 45, 11 * 60 + 30, 13 * 60 + 35, 23 * 60 + 59]


class NextSessions(HTMLParser):
    """The "Next sessions" list of a service page as a reader sees it: (datetime, date text, times)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, str, str]] = []
        self.found = False
        self._in_list = self._in_item = self._in_time = False
        self._datetime, self._date, self._rest = "", "", ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "ul" and "sg-next-sessions__list" in classes:
            self._in_list = self.found = True
            self.hidden = "hidden" in dict(attrs)
        elif self._in_list and tag == "li":
            self._in_item, self._datetime, self._date, self._rest = True, "", "", ""
        elif self._in_item and tag == "time":
            self._in_time, self._datetime = True, dict(attrs).get("datetime") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "time":
            self._in_time = False
        elif tag == "li" and self._in_item:
            self._in_item = False
            self.items.append(
                (self._datetime, self._date.strip(), self._rest.strip().removeprefix(",").strip())
            )
        elif tag == "ul":
            self._in_list = False

    def handle_data(self, data: str) -> None:
        if self._in_time:
            self._date += data
        elif self._in_item:
            self._rest += data


def next_sessions_on(html: str) -> tuple[bool, list[tuple[str, str, str]]]:
    parser = NextSessions()
    parser.feed(html)
    shown = parser.found and not parser.hidden
    return shown, parser.items if shown else []


def expected_lines(dated: list[oracle.Dated]) -> list[tuple[str, str, str]]:
    return [(d.date.isoformat(), oracle.long_date(d.date), oracle.times(d.start, d.end)) for d in dated]


def ics_sessions(data: bytes, today: dt.date, count: int = 5) -> list[oracle.Dated]:
    """The first ``count`` events from today, expanded by recurring_ical_events as a calendar
    program would (RRULE, EXDATE, time zone), as wall-clock UK times."""
    calendar = icalendar.Calendar.from_ical(data)
    until = today + dt.timedelta(days=oracle.HORIZON_DAYS + 1)
    events = recurring_ical_events.of(calendar).between(today, until)
    rows = []
    for event in events:
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        rows.append(oracle.Dated(start.date(), start.hour * 60 + start.minute, end.hour * 60 + end.minute))
    return sorted(rows)[:count]


def bundled_records() -> dict[str, dict]:
    return {path.stem: oracle.read_record(path) for path in sorted((ROOT / "content/services").glob("*.yml"))}


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return bundled_records()


@pytest.fixture(scope="module")
def terms() -> tuple[oracle.TermDates, ...]:
    return oracle.read_terms(ROOT / "term-dates.yml")


def test_oracle_knows_the_banbury_timetable_by_hand(records, terms):
    """The oracle itself, against dates worked out with a paper calendar: Banbury Children and
    Family Centre runs Mondays 9:30 to 11:30 and Thursdays 1:30 to 3, term time only."""
    found = oracle.next_sessions(
        records["banbury-children-and-family-centre-stay-and-play"], terms, dt.date(2026, 12, 2)
    )
    assert found == [
        oracle.Dated(dt.date(2026, 12, 3), 810, 900),
        oracle.Dated(dt.date(2026, 12, 7), 570, 690),
        oracle.Dated(dt.date(2026, 12, 10), 810, 900),
        oracle.Dated(dt.date(2026, 12, 14), 570, 690),
        oracle.Dated(dt.date(2026, 12, 17), 810, 900),
    ]
    after_term = oracle.next_sessions(
        records["banbury-children-and-family-centre-stay-and-play"], terms, dt.date(2026, 12, 18)
    )
    assert after_term[0] == oracle.Dated(dt.date(2027, 1, 7), 810, 900)  # Christmas holidays skipped


@pytest.mark.parametrize(
    "today",
    # one date in the fast tests; the whole school year in the full run
    [d if d == dt.date(2026, 12, 2) else pytest.param(d, marks=pytest.mark.slow) for d in BUILD_DATES],
    ids=str,
)
def test_every_service_page_lists_the_records_own_next_sessions(today, records, terms):
    """Page against record, and the page's calendar file against both, for every bundled service."""
    _, files = make_files(ROOT, today)
    assert len(BUILD_DATES) >= 30
    listed = 0
    for slug, record in records.items():
        html = files[f"services/{slug}/index.html"].decode("utf-8")
        expected = oracle.next_sessions(record, terms, today)
        shown, items = next_sessions_on(html)
        assert items == expected_lines(expected), f"{slug} built on {today}"
        listed += len(items)
        calendar = files.get(f"services/{slug}/sessions.ics")
        if expected:
            assert calendar is not None, f"{slug} has dates but no calendar on {today}"
        if calendar is not None:
            assert ics_sessions(calendar, today) == expected, f"{slug}'s calendar built on {today}"
    if today < dt.date(2027, 7, 1):
        assert listed > 100  # the comparison is about something


TIMETABLE_ROW = re.compile(r'<th scope="row" role="rowheader">([^<]+)</th>\s*<td role="cell">([^<]+)</td>')


def timetable_rows(html: str) -> list[tuple[str, str]]:
    """A service page's "When" table as (day, times) rows, in the page's order."""
    return TIMETABLE_ROW.findall(html)


def record_rows(record: dict) -> list[tuple[str, str]]:
    """The rows the "When" table must have: each session of the record, its day and times, in order."""
    return [
        (str(s["day"]).capitalize(), oracle.times(oracle.minutes(s["start"]), oracle.minutes(s["end"])))
        for s in record.get("sessions") or ()
    ]


def test_timetable_rows_are_the_records_sessions(records):
    """The "When" table: one row per session of the record, in order, day and times its own."""
    _, files = make_files(ROOT, dt.date(2026, 12, 2))
    for slug, record in records.items():
        html = files[f"services/{slug}/index.html"].decode("utf-8")
        assert timetable_rows(html) == record_rows(record), slug


def test_spreadsheet_and_open_referral_give_each_sessions_own_times(records):
    """One CSV row per session, and one Open Referral UK schedule per session, with its own day and times."""
    _, files = make_files(ROOT, dt.date(2026, 12, 2))
    rows = list(csv.DictReader(io.StringIO(files["open-data/services.csv"].decode("utf-8-sig"))))
    by_id: dict[str, list[tuple[str, str, str]]] = {}
    for row in rows:
        if row["day"]:
            by_id.setdefault(row["id"], []).append((row["day"], row["start"], row["end"]))
    oruk_by_name = {}
    for name, data in files.items():
        # each service's <id>.json; services/index.json is the /services page (the feed's address)
        if (
            name.startswith("openreferral/services/")
            and name.endswith(".json")
            and not name.endswith("/index.json")
        ):
            service = json.loads(data)
            oruk_by_name[service["name"]] = service
    byday = {
        "MO": "Monday",
        "TU": "Tuesday",
        "WE": "Wednesday",
        "TH": "Thursday",
        "FR": "Friday",
        "SA": "Saturday",
        "SU": "Sunday",
    }
    for slug, record in records.items():
        expected = [
            (
                str(s["day"]).capitalize(),
                f"{oracle.minutes(s['start']) // 60:02d}:{oracle.minutes(s['start']) % 60:02d}",
                f"{oracle.minutes(s['end']) // 60:02d}:{oracle.minutes(s['end']) % 60:02d}",
            )
            for s in record.get("sessions") or ()
        ]
        assert by_id.get(slug, []) == expected, slug
        service = oruk_by_name[record["name"]]
        # a session interrupted by term holidays or days off is one schedule per period: its first
        # is the one a sessions.dates attribute links to, the others follow it
        firsts = {a["link_id"] for a in service["attributes"] if a.get("link_type") == "sessions.dates"}
        schedules, group = [], None  # the rule of the periods being read, if any
        for s in service.get("schedules", []):
            rule = (s["byday"], s["opens_at"], s["closes_at"], s["description"])
            if s["id"] in firsts or rule != group:
                schedules.append(s)
                group = rule if s["id"] in firsts else None
        found = [(byday[s["byday"][-2:]], s["opens_at"], s["closes_at"]) for s in schedules]
        assert found == expected, slug


def _moments() -> list[tuple[str, int]]:
    return [(day.isoformat(), minutes) for day in BUILD_DATES for minutes in TIMES_OF_DAY]


BROWSER_BODY = """
const s = window.sgSchedule, out = {pages: {}, search: {}};
const services = d.services(input.store);
d.addRows(services, 0, input.rows);
for (const [day, minutes] of input.moments) {
  const now = { day: s.isoDay(day), minutes: minutes }, key = day + ' ' + minutes;
  out.pages[key] = {};
  for (const [slug, schedule] of Object.entries(input.schedules)) {
    out.pages[key][slug] = s.upcoming(schedule, now, 5).map(o =>
      [new Date(o.day).toISOString().slice(0, 10), o.session[1], o.session[2]]);
  }
  out.search[key] = services.map(service => {
    const next = d.nextSession(service, input.store, now);
    return next ? [service.slug, new Date(next.day).toISOString().slice(0, 10), next.session[1], next.session[2]] : [service.slug, null];
  });
}
console.log(JSON.stringify(out));
"""


def _page_schedule(html: str) -> dict:
    found = re.search(r"data-schedule='([^']*)'", html)
    assert found, "the page carries no schedule for its script"
    return json.loads(found.group(1).replace("&#34;", '"').replace("&amp;", "&"))


@pytest.mark.slow
def test_the_browser_works_out_the_same_sessions_as_the_record_at_any_moment(records, terms):
    """schedule.js, as a service page and the search results run it on the day they are read, on
    dates and times of day across a school year after the page was built."""
    built = BUILD_DATES[0]
    _, files = make_files(ROOT, built)
    schedules = {
        slug: _page_schedule(files[f"services/{slug}/index.html"].decode("utf-8"))
        for slug, record in records.items()
        if (record.get("status") or "running") == "running" and record.get("sessions")
    }
    data = search_data.read(files)
    found = run_js(
        BROWSER_BODY,
        {"schedules": schedules, "store": data["store"], "rows": data["rows"], "moments": _moments()},
    )
    checked = 0
    for day_text, minutes in _moments():
        day, key = dt.date.fromisoformat(day_text), f"{day_text} {minutes}"
        for slug in schedules:
            expected = oracle.next_sessions(records[slug], terms, day, 5, minutes)
            assert [tuple(row) for row in found["pages"][key][slug]] == [
                (d.date.isoformat(), d.start, d.end) for d in expected
            ], f"{slug} read on {key}"
            checked += len(expected)
        for row in found["search"][key]:
            expected = oracle.next_sessions(records[row[0]], terms, day, 1, minutes)
            assert (row[1:] if row[1] else []) == (
                [expected[0].date.isoformat(), expected[0].start, expected[0].end] if expected else []
            ), f"{row[0]}'s search result read on {key}"
    assert checked > 1000


# --- Records nobody hand-picked ----------------------------------------------------------------

DAYS = oracle.DAYS


@st.composite
def sessions(draw) -> dict:
    weekday = draw(st.integers(0, 6))
    start = draw(st.integers(7 * 4, 18 * 4)) * 15
    end = start + draw(st.sampled_from([30, 45, 60, 90, 120]))
    session: dict = {
        "day": DAYS[weekday],
        "start": f"{start // 60:02d}:{start % 60:02d}",
        "end": f"{end // 60:02d}:{end % 60:02d}",
    }
    frequency = draw(st.sampled_from(["weekly", "fortnightly", "monthly"]))
    first_day = dt.date(2026, 8, 31) + dt.timedelta(days=weekday)  # a Monday plus the weekday
    starting = None
    if frequency == "fortnightly" or draw(st.booleans()):
        starting = first_day + dt.timedelta(weeks=draw(st.integers(0, 30)))
        session["starting"] = starting.isoformat()
    if frequency != "weekly":
        session["frequency"] = frequency
    if frequency == "monthly":
        session["week_of_month"] = draw(st.sampled_from(["first", "second", "third", "fourth", "last"]))
    if draw(st.booleans()):
        session["term_time_only"] = "yes"
    if draw(st.integers(0, 3)) == 0:
        ending = (starting or first_day) + dt.timedelta(days=draw(st.integers(0, 250)))
        session["ending"] = ending.isoformat()
    return session


@st.composite
def records_with_sessions(draw) -> tuple[dict, dt.date]:
    chosen = draw(st.lists(sessions(), min_size=1, max_size=4))
    today = dt.date(2026, 8, 20) + dt.timedelta(days=draw(st.integers(0, 340)))
    off = draw(st.lists(st.integers(0, 120), max_size=4, unique=True))
    return {
        "sessions": chosen,
        "not_running": [(today + dt.timedelta(days=n)).isoformat() for n in off],
    }, today


def _record_text(base: str, generated: dict) -> str:
    """The fixture's acorns record with its sessions and days off replaced, written as a person would."""
    record = yaml.safe_load(base)
    record.pop("sessions", None)
    record.pop("not_running", None)
    record["status"] = "running"
    text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True)
    lines = ["sessions:"]
    for session in generated["sessions"]:
        first = True
        for key, value in session.items():
            lines.append(("  - " if first else "    ") + f"{key}: {value}")
            first = False
    if generated["not_running"]:
        lines.append("not_running:")
        lines += [f"  - date: {day}" for day in generated["not_running"]]
    return text + "\n".join(lines) + "\n"


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=records_with_sessions())
def test_generated_records_pages_calendars_and_browser_agree_with_the_record(tmp_path_factory, case):
    generated, today = case
    root = tmp_path_factory.mktemp("generated")
    shutil.copytree(SMALL_SITE, root, dirs_exist_ok=True)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    base = (root / "content/services/acorns.yml").read_text(encoding="utf-8")
    (root / "content/services/acorns.yml").write_text(_record_text(base, generated), encoding="utf-8")
    record = oracle.read_record(root / "content/services/acorns.yml")
    terms = oracle.read_terms(root / "term-dates.yml")
    _, files = make_files(root, today)

    expected = oracle.next_sessions(record, terms, today)
    assert next_sessions_on(files["services/acorns/index.html"].decode("utf-8"))[1] == expected_lines(
        expected
    )
    calendar = files.get("services/acorns/sessions.ics")
    if calendar is not None or expected:
        assert calendar is not None
        assert ics_sessions(calendar, today) == expected

    schedule = _page_schedule(files["services/acorns/index.html"].decode("utf-8"))
    later = [today + dt.timedelta(days=n) for n in (0, 1, 6, 13, 40)]
    moments = [(d.isoformat(), m) for d in later for m in (0, 10 * 60, 23 * 60 + 59)]
    data = search_data.read(files)
    found = run_js(
        BROWSER_BODY,
        {"schedules": {"acorns": schedule}, "store": data["store"], "rows": data["rows"], "moments": moments},
    )
    for day_text, minutes in moments:
        want = oracle.next_sessions(record, terms, dt.date.fromisoformat(day_text), 5, minutes)
        assert [tuple(r) for r in found["pages"][f"{day_text} {minutes}"]["acorns"]] == [
            (d.date.isoformat(), d.start, d.end) for d in want
        ], f"read on {day_text} at minute {minutes}"


def test_the_browser_reads_a_date_in_the_first_century_as_the_record_writes_it():
    """A fortnightly session anchored on 1 January of the year 1 (a Monday): JavaScript's Date.UTC
    reads the years 0 to 99 as 1900 to 1999, which once moved the anchor to a Tuesday, and the
    browser showed no dates at all. The fortnights, counted plainly, are the page's and the script's."""
    from sitegen.model import Session
    from sitegen.model import schedule as python_schedule

    anchor, today = dt.date(1, 1, 1), dt.date(2026, 11, 24)
    fortnights = [
        day
        for day in (today + dt.timedelta(days=n) for n in range(oracle.HORIZON_DAYS))
        if (day - anchor).days % 14 == 0
    ][:5]
    assert len(fortnights) == 5 and all(day.weekday() == 0 for day in fortnights)
    fortnightly = Session(
        day="Monday",
        weekday=0,
        start=dt.time(9, 30),
        end=dt.time(11),
        frequency="fortnightly",
        starting=anchor,
        ending=dt.date(9999, 12, 31),
    )
    page = [o.date for o in python_schedule.upcoming([fortnightly], (), (), today)]
    data = python_schedule.browser_schedule((fortnightly,), (), (), today)
    found = run_js(
        "const s = window.sgSchedule; console.log(JSON.stringify(s.upcoming(input, {day: s.isoDay(input.built), "
        "minutes: 0}, 5).map(o => new Date(o.day).toISOString().slice(0, 10))));",
        data,
    )
    assert page == fortnights
    assert found == [day.isoformat() for day in fortnights]


@pytest.mark.slow
def test_a_site_built_by_two_processes_says_what_its_records_say(tmp_path):
    """bench/truth_at_scale.py, the same oracle over every service of a bigger site, here 600
    generated records built as a big directory is (over build.MIN_PARALLEL: two processes model
    the records and make the pages and calendars, each taking its share): none disagrees; one
    page's time changed by hand is found, named, and makes it exit 1."""
    import subprocess
    import sys

    from bench.synthetic import make

    site = make(600, tmp_path / "site")
    check = [sys.executable, str(ROOT / "bench" / "truth_at_scale.py"), str(site)]
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitegen",
            "build",
            "--root",
            str(site),
            "--today",
            "2026-12-02",
            "--jobs",
            "2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    agreed = subprocess.run(check, cwd=ROOT, capture_output=True, text=True, check=False)
    assert agreed.returncode == 0, agreed.stdout
    assert agreed.stdout.startswith("600 services, ") and "; 0 disagree" in agreed.stdout
    page = next((site / "output" / "services").glob("*/index.html"))
    html = page.read_text("utf-8")
    shown = TIMETABLE_ROW.search(html)
    assert shown is not None
    page.write_text(html.replace(shown[0], shown[0].replace(shown[2], "6am to 7am"), 1), "utf-8")
    found = subprocess.run(check, cwd=ROOT, capture_output=True, text=True, check=False)
    assert found.returncode == 1
    assert "; 1 disagree" in found.stdout and f"{page.parent.name}: the timetable says" in found.stdout
