"""The service pages' JSON-LD names its venue and price by @id: with the references followed, it is
the graph written in full, as it was before (the plain twin below), node for node."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitegen.load import files
from sitegen.model import Service, content
from sitegen.site import structured_data
from sitegen.site.structured_data import (
    GOVERNMENT,
    SCHEMA,
    STATUS,
    _contact_point,
    _moment,
    _place,
    _schedule,
)
from tests import schema_org
from tests.conftest import TODAY

PROJECT = Path(__file__).resolve().parent.parent


def plain_for_service(service: Service, url: str) -> dict:
    """The service as schema.org data; ``url`` is the address of its page."""
    government = service.provider.kind in GOVERNMENT
    organizer: dict = {
        "@type": "GovernmentOrganization" if government else "Organization",
        "name": service.provider.organisation,
    }
    if service.provider.website:
        organizer["url"] = service.provider.website
    provider = dict(organizer)
    contact = _contact_point(service)
    if contact:
        provider["contactPoint"] = contact
    organizer = provider  # the organisation that runs each session is the service's provider
    offer = {
        "@type": "Offer",
        "price": f"{service.cost.pence / 100:.2f}",
        "priceCurrency": "GBP",
        "url": url,
    }
    if service.cost.per:
        offer["description"] = f"per {service.cost.per}"
    place = _place(service)
    channel: dict = {"@type": "ServiceChannel", "serviceLocation": place, "serviceUrl": url}
    if service.languages:
        channel["availableLanguage"] = list(service.languages)
    main: dict = {
        "@type": "GovernmentService" if government else "Service",
        "@id": url + "#service",
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
    # what every event says: where, who runs it, what it costs
    common = {"location": place, "organizer": organizer, "offers": offer}
    series_id = {series.session.key: f"{url}#sessions-{series.session.key}" for series in service.series}
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
            **common,
            "isAccessibleForFree": service.cost.is_free,
        }
        if session.ending:
            node["endDate"] = session.ending.isoformat()
        graph.append(node)
    # the next sessions the page lists: each its own date and time; what the session always is
    # (its description, page, attendance mode, whether it is free) is said once, by its series
    for occurrence in service.upcoming:
        session = occurrence.session
        event: dict = {
            "@type": "Event",
            "@id": f"{url}#{occurrence.date.isoformat()}-{session.key}",
            "name": service.name,
            "startDate": _moment(occurrence.date, session.start),
            "endDate": _moment(occurrence.date, session.end),
            "eventStatus": SCHEMA + STATUS[service.status],
            **common,
        }
        if session.key in series_id:
            event["superEvent"] = {"@id": series_id[session.key]}
        graph.append(event)
    if service.series:
        main["subjectOf"] = [{"@id": series_id[series.session.key]} for series in service.series]
    return {"@context": "https://schema.org", "@graph": graph}


def resolved(value: object, page: str) -> object:
    """The graph with each @id resolved against the page's address, as a JSON-LD reader does
    (urllib.parse.urljoin, RFC 3986), and the @id given to the venue, the offer and the provider
    taken off (the plain graph has none)."""
    if isinstance(value, dict):
        shared = {urljoin(page, "#place"), urljoin(page, "#offer"), urljoin(page, "#provider")}
        ids = {k: urljoin(page, v) if k == "@id" else v for k, v in value.items()}
        return {k: resolved(v, page) for k, v in ids.items() if not (k == "@id" and v in shared)}
    if isinstance(value, list):
        return [resolved(item, page) for item in value]
    return value


@pytest.fixture(scope="module")
def services(tmp_path_factory) -> list[Service]:
    """The bundled site's services and 300 synthetic ones (bench/synthetic.py)."""
    from bench.synthetic import make

    synthetic = make(300, tmp_path_factory.mktemp("synthetic"))
    found = []
    for root in (PROJECT, synthetic):
        found += content.make_site(files.read_sources(root), TODAY).services
    return found


def page_of(service: Service) -> str:
    return f"https://example-council.github.io/children-services/services/{service.slug}/"


def test_with_its_references_followed_the_graph_is_the_one_written_in_full(services):
    for service in services:
        page = page_of(service)
        shared = structured_data.for_service(service, page)
        joined = {**shared, "@graph": schema_org.joined(shared["@graph"])}
        assert resolved(joined, page) == plain_for_service(service, page), service.slug


def test_every_event_names_the_venue_offer_and_provider_the_service_gives_in_full(services):
    """The events carry references, not copies, and each reference has its node on the page."""
    events = 0
    for service in services:
        page = page_of(service)
        graph = structured_data.for_service(service, page)["@graph"]
        main = graph[0]
        assert main["availableChannel"]["serviceLocation"]["@id"] == "#place"
        assert main["offers"]["@id"] == "#offer"
        assert main["provider"]["@id"] == "#provider"
        assert main["availableChannel"]["serviceLocation"]["address"]["postalCode"] == service.venue.postcode
        for node in graph[1:]:
            assert node["location"] == {"@id": "#place"}
            assert node["offers"] == {"@id": "#offer"}
            assert node["organizer"] == {"@id": "#provider"}
            assert node["@type"] == "Event" or node["url"] == page
            events += 1
    assert events > 1000


def test_the_references_make_the_page_lighter(services):
    """What the change is for: the JSON-LD of a service with sessions to come is at least a third
    smaller than the graph written in full."""
    shared = plain = 0
    for service in services:
        if not service.upcoming:
            continue
        page = page_of(service)
        shared += len(structured_data.script_text(structured_data.for_service(service, page)))
        plain += len(structured_data.script_text(plain_for_service(service, page)))
    assert shared < 0.67 * plain, (shared, plain)
