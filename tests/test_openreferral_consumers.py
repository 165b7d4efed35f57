"""The Open Referral UK export as its consumers read it (issue 19): the DfE Family Hubs puller's
own entity classes, an RRULE expander that is not sitegen's set against the calendars the build
writes, and the compliance advice to leave out what is empty."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import icalendar
import jsonschema
import pytest
import yaml
from dateutil import rrule

from tests.conftest import TODAY

PROJECT = Path(__file__).resolve().parent.parent
ENTITIES = Path(__file__).resolve().parent / "reference/dfe-openreferral-entities"
SITEGEN = Path(sys.executable).with_name("sitegen")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The bundled site, built by the real command."""
    output = tmp_path_factory.mktemp("built") / "output"
    subprocess.run(
        [
            SITEGEN,
            "build",
            "--root",
            PROJECT,
            "--today",
            TODAY.isoformat(),
            "--output",
            output,
            "--jobs",
            "1",
        ],
        check=True,
        capture_output=True,
    )
    return output


@pytest.fixture(scope="module")
def services(built: Path) -> dict[str, dict]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((built / "openreferral/services").glob("*.json"))
        if path.name != "index.json"  # the /services page, at the address a static host answers
    }


# --- The DfE puller's entity classes, read as it reads them ------------------------------------

_PROPERTY = re.compile(
    r"((?:\[[^\]]*\]\s*)*)public\s+(required\s+)?([\w<>?]+)\s+(\w+)\s*\{\s*get;\s*init;\s*\}", re.S
)


def entity_classes() -> dict[str, dict[str, tuple[str, bool]]]:
    """Each class: {JSON name: (C# type, required)}, from the C# files as published. A property
    marked [JsonIgnore] is not read from JSON; one without [JsonPropertyName] is not either (the
    puller's JSON names are all given)."""
    classes: dict[str, dict[str, tuple[str, bool]]] = {}
    for path in sorted(ENTITIES.glob("*.cs")):
        text = path.read_text(encoding="utf-8")
        name = re.search(r"public (?:abstract )?class (\w+)(?:\s*:\s*(\w+))?", text)
        assert name, path
        props = dict(classes.get(name[2], {})) if name[2] else {}
        for attrs, required, kind, _ in _PROPERTY.findall(text):
            json_name = re.search(r'JsonPropertyName\("(\w+)"\)', attrs)
            if "JsonIgnore" in attrs or not json_name:
                continue
            props[json_name[1]] = (kind, bool(required))
        classes[name[1]] = props
    # BaseHsdsEntity is read first in file order only by chance: give every subclass its id
    base = classes["BaseHsdsEntity"]
    return {name: {**base, **props} for name, props in classes.items()}


def _date_time(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _time_span(text: str) -> bool:
    return re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", text) is not None


def _uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


INTEGERS = {"byte": (0, 255), "short": (-(2**15), 2**15 - 1), "int": (-(2**31), 2**31 - 1)}


def consumer_errors(value: object, kind: str, classes: dict, path: str) -> list[str]:
    """What System.Text.Json would refuse reading ``value`` as the C# type ``kind`` (strict number
    handling, its default; the puller's StringToNullableTypeConverter also lets some values come
    as strings, which sitegen never writes)."""
    nullable = kind.endswith("?")
    kind = kind.rstrip("?")
    if value is None:
        return (
            []
            if nullable or kind in classes or kind.startswith("List<") or kind == "string"
            else [f"{path}: null for {kind}"]
        )
    if kind.startswith("List<"):
        if not isinstance(value, list):
            return [f"{path}: expected a list"]
        item = kind[5:-1]
        return [e for i, v in enumerate(value) for e in consumer_errors(v, item, classes, f"{path}[{i}]")]
    if kind in classes:
        if not isinstance(value, dict):
            return [f"{path}: expected an object for {kind}"]
        found = []
        for name, (member, required) in classes[kind].items():
            if name not in value:
                if required:
                    found.append(f"{path}.{name}: required by {kind}.cs, missing")
                continue
            if required and value[name] is None:
                found.append(f"{path}.{name}: required by {kind}.cs, null")
            found += consumer_errors(value[name], member, classes, f"{path}.{name}")
        return found
    checks = {
        "string": lambda v: isinstance(v, str),
        "Guid": lambda v: isinstance(v, str) and _uuid(v),
        "DateTime": lambda v: isinstance(v, str) and _date_time(v),
        "TimeSpan": lambda v: isinstance(v, str) and _time_span(v),
        "decimal": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
    }
    if kind in INTEGERS:
        low, high = INTEGERS[kind]
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    else:
        assert kind in checks, f"no check for the C# type {kind} ({path})"
        ok = checks[kind](value)
    return [] if ok else [f"{path}: {value!r} cannot be read as {kind}"]


def test_the_entity_reader_finds_what_the_issue_found_missing():
    classes = entity_classes()
    assert classes["Attribute"]["link_entity"] == ("string", True)
    assert classes["TaxonomyTerm"]["code"] == ("string", True)
    assert classes["Service"]["minimum_age"] == ("byte?", False)
    assert classes["Address"]["state_province"] == ("string", True)
    assert classes["Service"]["id"] == ("Guid", True)
    # and so it refuses what sitegen exported before issue 19
    before = {"id": str(uuid.uuid4()), "name": "x", "status": "active", "minimum_age": 1.5}
    before["attributes"] = [
        {"id": str(uuid.uuid4()), "taxonomy_term": {"id": str(uuid.uuid4()), "name": "a"}}
    ]
    said = consumer_errors(before, "Service", classes, "$")
    assert "$.minimum_age: 1.5 cannot be read as byte" in said
    assert "$.attributes[0].link_entity: required by Attribute.cs, missing" in said
    assert "$.attributes[0].taxonomy_term.code: required by TaxonomyTerm.cs, missing" in said


def test_the_dfe_puller_can_read_every_exported_service(services):
    classes = entity_classes()
    assert len(services) == len(list((PROJECT / "content/services").glob("*.yml")))
    for name, data in services.items():
        assert consumer_errors(data, "Service", classes, "$") == [], name


# --- Nothing empty ----------------------------------------------------------------------------


def _empties(value: object, path: str = "$") -> list[str]:
    if value in ("", [], {}):
        return [path]
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in _empties(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [e for i, v in enumerate(value) for e in _empties(v, f"{path}[{i}]")]
    return []


def test_nothing_exported_is_empty_and_the_county_is_given(built, services):
    for name, data in services.items():
        assert _empties(data) == [], name
        address = data["service_at_locations"][0]["location"]["addresses"][0]
        assert address["state_province"] == "Oxfordshire"
        assert all("value" not in a for a in data["attributes"]), name  # the UK profile has none
        for attribute in data["attributes"] + data["organization"]["attributes"]:
            assert " a NHS" not in attribute["taxonomy_term"]["description"]
    page = json.loads((built / "openreferral/services.json").read_text(encoding="utf-8"))
    assert _empties(page) == []


# --- Schedules as a consumer expands them, against the calendars -------------------------------


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def oruk_dates(schedule: dict, window: tuple[dt.date, dt.date]) -> set[dt.date]:
    """A schedule's dates within its validity and the window, by dateutil's rrule: the RRULE in
    parts, started at dtstart (or the start of its validity, or of the window)."""
    lo = max(d for d in (_date(schedule.get("valid_from")), window[0]) if d)
    hi = min(d for d in (_date(schedule.get("valid_to")), window[1]) if d)
    if lo > hi:
        return set()
    start = _date(schedule.get("dtstart")) or lo
    if "interval" in schedule and schedule["interval"] != 1:
        assert "dtstart" in schedule, "an interval needs dtstart to know which weeks"
    rule = rrule.rrulestr(
        f"FREQ={schedule['freq']};INTERVAL={schedule.get('interval', 1)};BYDAY={schedule['byday']}",
        dtstart=dt.datetime.combine(start, dt.time()),
    )
    return {
        d.date()
        for d in rule.between(
            dt.datetime.combine(lo, dt.time()), dt.datetime.combine(hi, dt.time()), inc=True
        )
    }


def ics_events(path: Path) -> list[tuple[str, set[dt.date], tuple[dt.date, dt.date]]]:
    """Each event of a calendar file: its pattern key, its dates (RRULE less EXDATE, by
    dateutil) and the dates it covers (DTSTART to UNTIL)."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    found = []
    for event in calendar.walk("VEVENT"):
        start = event["DTSTART"].dt
        rule = event["RRULE"]
        until = rule.get("UNTIL", [None])[0]
        last = until.astimezone(start.tzinfo).date() if until else start.date() + dt.timedelta(days=730)
        text = event["RRULE"].to_ical().decode()
        expanded = rrule.rrulestr(text, dtstart=start)  # Europe/London, UNTIL in UTC
        end = dt.datetime.combine(last, dt.time(23, 59), tzinfo=start.tzinfo)
        dates = {d.date() for d in expanded.between(start, end, inc=True)}
        exdates = event.get("EXDATE", [])
        for group in exdates if isinstance(exdates, list) else [exdates]:
            dates -= {d.dt.date() if isinstance(d.dt, dt.datetime) else d.dt for d in group.dts}
        key = (
            "".join(rule["BYDAY"]) if isinstance(rule["BYDAY"], list) else rule["BYDAY"],
            rule["FREQ"][0],
            int(rule.get("INTERVAL", [1])[0]),
            f"{start:%H:%M}",
        )
        found.append((key, dates, (start.date(), last)))
    return found


def test_expanding_the_schedules_gives_the_calendars_dates(built, services):
    """Every session in a service's calendar: the dates a consumer gets from the exported
    schedules (python-dateutil, not sitegen's schedule code) are the calendar's (its RRULE less
    its EXDATEs), over the dates the calendar covers."""
    by_page = {
        data["schedules"][0]["schedule_link"]: data for data in services.values() if "schedules" in data
    }
    compared = term_time = 0
    for ics in sorted((built / "services").glob("*/sessions.ics")):
        slug = ics.parent.name
        data = next(d for link, d in by_page.items() if link.rstrip("/").endswith(f"/services/{slug}"))
        for key, dates, window in ics_events(ics):
            byday, freq, interval, opens = key
            schedules = [
                s
                for s in data["schedules"]
                if (s["byday"], s["freq"], s["interval"], s["opens_at"]) == (byday, freq, interval, opens)
            ]
            assert schedules, (slug, key)
            exported = set().union(*(oruk_dates(s, window) for s in schedules))
            assert exported == dates, (slug, key, sorted(exported ^ dates)[:5])
            compared += 1
            term_time += "term time only" in schedules[0]["description"]
    # every session of a running service in the records, read plainly, has its calendar event
    records = [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in (PROJECT / "content/services").glob("*.yml")
    ]
    running = [r for r in records if r.get("status", "running") == "running"]
    assert compared == sum(len(r.get("sessions", [])) for r in running)
    assert term_time == sum(1 for r in running for s in r.get("sessions", []) if s.get("term_time_only")) > 0


def test_term_holidays_are_not_covered_by_any_schedule(services):
    terms = [
        ("2026-10-26", "2026-10-30"),  # half terms and holidays in term-dates.yml
        ("2026-12-19", "2027-01-04"),
        ("2027-02-15", "2027-02-19"),
    ]
    term_time = [
        s
        for data in services.values()
        for s in data.get("schedules", [])
        if "term time only" in s["description"]
    ]
    assert len({s["description"] + s["service_id"] for s in term_time}) >= 19
    for schedule in term_time:
        assert "valid_from" in schedule and "valid_to" in schedule and "dtstart" in schedule
        for first, last in terms:
            assert not (schedule["valid_from"] <= last and schedule["valid_to"] >= first), schedule


# --- The full HSDS 3.0 schema -------------------------------------------------------------------


def test_every_exported_service_is_valid_hsds_3(services):
    """The fields sitegen writes beyond the UK profile (link_entity, taxonomy_term.code,
    eligibility_description, ...) are HSDS 3.0's own, in its shapes."""
    schema = json.loads((ENTITIES.parent / "hsds-3.0/service.json").read_text(encoding="utf-8"))
    check = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for name, data in services.items():
        assert [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(data)
        ] == [], name
