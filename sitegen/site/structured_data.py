"""schema.org JSON-LD for a service page: the service, its sessions as event series, and their next dates.

Made from the same model the page is, so the two cannot disagree. The page's ``@graph`` holds:

- the ``Service``, or ``GovernmentService`` when the record says a council or the NHS runs it
  (schema.org: "a service provided by a government organization"; a library may be the council's
  or a community's, so it stays a ``Service``), with its provider, whose ``ContactPoint`` carries
  the phone, email and languages (schema.org allows ``email`` and ``availableLanguage`` there, not
  on a service);
- one ``EventSeries`` for each session with a date to come, whose ``eventSchedule`` is the same
  series as the session's calendar event (``Series``): the same first date, last date and days
  left out (``exceptDate``: term holidays and days off), ``byMonthWeek`` for a monthly session;
- an ``Event`` for each of the next sessions the page lists, with its start and end in UK time
  (``+00:00`` or ``+01:00`` for that date), its status, and a ``superEvent`` naming its series by
  ``@id``; what is the same for every session of a series (its description, the page's address,
  the attendance mode, whether it is free) is said once, by the series.

The venue (``Place``), the price (``Offer``) and the provider (``Organization``) are written out
once, in the service's node, each with an ``@id`` (``#place``, ``#offer``, ``#provider``); every
event and series names them by that ``@id`` (as ``location``, ``offers`` and ``organizer``), as an
event names its series, instead of repeating them: a JSON-LD reader joins nodes with the same
``@id`` into one, so each event still has its location's name and address, its offer and its
organiser. Every ``@id`` is a fragment (``#service``, ``#sessions-monday-weekly-0930``), which a
JSON-LD reader resolves against the page's address, giving the same identifiers as writing the
address out in each; the ``url`` values stay absolute. Together this makes the JSON-LD about half
the size (tests/test_structured_data.py compares the result, references followed and identifiers
resolved, with the graph written in full).

Every event has a name, a start date and a location with an address (by ``@id``, joined as above),
which Google requires for event results. Google also recommends an image and a performer, which we do not have.

The JSON is written so that it can sit in an HTML <script> element: '<', '>' and '&' are
escaped, so no record's text can end the element.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from sitegen.exports.openreferral.export import compact
from sitegen.model import Series, Service

LONDON = ZoneInfo("Europe/London")
REPEAT = {"weekly": "P1W", "fortnightly": "P2W", "monthly": "P1M"}
MONTH_WEEK = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
STATUS = {"running": "EventScheduled", "paused": "EventPostponed", "closed": "EventCancelled"}
# run_by.kind values that name a government organisation: a parish or town council, the county
# council's children and family centres, the NHS
GOVERNMENT = frozenset({"parish or town council", "council children and family centre", "NHS"})
SCHEMA = "https://schema.org/"


@functools.lru_cache(maxsize=8192)  # most services' next sessions fall on the same few dates and times
def _moment(day: dt.date, time: dt.time) -> str:
    """A date and time in UK time as ISO 8601 with that day's offset: 2026-11-30T09:30:00+00:00."""
    return dt.datetime.combine(day, time, tzinfo=LONDON).isoformat()


@functools.lru_cache(maxsize=1024)  # term-time sessions share their holidays
def _dates(days: tuple[dt.date, ...]) -> tuple[str, ...]:
    return tuple(day.isoformat() for day in days)


def _place(service: Service) -> dict:
    venue = service.venue
    place: dict = {
        "@type": "Place",
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "addressLocality": venue.town,
            "postalCode": venue.postcode,
            "addressCountry": "GB",
        },
    }
    if venue.latitude is not None and venue.longitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.latitude, "longitude": venue.longitude}
    return place


def _contact_point(service: Service) -> dict | None:
    contact = service.contact
    if contact.is_empty:
        return None
    point: dict = {"@type": "ContactPoint", "contactType": "enquiries"}
    if contact.phone:
        point["telephone"] = contact.phone
    if contact.email:
        point["email"] = contact.email
    if contact.website:
        point["url"] = contact.website
    if service.languages:
        point["availableLanguage"] = list(service.languages)
    return point


def _schedule(series: Series) -> dict:
    session = series.session
    schedule: dict = {
        "@type": "Schedule",
        "byDay": SCHEMA + session.day,
        "startTime": f"{session.start:%H:%M:%S}",
        "endTime": f"{session.end:%H:%M:%S}",
        "repeatFrequency": REPEAT[session.frequency],
        "startDate": series.first.isoformat(),
        "scheduleTimezone": "Europe/London",
    }
    if session.frequency == "monthly":
        schedule["byMonthWeek"] = MONTH_WEEK[session.week_of_month or "first"]
    if series.until:
        schedule["endDate"] = series.until.isoformat()
    if series.skipped:
        schedule["exceptDate"] = _dates(series.skipped)
    return schedule


def for_service(service: Service, url: str) -> dict:
    """The service as schema.org data; ``url`` is the address of its page."""
    government = service.provider.kind in GOVERNMENT
    organizer: dict = {
        "@type": "GovernmentOrganization" if government else "Organization",
        "name": service.provider.organisation,
    }
    if service.provider.website:
        organizer["url"] = service.provider.website
    provider = {"@id": "#provider", **organizer}
    contact = _contact_point(service)
    if contact:
        provider["contactPoint"] = contact
    offer = {
        "@type": "Offer",
        "@id": "#offer",
        "price": f"{service.cost.pence / 100:.2f}",
        "priceCurrency": "GBP",
        "url": url,
    }
    if service.cost.per:
        offer["description"] = f"per {service.cost.per}"
    place = {"@id": "#place", **_place(service)}
    channel: dict = {"@type": "ServiceChannel", "serviceLocation": place, "serviceUrl": url}
    if service.languages:
        channel["availableLanguage"] = list(service.languages)
    main: dict = {
        "@type": "GovernmentService" if government else "Service",
        "@id": "#service",
        "name": service.name,
        "description": service.summary,
        "url": url,
        "serviceType": [t.name for t in service.types],
        "provider": provider,
        "areaServed": {"@type": "Place", "name": service.venue.area},
        "audience": {
            "@type": "PeopleAudience",
            "suggestedMinAge": round(service.ages.from_months / 12, 2),
            "suggestedMaxAge": round(service.ages.to_months / 12, 2),
        },
        "offers": offer,
        "availableChannel": channel,
    }
    # what every event says: where, who runs it, what it costs (each by @id)
    shared = {
        "location": {"@id": place["@id"]},
        "organizer": {"@id": provider["@id"]},
        "offers": {"@id": offer["@id"]},
    }
    series_id = {series.session.key: f"#sessions-{series.session.key}" for series in service.series}
    graph = [main]
    for series in service.series:
        session = series.session
        node: dict = {
            "@type": "EventSeries",
            "@id": series_id[session.key],
            "name": service.name,
            "description": f"{session.pattern}, {session.times}."
            + (f" {session.notes}" if session.notes else ""),
            "url": url,
            "startDate": _moment(series.first, session.start),
            "eventStatus": SCHEMA + STATUS[service.status],
            "eventSchedule": _schedule(series),
            "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
            **shared,
            "isAccessibleForFree": service.cost.is_free,
        }
        if session.ending:
            node["endDate"] = session.ending.isoformat()
        graph.append(node)
    for occurrence in service.upcoming:  # the next sessions the page lists
        session = occurrence.session
        event: dict = {
            "@type": "Event",
            "@id": f"#{occurrence.date.isoformat()}-{session.key}",
            "name": service.name,
            "startDate": _moment(occurrence.date, session.start),
            "endDate": _moment(occurrence.date, session.end),
            "eventStatus": SCHEMA + STATUS[service.status],
            **shared,
        }
        if session.key in series_id:
            event["superEvent"] = {"@id": series_id[session.key]}
        graph.append(event)
    if service.series:
        main["subjectOf"] = [{"@id": series_id[series.session.key]} for series in service.series]
    return {"@context": "https://schema.org", "@graph": graph}


def script_text(data: dict) -> str:
    """JSON safe to put between <script type="application/ld+json"> and </script>. The text is
    ``json.dumps(data, ensure_ascii=False, separators=(",", ":"))``'s, written as the feed's
    documents are (export.compact)."""
    text = compact(data).decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
