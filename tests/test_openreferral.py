"""Open Referral UK export and import (issue 8): every file valid against the official UK
profile schemas, stable ids, schedules as RRULE parts, the standard's examples imported with a
note for everything left behind, and every bundled service back unchanged after a round trip."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from pathlib import Path

import hypothesis
import jsonschema
import pytest

from sitegen.exports import openreferral
from sitegen.exports.openreferral.export import uuid5_text
from sitegen.load import files
from sitegen.model import Site, content
from tests import invented
from tests.conftest import TODAY, placeholder_lines, write

PROJECT = Path(__file__).resolve().parent.parent
REFERENCE = Path("/work/shared/reference/openreferral-uk")
SCHEMAS = REFERENCE / "schema/compiled"
EXAMPLES = REFERENCE / "examples"

pytestmark = pytest.mark.skipif(not REFERENCE.is_dir(), reason="the Open Referral UK reference is not here")


def site_of(root: Path, today: dt.date = TODAY, preview: bool = False) -> Site:
    return content.make_site(files.read_sources(root), today, preview=preview)


@pytest.fixture(scope="module")
def bundled() -> tuple[Site, dict[str, bytes]]:
    site = site_of(PROJECT)
    return site, openreferral.export_files(site)


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def errors(check: jsonschema.Draft202012Validator, data: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(data)]


def service_files(files: dict[str, bytes]) -> dict[str, dict]:
    return {
        name: json.loads(raw)
        for name, raw in files.items()
        if name.startswith("openreferral/services/") and name.endswith(".json")
    }


# A record with one session of each kind, and the fields the bundled records seldom use.
EVERY_KIND = """\
name: Every Kind of Session
summary: "Sessions of each kind, for testing: *not* emphasis in a summary."
description: |
  A **stay and play** with [a web page](https://example.org/play?a=1&b=2) and *songs*.

  # What happens

  1. Toys & games, 50% of the time
  2. Songs: the `hello` song

  > Bring a snack.
types: [stay and play, messy and creative play]
run_by:
  organisation: Testville Parish Council
  kind: parish or town council
  website: https://testville.example.org
ages:
  from: 18 months
  to: 4 years
  note: Older brothers and sisters welcome in the holidays.
sessions:
  - day: Monday
    start: 09:30
    end: 11:30
    term_time_only: yes
  - day: Tuesday
    start: 13:00
    end: 14:30
    frequency: fortnightly
    starting: 2026-11-17
    notes: Quiet session for babies.
  - day: Friday
    start: 10:00
    end: 11:00
    frequency: monthly
    week_of_month: last
  - day: Wednesday
    start: 10:00
    end: 12:00
    starting: 2027-01-06
    ending: 2027-03-31
not_running:
  - date: 2026-12-25
    reason: Christmas Day
  - date: 2027-01-01
venue:
  name: Village Hall
  address: 1 Church Lane
  town: Testville
  area: Testville East
  postcode: OX5 1AB
  latitude: 51.82
  longitude: -1.29
  step_free: yes
  parking: no
  access_notes: Ramp at the side door.
cost:
  price: 2.50
  per: child
  covers: Squash and a biscuit.
  help_with_cost: Pay what you can.
booking:
  required: yes
  how: Ring Sam on 01632 960002.
contact:
  name: Sam Smith
  phone: 01632 960002
  email: sam@example.org
  website: https://testville.example.org/play
feeding_friendly: yes
siblings_welcome: no
languages: [English, Polish]
funding: [Transition Fund, Testville Parish Council]
keywords: [playgroup, toddlers]
status: paused
status_note: Paused while the hall is repaired.
status_since: 2026-10-01
last_reviewed: 2026-10-01
"""


@pytest.fixture
def every_kind(site_dir: Path) -> tuple[Site, dict]:
    write(site_dir, "content/services/every-kind.yml", EVERY_KIND)
    site = site_of(site_dir)
    files = openreferral.export_files(site)
    return site, service_files(files)[
        f"openreferral/services/{openreferral.service_id(site.config.base_url, 'every-kind')}.json"
    ]


# --- Export ------------------------------------------------------------------------------------


def test_every_exported_service_validates_against_the_official_schema(bundled):
    site, files = bundled
    check = validator("service.json")
    services = service_files(files)
    assert len(services) == len(site.services)
    for name, data in services.items():
        assert errors(check, data) == [], name


def test_the_list_has_the_paging_header_one_valid_entry_per_service(bundled):
    site, files = bundled
    page = json.loads(files[openreferral.LIST_FILE])
    assert list(page) == [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ]
    count = len(site.services)
    assert (page["total_items"], page["total_pages"], page["page_number"], page["size"]) == (
        count,
        1,
        1,
        count,
    )
    assert (page["first_page"], page["last_page"], page["empty"]) == (True, True, False)
    entry_schema = json.loads((SCHEMAS / "service_list.json").read_text(encoding="utf-8"))
    page_schema = {
        "type": "object",
        "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"],
        "properties": {
            name: {"type": "integer" if name not in ("first_page", "last_page", "empty") else "boolean"}
            for name in (
                "total_items",
                "total_pages",
                "page_number",
                "size",
                "first_page",
                "last_page",
                "empty",
            )
        }
        | {"contents": {"type": "array", "items": entry_schema}},
    }
    assert errors(validator("service_list.json"), page["contents"][0]) == []
    check = jsonschema.Draft202012Validator(
        page_schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert errors(check, page) == []
    full = {data["id"]: data for data in service_files(files).values()}
    assert [entry["id"] for entry in page["contents"]] == [
        openreferral.service_id(site.config.base_url, s.slug) for s in site.services
    ]
    for entry in page["contents"]:
        assert entry["name"] == full[entry["id"]]["name"]
        assert entry["organization"]["name"] == full[entry["id"]]["organization"]["name"]


def test_ids_are_stable_across_builds_and_different_for_every_object(bundled):
    site, files = bundled
    again = openreferral.export_files(site_of(PROJECT, TODAY + dt.timedelta(days=40)))
    assert again == files  # nothing depends on the build date or the clock
    services = service_files(files)
    service_ids = [data["id"] for data in services.values()]
    assert len(set(service_ids)) == len(site.services)
    page = f"{site.config.base_url}services/little-acorns-stay-and-play/"
    assert str(uuid.uuid5(openreferral.NAMESPACE, page)) in service_ids

    def own_ids(value: object, inside_term: bool = False) -> list[str]:
        """Every id of an object a service owns (taxonomy terms are shared, so left out)."""
        found = []
        if isinstance(value, dict):
            if "id" in value and not inside_term:
                found.append(value["id"])
            for key, item in value.items():
                found += own_ids(item, key == "taxonomy_term")
        elif isinstance(value, list):
            for item in value:
                found += own_ids(item)
        return found

    everything = [i for data in services.values() for i in own_ids(data)]
    assert len(everything) == len(set(everything))
    assert all(uuid.UUID(i).version == 5 for i in everything)


def test_files_are_deterministic_utf8_json(bundled):
    _, files = bundled
    for name, raw in files.items():
        text = raw.decode("utf-8")
        assert text.endswith("}\n") and text.startswith('{"'), name
        # compact, keys in the standard's order, non-ASCII as itself: one form for the same data
        assert json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) + "\n" == text


def test_schedules_are_rrule_parts(every_kind):
    _, data = every_kind
    schedules = {s["byday"]: s for s in data["schedules"]}
    # term time only: one schedule for each part of a term between its breaks (the fixture's
    # Autumn 2026, half term 26 to 30 October), so the holidays are simply not covered
    term_time = [s for s in data["schedules"] if s["byday"] == "MO"]
    assert [(s["valid_from"], s["valid_to"], s["dtstart"]) for s in term_time] == [
        ("2026-09-03", "2026-10-25", "2026-09-07"),
        ("2026-10-31", "2026-12-18", "2026-11-02"),
    ]
    weekly = schedules["MO"]
    assert (weekly["freq"], weekly["interval"], weekly["opens_at"], weekly["closes_at"]) == (
        "WEEKLY",
        1,
        "09:30",
        "11:30",
    )
    assert weekly["description"] == "Every Monday, term time only, 9:30am to 11:30am"
    fortnightly = schedules["TU"]
    assert (fortnightly["freq"], fortnightly["interval"], fortnightly["dtstart"]) == (
        "WEEKLY",
        2,
        "2026-11-17",
    )
    assert fortnightly["valid_from"] == "2026-11-17" and fortnightly["notes"] == "Quiet session for babies."
    # a day off the pattern gives (Christmas Day, the last Friday of December) splits it: the
    # UK profile's schedule has no EXDATE
    monthly_parts = [s for s in data["schedules"] if s["byday"] == "-1FR"]
    assert [(s.get("valid_from"), s.get("valid_to"), s.get("dtstart")) for s in monthly_parts] == [
        (None, "2026-12-24", None),
        ("2026-12-26", None, "2027-01-29"),
    ]
    monthly = schedules["-1FR"]
    assert (monthly["freq"], monthly["interval"]) == ("MONTHLY", 1)
    assert monthly["description"] == "Last Friday of the month, 10am to 11am"
    dated = schedules["WE"]
    assert (dated["valid_from"], dated["valid_to"]) == ("2027-01-06", "2027-03-31")
    assert "term time" not in dated["description"]
    assert all(s["schedule_link"].endswith("/services/every-kind/") for s in data["schedules"])
    # each interrupted session's own dates, linked to its first schedule, for a sitegen import
    own = {
        a["link_id"]: a["taxonomy_term"]["term"]
        for a in data["attributes"]
        if a.get("link_type") == "sessions.dates"
    }
    assert own == {term_time[0]["id"]: "../..", monthly_parts[0]["id"]: "../.."}


def test_the_rest_of_a_service_maps_to_the_standard(every_kind):
    _, data = every_kind
    assert data["status"] == "inactive" and data["alert"] == "Paused while the hall is repaired."
    # whole years, as the standard and the DfE puller (a byte) have them, widened; the months kept
    assert (data["minimum_age"], data["maximum_age"]) == (1, 4)
    exact = {a["link_type"]: a["taxonomy_term"]["term"] for a in data["attributes"] if "link_type" in a}
    assert exact["ages.from"] == "18 months" and "ages.to" not in exact
    assert data["eligibility_description"] == (
        "Ages 18 months to 4 years. Older brothers and sisters welcome in the holidays."
    )  # what a person reads, where whole years say too little
    assert all("value" not in a for a in data["attributes"])  # a field the UK profile removed
    assert all(
        a["link_entity"] == "service" and a["taxonomy_term"]["code"]
        for a in data["attributes"]
        if "link_type" not in a
    )
    assert data["assured_date"] == "2026-10-01"
    assert data["url"] == "https://testville.example.org/play" and data["email"] == "sam@example.org"
    assert data["phones"][0]["number"] == "01632 960002" and data["contacts"][0]["name"] == "Sam Smith"
    assert [c.get("option") for c in data["cost_options"]] == ["per child", openreferral.HELP_OPTION]
    assert data["cost_options"][0]["amount"] == 2.5
    location = data["service_at_locations"][0]["location"]
    address = location["addresses"][0]
    assert (address["address_1"], address["city"], address["postal_code"], address["country"]) == (
        "1 Church Lane",
        "Testville",
        "OX5 1AB",
        "GB",
    )
    assert (location["latitude"], location["longitude"]) == (51.82, -1.29)
    assert [a["description"] for a in location["accessibility"]] == [
        "Step-free access: yes",
        "Parking: no",
        "Ramp at the side door.",
    ]
    assert data["service_areas"][0]["name"] == "Testville East"
    kinds = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["term"]) for a in data["attributes"]}
    assert (openreferral.TAXONOMY_TYPES, "messy and creative play") in kinds
    provider = data["organization"]["attributes"][0]["taxonomy_term"]
    assert (provider["taxonomy"], provider["term"]) == (openreferral.TAXONOMY_KINDS, "parish or town council")
    assert [lang["name"] for lang in data["languages"]] == ["English", "Polish"]
    assert [f["source"] for f in data["funding"]] == ["Transition Fund", "Testville Parish Council"]
    assert errors(validator("service.json"), data) == []


def test_an_oldest_age_in_months_is_rounded_up_to_whole_years(site_dir):
    write(site_dir, "content/services/every-kind.yml", EVERY_KIND.replace("to: 4 years", "to: 30 months"))
    site = site_of(site_dir)
    data = service_files(openreferral.export_files(site))[
        f"openreferral/services/{openreferral.service_id(site.config.base_url, 'every-kind')}.json"
    ]
    assert (data["minimum_age"], data["maximum_age"]) == (1, 3)
    exact = {a["link_type"]: a["taxonomy_term"]["term"] for a in data["attributes"] if "link_type" in a}
    assert (exact["ages.from"], exact["ages.to"]) == ("18 months", "30 months")
    assert data["eligibility_description"].startswith("Ages 18 months to 30 months. Older")
    _, again, notes = round_trip(site_dir)  # the ages sentence is not taken for the record's note
    assert notes == [] and again.services == site.services


def test_free_is_an_amount_of_nothing(bundled):
    site, files = bundled
    free = next(s for s in site.services if s.cost.is_free and not s.cost.covers)
    data = service_files(files)[
        f"openreferral/services/{openreferral.service_id(site.config.base_url, free.slug)}.json"
    ]
    assert [(c.get("amount"), c.get("option")) for c in data["cost_options"]] == [(0, None)]


# --- Import ------------------------------------------------------------------------------------


def test_importing_the_full_example_gives_a_valid_record_and_notes_with_paths(site_dir, sitegen):
    result = openreferral.import_into(site_dir, EXAMPLES / "service_full.json", force=False)
    assert [p.name for p in result.written] == ["community-counselling.yml"] and not result.skipped
    notes = {note.json_path: note.message for note in result.notes}
    latitude = notes["$.service_at_locations[0].location.latitude"]
    assert latitude.startswith("100 is not a latitude")
    assert "$.service_at_locations[0].location.longitude" in notes
    assert "ABC 1234" in notes["$.service_at_locations[0].location.addresses[0].postal_code"]
    for path in (
        "$.accreditations",
        "$.fees",
        "$.languages[0]",
        "$.organization.organization_identifiers[0]",
        "$.contacts[0].title",
        "$.schedules[0].attending_type",
        "$.maximum_age",
    ):
        assert path in notes, path
    assert all(note.json_path.startswith("$") for note in result.notes)
    text = (site_dir / "content/services/community-counselling.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/service.schema.json\n")
    assert "postcode: OX5 2BB  # PLACEHOLDER" in text
    assert "latitude" not in text.split("\nname:")[1]
    assert "100 is not a latitude" in text  # the notes are in the file too
    service = next(s for s in site_of(site_dir, preview=True).services if s.slug == "community-counselling")
    assert service.contact.name == "Ann Persona" and service.cost.pence == 3500
    assert (service.ages.from_months, service.ages.to_months) == (144, 300)


def test_importing_the_list_example_gives_valid_records_with_placeholders(site_dir, sitegen):
    result = openreferral.import_into(site_dir, EXAMPLES / "service_list.json", force=False)
    assert [p.name for p in result.written] == ["community-counselling.yml"]
    paths = [note.json_path for note in result.notes]
    assert "$.total_items" in paths  # page 1 of 10: the rest are not in the file
    assert all(p.startswith("$.total_items") or p.startswith("$.contents[0]") for p in paths)
    assert any("venue.name is filled with the placeholder" in note.message for note in result.notes)
    checked = sitegen("check", "--root", site_dir, "--today", TODAY)
    assert checked.code == 1
    assert "community-counselling.yml" in checked.err and "still holds the placeholder" in checked.err


def test_foreign_schedules_become_sessions(site_dir):
    data = json.loads((EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    data["schedules"] = [
        {"id": "1", "freq": "MONTHLY", "byday": "-1FR", "opens_at": "10:00:00", "closes_at": "11:00:00"},
        {
            "id": "2",
            "freq": "WEEKLY",
            "interval": 2,
            "dtstart": "2026-11-18",
            "byday": "TU",
            "opens_at": "13:00",
            "closes_at": "14:30",
        },
        {
            "id": "3",
            "freq": "WEEKLY",
            "byday": "TH,FR",
            "opens_at": "09:30",
            "closes_at": "11:30",
            "description": "Term time only.",
        },
        {
            "id": "4",
            "freq": "WEEKLY",
            "interval": 3,
            "byday": "MO",
            "opens_at": "09:00",
            "closes_at": "10:00",
        },
    ]
    records, notes = openreferral.import_services(json.dumps(data).encode(), "schedules.json")
    write(site_dir, "content/services/imported.yml", records["community-counselling"])
    sessions = next(s for s in site_of(site_dir, preview=True).services if s.slug == "imported").sessions
    found = {(s.day, s.frequency, s.week_of_month, s.term_time_only, s.starting) for s in sessions}
    assert found == {
        ("Friday", "monthly", "last", False, None),
        # RFC 5545: the Tuesday of dtstart's week (the 17th) is before dtstart, so the first is 2 weeks on
        ("Tuesday", "fortnightly", None, False, dt.date(2026, 12, 1)),
        ("Thursday", "weekly", None, True, None),
        ("Friday", "weekly", None, True, None),
    }
    messages = {note.json_path: note.message for note in notes}
    assert "every 3 weeks" in messages["$.schedules[3]"]
    assert "2026-11-18 is a Wednesday" in messages["$.schedules[1].dtstart"]


def test_not_json_or_not_open_referral_is_refused(tmp_path):
    bad = write(tmp_path, "bad.json", "{not json")
    with pytest.raises(openreferral.NotOpenReferral) as refused:
        openreferral.import_into(tmp_path, bad, force=False)
    assert refused.value.notes[0].json_path == "$" and "not JSON" in refused.value.notes[0].message
    other = write(tmp_path, "other.json", '{"type": "FeatureCollection"}')
    with pytest.raises(openreferral.NotOpenReferral):
        openreferral.import_into(tmp_path, other, force=False)
    assert not (tmp_path / "content").exists()


def test_import_never_overwrites_without_force(site_dir):
    target = site_dir / "content/services/community-counselling.yml"
    first = openreferral.import_into(site_dir, EXAMPLES / "service_full.json", force=False)
    assert first.written == (target,)
    target.write_text(target.read_text(encoding="utf-8") + "# my own change\n", encoding="utf-8")
    again = openreferral.import_into(site_dir, EXAMPLES / "service_full.json", force=False)
    assert again.written == () and again.skipped == (target,)
    assert target.read_text(encoding="utf-8").endswith("# my own change\n")
    forced = openreferral.import_into(site_dir, EXAMPLES / "service_full.json", force=True)
    assert forced.written == (target,)
    assert "# my own change" not in target.read_text(encoding="utf-8")


# --- Nothing the import made up goes unmarked (issue 15) ----------------------------------------


def _edge_cases() -> dict[str, bytes]:
    """The full example changed where the import must make a value up besides a missing field:
    a schedule with no freq, an age that is not a whole number of years past 99 months, an
    unknown status."""
    data = json.loads((EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    data["schedules"] = [{"id": "1", "byday": "TU", "opens_at": "10:00", "closes_at": "11:30"}]
    data["minimum_age"], data["maximum_age"] = 0, 8.5
    data["status"] = "pending"
    return {"edge-cases.json": json.dumps(data).encode()}


# What the import makes of each official example: those that hold services (a service, a list, an
# organization with its services, a service at a location) give one record each, the others are
# refused with what they hold in words.
EXAMPLE_RECORDS = {
    "organization_full.json": ["community-counselling"],
    "service_at_location_full.json": ["community-counselling"],
    "service_at_location_list.json": ["community-counselling"],
    "service_full.json": ["community-counselling"],
    "service_list.json": ["community-counselling"],
}
EXAMPLE_REFUSALS = {
    "organization_list.json": "holds 1 organization with no services: no service to import",
    "taxonomy.json": "holds a taxonomy or taxonomy term, not services",
    "taxonomy_list.json": "holds 1 taxonomy or taxonomy term: no service to import",
    "taxonomy_term.json": "holds a taxonomy or taxonomy term, not services",
    "taxonomy_term_list.json": "holds 1 taxonomy or taxonomy term: no service to import",
}
FIXTURES = PROJECT / "tests/fixtures"
MOCKS = FIXTURES / "oruk-validator"  # the official validator's mocks: see SOURCE.md there
V1_SERVICE = FIXTURES / "openreferral/v1-service.json"

IMPORTED = (
    {name: (EXAMPLES / name).read_bytes() for name in EXAMPLE_RECORDS}
    | _edge_cases()
    | {V1_SERVICE.name: V1_SERVICE.read_bytes()}
    | {f"mock-{p.name}": p.read_bytes() for p in sorted(MOCKS.glob("*service_list.json"))}
    | {"mock-organization.json": (MOCKS / "Default-organization.json").read_bytes()}
)


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_every_value_the_import_made_up_is_marked(name):
    records, _ = openreferral.import_services(IMPORTED[name], name)
    services = invented.services_of(json.loads(IMPORTED[name]))
    assert len(records) == len(services)
    for (slug, text), service in zip(records.items(), services, strict=True):
        made_up = invented.invented(text, service)  # not traceable to the data, read with plain json
        assert made_up, slug  # every example lacks something a record needs
        assert [v for v in made_up if not v.marked] == [], slug


def test_the_edge_cases_are_made_up_and_marked():
    records, _ = openreferral.import_services(IMPORTED["edge-cases.json"], "edge-cases.json")
    marked = placeholder_lines(records["community-counselling"])
    assert {"frequency", "to", "status"} <= set(marked.values())
    made_up = invented.invented(records["community-counselling"], json.loads(IMPORTED["edge-cases.json"]))
    assert {(v.field, v.text) for v in made_up} >= {
        ("sessions[0].frequency", "weekly"),
        ("ages.to", "8 years"),
        ("status", "running"),
    }


# Real details for each field the import may fill in, as someone checking the record would write them.
REAL = {
    "name": "Community Counselling",
    "summary": "Counselling for young people and their families.",
    "types": "[family support]",
    "organisation": "Example Organization",
    "kind": "charity",
    "from": "12 years",
    "to": "18 years",
    "frequency": "weekly",
    "address": "1 Main Street",
    "town": "Oxford",
    "postcode": "OX1 1AA",
    "price": "free",
    "required": "yes",
    "how": "Ring the reception.",
    "status": "running",
    "last_reviewed": "2026-11-01",
}


@pytest.mark.parametrize("name", ["service_full.json", "service_at_location_full.json", "edge-cases.json"])
def test_validate_names_each_placeholder_an_import_wrote_until_it_is_replaced(site_dir, sitegen, name):
    records, _ = openreferral.import_services(IMPORTED[name], name)
    ((slug, text),) = records.items()
    record = write(site_dir, f"content/services/{slug}.yml", text)
    marked = placeholder_lines(text)
    result = sitegen("validate", "--root", site_dir, "--today", TODAY, "--format", "json")
    assert result.code == 1
    problems = json.loads(result.out)
    assert sorted(p["line"] for p in problems) == sorted(marked)
    assert all("sitegen import wrote" in p["message"] for p in problems)

    filled = [
        f"{line.split(':')[0]}: {REAL[marked[number]]}" if number in marked else line
        for number, line in enumerate(text.split("\n"), 1)
    ]
    record.write_text("\n".join(filled), encoding="utf-8")
    assert sitegen("validate", "--root", site_dir, "--today", TODAY).code == 0


# --- The round trip ------------------------------------------------------------------------------


def round_trip(root: Path, change=lambda data: data) -> tuple[Site, Site, list[openreferral.ImportNote]]:
    """Export a site, import every service file (after ``change``), and model the records with
    the same settings."""
    sources = files.read_sources(root)
    site = content.make_site(sources, TODAY)
    records: dict[str, str] = {}
    notes: list[openreferral.ImportNote] = []
    for name, data in openreferral.export_files(site).items():
        if name != openreferral.LIST_FILE:
            made, noted = openreferral.import_services(change(data), name)
            records |= made
            notes += noted
    imported = dataclasses.replace(
        sources,
        services={f"content/services/{slug}.yml": text.encode("utf-8") for slug, text in records.items()},
    )
    return site, content.make_site(imported, TODAY), notes


def test_every_bundled_service_comes_back_the_same(tmp_path):
    # Services are compared whole, fields worked out from the build date included: the records
    # are modelled with the same site.yml, term dates and date, so nothing needs leaving out.
    site, again, notes = round_trip(PROJECT)
    assert notes == []
    assert len(again.services) == len(site.services)
    for original, imported in zip(site.services, again.services, strict=True):
        # who looks after a record is kept out of the open data on purpose (an email among them)
        assert imported == dataclasses.replace(original, maintainers=()), original.slug
    assert any(s.maintainers for s in site.services) and not any(s.maintainers for s in again.services)


def test_a_service_using_every_field_comes_back_the_same(site_dir):
    write(site_dir, "content/services/every-kind.yml", EVERY_KIND)
    site, again, notes = round_trip(site_dir)
    assert notes == []
    assert again.services == site.services


def test_term_time_sessions_with_their_own_dates_come_back_the_same(site_dir):
    # written as several schedules (one per part of a term, split by days off), each session
    # comes back as one, with its own first and last dates, not those of its periods
    sessions = """\
sessions:
  - day: Monday
    start: 09:30
    end: 11:30
    term_time_only: yes
    starting: 2026-08-03
    ending: 2026-11-30
  - day: Thursday
    start: 10:00
    end: 11:00
    frequency: fortnightly
    term_time_only: yes
    starting: 2026-09-10
  - day: Monday
    start: 09:30
    end: 11:30
    term_time_only: yes
    starting: 2026-08-03
    ending: 2026-11-30
not_running:
  - date: 2026-11-16
    reason: Hall booked
"""
    text = EVERY_KIND.split("sessions:")[0] + sessions + "venue:" + EVERY_KIND.split("venue:")[1]
    write(site_dir, "content/services/every-kind.yml", text)
    site, again, notes = round_trip(site_dir)
    assert notes == []
    assert again.services == site.services
    data = service_files(openreferral.export_files(site))[
        f"openreferral/services/{openreferral.service_id(site.config.base_url, 'every-kind')}.json"
    ]
    mondays = [(s["valid_from"], s["valid_to"]) for s in data["schedules"] if s["byday"] == "MO"]
    assert mondays[:3] == [
        ("2026-09-03", "2026-10-25"),
        ("2026-10-31", "2026-11-15"),
        ("2026-11-17", "2026-11-30"),
    ]


def as_exported_before_issue_19(data: bytes) -> bytes:
    """A service file as sitegen wrote its own attributes before: the field as the term, the
    value in the attribute's 'value' (which the UK profile does not have)."""
    service = json.loads(data)
    for attribute in service["attributes"]:
        field = attribute.get("link_type")
        if field and field != "sessions.dates":  # which came with schedules split by term
            del attribute["link_type"]
            attribute["value"] = attribute["taxonomy_term"]["term"]
            attribute["taxonomy_term"]["term"] = attribute["taxonomy_term"]["name"] = field
    return json.dumps(service).encode("utf-8")


def test_files_exported_before_still_import_the_same(site_dir):
    write(site_dir, "content/services/every-kind.yml", EVERY_KIND)
    site, again, notes = round_trip(site_dir, as_exported_before_issue_19)
    assert notes == []
    assert again.services == site.services


# --- The command ---------------------------------------------------------------------------------


def test_the_import_command(site_dir, sitegen, tmp_path):
    example = EXAMPLES / "service_full.json"
    result = sitegen("import", "openreferral", example, "--root", site_dir)
    assert result.code == 1  # the record it wrote is not finished
    assert "Wrote content/services/community-counselling.yml" in result.out
    assert f"{example}: $.service_at_locations[0].location.latitude: 100 is not a latitude" in result.out
    assert "$.accreditations:" in result.out
    marked = placeholder_lines(
        (site_dir / "content/services/community-counselling.yml").read_text(encoding="utf-8")
    )
    assert (
        f"Not finished: 1 of the records written still holds {len(marked)} placeholder values" in result.err
    )
    assert f"  content/services/community-counselling.yml: {len(marked)}\n" in result.err
    assert "Next: run sitegen validate to list them" in result.err
    assert sitegen("validate", "--root", site_dir, "--today", TODAY).code == 1

    again = sitegen("import", "openreferral", example, "--root", site_dir)
    assert again.code == 1
    assert "Skipped content/services/community-counselling.yml" in again.err and "--force" in again.err
    assert "$.service_at_locations[0].location.latitude" in again.out  # the notes, either way

    forced = sitegen("import", "openreferral", example, "--root", site_dir, "--force")
    assert forced.code == 1 and "Wrote content/services/community-counselling.yml" in forced.out

    # data that gives every value makes a finished record: exit 0
    site = site_of(site_dir, preview=True)
    exported = openreferral.export_files(site)
    acorns = f"openreferral/services/{openreferral.service_id(site.config.base_url, 'acorns')}.json"
    whole = write(tmp_path, "acorns.json", exported[acorns])
    clean = sitegen("import", "openreferral", whole, "--root", site_dir, "--force")
    assert clean.code == 0, clean.err
    assert "Not finished" not in clean.err

    broken = write(tmp_path, "broken.json", '{"name": ')
    refused = sitegen("import", "openreferral", broken, "--root", site_dir)
    assert refused.code == 1 and "$: broken.json:1: is not JSON: Expecting value (column 10)" in refused.err
    missing = sitegen("import", "openreferral", tmp_path / "missing.json", "--root", site_dir)
    assert missing.code == 1 and "cannot read" in missing.err


def test_the_import_command_has_help(sitegen):
    with pytest.raises(SystemExit) as exit_info:
        sitegen("import", "--help")
    assert exit_info.value.code == 0
    with pytest.raises(SystemExit) as exit_info:
        sitegen("import", "hsds", "x.json")
    assert exit_info.value.code == 2


# --- Bounded work: any file imports in time linear in its size, or is refused (issue 17) ----------


def test_services_of_one_name_take_the_next_free_number():
    """File names as before the import became linear: each name that is taken gets the first free
    -2, -3, ..., whatever other services took meanwhile."""
    data = json.dumps([{"name": n} for n in ("Group", "Group 3", "Group", "Group", "Group 2", "Group")])
    records, notes = openreferral.import_services(data.encode(), "groups.json")
    assert list(records) == ["group", "group-3", "group-2", "group-4", "group-2-2", "group-5"]
    assert "another service in this data has the file name group.yml; this one is group-4.yml" in [
        note.message for note in notes if note.json_path == "$[3].name"
    ]


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_the_placeholders_counted_are_those_validate_lists(name):
    """placeholders.count, which the import uses for speed, and find, which validate uses, agree."""
    from sitegen.load.source import load_yaml
    from sitegen.model import placeholders

    records, _ = openreferral.import_services(IMPORTED[name], name)
    for slug, text in records.items():
        document, _ = load_yaml(f"{slug}.yml", text.encode())
        assert placeholders.count(document) == len(placeholders.find(document)) > 0, slug


def _nested(depth: int) -> str:
    """A service whose 'extra' value is lists inside lists, ``depth`` levels counting the service."""
    return '{\n  "name": "Deep",\n  "extra": ' + "[" * (depth - 1) + "]" * (depth - 1) + "\n}\n"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            _nested(5000),
            "deep.json:3: is not Open Referral UK data: its lists and objects are nested more than 40",
        ),
        (
            _nested(41),
            "deep.json:3: is not Open Referral UK data: its lists and objects are nested more than 40",
        ),
        (
            '{\n  "name": "Big",\n  "extra": ' + "9" * 5001 + "\n}\n",
            "deep.json:3: holds a whole number 5,001 digits long",
        ),
        (
            '{\n  "name": "Big",\n  "extra": -' + "9" * 41 + "\n}\n",
            "deep.json:3: holds a whole number 41 digits long",
        ),
        (
            '{\n  "name": "Bad",\n  "extra": [1, 2,\n}\n',
            "deep.json:4: is not JSON: Expecting value (column 1)",
        ),
        ('{"name": "Text", "extra": "' + "[" * 5000 + '"}', None),  # brackets in a string nest nothing
        (_nested(40), None),
    ],
    ids=["nested-5000", "nested-41", "digits-5001", "digits-41", "not-json", "brackets-in-text", "nested-40"],
)
def test_deep_nesting_and_huge_numbers_are_refused_with_the_file_and_line(site_dir, sitegen, text, said):
    data = write(site_dir, "deep.json", text)
    before = sorted(p.name for p in (site_dir / "content/services").iterdir())
    result = sitegen("import", "openreferral", data, "--root", site_dir)
    if said is None:
        assert "Wrote content/services/" in result.out, result.err
        return
    assert result.code == 1 and said in result.err, result.err
    assert "Nothing was written." in result.err and "Traceback" not in result.err
    assert sorted(p.name for p in (site_dir / "content/services").iterdir()) == before


def test_more_services_than_an_import_takes_is_refused_and_nothing_written(tmp_path):
    many = write(
        tmp_path, "many.json", json.dumps([{"name": "Group"}] * (openreferral.importer.MAX_SERVICES + 1))
    )
    with pytest.raises(openreferral.NotOpenReferral) as refused:
        openreferral.import_into(tmp_path, many, force=False)
    assert "many.json: holds 20,001 services; one import takes at most 20,000" in str(refused.value)
    assert not (tmp_path / "content").exists()


# --- What the import is reading (issue 19, items 5 and 6) ----------------------------------------

EXPECTED = "expected Open Referral UK services: a service (as /services/{id} answers)"


def _written(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "content/services").iterdir())


@pytest.mark.parametrize("name", sorted(EXAMPLE_RECORDS | EXAMPLE_REFUSALS))
def test_every_official_example_is_imported_or_refused_saying_what_it_holds(site_dir, sitegen, name):
    """All ten of the UK profile's examples: the five holding a service give its record (run by
    the organization, at the location, the file gives beside it); the five others are refused,
    naming the file and what it holds, exit 1, nothing written."""
    before = _written(site_dir)
    result = sitegen("import", "openreferral", EXAMPLES / name, "--root", site_dir)
    assert result.code == 1 and "Traceback" not in result.err
    if name in EXAMPLE_REFUSALS:
        assert f"sitegen import: $: {name} {EXAMPLE_REFUSALS[name]}; {EXPECTED}" in result.err
        assert "Nothing was written." in result.err and _written(site_dir) == before
        return
    assert _written(site_dir) == sorted([*before, *(f"{slug}.yml" for slug in EXAMPLE_RECORDS[name])])
    assert "Not finished: 1 of the records written still holds" in result.err  # why the exit is 1
    service = next(s for s in site_of(site_dir, preview=True).services if s.slug == "community-counselling")
    assert (
        service.name == "Community Counselling"
        and service.provider.organisation == "Example Organization Inc."
    )
    if "location" in json.loads((EXAMPLES / name).read_text(encoding="utf-8")) or name.startswith(
        ("service_full", "organization")
    ):
        assert service.venue.name == "MyCity Civic Center"  # the location the file gives


def test_the_validator_mock_organization_imports_its_nested_service_run_by_it(site_dir, sitegen):
    """The mock that became 'a service of 13 placeholders' while the real service was dropped."""
    mock = MOCKS / "Default-organization.json"
    result = sitegen("import", "openreferral", mock, "--root", site_dir)
    assert result.code == 1
    assert "Wrote content/services/community-counselling.yml" in result.out
    assert "Imported 1 of 1 services" in result.out
    text = (site_dir / "content/services/community-counselling.yml").read_text(encoding="utf-8")
    marked = placeholder_lines(text)
    assert sorted(marked.values()) == ["how", "kind", "postcode", "required", "to", "types"]
    organization = json.loads(mock.read_text(encoding="utf-8"))
    service = organization["services"][0]
    record = next(s for s in site_of(site_dir, preview=True).services if s.slug == "community-counselling")
    assert (record.name, record.provider.organisation, record.provider.website) == (
        service["name"],
        organization["name"],
        organization["website"],
    )
    assert record.contact.name == service["contacts"][0]["name"]
    # notes name each value's place in the file: the service's under $.services[0], the organization's at $
    assert f"{mock}: $.logo: " in result.out and f"{mock}: $.services[0].fees: " in result.out
    assert f"{mock}: $.services[0].service_at_locations[0].location.latitude: 100 is not" in result.out


def test_a_service_at_a_location_is_imported_at_that_location(site_dir):
    data = json.loads((EXAMPLES / "service_at_location_full.json").read_text(encoding="utf-8"))
    data["location"]["name"] = "Kidlington Library"
    data["location"]["latitude"], data["location"]["longitude"] = 51.823, -1.290
    data["location"]["addresses"][0] |= {"postal_code": "OX5 1AJ", "address_type": "physical"}
    records, notes = openreferral.import_services(json.dumps(data).encode(), "sal.json")
    text = records["community-counselling"]
    assert 'name: "Kidlington Library"' in text and "postcode: OX5 1AJ\n" in text
    assert "latitude: 51.823" in text
    paths = {note.json_path for note in notes}
    assert "$.location.description" in paths and "$.service.fees" in paths
    assert not any(p.startswith("$.service_at_locations") for p in paths)  # no such place in the file


@pytest.mark.parametrize(
    ("mock", "records", "warnings"),
    [
        (
            "Test-service_list.json",
            ["community-counselling"],
            [
                "$.total_items: the paging header disagrees with itself or the page: total_items says 31 "
                "in all, but this page alone holds 128",
                "$.size: the paging header disagrees with itself or the page: size says 31 to a page, but "
                "this page holds 128",
                "$.contents[0]: service id 'ac148810-d857-441c-9679-408f346de14b' is given 128 times: one "
                "record was made, from the first; the other 127 ($.contents[1], $.contents[2], "
                "$.contents[3], $.contents[4], $.contents[5] and 122 more) were left out; 127 of them "
                "differ from the first: check which is right",
            ],
        ),
        (
            "Fail-service_list.json",
            ["imported-service", "imported-service-2", "imported-service-3"],
            [
                "$.total_items: the paging header disagrees with itself or the page: total_items says 1 "
                "in all, but this page alone holds 4",
                "$.size: the paging header disagrees with itself or the page: size says 1 to a page, but "
                "this page holds 4",
                "$.contents[0]: service id 'ac148810-d857-441c-9679-408f346de14b' is given 2 times: one "
                "record was made, from the first; the other ($.contents[3]) was left out; it differs "
                "from the first: check which is right",
            ],
        ),
    ],
)
def test_duplicate_ids_make_one_record_each_and_paging_that_disagrees_is_a_warning(
    site_dir, sitegen, mock, records, warnings
):
    """The validator's mocks: 128 entries sharing one id (with a header saying 31), and 4 entries
    two of which share an id (with a header saying 1)."""
    before = _written(site_dir)
    result = sitegen("import", "openreferral", MOCKS / mock, "--root", site_dir)
    assert result.code == 1  # the records hold placeholders
    assert _written(site_dir) == sorted(before + [f"{slug}.yml" for slug in records])
    said = [line for line in result.err.split("\n") if line.startswith("sitegen import: warning: ")]
    assert said == [f"sitegen import: warning: {MOCKS / mock}: {warning}" for warning in warnings]
    assert f"and {len(warnings)} warnings about the file." in result.out
    # the record made says so too, in its header
    first = (site_dir / f"content/services/{records[0]}.yml").read_text(encoding="utf-8")
    assert "is given" in first.split("\nname:")[0]


PAGE = {
    "total_items": 2,
    "total_pages": 1,
    "page_number": 1,
    "size": 2,
    "first_page": True,
    "last_page": True,
    "empty": False,
    "contents": [{"id": "a", "name": "Group A", "status": "active"}, {"id": "b", "name": "Group B"}],
}


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({}, []),
        (
            {"total_items": 1},
            [
                "$.total_items: the paging header disagrees with itself or the page: "
                "total_items says 1 in all, but this page alone holds 2"
            ],
        ),
        (
            {"total_items": 9},
            [
                "$.total_pages: the paging header disagrees with itself or the page: "
                "total_pages says 1, but 9 entries at 2 to a page make 5 pages"
            ],
        ),
        (
            {"size": 5, "total_items": 10, "total_pages": 2, "last_page": False},
            [
                "$.size: the paging header disagrees with itself or the page: size says 5 to a page, but "
                "this page, not the last, holds 2"
            ],
        ),
        (
            {"page_number": 3},
            [
                "$.page_number: the paging header disagrees with itself or the page: page_number 3 is past total_pages 1",
                "$.first_page: the paging header disagrees with itself or the page: first_page is true on page 3",
            ],
        ),
        (
            {"first_page": False},
            [
                "$.first_page: the paging header disagrees with itself or the page: "
                "first_page is false on page 1"
            ],
        ),
        (
            {"last_page": False},
            [
                "$.last_page: the paging header disagrees with itself or the page: "
                "last_page is false on page 1 of 1"
            ],
        ),
        (
            {"empty": True},
            [
                "$.empty: the paging header disagrees with itself or the page: empty is true, "
                "but the page holds 2"
            ],
        ),
        (
            {"size": "2"},
            ['$.size: the paging header disagrees with itself or the page: size is "2", not a whole number'],
        ),
    ],
    ids=[
        "agrees",
        "total-items",
        "total-pages",
        "short-page",
        "page-number",
        "first",
        "last",
        "empty",
        "text",
    ],
)
def test_a_paging_header_that_disagrees_with_its_page_is_a_warning(change, said):
    from sitegen.exports.openreferral import importer

    records, _, _, warnings = importer._records(json.dumps(PAGE | change).encode(), "page.json")
    assert list(records) == ["group-a", "group-b"]  # imported all the same
    assert [str(w) for w in warnings] == said


def test_the_sites_own_list_imports_without_a_warning(bundled):
    from sitegen.exports.openreferral import importer

    site, files = bundled
    records, _, _, warnings = importer._records(files[openreferral.LIST_FILE], "services.json")
    assert warnings == [] and len(records) == len(site.services)


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        (
            "mock-organization_list.json",
            (MOCKS / "Default-organization_list.json").read_bytes(),
            "holds 10 organizations with no services: no service to import",
        ),
        (
            "mock-api_details.json",
            (MOCKS / "Default-api_details.json").read_bytes(),
            "holds the API's root document (version and profile), not services",
        ),
        (
            "mock-taxonomy_term_list.json",
            (MOCKS / "Warn-taxonomy_term_list.json").read_bytes(),
            "holds 1 taxonomy or taxonomy term: no service to import",
        ),
        ("empty.json", b"[]", "holds an empty list: no service to import"),
        ("empty-page.json", json.dumps(PAGE | {"contents": []}).encode(), "holds an empty list: no service"),
        ("geo.json", b'{"type": "FeatureCollection"}', "holds no Open Referral UK object, not services"),
        ("numbers.json", b"[1, 2]", "holds 2 other values: no service to import"),
        (
            "place.json",
            b'{"id": "p", "location": {"id": "l", "name": "Hall"}}',
            "holds a service at a location with no service, not services",
        ),
        ("id-only.json", b'[{"id": "x"}]', "holds 1 other value: no service to import"),
    ],
)
def test_anything_else_is_refused_naming_the_file_and_what_was_expected(
    site_dir, sitegen, tmp_path, name, text, said
):
    data = write(tmp_path, name, text)
    before = _written(site_dir)
    result = sitegen("import", "openreferral", data, "--root", site_dir)
    assert result.code == 1 and "Traceback" not in result.err
    assert f"sitegen import: $: {name} {said}" in result.err and EXPECTED in result.err
    assert "Nothing was written." in result.err and result.out == ""
    assert _written(site_dir) == before


def test_a_list_with_other_things_besides_services_skips_them_with_a_note():
    data = [{"id": "t", "term": "Early years", "taxonomy": "esd"}, {"id": "a", "name": "Group A"}]
    records, notes = openreferral.import_services(json.dumps(data).encode(), "mixed.json")
    assert list(records) == ["group-a"]
    assert "$[0]: found a taxonomy or taxonomy term, expected a service: skipped" in [str(n) for n in notes]


def test_a_version_1_service_is_read_as_version_3(site_dir, sitegen):
    """An ORUK v1-shaped service (OpenReferralUK/human-services Schemas/service.schema.verbose.json
    and location.schema.verbose.json, with the plural -ys of the v1 feeds) once imported its name
    and nothing else, exit 0."""
    result = sitegen("import", "openreferral", V1_SERVICE, "--root", site_dir)
    assert result.code == 1  # the kind of organisation and booking are not in v1 data: placeholders
    assert (
        f"{V1_SERVICE}: $: read as Open Referral UK version 1 data: regular_schedules as schedules"
        in result.out
    )
    data = json.loads(V1_SERVICE.read_text(encoding="utf-8"))
    service = next(
        s for s in site_of(site_dir, preview=True).services if s.slug == "little-acorns-stay-and-play"
    )
    place = data["service_at_locations"][0]["location"]
    address = place["physical_addresses"][0]
    assert [(s.day, f"{s.start:%H:%M}", f"{s.end:%H:%M}") for s in service.sessions] == [
        ("Tuesday", data["regular_schedules"][0]["opens_at"], data["regular_schedules"][0]["closes_at"])
    ]
    assert [c.date.isoformat() for c in service.not_running] == ["2026-12-24", "2026-12-25", "2026-12-26"]
    assert (service.ages.from_months, service.ages.to_months) == (
        0,
        12 * data["eligibilitys"][0]["maximum_age"],
    )
    assert service.ages.note == data["eligibilitys"][0]["eligibility"]
    assert (service.venue.name, service.venue.address, service.venue.town, service.venue.postcode) == (
        place["name"],
        address["address_1"],
        address["city"],
        address["postal_code"],
    )
    assert service.venue.access_notes == place["accessibility_for_disabilities"][0]["accessibility"]
    assert service.provider.website == data["organization"]["url"]
    assert list(service.languages) == ["Welsh"] and list(service.funding) == [data["fundings"][0]["source"]]
    assert [t.name for t in service.types] == ["stay and play"]
    assert service.contact.phone == data["contacts"][0]["phones"][0]["number"]
    assert service.cost.pence == 150 and service.cost.per == "family"
    # what v1 holds and a record cannot is noted at its v1 place
    for path in (
        "$.regular_schedules[1].weekday",
        "$.holiday_schedules[1]",
        "$.service_taxonomys[1]",
        "$.reviews[0]",
        "$.service_at_locations[0].location.physical_addresses[0].state_province",
        "$.deliverable_type",
    ):
        assert f"{V1_SERVICE}: {path}: " in result.out, path
    placeholders = placeholder_lines(
        (site_dir / "content/services/little-acorns-stay-and-play.yml").read_text()
    )
    assert sorted(placeholders.values()) == ["how", "kind", "required"]


# Where a value of an official example is in the export of the record imported from it: the
# service's own values at the same path, the organization around it under 'organization', the
# location beside it as the service's first location.
def _export_path(name: str, path: tuple) -> tuple:
    if name == "organization_full.json":
        return path[2:] if path[:1] == ("services",) else ("organization", *path)
    if name == "service_at_location_full.json":
        return path[1:] if path[:1] == ("service",) else ("service_at_locations", 0, *path)
    return path


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _at(data, path):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# The values a record holds, by their path in the example (as service_full.json has them).
HELD = [
    ("name",),
    ("description",),
    ("url",),
    ("email",),
    ("status",),
    ("minimum_age",),
    ("assured_date",),
    ("alert",),
    ("organization", "name"),
    ("organization", "website"),
    ("service_at_locations", 0, "location", "name"),
    ("service_at_locations", 0, "location", "location_type"),
    ("service_at_locations", 0, "location", "addresses", 0, "address_1"),
    ("service_at_locations", 0, "location", "addresses", 0, "city"),
    ("service_at_locations", 0, "location", "accessibility", 0, "description"),
    ("cost_options", 0, "amount"),
    ("contacts", 0, "name"),
]
# Values the record holds in other words: where in the export each is said.
MOVED = {
    ("service_at_locations", 0, "location", "accessibility", 0, "details"): (
        "service_at_locations",
        0,
        "location",
        "accessibility",
        0,
        "description",
    ),
    ("service_at_locations", 0, "location", "accessibility", 0, "accessibility"): (
        "service_at_locations",
        0,
        "location",
        "accessibility",
        0,
        "description",
    ),
    ("cost_options", 0, "amount_description"): ("cost_options", 0, "amount_description"),
}


def _file_path(name: str, held: tuple) -> tuple:
    """A path of HELD as it is in the example ``name``."""
    if name == "organization_full.json":
        return held[1:] if held[:1] == ("organization",) else ("services", 0, *held)
    if name == "service_at_location_full.json":
        return (
            ("location", *held[3:])
            if held[:3] == ("service_at_locations", 0, "location")
            else ("service", *held)
        )
    return held


@pytest.mark.parametrize(
    "name", ["service_full.json", "organization_full.json", "service_at_location_full.json"]
)
def test_the_export_of_an_imported_official_example_keeps_all_a_record_can_hold(site_dir, name):
    """Import the example, export the record (placeholders and all, as a preview models it), and
    read both with plain json: every value a record holds is in the export, at the same place;
    every other value of the example was noted by the import, at its place or an enclosing one."""
    example = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    records, notes = openreferral.import_services((EXAMPLES / name).read_bytes(), name)
    ((slug, text),) = records.items()
    write(site_dir, f"content/services/{slug}.yml", text)
    site = site_of(site_dir, preview=True)
    # the service's own file, wherever the export puts it (found by its id, not by its file name)
    wanted = openreferral.service_id(site.config.base_url, slug)
    exported = next(
        data
        for name, raw in sorted(openreferral.export_files(site).items())
        if name.startswith("openreferral/")
        and isinstance(data := json.loads(raw), dict)
        and data.get("id") == wanted
    )

    def same(a, b) -> bool:
        return " ".join(str(a).split()) == " ".join(str(b).split())

    for held in HELD:
        at = _file_path(name, held)
        assert _at(example, at) is not None, at
        assert same(_at(exported, held), _at(example, at)) or (
            held in MOVED.values() and " ".join(_at(example, at).split()) in _at(exported, held)
        ), held
    noted = {note.json_path for note in notes}  # a value noted where it is
    # an object or list noted as a whole as not carried over (a schedule with no session in it)
    dropped = {
        note.json_path for note in notes if "not carried over" in note.message or "left out" in note.message
    }
    left = []
    for path, value in _leaves(example):
        if path[-1] == "id" or str(path[-1]).endswith("_id"):
            continue  # ids are the source system's: the export makes its own
        target = _export_path(name, path)
        moved = MOVED.get(target, target if target in MOVED.values() else None)
        if same(_at(exported, target), value) or (
            moved and " ".join(str(value).split()) in str(_at(exported, moved))
        ):
            continue
        if openreferral.importer.json_path(path) in noted or any(
            openreferral.importer.json_path(path[:n]) in dropped for n in range(len(path))
        ):
            continue
        left.append((path, value))
    assert left == []


def test_twenty_thousand_entries_of_one_id_make_one_record_in_linear_time():
    """Each repeat is compared with the first once: a quadratic check would take minutes here."""
    import time

    from sitegen.exports.openreferral import importer

    one = {"id": "same", "name": "Stay and Play", "status": "active"}
    data = json.dumps([one] * importer.MAX_SERVICES).encode()
    started = time.perf_counter()
    records, _, _, warnings = importer._records(data, "repeats.json")
    took = time.perf_counter() - started
    assert list(records) == ["stay-and-play"]
    assert [w.message.split(":")[0] for w in warnings] == ["service id 'same' is given 20000 times"]
    assert took < 10, f"{took:.1f} s"  # measured 0.2 s


def test_the_help_says_what_the_import_reads_and_when_it_exits_1():
    import subprocess

    said = subprocess.run(
        [PROJECT / ".venv/bin/sitegen", "import", "--help"], capture_output=True, text=True, check=True
    ).stdout
    said = " ".join(said.split())
    for words in (
        "an organization with its services",
        "services at locations",
        "version 1 (regular_schedules, physical_addresses, ...)",
        "A service id given more than once, or a paging header that disagrees with the page, is a warning",
        "1 if FILE is refused",
        "if any record written is unfinished (still holds placeholders for a person to fill in)",
    ):
        assert words in said, words
    top = " ".join(
        subprocess.run(
            [PROJECT / ".venv/bin/sitegen", "--help"], capture_output=True, text=True
        ).stdout.split()
    )
    assert "left any record it wrote unfinished (still holding placeholders for a person to fill in)" in top


def test_a_service_at_two_locations_makes_one_record_saying_to_make_one_for_the_other_place():
    sal = json.loads((EXAMPLES / "service_at_location_list.json").read_text(encoding="utf-8"))
    other = json.loads(json.dumps(sal["contents"][0]))
    other["id"], other["location"]["name"] = "second-place", "Kidlington Library"
    sal["contents"].append(other)
    sal |= {"total_items": 2, "size": 2, "total_pages": 1, "last_page": True}
    records, notes = openreferral.import_services(json.dumps(sal).encode(), "places.json")
    assert list(records) == ["community-counselling"]
    assert str(notes[0]) == (
        "$.contents[0].service: service id 'ac148810-d857-441c-9679-408f346de14b' is given 2 times: one "
        "record was made, from the first; the other ($.contents[1].service) was left out; it is the same "
        "service at another location: a record has one venue, so make a record for each other place"
    )


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(hypothesis.strategies.text())
def test_the_fast_ids_are_the_uuid_modules(name):
    # the plain twin of the export's id maker (an optimisation: a third of its time at scale)
    assert uuid5_text(name) == str(uuid.uuid5(openreferral.NAMESPACE, name))
