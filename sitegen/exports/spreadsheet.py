"""Every service and session as one CSV file, for council officers' spreadsheets.

One row per session (a service with no regular sessions, such as one by appointment, gets one
row with the session columns empty). UTF-8 with a byte order mark so that Excel reads accents
and the pound sign rightly; CRLF line ends (RFC 4180). Records come from the public, so a cell
that a spreadsheet would take for a formula (=, +, -, @ at the start) is written with a leading
apostrophe, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io

from sitegen.model import Service, Session, Site, urls

CSV_FILE = "open-data/services.csv"

COLUMNS = (
    ("id", "the record's name, which is also its page address"),
    ("name", "the service's name"),
    ("summary", "one sentence about it"),
    ("types", "kinds of service, separated by semicolons"),
    ("run_by", "the organisation that runs it"),
    ("run_by_kind", "what kind of organisation"),
    ("status", "running, paused or closed"),
    ("status_note", "for paused or closed services"),
    ("age_from_months", "youngest age, in months"),
    ("age_to_months", "oldest age, in months"),
    ("day", "the session's day"),
    ("start", "24-hour clock"),
    ("end", "24-hour clock"),
    ("frequency", "weekly, fortnightly or monthly"),
    ("week_of_month", "for monthly sessions"),
    ("term_time_only", "yes or no"),
    ("starting", "first date, if given"),
    ("ending", "last date, if given"),
    ("session_notes", ""),
    ("venue", "the building"),
    ("address", ""),
    ("town", ""),
    ("area", "the area it is listed under"),
    ("postcode", ""),
    ("latitude", ""),
    ("longitude", ""),
    ("price_pounds", "0.00 when free"),
    ("price_per", "family, child, adult or session"),
    ("booking_required", "yes or no"),
    ("booking_how", ""),
    ("phone", ""),
    ("email", ""),
    ("website", ""),
    ("languages", "separated by semicolons"),
    ("funding", "separated by semicolons"),
    ("last_reviewed", "when the record was last checked"),
    ("page", "the service's page on this site"),
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _row(service: Service, session: Session | None, page: str) -> list[str]:
    s, venue = service, service.venue
    values: list[object] = [
        s.slug,
        s.name,
        s.summary,
        "; ".join(t.name for t in s.types),
        s.provider.organisation,
        s.provider.kind,
        s.status,
        s.status_note,
        s.ages.from_months,
        s.ages.to_months,
    ]
    if session:
        values += [
            session.day,
            f"{session.start:%H:%M}",
            f"{session.end:%H:%M}",
            session.frequency,
            session.week_of_month,
            session.term_time_only,
            session.starting,
            session.ending,
            session.notes,
        ]
    else:
        values += [None] * 9
    values += [
        venue.name,
        venue.address,
        venue.town,
        venue.area,
        venue.postcode,
        venue.latitude,
        venue.longitude,
        f"{s.cost.pence / 100:.2f}",
        s.cost.per,
        s.booking.required,
        s.booking.how,
        s.contact.phone,
        s.contact.email,
        s.contact.website,
        "; ".join(s.languages),
        "; ".join(s.funding),
        s.last_reviewed,
        page,
    ]
    return [_cell(v) for v in values]


def services_csv(site: Site) -> bytes:
    """The spreadsheet, with a byte order mark for Excel. Written as UTF-8 as it goes: a text
    buffer holds four bytes a character, and its text and the bytes made from it were three
    copies of a file of 85 MB at 100,000 records."""
    out = io.BytesIO()
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(name for name, _ in COLUMNS)
    for service in site.services:
        page = urls.absolute(site.config, urls.service_url(service))
        for session in service.sessions or (None,):
            writer.writerow(_row(service, session, page))
    text.flush()
    return out.getvalue()


def files(site: Site) -> dict[str, bytes]:
    return {CSV_FILE: services_csv(site)}
