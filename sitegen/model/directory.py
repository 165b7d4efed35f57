"""The directory as plain, frozen data: services, their sessions and venues, guidance pages, the site.

Templates read these objects and nothing else. Everything a page shows is worked out before
rendering (next session dates, how long ago a record was reviewed, labels in plain English),
so templates only lay it out.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from sitegen.model import issue_forms
from sitegen.model.percent import query
from sitegen.problems import Problem

Class = TypeVar("Class", bound=type)


def pickled_as_fields(cls: Class) -> Class:
    """A frozen dataclass that pickles as its class and its fields' values in order, and comes
    back by calling the class with them. Modelled records travel this way from the process that
    modelled them and into the cache of modelled records: dataclasses' own pickling of a class
    with slots looks its fields up and sets them one by one in a Python loop, and took about
    twice as long both ways (1,000 records: 55 ms to pickle, 35 ms to unpickle, against 34 and
    19 ms). tests/test_fast_paths.py checks that records come back equal to themselves."""
    names = tuple(f.name for f in fields(cls))
    values = operator.attrgetter(*names)

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, (values(self),) if len(names) == 1 else values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


WEEKDAY_PLURALS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


@functools.lru_cache(maxsize=4096)  # areas and types repeat: every list, calendar and page asks
def slugify(text: str) -> str:
    """``"Dads' group"`` -> ``dads-group``: lowercase letters, digits and single hyphens."""
    kept = "".join(c if c.isascii() and c.isalnum() else " " for c in text.lower().replace("'", ""))
    return "-".join(kept.split())


MAX_SLUG = 60  # characters of a record's file name, before '.yml'


def record_file_slug(title: str) -> str:
    """A record's file name from its title: 'Little Acorns Stay & Play!' -> 'little-acorns-stay-and-play',
    at most MAX_SLUG characters, cut at a hyphen; '' if the title has no letters or digits."""
    slug = slugify(title.replace("&", " and "))
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug


def format_time(value: dt.time) -> str:
    """GOV.UK style: 9am, 9:30am, midday, 1:15pm."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def format_date(value: dt.date, weekday: bool = True) -> str:
    """GOV.UK style: Monday 7 September 2026 (or 7 September 2026)."""
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if weekday else text


def format_months(months: int) -> str:
    if months == 0:
        return "birth"
    if months % 12 == 0:
        years = months // 12
        return f"{years} year" + ("s" if years != 1 else "")
    return f"{months} months" if months != 1 else "1 month"


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Term:
    name: str
    starts: dt.date
    ends: dt.date
    breaks: tuple[tuple[dt.date, dt.date], ...] = ()

    def includes(self, day: dt.date) -> bool:
        return self.starts <= day <= self.ends and not any(a <= day <= b for a, b in self.breaks)


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Session:
    day: str
    weekday: int
    start: dt.time
    end: dt.time
    frequency: str = "weekly"
    week_of_month: str | None = None
    term_time_only: bool = False
    starting: dt.date | None = None
    ending: dt.date | None = None
    notes: str | None = None
    key: str = ""  # unique within its service: see session_keys

    @property
    def times(self) -> str:
        return f"{format_time(self.start)} to {format_time(self.end)}"

    @property
    def pattern(self) -> str:
        """How often, in words: 'Every Monday', 'Every other Tuesday', 'First Friday of the month'."""
        if self.frequency == "fortnightly":
            text = f"Every other {self.day}"
        elif self.frequency == "monthly":
            text = f"{(self.week_of_month or 'first').capitalize()} {self.day} of the month"
        else:
            text = f"Every {self.day}"
        return text + (", term time only" if self.term_time_only else "")

    @property
    def pattern_key(self) -> str:
        """The session's day, frequency, week of the month and start time, in a form that can go in
        an address: 'monday-weekly-0930', 'friday-monthly-last-1000'."""
        week = f"-{self.week_of_month or 'first'}" if self.frequency == "monthly" else ""
        return f"{self.day.lower()}-{self.frequency}{week}-{self.start:%H%M}"


def session_keys(sessions: Sequence[Session]) -> tuple[str, ...]:
    """A key for each of a record's sessions, in the order the record lists them, that tells it
    from the others: its ``pattern_key``, and for a second session with the same one '-2', a
    third '-3'. Adding, removing or reordering other sessions leaves a key as it is (unless they
    are alike in all four, when their order in the record tells them apart); changing the
    session's day, frequency, week of the month or start time changes it."""
    seen: dict[str, int] = {}
    keys = []
    for session in sessions:
        seen[session.pattern_key] = seen.get(session.pattern_key, 0) + 1
        count = seen[session.pattern_key]
        # interned: one string for each key, shared by every record with such a session
        keys.append(sys.intern(session.pattern_key + (f"-{count}" if count > 1 else "")))
    return tuple(keys)


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Closure:
    date: dt.date
    reason: str | None = None

    @property
    def label(self) -> str:
        text = format_date(self.date)
        return f"{text}: {self.reason}" if self.reason else text


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated session: what a family would turn up to."""

    date: dt.date
    session: Session

    @property
    def label(self) -> str:
        return f"{format_date(self.date)}, {self.session.times}"


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Series:
    """One session as a repeating series whose dates stay put from one build to the next: what the
    calendar files and the structured data describe.

    ``first`` is the first date the session really runs from its anchor: the start of the school
    year the build date is in (1 September), or the session's own first date, or the first term
    we hold dates for, whichever is latest. ``until`` is as far as its dates are known (its last
    date, or for a term-time session the end of the last term we hold). ``skipped`` are the days
    between the two that its pattern gives but it does not run: term holidays and days off, at most
    ``schedule.MAX_SKIPPED`` of them (``until`` comes earlier if there would be more).
    """

    session: Session
    first: dt.date
    until: dt.date | None
    skipped: tuple[dt.date, ...]


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Venue:
    name: str
    address: str
    town: str
    area: str
    postcode: str
    latitude: float | None = None
    longitude: float | None = None
    step_free: bool | None = None
    parking: bool | None = None
    baby_change: bool | None = None
    buggy_storage: bool | None = None
    accessible_toilet: bool | None = None
    access_notes: str | None = None

    @property
    def area_slug(self) -> str:
        return slugify(self.area)

    @property
    def postcode_district(self) -> str:
        return self.postcode.split(" ")[0]

    @property
    def one_line(self) -> str:
        parts = [self.name, self.address, self.town, self.postcode]
        return ", ".join(p for p in parts if p)

    @property
    def facilities(self) -> tuple[tuple[str, bool], ...]:
        """What we know about the venue, as (label, yes or no), leaving out what we don't."""
        known = (
            ("Step-free access", self.step_free),
            ("Accessible toilet", self.accessible_toilet),
            ("Baby changing", self.baby_change),
            ("Buggy storage", self.buggy_storage),
            ("Parking", self.parking),
        )
        return tuple((label, value) for label, value in known if value is not None)

    @property
    def map_url(self) -> str | None:
        if self.latitude is None or self.longitude is None:
            return None
        lat, lon = f"{self.latitude:.5f}", f"{self.longitude:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Cost:
    pence: int
    per: str | None = None
    covers: str | None = None
    help_with_cost: str | None = None

    @property
    def is_free(self) -> bool:
        return self.pence == 0

    @property
    def label(self) -> str:
        if self.is_free:
            return "Free"
        pounds, pence = divmod(self.pence, 100)
        amount = f"£{pounds}" if pence == 0 else f"£{pounds}.{pence:02d}"
        return f"{amount} per {self.per}" if self.per else amount


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Provider:
    organisation: str
    kind: str
    website: str | None = None


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Ages:
    from_months: int
    to_months: int
    note: str | None = None

    @property
    def label(self) -> str:
        if self.from_months == 0:
            return f"Birth to {format_months(self.to_months)}"
        return f"{format_months(self.from_months)} to {format_months(self.to_months)}".capitalize()


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Contact:
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None

    @property
    def phone_link(self) -> str | None:
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+") if self.phone else None

    @property
    def is_empty(self) -> bool:
        return not (self.phone or self.email or self.website)


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Booking:
    required: bool
    how: str | None = None


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class ServiceType:
    name: str

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def label(self) -> str:
        return self.name[0].upper() + self.name[1:]


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Service:
    slug: str
    source: str  # the record's path from the project root, for "suggest a change" links
    name: str
    summary: str
    description_html: str
    types: tuple[ServiceType, ...]
    provider: Provider
    ages: Ages
    sessions: tuple[Session, ...]
    not_running: tuple[Closure, ...]
    venue: Venue
    cost: Cost
    booking: Booking
    contact: Contact
    last_reviewed: dt.date
    status: str = "running"
    status_note: str | None = None
    status_since: dt.date | None = None
    feeding_friendly: bool | None = None
    siblings_welcome: bool | None = None
    languages: tuple[str, ...] = ()
    funding: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    # Who looks after the record ("@username" or an email), for the review reminders only: no page,
    # export or reminder issue shows them (volunteers' emails are not for publishing).
    maintainers: tuple[str, ...] = ()
    # Worked out from the build date:
    upcoming: tuple[Occurrence, ...] = ()
    upcoming_closures: tuple[Closure, ...] = ()
    series: tuple[Series, ...] = ()  # the sessions with a date to come, as repeating series
    reviewed_months_ago: int = 0
    is_stale: bool = False
    description: str = ""  # the Markdown the record holds, for exports that carry it as written
    # Values still to replace (placeholders), in order: only a preview shows such a service.
    unfinished: tuple[Problem, ...] = ()

    @property
    def weekdays(self) -> tuple[str, ...]:
        days = sorted({s.weekday for s in self.sessions})
        return tuple(WEEKDAY_NAMES[d] for d in days)

    @property
    def is_running(self) -> bool:
        return self.status == "running"

    @property
    def when(self) -> str:
        """A one-line summary of the timetable for lists: 'Mondays 9:30am to 11:30am; ...'."""
        if not self.sessions:
            return "By appointment"
        parts = []
        for session in self.sessions[:3]:
            day = WEEKDAY_PLURALS[session.weekday] if session.frequency == "weekly" else session.pattern
            parts.append(f"{day} {session.times}")
        more = len(self.sessions) - 3
        return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Page:
    """A guidance page for community groups."""

    slug: str
    source: str
    title: str
    summary: str
    order: int
    last_reviewed: dt.date
    html: str
    headings: tuple[Heading, ...] = ()
    kind: str = "guide"
    reviewed_months_ago: int = 0
    is_stale: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    """A town, village or neighbourhood of the county, from the places table: where it is, and
    the town it is part of if it is a neighbourhood ('' if not)."""

    name: str
    latitude: float
    longitude: float
    town: str = ""


@dataclass(frozen=True, slots=True)
class Coordinator:
    name: str
    area: str | None = None
    email: str | None = None
    phone: str | None = None

    @property
    def phone_link(self) -> str | None:
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+") if self.phone else None


@dataclass(frozen=True, slots=True)
class AccessibilityStatement:
    """What site.yml says for the accessibility statement; the page adds how sitegen tests."""

    prepared: dt.date
    compliance: str  # fully, partially or not
    reviewed: dt.date | None = None
    problems: tuple[str, ...] = ()
    tested: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    response_days: int = 10


NEUTRAL_SITE = "https://www.bbc.co.uk/weather"
OGL = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    council: str
    base_url: str
    repository: str
    coordinators: tuple[Coordinator, ...]
    county: str | None = None
    language: str = "en-GB"
    description: str = ""
    sample_data: bool = False
    branch: str = "main"
    contact_email: str | None = None
    term_dates: str | None = None
    postcode_districts: str | None = None
    synonyms: str | None = None
    places: str | None = None
    theme: str | None = None
    stale_after_months: int = 12
    accessibility: AccessibilityStatement | None = None
    quick_exit: bool = False
    show_freshness: bool = False  # the home page shows the share of listings reviewed recently
    quick_exit_url: str = NEUTRAL_SITE
    data_licence: str = OGL
    data_licence_url: str = OGL_URL
    # the Open Referral UK feed: the copies at services.json and services/<id>.json; which folder
    # index files (index.json for GitHub Pages, index.htm for servers that look for it)
    openreferral_json_copies: bool = True
    openreferral_index_files: tuple[str, ...] = ("index.json", "index.htm")

    @property
    def base_path(self) -> str:
        """The path part of the base URL, always with slashes at both ends: '/children-services/'."""
        rest = self.base_url.split("://", 1)[-1]
        path = rest[rest.find("/") :] if "/" in rest else "/"
        return path if path.endswith("/") else path + "/"

    def issue_url(self, title: str, body: str) -> str:
        """A new issue in the repository with its title and text filled in."""
        return f"{self.repository.rstrip('/')}/issues/new?" + query({"title": title, "body": body})

    def update_url(self, service: Service) -> str:
        """'Suggest a change': the 'update a service' form, filled in with what the record says now."""
        return issue_forms.update_url(self.repository, service)

    def still_correct_url(self, service: Service) -> str:
        """'Still correct?': the form that, once submitted, moves only the record's last_reviewed."""
        return issue_forms.still_correct_url(self.repository, service)

    def edit_url(self, source: str) -> str:
        return f"{self.repository.rstrip('/')}/edit/{self.branch}/{source}"

    def view_url(self, source: str) -> str:
        return f"{self.repository.rstrip('/')}/blob/{self.branch}/{source}"


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    services: tuple[Service, ...]
    pages: tuple[Page, ...]
    terms: tuple[Term, ...]
    today: dt.date
    districts: dict[str, tuple[float, float]] = field(default_factory=dict)
    synonyms: tuple[tuple[str, ...], ...] = ()  # groups of phrases that mean the same to a search
    places: tuple[Place, ...] = ()
