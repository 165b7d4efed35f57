"""What an Open Referral UK file holds, and the services in it, each as an HSDS 3.0 service.

An Open Referral UK API answers in several shapes, and a file saved from one can be any of them
(the UK profile's examples, OpenReferralUK/uk-profile ``examples/``, and the official validator's
mocks, OpenReferralUK/oruk-validator ``OpenReferralApi/Mocks/``, have one of each):

- a service (``/services/{id}``), or a page of services (``/services``: a paging header and
  ``contents``), or a plain list of services;
- an organization with its ``services`` (``/organizations/{id}``): each service is read with the
  organization as the one that runs it;
- a service at a location (``/service_at_locations/{id}``, and pages of them): the service it holds
  is read with that location as its place;
- the same, written in version 1 of Open Referral UK (``regular_schedules``, ``holiday_schedules``,
  ``eligibilitys``, ``service_taxonomys``, ``physical_addresses``, ...; the field names of
  OpenReferralUK/human-services ``Schemas/service.schema.verbose.json`` and
  ``Schemas/location.schema.verbose.json``, and of the v1 feeds that used the plural ``-ys``):
  each is read as its version 3 equivalent, as far as the record format can hold it.

Anything else (a taxonomy, an organization with no services, the API's root document, other JSON)
is refused, saying what the file is and what the import reads. A service id given more than once
makes one record, with a warning naming the id and how many times; a paging header that
disagrees with the page's contents is a warning too.

Each service found keeps its place in the file: values taken from elsewhere (the organization
around it, the location beside it, a version 1 field under its version 3 name) are *grafted* in,
and a note about one of them names its place in the file, not its place in the service read.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from sitegen.exports.openreferral.notes import ImportNote, JsonPath, NotOpenReferral, json_path, shown
from sitegen.exports.openreferral.vocabulary import TAXONOMY_FIELDS

# What the import reads, for the messages that refuse a file.
EXPECTED = (
    "expected Open Referral UK services: a service (as /services/{id} answers), a page or list of "
    "services (/services), an organization with its services (/organizations/{id}) or a service "
    "at a location (/service_at_locations/{id}), in version 3 or version 1 of the standard"
)

# Fields only a service has (HSDS 3.0 and Open Referral UK version 1): an object with any of them
# is read as a service, whatever else it has.
SERVICE_FIELDS = frozenset(
    {
        "status",
        "schedules",
        "service_at_locations",
        "cost_options",
        "minimum_age",
        "maximum_age",
        "eligibility_description",
        "application_process",
        "fees",
        "fees_description",
        "accreditations",
        "assured_date",
        "assurer_email",
        "alert",
        "service_areas",
        "funding",
        "languages",
        "contacts",
        "organization",
        "url",
        "regular_schedules",
        "holiday_schedules",
        "eligibilitys",
        "eligibilities",
        "fundings",
        "service_taxonomys",
        "service_taxonomies",
        "deliverable_type",
        "attending_type",
        "attending_access",
    }
)
# Fields of an organization that a service has not (HSDS 3.0 organization).
ORGANIZATION_FIELDS = frozenset(
    {"website", "logo", "parent_organization_id", "organization_identifiers", "legal_status", "services"}
)
# Fields of a taxonomy or a taxonomy term (HSDS 3.0 taxonomy, taxonomy_term).
# (a taxonomy in a list has only id, name, description, uri and version: its version tells it.)
TAXONOMY_FIELDS_OF = frozenset({"taxonomy_terms", "term", "term_uri", "vocabulary", "version"})
# Fields of the API's root document (HSDS 3.0 API '/', as the validator's api_details.json mock).
ROOT_FIELDS = frozenset({"openapi_url", "profile"})
# The paging header of a list (HSDS 3.0 API reference, 'Lists').
PAGING = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")
# Open Referral UK version 1 fields, read as version 3's: a service's and a location's.
V1_SERVICE = ("regular_schedules", "holiday_schedules", "eligibilitys", "eligibilities", "fundings")
V1_SERVICE += ("service_taxonomys", "service_taxonomies")
V1_LOCATION = ("physical_addresses", "accessibility_for_disabilities")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The longest closure a holiday_schedule is read as days not running (a record holds 60 dates).
MAX_HOLIDAY_DAYS = 31


@dataclass
class FoundService:
    """One service in the file, as an HSDS 3.0 service: where it is (``at``), its values (with
    its organization and location put in where the file gives them beside it), the places in the
    file of the values put in (``grafts``: a path in ``data`` to its path in the file), and notes
    on how it was read."""

    at: JsonPath
    data: dict[str, Any]
    grafts: dict[JsonPath, JsonPath] = field(default_factory=dict)
    notes: list[ImportNote] = field(default_factory=list)

    def where(self, path: JsonPath) -> JsonPath:
        """The place in the file of a value at ``path`` in ``data``."""
        for length in range(len(path), -1, -1):
            grafted = self.grafts.get(path[:length])
            if grafted is not None:
                return grafted + path[length:]
        return self.at + path

    def note(self, path: JsonPath, message: str) -> None:
        self.notes.append(ImportNote(json_path(self.where(path)), message))


@dataclass
class Contents:
    """What a file holds: its services, notes on the file as a whole (a page of a longer list,
    values beside the services), and warnings (duplicate ids, a paging header that disagrees)."""

    services: list[FoundService]
    notes: list[ImportNote]
    warnings: list[ImportNote]


# Each kind of object in words: alone, one of a list, several of a list.
KIND_WORDS = {
    "organization": (
        "an organization with no services",
        "organization with no services",
        "organizations with no services",
    ),
    "service at location": (
        "a service at a location with no service",
        "service at a location with no service",
        "services at locations with no service",
    ),
    "taxonomy": (
        "a taxonomy or taxonomy term",
        "taxonomy or taxonomy term",
        "taxonomies or taxonomy terms",
    ),
    "root document": ("the API's root document (version and profile)", "root document", "root documents"),
    "other": ("no Open Referral UK object", "other value", "other values"),
    "service": ("a service", "service", "services"),
}


def kind_of(item: Any) -> str:
    """What an object is: 'service', 'organization', 'service at location', 'taxonomy',
    'root document', or 'other'."""
    if not isinstance(item, dict):
        return "other"
    keys = item.keys()
    if isinstance(item.get("services"), list):
        return "organization"
    if isinstance(item.get("service"), dict) or ("location" in keys and "name" not in keys):
        return "service at location"
    if keys & SERVICE_FIELDS:
        return "service"
    if keys & ROOT_FIELDS:
        return "root document"
    if keys & TAXONOMY_FIELDS_OF:
        return "taxonomy"
    if keys & ORGANIZATION_FIELDS:
        return "organization"
    if "name" in keys:
        return "service"  # a service with little more than its name
    return "other"


def contents_of(document: Any, source: str) -> Contents:
    """The services in a file, with notes and warnings; raises NotOpenReferral if it holds none."""
    notes: list[ImportNote] = []
    warnings: list[ImportNote] = []
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        items = [(("contents", i), item) for i, item in enumerate(document["contents"])]
        notes += _page_notes(document)
        warnings += _paging_warnings(document)
        listed = True
    elif isinstance(document, list):
        items = [((i,), item) for i, item in enumerate(document)]
        listed = True
    else:
        items = [((), document)]
        listed = False
    services: list[FoundService] = []
    kinds: dict[str, int] = {}
    for at, item in items:
        kind = kind_of(item)
        found = _services_of(kind, at, item)
        if not found:
            kinds[kind] = kinds.get(kind, 0) + 1
            if listed:
                what = shown(item) if kind == "other" else KIND_WORDS[kind][0]
                notes.append(ImportNote(json_path(at), f"found {what}, expected a service: skipped"))
        services += found
    if not services:
        raise NotOpenReferral([ImportNote("$", f"{source} {_holds(document, kinds, listed)}; {EXPECTED}")])
    services, duplicates = _one_per_id(services)
    warnings += duplicates
    return Contents(services, notes, warnings)


def _holds(document: Any, kinds: dict[str, int], listed: bool) -> str:
    """What a file that holds no service holds, in words."""
    if not listed:
        return f"holds {KIND_WORDS[next(iter(kinds))][0]}, not services"
    if not kinds:
        return "holds an empty list: no service to import"
    said = ", ".join(f"{count} {KIND_WORDS[kind][1 if count == 1 else 2]}" for kind, count in kinds.items())
    return f"holds {said}: no service to import"


def _services_of(kind: str, at: JsonPath, item: Any) -> list[FoundService]:
    if kind == "service":
        return [_as_v3(FoundService(at, dict(item)))]
    if kind == "organization":
        organization = {k: v for k, v in item.items() if k != "services"}
        found = []
        for index, service in enumerate(item.get("services") or []):
            if not isinstance(service, dict):
                continue
            one = FoundService(at + ("services", index), dict(service))
            if not isinstance(service.get("organization"), dict):
                one.data["organization"] = organization
                one.grafts[("organization",)] = at
            found.append(_as_v3(one))
        return found
    if kind == "service at location" and isinstance(item.get("service"), dict):
        one = FoundService(at + ("service",), dict(item["service"]))
        place = {k: v for k, v in item.items() if k != "service"}
        if place.get("location") is not None:
            others = one.data.get("service_at_locations")
            others = others if isinstance(others, list) else []
            one.data["service_at_locations"] = [place, *others]
            one.grafts[("service_at_locations", 0)] = at
            for index in range(len(others)):
                one.grafts[("service_at_locations", index + 1)] = at + (
                    "service",
                    "service_at_locations",
                    index,
                )
        return [_as_v3(one)]
    return []


def _page_notes(page: dict[str, Any]) -> list[ImportNote]:
    """Say so if the page is one of several: only its own services are imported."""
    held = len(page["contents"])
    total = page.get("total_items")
    notes = []
    if page.get("last_page") is False or (isinstance(total, int) and total > held):
        notes.append(
            ImportNote(
                "$.total_items",
                f"this is page {page.get('page_number', '?')} of {page.get('total_pages', '?')}, holding "
                f"{held} of {total if total is not None else '?'} entries: only the {held} here were "
                "read; import each page to get them all",
            )
        )
    for key, value in page.items():
        if key not in PAGING and key != "contents" and value not in (None, "", [], {}):
            notes.append(
                ImportNote(
                    json_path((key,)), f"{shown(value)} was not carried over: it is not part of a service"
                )
            )
    return notes


def _paging_warnings(page: dict[str, Any]) -> list[ImportNote]:
    """Where the paging header (HSDS 3.0 API reference, 'Lists') disagrees with the page's
    contents or with itself: each disagreement, with the numbers."""
    held = len(page["contents"])

    def whole(key: str) -> int | None:
        value = page.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None

    said: list[tuple[str, str]] = []
    for key in PAGING:
        value = page.get(key)
        expected_bool = key in ("first_page", "last_page", "empty")
        if key in page and (
            (expected_bool and not isinstance(value, bool)) or (not expected_bool and whole(key) is None)
        ):
            said.append(
                (
                    key,
                    f"{key} is {shown(value)}, not {'true or false' if expected_bool else 'a whole number'}",
                )
            )
    total, pages, number, size = (
        whole("total_items"),
        whole("total_pages"),
        whole("page_number"),
        whole("size"),
    )
    if total is not None and held > total:
        said.append(("total_items", f"total_items says {total} in all, but this page alone holds {held}"))
    if size is not None and held > size:
        said.append(("size", f"size says {size} to a page, but this page holds {held}"))
    last = page.get("last_page") is True or (number is not None and pages is not None and number >= pages)
    if size is not None and held < size and not last and held:
        said.append(("size", f"size says {size} to a page, but this page, not the last, holds {held}"))
    if total is not None and size and pages is not None and pages != math.ceil(total / size):
        said.append(
            (
                "total_pages",
                f"total_pages says {pages}, but {total} entries at {size} to a page make "
                f"{math.ceil(total / size)} pages",
            )
        )
    if number is not None and pages is not None and number > max(pages, 1):
        said.append(("page_number", f"page_number {number} is past total_pages {pages}"))
    if (
        number is not None
        and isinstance(page.get("first_page"), bool)
        and page["first_page"] != (number == 1)
    ):
        said.append(("first_page", f"first_page is {str(page['first_page']).lower()} on page {number}"))
    if (
        number is not None
        and pages is not None
        and isinstance(page.get("last_page"), bool)
        and page["last_page"] != (number >= pages)
    ):
        said.append(
            ("last_page", f"last_page is {str(page['last_page']).lower()} on page {number} of {pages}")
        )
    if isinstance(page.get("empty"), bool) and page["empty"] != (held == 0):
        said.append(("empty", f"empty is {str(page['empty']).lower()}, but the page holds {held}"))
    return [
        ImportNote(json_path((key,)), f"the paging header disagrees with itself or the page: {message}")
        for key, message in said
    ]


def _one_per_id(services: list[FoundService]) -> tuple[list[FoundService], list[ImportNote]]:
    """One service for each id: the first; a warning for each id given more than once, saying how
    many times, and a note in the record made."""
    first: dict[str, FoundService] = {}
    again: dict[str, list[FoundService]] = {}
    kept: list[FoundService] = []
    for service in services:
        service_id = service.data.get("id")
        if not isinstance(service_id, str) or not service_id:
            kept.append(service)
        elif service_id in first:
            again.setdefault(service_id, []).append(service)
        else:
            first[service_id] = service
            kept.append(service)
    warnings = []
    for service_id, others in again.items():
        one = first[service_id]
        changed = [other for other in others if other.data != one.data]
        # a service at several locations (a list of services at locations): the same but its place
        elsewhere = sum(1 for other in changed if _without_places(other) == _without_places(one))
        differ = len(changed) - elsewhere
        places = [json_path(other.at) for other in others]
        shown_places = ", ".join(places[:5]) + (f" and {len(places) - 5} more" if len(places) > 5 else "")
        left = (
            f"the other {len(others)} ({shown_places}) were"
            if len(others) > 1
            else f"the other ({shown_places}) was"
        )
        same = "it differs" if len(others) == 1 else f"{differ} of them differ"
        at = "it is" if len(others) == 1 else f"{elsewhere} of them {'is' if elsewhere == 1 else 'are'}"
        message = (
            f"service id {service_id!r} is given {len(others) + 1} times: one record was made, from "
            f"the first; {left} left out"
            + (", the same as the first" if not changed else "")
            + (
                f"; {at} the same service at another location: a record has one venue, so make a "
                "record for each other place"
                if elsewhere
                else ""
            )
            + (f"; {same} from the first: check which is right" if differ else "")
        )
        warnings.append(ImportNote(json_path(one.at), message))
        one.notes.append(ImportNote(json_path(one.at), message))
    return kept, warnings


def _without_places(found: FoundService) -> dict[str, Any]:
    return {key: value for key, value in found.data.items() if key != "service_at_locations"}


# --- Open Referral UK version 1 ----------------------------------------------------------------


def _as_v3(found: FoundService) -> FoundService:
    """A version 1 service read as version 3: each version 1 field under its version 3 name (its
    place in the file kept as a graft), and one note saying which were read so."""
    data = found.data
    locations = data.get("service_at_locations")
    v1_places = isinstance(locations, list) and any(
        isinstance(p, dict)
        and isinstance(p.get("location"), dict)
        and p["location"].keys() & set(V1_LOCATION)
        for p in locations
    )
    if not (data.keys() & set(V1_SERVICE) or v1_places or _v1_organization(data)):
        return found
    read: list[str] = []
    _v1_schedules(found, read)
    _v1_holidays(found, read)
    _v1_eligibility(found, read)
    _v1_renamed_list(found, "fundings", "funding", {}, read)
    _v1_taxonomies(found, read)
    _v1_languages(found, read)
    _v1_locations(found, read)
    if _v1_organization(data):
        organization = dict(data["organization"])
        organization["website"] = organization.pop("url")
        data["organization"] = organization
        found.grafts[("organization", "website")] = found.where(("organization", "url"))
        read.append("organization.url as organization.website")
    found.notes.insert(
        0,
        ImportNote(
            json_path(found.at),
            "read as Open Referral UK version 1 data: " + "; ".join(read) + ". Check the record",
        ),
    )
    return found


def _v1_organization(data: dict[str, Any]) -> bool:
    organization = data.get("organization")
    return isinstance(organization, dict) and "url" in organization and "website" not in organization


def _v1_renamed_list(
    found: FoundService, old: str, new: str, keys: dict[str, str], read: list[str]
) -> list[dict[str, Any]] | None:
    """A version 1 list of objects under its version 3 name, with keys renamed in each item."""
    data = found.data
    items = data.get(old)
    if not isinstance(items, list) or new in data:
        return None
    converted: list[Any] = []
    for index, item in enumerate(items):
        found.grafts[(new, index)] = found.where((old, index))
        if isinstance(item, dict):
            item = dict(item)
            for was, now in keys.items():
                if was in item and now not in item:
                    item[now] = item.pop(was)
                    found.grafts[(new, index, now)] = found.where((old, index, was))
        converted.append(item)
    del data[old]
    data[new] = converted
    read.append(f"{old} as {new}" + "".join(f" ({was} as {now})" for was, now in keys.items()))
    return converted


def _v1_schedules(found: FoundService, read: list[str]) -> None:
    """regular_schedules as schedules: each ``weekday`` (a day's name) as ``byday``, weekly, as
    a version 1 regular schedule opens every week on its weekday."""
    schedules = _v1_renamed_list(found, "regular_schedules", "schedules", {}, read)
    for index, schedule in enumerate(schedules or []):
        if not isinstance(schedule, dict) or "weekday" not in schedule:
            continue
        weekday = schedule["weekday"]
        name = weekday.strip().lower() if isinstance(weekday, str) else None
        day = None
        if name:
            day = next(
                (
                    code
                    for code, full in zip(DAYS, DAY_NAMES, strict=True)
                    if name in (code.lower(), full, full[:3])
                ),
                None,
            )
        if day is None or schedule.get("byday"):
            if weekday not in (None, "") and not schedule.get("byday"):
                found.note(
                    ("schedules", index, "weekday"),
                    f"{shown(weekday)} is not the name of a day of the week (version 1 does not say which "
                    "day a number is): not carried over",
                )
                del schedule["weekday"]  # noted here, so not again as a value left over
            continue
        del schedule["weekday"]
        schedule["byday"] = day
        found.grafts[("schedules", index, "byday")] = found.where(("regular_schedules", index, "weekday"))
        if not schedule.get("freq"):
            schedule["freq"] = "WEEKLY"
            found.grafts[("schedules", index, "freq")] = found.where(("regular_schedules", index, "weekday"))


def _v1_holidays(found: FoundService, read: list[str]) -> None:
    """holiday_schedules that say the service is closed, from start_date to end_date (at most
    MAX_HOLIDAY_DAYS days), as the record's days not running; any others stay, and are noted."""
    data = found.data
    holidays = data.get("holiday_schedules")
    if not isinstance(holidays, list):
        return
    attributes = data.get("attributes")
    attributes = list(attributes) if isinstance(attributes, list) else []
    kept: list[Any] = []
    places: list[int] = []
    used = False
    for index, holiday in enumerate(holidays):
        days = _closed_days(holiday)
        if days is None:
            kept.append(holiday)
            places.append(index)
            continue
        used = True
        for day in days:
            found.grafts[("attributes", len(attributes))] = found.where(("holiday_schedules", index))
            found.grafts[("attributes", len(attributes), "value")] = found.where(
                ("holiday_schedules", index, "start_date")
            )
            attributes.append(
                {"taxonomy_term": {"taxonomy": TAXONOMY_FIELDS, "term": "not_running"}, "value": day}
            )
    if not used:
        return
    data["attributes"] = attributes
    if kept:
        data["holiday_schedules"] = kept
        for new, old in enumerate(places):
            found.grafts[("holiday_schedules", new)] = found.where(("holiday_schedules", old))
    else:
        del data["holiday_schedules"]
    read.append("holiday_schedules that say closed as days not running")


def _closed_days(holiday: Any) -> list[str] | None:
    if not isinstance(holiday, dict) or holiday.get("closed") is not True:
        return None
    try:
        start = dt.date.fromisoformat(str(holiday.get("start_date"))[:10])
        end = dt.date.fromisoformat(str(holiday.get("end_date") or holiday.get("start_date"))[:10])
    except ValueError:
        return None
    if not 0 <= (end - start).days < MAX_HOLIDAY_DAYS:
        return None
    return [(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def _v1_eligibility(found: FoundService, read: list[str]) -> None:
    """The first eligibility that gives an age, its ages as the service's; its words as
    eligibility_description."""
    data = found.data
    name = "eligibilitys" if "eligibilitys" in data else "eligibilities"
    entries = data.get(name)
    if not isinstance(entries, list):
        return
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        moved = []
        for key in ("minimum_age", "maximum_age"):
            if key in entry and key not in data:
                data[key] = entry[key]
                found.grafts[(key,)] = found.where((name, index, key))
                moved.append(key)
        if entry.get("eligibility") and "eligibility_description" not in data:
            data["eligibility_description"] = entry["eligibility"]
            found.grafts[("eligibility_description",)] = found.where((name, index, "eligibility"))
            moved.append("eligibility")
        if moved:
            rest = {k: v for k, v in entry.items() if k not in moved}
            entries = list(entries)
            entries[index] = rest
            data[name] = entries
            read.append(
                f"{name}[{index}].{{{', '.join(moved)}}} as the service's "
                + ", ".join("eligibility_description" if key == "eligibility" else key for key in moved)
            )
            return


def _v1_taxonomies(found: FoundService, read: list[str]) -> None:
    """service_taxonomys' taxonomy {name, vocabulary} as attributes' taxonomy_term {term, taxonomy}."""
    data = found.data
    name = "service_taxonomys" if "service_taxonomys" in data else "service_taxonomies"
    entries = data.get(name)
    if not isinstance(entries, list):
        return
    attributes = data.get("attributes")
    attributes = list(attributes) if isinstance(attributes, list) else []
    for index, entry in enumerate(entries):
        term = entry.get("taxonomy") if isinstance(entry, dict) else None
        at = len(attributes)
        found.grafts[("attributes", at)] = found.where((name, index))
        if not isinstance(term, dict):
            attributes.append(entry)
            continue
        converted = {k: v for k, v in term.items() if k not in ("name", "vocabulary")}
        found.grafts[("attributes", at, "taxonomy_term")] = found.where((name, index, "taxonomy"))
        for was, now in (("name", "term"), ("vocabulary", "taxonomy")):
            if was in term:
                converted[now] = term[was]
                found.grafts[("attributes", at, "taxonomy_term", now)] = found.where(
                    (name, index, "taxonomy", was)
                )
        attributes.append({**{k: v for k, v in entry.items() if k != "taxonomy"}, "taxonomy_term": converted})
    del data[name]
    data["attributes"] = attributes
    read.append(f"{name} as attributes (taxonomy.name as taxonomy_term.term, vocabulary as taxonomy)")


def _v1_languages(found: FoundService, read: list[str]) -> None:
    languages = found.data.get("languages")
    if not isinstance(languages, list) or not any(
        isinstance(x, dict) and "language" in x and "name" not in x for x in languages
    ):
        return
    converted = []
    for index, item in enumerate(languages):
        if isinstance(item, dict) and "language" in item and "name" not in item:
            item = {**{k: v for k, v in item.items() if k != "language"}, "name": item["language"]}
            found.grafts[("languages", index, "name")] = found.where(("languages", index, "language"))
        converted.append(item)
    found.data["languages"] = converted
    read.append("languages[].language as languages[].name")


def _v1_locations(found: FoundService, read: list[str]) -> None:
    """A location's physical_addresses as addresses (physical ones), and its
    accessibility_for_disabilities as accessibility."""
    places = found.data.get("service_at_locations")
    if not isinstance(places, list):
        return
    converted_places = []
    said = set()
    for index, place in enumerate(places):
        location = place.get("location") if isinstance(place, dict) else None
        if not isinstance(location, dict) or not location.keys() & set(V1_LOCATION):
            converted_places.append(place)
            continue
        location = dict(location)
        at = ("service_at_locations", index, "location")
        for old, new in (
            ("physical_addresses", "addresses"),
            ("accessibility_for_disabilities", "accessibility"),
        ):
            if isinstance(location.get(old), list) and new not in location:
                items = location.pop(old)
                if new == "addresses":
                    items = [
                        {**item, "address_type": "physical"} if isinstance(item, dict) else item
                        for item in items
                    ]
                    for n, item in enumerate(items):
                        if isinstance(item, dict):
                            found.grafts[at + (new, n, "address_type")] = found.where(at + (old, n))
                location[new] = items
                found.grafts[at + (new,)] = found.where(at + (old,))
                said.add(f"{old} as {new}")
        converted_places.append({**place, "location": location})
    found.data["service_at_locations"] = converted_places
    read += sorted(said)
