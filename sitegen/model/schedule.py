"""When sessions really happen: weekly, fortnightly and monthly patterns, term dates and days off."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import heapq
import itertools
from collections.abc import Iterable, Iterator

from sitegen.model import Closure, Occurrence, Series, Session, Term

WEEKS_OF_MONTH = {"first": 0, "second": 1, "third": 2, "fourth": 3}
HORIZON = dt.timedelta(weeks=26)  # schedule.js's HORIZON_DAYS
# At most this many dates left out of one series (a calendar event's EXDATEs, the structured data's
# exceptDate). A weekly term-time session from the start of this school year to the five years
# ahead that term dates may reach (config.TERM_YEARS_AHEAD) has about 80 holiday weeks (13 a
# year), and its record at most 60 days off. A series with more ends earlier: on the day before the
# first date it could not list.
MAX_SKIPPED = 150
FREQUENCY_CODES = {"weekly": 0, "fortnightly": 1, "monthly": 2}
WEEK_CODES = ("first", "second", "third", "fourth", "last")
# RFC 5545 words for the patterns, which the calendars and the Open Referral UK export both write
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
RRULE_MONTH_WEEK = {"first": "1", "second": "2", "third": "3", "fourth": "4", "last": "-1"}


@functools.lru_cache(maxsize=8192)
def one_copy(day: dt.date) -> dt.date:
    """``day``, or an equal date met before: every service's next sessions and series fall on the
    same few hundred days, and one object for each day, shared by all, keeps a big directory's
    modelled records smaller in memory (at 10,000 records they held 15 dates each, 470 bytes) and
    in their pickles (the processes that model records send them back pickled; pickle writes an
    object met before in the same pickle as a reference)."""
    return day


def runs_on(session: Session, day: dt.date, terms: tuple[Term, ...]) -> bool:
    """True if the session's pattern puts it on this day (ignoring one-off days off)."""
    return on_pattern(session, day) and not (session.term_time_only and day not in term_days(terms))


def on_pattern(session: Session, day: dt.date) -> bool:
    """True if the session's day, frequency and first and last dates put it on this day, in term
    time or not."""
    if day.weekday() != session.weekday:
        return False
    if session.starting and day < session.starting:
        return False
    if session.ending and day > session.ending:
        return False
    if session.frequency == "fortnightly":
        anchor = session.starting or day
        if (day - anchor).days % 14:
            return False
    elif session.frequency == "monthly":
        week = session.week_of_month or "first"
        if week == "last":  # in the month's last seven days (worked out so that 9999-12-31 is a day too)
            if day.day <= calendar.monthrange(day.year, day.month)[1] - 7:
                return False
        elif (day.day - 1) // 7 != WEEKS_OF_MONTH[week]:
            return False
    return True


@functools.lru_cache(maxsize=8)  # keyed by the terms' value; 'sitegen serve' reads them anew each rebuild
def term_days(terms: tuple[Term, ...]) -> frozenset[dt.date]:
    """Every date inside a term and outside its breaks, worked out once for each set of terms
    (a build asks for every session on every week it might run)."""
    return frozenset(
        day
        for term in terms
        for day in (term.starts + dt.timedelta(days=n) for n in range((term.ends - term.starts).days + 1))
        if term.includes(day)
    )


def dates_known_until(session: Session, terms: tuple[Term, ...], today: dt.date) -> dt.date:
    """How far ahead we can honestly say when a session runs.

    A term-time session is known only as far as the term dates go: past the last term we hold,
    we cannot say, so we list nothing rather than guess.
    """
    limit = today + HORIZON
    if session.term_time_only:
        last = max((term.ends for term in terms), default=today - dt.timedelta(days=1))
        limit = min(limit, last)
    if session.ending:
        limit = min(limit, session.ending)
    return limit


def session_dates(session: Session, terms: tuple[Term, ...], today: dt.date) -> Iterator[dt.date]:
    """Every date from today on that the session's pattern gives, up to what can be known."""
    until = dates_known_until(session, terms, today)
    first = today + dt.timedelta(days=(session.weekday - today.weekday()) % 7)
    day = first
    while day <= until:
        if runs_on(session, day, terms):
            yield day
        day += dt.timedelta(days=7)


def upcoming(
    sessions: Iterable[Session],
    terms: tuple[Term, ...],
    not_running: Iterable[Closure],
    today: dt.date,
    count: int = 5,
) -> tuple[Occurrence, ...]:
    """The next ``count`` dated sessions from today, days off left out, soonest first."""
    off = frozenset(closure.date for closure in not_running)
    each = [_dated(session, order, terms, off, today) for order, session in enumerate(sessions)]
    # each session's dates come in order, so merging them and stopping at ``count`` is enough
    soonest = itertools.islice(heapq.merge(*each), count)
    return tuple(Occurrence(one_copy(day), session) for day, _, _, _, session in soonest)


def _dated(
    session: Session, order: int, terms: tuple[Term, ...], off: frozenset[dt.date], today: dt.date
) -> Iterator[tuple[dt.date, dt.time, dt.time, int, Session]]:
    """One session's dates from today as sortable rows: by day, then start, end and record order.

    A function of its own, not a generator expression inside another: an inner expression reads
    the outer loop's variable when it is consumed, not when it is made, and heapq.merge consumes
    every generator only after the outer loop has finished, so every date took the last
    session's times (issue 15).
    """
    for day in session_dates(session, terms, today):
        if day not in off:
            yield day, session.start, session.end, order, session


def school_year_start(today: dt.date) -> dt.date:
    """1 September of the school year a date is in: the anchor repeating series start from."""
    return dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def all_series(
    sessions: tuple[Session, ...], terms: tuple[Term, ...], not_running: Iterable[Closure], today: dt.date
) -> tuple[Series, ...]:
    """Each session that has a date to come, as a repeating series (see ``Series``)."""
    off = frozenset(closure.date for closure in not_running)
    found = (series(session, terms, off, today) for session in sessions)
    return tuple(each for each in found if each is not None)


def series(
    session: Session, terms: tuple[Term, ...], off: frozenset[dt.date], today: dt.date
) -> Series | None:
    """One session as a repeating series whose first date moves only when the school year does
    (or the record or term dates change), or None if it has no date to come."""
    if next(session_dates(session, terms, today), None) is None:
        return None
    limit = dates_known_until(session, terms, today)
    since = school_year_start(today)
    if session.starting:
        since = max(since, session.starting)
    if session.term_time_only:  # before the first term we hold, we cannot say
        since = max(since, min(term.starts for term in terms))
    first = since + dt.timedelta(days=(session.weekday - since.weekday()) % 7)
    while not runs_on(session, first, terms) or first in off:
        first += dt.timedelta(days=7)
        if first > limit:  # every date it would run on, as far as we know, is a day off
            return None
    until = session.ending
    if session.term_time_only:  # known only as far as the term dates go
        last_term = max(term.ends for term in terms)
        until = min(until, last_term) if until else last_term
    skipped = {
        day for day in off if day >= first and (until is None or day <= until) and on_pattern(session, day)
    }
    if session.term_time_only and until:  # the term dates end within a few years (config.py)
        in_term = term_days(terms)
        for weeks in range((until - first).days // 7 + 1):
            day = first + dt.timedelta(weeks=weeks)
            if day not in in_term and on_pattern(session, day):
                skipped.add(day)
    listed = sorted(skipped)
    if len(listed) > MAX_SKIPPED:
        until, listed = listed[MAX_SKIPPED] - dt.timedelta(days=1), listed[:MAX_SKIPPED]
    return Series(session, one_copy(first), until and one_copy(until), tuple(one_copy(day) for day in listed))


def upcoming_closures(not_running: Iterable[Closure], today: dt.date) -> tuple[Closure, ...]:
    """Days off from today on, soonest first."""
    return tuple(sorted((c for c in not_running if c.date >= today), key=lambda c: c.date))


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from one date to another (0 if the first is later)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


# --- The same facts for schedule.js, the browser's twin of this module ------------------------


def browser_session(session: Session) -> list:
    """[weekday 0-6, start minutes, end minutes, frequency code, week of month code, term time 1/0,
    starting, ending]: a session as schedule.js reads it."""
    return [
        session.weekday,
        session.start.hour * 60 + session.start.minute,
        session.end.hour * 60 + session.end.minute,
        FREQUENCY_CODES[session.frequency],
        WEEK_CODES.index(session.week_of_month) if session.week_of_month else 0,
        1 if session.term_time_only else 0,
        session.starting.isoformat() if session.starting else None,
        session.ending.isoformat() if session.ending else None,
    ]


def browser_terms(terms: tuple[Term, ...]) -> list:
    """[[starts, ends, [[break starts, break ends], ...]], ...] as ISO dates, for schedule.js."""
    return [
        [t.starts.isoformat(), t.ends.isoformat(), [[a.isoformat(), b.isoformat()] for a, b in t.breaks]]
        for t in terms
    ]


def browser_schedule(
    sessions: tuple[Session, ...], closures: Iterable[Closure], terms: tuple[Term, ...], today: dt.date
) -> dict:
    """What a service page's script needs to work its next sessions out again on the day it is read:
    the sessions, the days off to come, the terms (only if a session keeps to them) and the build
    date, which the page shows beside its dates when it is more than a few days old."""
    return {
        "built": today.isoformat(),
        "sessions": [browser_session(s) for s in sessions],
        "off": [c.date.isoformat() for c in closures],
        "terms": browser_terms(terms) if any(s.term_time_only for s in sessions) else [],
    }
