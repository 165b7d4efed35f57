"""Every service as Open Referral UK JSON: the /services page with its paging header, and each service in full."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from typing import Any

import orjson

from sitegen.exports.openreferral.vocabulary import (
    EXPORT_DIR,
    FACILITIES,
    FIELD_TERMS,
    HELP_OPTION,
    LIST_FILE,
    NAMESPACE,
    STATUS,
    TAXONOMY_FIELDS,
    TAXONOMY_KINDS,
    TAXONOMY_TYPES,
    exact_ages,
    session_text,
    yes_no,
)
from sitegen.model import (
    Closure,
    Service,
    Session,
    Site,
    Term,
    format_months,
    urls,
)
from sitegen.model.schedule import RRULE_DAYS as BYDAY
from sitegen.model.schedule import RRULE_MONTH_WEEK as MONTH_WEEK
from sitegen.model.schedule import on_pattern


def export_files(site: Site) -> dict[str, bytes]:
    """The Open Referral UK files of a site, by their path in the output."""
    return dict(export_stream(site))


def export_stream(site: Site) -> Iterator[tuple[str, bytes]]:
    """The same files one at a time, so that a build can write each as it comes instead of
    holding every service's JSON at once (about 6 KB a service); only the list's short entries
    are kept until the end."""
    entries = []
    for data in service_documents(site):
        entries.append(list_entry(data))
        yield service_file(data), dump(data)
    yield LIST_FILE, dump(service_page(entries))


def service_documents(site: Site) -> Iterator[dict[str, Any]]:
    """Each service of the site in full, as /services/{id} answers, one at a time."""
    base = urls.absolute(site.config, "")
    for service in site.services:
        yield service_json(service, base, terms=site.terms, county=site.config.county)


def service_file(data: dict[str, Any]) -> str:
    """Where a service's JSON is written: openreferral/services/<id>.json."""
    return f"{EXPORT_DIR}/services/{data['id']}.json"


def dump(data: Any) -> bytes:
    """Compact JSON, as APIs answer, in UTF-8, with a final newline: the bytes of
    ``json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"``, written by orjson, four
    times quicker (38,364 documents of 10,000 records: 0.91 s -> 0.23 s; tests/test_fast_paths.py
    compares the two). Where they differ the JSON means the same or json's was not JSON: a number
    as small as 1e-06 is written 1e-6, and an infinite one null, where json wrote ``Infinity``
    (no record gives one: the schema bounds every number). An indented file would take json's
    pure Python encoder, five times slower, and twice the size."""
    try:
        return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits: json writes it
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def compact(data: Any) -> bytes:
    """``dump`` without its final newline: an entry of a list, kept until the list's page is made
    (dumped_page). A new bytes of its own size (the slice): orjson's own are cut down from a
    larger buffer, and 30,000 of them kept at 10,000 records left the memory between them
    unusable (133 MB more at the feed's peak)."""
    return dump(data)[:-1]


def dumped_page(entries: Sequence[bytes]) -> bytes:
    """``dump(service_page(contents))``, made from each of the contents already ``compact``: a list
    of 100,000 services is held until its page is made, and as bytes it takes a fifth of the
    memory it takes as dicts. The same bytes, since JSON writes a list as its items between
    brackets joined by commas, and the contents are the page's last key.

    Joined once, the head and the end joined to the first and last entries: joining the entries
    and then adding the head and the end made the page three times over, each copy alive while
    the next was made (at 100,000 records about 70 MB each, at the feed's memory peak)."""
    start, end = _page_around(len(entries))
    if not entries:
        return start + end
    parts = list(entries)
    parts[0] = start + parts[0]
    parts[-1] += end
    return b",".join(parts)


def _page_around(count: int) -> tuple[bytes, bytes]:
    """What a list page of ``count`` entries has before its first entry and after its last:
    ``dump(service_page(...))`` with its contents cut out, as they are its last key."""
    head = dump({**service_page(range(count)), "contents": []})
    if not head.endswith(b'"contents":[]}\n'):  # a bug: service_page changed its order
        raise ValueError("a list page's contents must be its last key")
    return head[: -len(b"]}\n")], b"]}\n"


class ListOnDisk:
    """A list's page made as its entries come, on disk rather than in memory: each entry,
    already ``compact``, goes into a temporary file as it is added, and ``page()`` is
    ``dumped_page`` of them all, read back whole. The feed's list of services is about 70 MB at
    100,000 records; held as bytes until the feed had read every service, and then joined, it
    was twice that at once at the build's memory peak (docs/performance.md). Now only the page
    read back is ever in memory, once."""

    def __init__(self) -> None:
        self._entries = tempfile.TemporaryFile()  # noqa: SIM115 - closed by page(), or when dropped
        self.count = 0

    def add(self, entry: bytes) -> None:
        if self.count:
            self._entries.write(b",")
        self._entries.write(entry)
        self.count += 1

    def page(self) -> bytes:
        """The page, as ``dumped_page`` makes it from the same entries; the file is then closed."""
        start, end = _page_around(self.count)
        with self._entries, tempfile.TemporaryFile() as whole:
            whole.write(start)
            self._entries.seek(0)
            shutil.copyfileobj(self._entries, whole)
            whole.write(end)
            whole.seek(0)
            return whole.read()


def service_page(contents: Sequence[Any]) -> dict[str, Any]:
    """The /services answer (and every other list's): one page that holds everything, with the
    standard's paging header."""
    return {
        "total_items": len(contents),
        "total_pages": 1 if contents else 0,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }


# The fields of a service in a list of services (the UK profile's service_list schema).
LIST_FIELDS = (
    "id",
    "organization_id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "alert",
    "minimum_age",
    "maximum_age",
    "assured_date",
)


def list_entry(full: dict[str, Any]) -> dict[str, Any]:
    """A service as the /services page lists it: the service_list schema's fields."""
    entry = {name: full[name] for name in LIST_FIELDS if name in full}
    entry["organization"] = {k: v for k, v in full["organization"].items() if k != "attributes"}
    return entry


class _Ids:
    """Stable ids for one service and its parts: UUID 5s of its page address and a role."""

    def __init__(self, base: str, slug: str):
        self.page = f"{base}services/{slug}/"

    def __call__(self, role: str = "") -> str:
        return uuid5_text(self.page + (f"#{role}" if role else ""))


def service_id(base_url: str, slug: str) -> str:
    """The Open Referral id of a service: the same for the same site address and record."""
    return _Ids(base_url.rstrip("/") + "/", slug)()


_NAMESPACE_BYTES = NAMESPACE.bytes


def uuid5_text(name: str) -> str:
    """str(uuid.uuid5(NAMESPACE, name)), worked out directly: a build makes about 30 ids a service
    (300,000 at 10,000 records), and the uuid module's objects made them a third of the export's
    time. tests/test_openreferral.py compares the two on random names."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@functools.lru_cache(maxsize=4096)  # the same few hundred terms in every service
def _term_id(taxonomy: str, term: str) -> str:
    """A taxonomy term's id: the same on every site, since sitegen's taxonomies are its own."""
    return uuid5_text(f"taxonomy/{taxonomy}/{term}")


def taxonomy_id(taxonomy: str) -> str:
    """A taxonomy's id, made as its terms' ids are: the same on every site."""
    return uuid5_text(f"taxonomy/{taxonomy}")


def _attribute(
    ids: _Ids,
    link: tuple[str, str],
    role: str,
    taxonomy: str,
    term: str,
    description: str,
    field: str | None = None,
) -> dict[str, Any]:
    """A taxonomy term attached to the object ``link`` (its entity name and id).

    ``link_entity`` (HSDS 3.0; the UK profile dropped it) and the term's ``code`` are there
    because the DfE Family Hubs puller cannot read a service without them: its shared kernel
    (DFE-Digital/fh-services, src/shared/shared-kernel/.../OpenReferral/Entities/Attribute.cs and
    TaxonomyTerm.cs) declares both ``required``, and System.Text.Json refuses an object that lacks
    one. A sitegen/record value is the term itself, with the record field it fills as the
    attribute's ``link_type`` ("what the taxonomy term describes"): the UK profile has no
    attribute ``value``."""
    entity, link_id = link
    term_id = _term_id(taxonomy, f"{field}/{term}" if field else term)
    attribute: dict[str, Any] = {
        "id": ids(f"attribute/{role}"),
        "link_id": link_id,
        "link_entity": entity,
        "taxonomy_term_id": term_id,
    }
    if field:
        attribute["link_type"] = field
    attribute["taxonomy_term"] = {
        "id": term_id,
        "code": field or term,
        "name": term,
        "description": description,
        "taxonomy": taxonomy,
        "term": term,
    }
    return attribute


def _minimum_years(months: int) -> int:
    """minimum_age in whole years, as the standard and the DfE puller (a byte) have it: rounded
    down, so that a consumer filtering by a child's age never hides a service from a child it is
    for; the exact months are the record's ages.from attribute."""
    return months // 12


def _maximum_years(months: int) -> int:
    """maximum_age in whole years, rounded up for the same reason (ages.to holds the months)."""
    return math.ceil(months / 12)


def _amount(pence: int) -> int | float:
    return pence // 100 if pence % 100 == 0 else pence / 100


def service_json(
    service: Service, base: str, terms: tuple[Term, ...] = (), county: str | None = None
) -> dict[str, Any]:
    """One service as the UK profile's full service object (what /services/{id} answers): its
    term-time sessions as schedules for the ``terms`` given, its venue's address in ``county``
    (the venue's town if there is none). Lists with nothing in them are left out."""
    ids = _Ids(base, service.slug)
    service_id = ids()
    org_id = ids("organization")
    data: dict[str, Any] = {"id": service_id, "organization_id": org_id, "name": service.name}
    data["description"] = service.description or service.summary
    if service.contact.website:
        data["url"] = service.contact.website
    if service.contact.email:
        data["email"] = service.contact.email
    data["status"] = STATUS[service.status]
    if service.status_note:
        data["alert"] = service.status_note
    data["minimum_age"] = _minimum_years(service.ages.from_months)
    data["maximum_age"] = _maximum_years(service.ages.to_months)
    eligibility = (
        [exact_ages(service.ages.from_months, service.ages.to_months)]
        if (service.ages.from_months % 12 or service.ages.to_months % 12)
        else []
    )
    if service.ages.note:
        eligibility.append(service.ages.note)
    if eligibility:  # HSDS 3.0; what a person reads where the whole years say too little
        data["eligibility_description"] = " ".join(eligibility)
    if service.booking.how:
        data["application_process"] = service.booking.how  # HSDS 3.0
    data["assured_date"] = service.last_reviewed.isoformat()

    provider = service.provider
    organization: dict[str, Any] = {
        "id": org_id,
        "name": provider.organisation,
        "description": provider.kind[0].upper() + provider.kind[1:],
    }
    if provider.website:
        organization["website"] = provider.website
    organization["attributes"] = [
        _attribute(
            ids,
            ("organization", org_id),
            "provider-kind",
            TAXONOMY_KINDS,
            provider.kind,
            f"The kind of organisation that runs it: {provider.kind}.",
        )
    ]
    data["organization"] = organization
    data["service_at_locations"] = [_service_at_location(service, ids, county)]
    schedules, session_dates = _schedules(service, terms, ids, service_id)
    if schedules:
        data["schedules"] = schedules
    data["cost_options"] = _cost_options(service, ids, service_id)
    if service.contact.name:
        data["contacts"] = [{"id": ids("contact/0"), "service_id": service_id, "name": service.contact.name}]
    if service.contact.phone:
        data["phones"] = [{"id": ids("phone/0"), "service_id": service_id, "number": service.contact.phone}]
    if service.languages:
        data["languages"] = [
            {"id": ids(f"language/{i}"), "service_id": service_id, "name": name}  # name: HSDS 3.0
            for i, name in enumerate(service.languages)
        ]
    if service.funding:
        data["funding"] = [
            {"id": ids(f"funding/{i}"), "service_id": service_id, "source": source}
            for i, source in enumerate(service.funding)
        ]
    data["service_areas"] = [
        {
            "id": ids("service-area/0"),
            "service_id": service_id,
            "name": service.venue.area,
            "service_area": service.venue.area,
        }
    ]
    data["attributes"] = _attributes(service, ids, service_id) + session_dates
    return data


def _service_at_location(service: Service, ids: _Ids, county: str | None) -> dict[str, Any]:
    venue = service.venue
    location_id = ids("location")
    location: dict[str, Any] = {"id": location_id, "location_type": "physical", "name": venue.name}
    if venue.latitude is not None and venue.longitude is not None:
        location["latitude"] = venue.latitude
        location["longitude"] = venue.longitude
    location["addresses"] = [
        {
            "id": ids("address"),
            "location_id": location_id,
            "address_1": venue.address,
            "city": venue.town,
            # Required by the UK profile's schema and the DfE puller (Address.cs): the county,
            # from site.yml's county setting; the town when there is none, never empty.
            "state_province": county or venue.town,
            "postal_code": venue.postcode,
            "country": "GB",
            "address_type": "physical",
        }
    ]
    accessibility = []
    for name, label in FACILITIES:
        known = getattr(venue, name)
        if known is not None:
            accessibility.append(
                {
                    "id": ids(f"accessibility/{name}"),
                    "location_id": location_id,
                    "description": f"{label}: {yes_no(known)}",
                }
            )
    if venue.access_notes:
        accessibility.append(
            {"id": ids("accessibility/notes"), "location_id": location_id, "description": venue.access_notes}
        )
    if accessibility:
        location["accessibility"] = accessibility
    return {
        "id": ids("service-at-location"),
        "service_id": ids(),
        "location_id": location_id,
        "location": location,
    }


def byday(session: Session) -> str:
    """RRULE BYDAY: 'MO', or for a monthly session '1MO' ... '4MO', or '-1MO' for the last."""
    day = BYDAY[session.weekday]
    return MONTH_WEEK[session.week_of_month or "first"] + day if session.frequency == "monthly" else day


Period = tuple[dt.date | None, dt.date | None]  # first and last day, None where open


def _spans(session: Session, terms: tuple[Term, ...]) -> list[Period]:
    """Where a session's rule holds before days off: from its first to its last date, and for a
    term-time session each part of each term between its breaks, within those dates."""
    own_from, own_to = session.starting, session.ending
    if not session.term_time_only:
        return [(own_from, own_to)]
    spans = []
    for term in sorted(terms, key=lambda t: t.starts):
        start: dt.date | None = term.starts
        for a, b in sorted(term.breaks):
            before, after = _next_to(a, -1), _next_to(b, 1)
            if start is not None and before is not None:
                spans.append((start, min(before, term.ends)))
            start = max(start, after) if start is not None and after is not None else None
        if start is not None:
            spans.append((start, term.ends))
    clipped = []
    for lo, hi in spans:
        lo = max(lo, own_from) if own_from else lo
        hi = min(hi, own_to) if own_to else hi
        if lo <= hi:
            clipped.append((lo, hi))
    return clipped


def _first_date(session: Session, lo: dt.date, hi: dt.date | None) -> dt.date | None:
    """The first day from ``lo`` to ``hi`` that the session's pattern gives, or None (also when
    there is none before the last day there is, 9999-12-31)."""
    try:
        day = lo + dt.timedelta(days=(session.weekday - lo.weekday()) % 7)
        for _ in range(60):  # a monthly pattern comes round within six weeks
            if hi and day > hi:
                return None
            if on_pattern(session, day):
                return day
            day += dt.timedelta(days=7)
    except OverflowError:
        return None
    return None


def _next_to(day: dt.date, days: int) -> dt.date | None:
    """The day before or after, or None past the first or last day there is."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def validity_periods(session: Session, terms: tuple[Term, ...], off: tuple[Closure, ...]) -> list[Period]:
    """The periods, in order, in which the session runs on every date its rule gives: the UK
    profile's schedule has no EXDATE (profile/schedule.json), so term holidays and days off are
    the gaps between periods. A period with no date of the session in it is left out."""
    days_off = sorted({c.date for c in off if on_pattern(session, c.date)})
    periods: list[Period] = []
    for span in _spans(session, terms):
        lo: dt.date | None = span[0]
        hi = span[1]
        rest = True  # whether the span goes on after the last day off in it
        for day in days_off:
            if (lo is None or day >= lo) and (hi is None or day <= hi):
                before, after = _next_to(day, -1), _next_to(day, 1)
                if before is not None and (lo is None or before >= lo):
                    periods.append((lo, before))
                if after is None:
                    rest = False
                    break
                lo = after
        if rest:
            periods.append((lo, hi))
    return [
        (lo, hi)
        for lo, hi in periods
        if lo is None or (hi is None or lo <= hi) and _first_date(session, lo, hi) is not None
    ]


def _schedules(
    service: Service, terms: tuple[Term, ...], ids: _Ids, service_id: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each session as one schedule, or as one schedule per validity period when term holidays or
    days off interrupt it; and for each interrupted session a sitegen/record attribute, linked to
    its first schedule, giving the session's own first and last dates (its periods do not)."""
    schedules: list[dict[str, Any]] = []
    dates: list[dict[str, Any]] = []
    for index, session in enumerate(service.sessions):
        periods = validity_periods(session, terms, service.not_running)
        rule = _rule(session, ids)
        if not session.term_time_only and periods in ([], [(session.starting, session.ending)]):
            schedules.append(_schedule(session, rule, ids(f"schedule/{index}"), service_id, None))
            continue
        for number, period in enumerate(periods):
            role = f"schedule/{index}" if number == 0 else f"schedule/{index}/{period[0]}"
            schedules.append(_schedule(session, rule, ids(role), service_id, period))
        if periods:
            own = f"{session.starting or '..'}/{session.ending or '..'}"
            dates.append(
                _attribute(
                    ids,
                    ("schedule", ids(f"schedule/{index}")),
                    f"record/sessions.dates/{index}",
                    TAXONOMY_FIELDS,
                    own,
                    FIELD_TERMS["sessions.dates"],
                    "sessions.dates",
                )
            )
    return schedules, dates


def _rule(session: Session, ids: _Ids) -> dict[str, Any]:
    """What every schedule of a session says: its RFC 5545 rule in parts, its times and words.
    Times are UK local time, HH:MM: the UK profile has no time zone field, and a fixed offset
    would be wrong for half the year."""
    rule: dict[str, Any] = {
        "freq": "MONTHLY" if session.frequency == "monthly" else "WEEKLY",
        "interval": 2 if session.frequency == "fortnightly" else 1,
        "byday": byday(session),
        "description": session_text(session),
        "opens_at": f"{session.start:%H:%M}",
        "closes_at": f"{session.end:%H:%M}",
        "schedule_link": ids.page,  # the service's page lists the next dated sessions
    }
    if session.notes:
        rule["notes"] = session.notes
    return rule


def _schedule(
    session: Session, rule: dict[str, Any], schedule_id: str, service_id: str, period: Period | None
) -> dict[str, Any]:
    """One session, or one period of it, as a schedule: its dates, then its ``rule``. A period's
    dtstart is its first session, so that any RRULE expander starts in step."""
    schedule: dict[str, Any] = {"id": schedule_id, "service_id": service_id}
    lo, hi = period if period else (session.starting, session.ending)
    if lo:
        schedule["valid_from"] = lo.isoformat()
    if hi:
        schedule["valid_to"] = hi.isoformat()
    if lo:
        first = _first_date(session, lo, hi) if period else lo
        schedule["dtstart"] = (first or lo).isoformat()
    schedule.update(rule)
    return schedule


def _cost_options(service: Service, ids: _Ids, service_id: str) -> list[dict[str, Any]]:
    """The price as one cost option, always, so that free (amount 0) differs from not known (no
    cost options at all, in other directories' data); 'per family' is its option, what the price
    covers its amount_description. Help with the cost is a second option with no amount."""
    cost = service.cost
    option: dict[str, Any] = {"id": ids("cost-option/0"), "service_id": service_id}
    if cost.per:
        option["option"] = f"per {cost.per}"
    option["amount"] = _amount(cost.pence)
    if cost.covers:
        option["amount_description"] = cost.covers
    options = [option]
    if cost.help_with_cost:
        options.append(
            {
                "id": ids("cost-option/help"),
                "service_id": service_id,
                "option": HELP_OPTION,
                "amount_description": cost.help_with_cost,
            }
        )
    return options


def _attributes(service: Service, ids: _Ids, service_id: str) -> list[dict[str, Any]]:
    attributes = [
        _attribute(
            ids,
            ("service", service_id),
            f"service-type/{kind.slug}",
            TAXONOMY_TYPES,
            kind.name,
            f"A kind of service: {kind.name}.",
        )
        for kind in service.types
    ]

    def value(field_name: str, text: str, role: str = "") -> None:
        attributes.append(
            _attribute(
                ids,
                ("service", service_id),
                f"record/{field_name}{role}",
                TAXONOMY_FIELDS,
                text,
                FIELD_TERMS[field_name],
                field_name,
            )
        )

    value("slug", service.slug)
    value("summary", service.summary)
    if service.ages.from_months % 12:
        value("ages.from", format_months(service.ages.from_months))
    if service.ages.to_months % 12:
        value("ages.to", format_months(service.ages.to_months))
    value("booking.required", yes_no(service.booking.required))
    for name in ("feeding_friendly", "siblings_welcome"):
        known = getattr(service, name)
        if known is not None:
            value(name, yes_no(known))
    for index, closure in enumerate(service.not_running):
        text = closure.date.isoformat() + (f": {closure.reason}" if closure.reason else "")
        value("not_running", text, f"/{index}")
    for index, keyword in enumerate(service.keywords):
        value("keywords", keyword, f"/{index}")
    if service.status_since:
        value("status_since", service.status_since.isoformat())
    return attributes
