"""schema.org JSON-LD for a service page: the service, who provides it, where, and when.

Made from the same model the page is, so the two cannot disagree. Each regular session is an
Event with an eventSchedule (schema.org's repeating schedule: byDay, times, repeatFrequency as
an ISO 8601 duration, the Europe/London time zone). The JSON is written so that it can sit in
an HTML <script> element: '<', '>' and '&' are escaped, so no record's text can end the element.
"""

from __future__ import annotations

import json

from sitegen.model import Service, Session

REPEAT = {"weekly": "P1W", "fortnightly": "P2W", "monthly": "P1M"}
STATUS = {"running": "EventScheduled", "paused": "EventPostponed", "closed": "EventCancelled"}


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


def _schedule(session: Session) -> dict:
    schedule: dict = {
        "@type": "Schedule",
        "byDay": f"https://schema.org/{session.day}",
        "startTime": f"{session.start:%H:%M}",
        "endTime": f"{session.end:%H:%M}",
        "repeatFrequency": REPEAT[session.frequency],
        "scheduleTimezone": "Europe/London",
    }
    if session.starting:
        schedule["startDate"] = session.starting.isoformat()
    if session.ending:
        schedule["endDate"] = session.ending.isoformat()
    return schedule


def for_service(service: Service, url: str) -> dict:
    """The service as schema.org data; ``url`` is the address of its page."""
    provider: dict = {"@type": "Organization", "name": service.provider.organisation}
    if service.provider.website:
        provider["url"] = service.provider.website
    offer = {
        "@type": "Offer",
        "price": f"{service.cost.pence / 100:.2f}",
        "priceCurrency": "GBP",
    }
    if service.cost.per:
        offer["description"] = f"per {service.cost.per}"
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Service",
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
        "availableChannel": {
            "@type": "ServiceChannel",
            "serviceLocation": _place(service),
            "serviceUrl": url,
        },
    }
    if service.contact.phone:
        data["availableChannel"]["servicePhone"] = {
            "@type": "ContactPoint",
            "telephone": service.contact.phone,
        }
    if service.contact.email:
        data["email"] = service.contact.email
    if service.languages:
        data["availableLanguage"] = list(service.languages)
    if service.sessions:
        data["subjectOf"] = [
            {
                "@type": "Event",
                "name": service.name,
                "description": session.pattern + (f". {session.notes}" if session.notes else ""),
                "eventStatus": f"https://schema.org/{STATUS[service.status]}",
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "isAccessibleForFree": service.cost.is_free,
                "location": _place(service),
                "organizer": provider,
                "eventSchedule": _schedule(session),
            }
            for session in service.sessions
        ]
    return data


def script_text(data: dict) -> str:
    """JSON safe to put between <script type="application/ld+json"> and </script>."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
