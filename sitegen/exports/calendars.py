"""Sessions as iCalendar files (RFC 5545), so families can add them to their own calendars.

One repeating event per session: weekly, fortnightly (every 2 weeks) or monthly (the first...
fourth or last weekday), in Europe/London time, made from the session's ``Series``. So that a
subscribed calendar sees the same event from one day to the next:

- its UID is the session's key ('monday-weekly-0930') and the service's address name: adding,
  removing or reordering other sessions leaves it alone; changing the session's day, frequency,
  week of the month or start time, or renaming the record's file, makes it a new event;
- DTSTART is the first date the session runs from the start of the school year (or from its own
  first date), so it moves only on 1 September, and SEQUENCE (the year that school year began)
  goes up when it does; DTSTAMP is the build date, so a build is the same bytes for the same
  content and date.

A term-time session repeats until the end of the last term we know of, with the holidays between
left out (EXDATE), and says so in its description; days off listed in the record are left out
too. A subscribed calendar fetches the file again daily (REFRESH-INTERVAL) and so picks up the
next terms when the site is rebuilt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Iterable, Iterator
from zoneinfo import ZoneInfo

from sitegen.model import Series, Service, Session, Site, groups, schedule, urls

LONDON = ZoneInfo("Europe/London")
CALENDAR_FILE = urls.CALENDAR_FILE
BYDAY = schedule.RRULE_DAYS
MONTH_WEEK = schedule.RRULE_MONTH_WEEK

# Europe/London's rules since 1996: BST from 01:00 UTC on the last Sunday of March to 01:00 UTC
# on the last Sunday of October.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape(text: str) -> str:
    """TEXT values: backslash, semicolon, comma and newline escaped (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets folded onto continuation lines that start with a space,
    never splitting a UTF-8 character (RFC 5545 3.1)."""
    if len(line) <= 75 and line.isascii():
        return line
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # inside a character: step back
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines lose one octet to the leading space
    return "\r\n ".join(parts)


def _local(day: dt.date, time: dt.time) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}T{time.hour:02}{time.minute:02}{time.second:02}"


def _utc(day: dt.date, time: dt.time) -> str:
    moment = dt.datetime.combine(day, time, tzinfo=LONDON).astimezone(dt.UTC)
    return f"{moment:%Y%m%dT%H%M%SZ}"


def rrule(session: Session, until: dt.date | None) -> str:
    """The repeat rule for a session's pattern."""
    if session.frequency == "monthly":
        rule = f"FREQ=MONTHLY;BYDAY={MONTH_WEEK[session.week_of_month or 'first']}{BYDAY[session.weekday]}"
    elif session.frequency == "fortnightly":
        rule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={BYDAY[session.weekday]}"
    else:
        rule = f"FREQ=WEEKLY;BYDAY={BYDAY[session.weekday]}"
    if until:
        rule += f";UNTIL={_utc(until, dt.time(23, 59, 59))}"
    return rule


def series_event(service: Service, series: Series, site: Site, page_url: str, host: str) -> list[str]:
    """One VEVENT for a session's repeating series."""
    session = series.session
    description = [service.summary, f"{session.pattern}, {session.times}."]
    if session.term_time_only:
        description.append(
            "Term time only: no sessions in the school holidays. The dates here go to the end of the "
            "last term we know of; they are updated when new term dates are published."
        )
    if session.notes:
        description.append(session.notes)
    if service.booking.required:
        description.append("Booking needed" + (f": {service.booking.how}" if service.booking.how else "."))
    description.append(f"Details and any changes: {page_url}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{session.key}.{service.slug}@{host}",
        f"DTSTAMP:{site.today:%Y%m%d}T000000Z",
        # DTSTART moves on only when the school year does, and then this goes up with it
        f"SEQUENCE:{schedule.school_year_start(site.today).year}",
        f"SUMMARY:{escape(service.name)}",
        f"DTSTART;TZID=Europe/London:{_local(series.first, session.start)}",
        f"DTEND;TZID=Europe/London:{_local(series.first, session.end)}",
        f"RRULE:{rrule(session, series.until)}",
    ]
    if series.skipped:
        dates = ",".join(_local(d, session.start) for d in series.skipped)
        lines.append(f"EXDATE;TZID=Europe/London:{dates}")
    lines += [
        f"LOCATION:{escape(service.venue.one_line)}",
        f"DESCRIPTION:{escape(chr(10).join(description))}",
        f"URL:{page_url}",
    ]
    if service.venue.latitude is not None and service.venue.longitude is not None:
        lines.append(f"GEO:{service.venue.latitude};{service.venue.longitude}")
    lines.append("END:VEVENT")
    return lines


def has_events(service: Service) -> bool:
    """Whether the service's calendar has any event: it is running and a session has a date to come."""
    return service.status == "running" and bool(service.series)


def service_events(service: Service, site: Site) -> list[str]:
    """The lines of a service's VEVENTs (none unless it is running), folded."""
    if service.status != "running":
        return []
    page_url = urls.absolute(site.config, urls.service_url(service))
    host = site.config.base_url.split("://", 1)[-1].split("/", 1)[0]
    return [
        fold(line)
        for series in service.series
        for line in series_event(service, series, site, page_url, host)
    ]


def _wrap(name: str, events: list[str]) -> bytes | None:
    """Events (folded lines) in a VCALENDAR named ``name``, or None if there are none."""
    if not events:
        return None
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//sitegen//Children's services directory//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Europe/London",
        # how often a subscribed calendar should fetch the file again (RFC 7986; the second for
        # Outlook and older programs)
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
        *VTIMEZONE,
    ]
    return ("\r\n".join([*(fold(line) for line in lines), *events, "END:VCALENDAR"]) + "\r\n").encode("utf-8")


def by_area(
    site: Site,
    only: Container[str],
    events_of: Callable[[Service], list[str]] | None = None,
    places: Iterable[groups.Group] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """For each place whose slug is in ``only``: its own calendar, and the calendars of the
    services whose town it is (groups.home), each event worked out once for both. Every service
    has one town, so parts by place cover every service's calendar once; a town's calendar and
    its neighbourhood's both hold the neighbourhood's sessions. ``events_of`` gives a service's
    events (service_events) if the caller keeps them from one build to the next; ``places`` is
    groups.areas(site.services), if the caller has it already."""
    events_of = events_of or (lambda service: service_events(service, site))
    for group in places if places is not None else groups.areas(site.services):
        if group.slug not in only:
            continue
        events = [events_of(service) for service in group.services]
        for service, lines in zip(group.services, events, strict=True):
            data = _wrap(service.name, lines) if groups.home(service) == group.slug else None
            if data:
                yield urls.service_url(service) + CALENDAR_FILE, data
        data = _wrap(
            f"{group.name}: sessions for families with young children", [e for each in events for e in each]
        )
        if data:
            yield urls.area_url(group.slug) + CALENDAR_FILE, data
