"""An answer to "when are this record's next sessions?" that owes nothing to sitegen.

The record and the term dates are read with plain PyYAML (``yaml.safe_load``: YAML 1.1, so an
unquoted 09:30 arrives as the sexagesimal number 570, which is conveniently minutes), and each
session's pattern is expanded by dateutil's RFC 5545 ``rrule``: weekly, every other week from
the ``starting`` date, or the nth (or last) weekday of the month. The rules are the record
format's, as docs/record-format.md states them: dates from today up to six months ahead (26
weeks), term-time sessions only inside a term and outside its breaks and never past the last
known term, nothing on a ``not_running`` date, nothing before ``starting`` or after ``ending``.
Tests compare what the site says (its pages, calendars, data files and the browser's script)
with this.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from dateutil import rrule

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
RRULE_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
WEEK_OF_MONTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
HORIZON_DAYS = 26 * 7
MONTHS = ("January February March April May June July August September October November December").split()  # noqa: SIM905


class Dated(NamedTuple):
    """One dated session as a family would write it on the fridge."""

    date: dt.date
    start: int  # minutes after midnight, UK time
    end: int


class TermDates(NamedTuple):
    starts: dt.date
    ends: dt.date
    breaks: tuple[tuple[dt.date, dt.date], ...]


def read_record(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read_terms(path: Path) -> tuple[TermDates, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(
        TermDates(t["starts"], t["ends"], tuple((b["starts"], b["ends"]) for b in t.get("breaks") or ()))
        for t in data.get("terms") or ()
    )


def minutes(value: Any) -> int:
    """09:30 unquoted (570, YAML 1.1's base 60), "09:30" or "9.30" quoted: minutes after midnight."""
    if isinstance(value, int):
        return value
    hours, _, mins = str(value).replace(".", ":").partition(":")
    return int(hours) * 60 + int(mins or 0)


def yes(value: Any) -> bool:
    return value is True or str(value).lower() in ("yes", "true")


def in_term(day: dt.date, terms: tuple[TermDates, ...]) -> bool:
    return any(t.starts <= day <= t.ends and not any(a <= day <= b for a, b in t.breaks) for t in terms)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def session_dates(session: dict, terms: tuple[TermDates, ...], today: dt.date) -> list[dt.date]:
    """Every date of one session from today up to what can be known, by rrule."""
    weekday = RRULE_DAYS[DAYS.index(str(session["day"]).strip().capitalize())]
    starting, ending = session.get("starting"), session.get("ending")
    term_time = yes(session.get("term_time_only", False))
    until = today + dt.timedelta(days=HORIZON_DAYS)
    if term_time:
        until = min(until, max((t.ends for t in terms), default=today - dt.timedelta(days=1)))
    if ending:
        until = min(until, ending)
    if until < today:
        return []
    frequency = session.get("frequency") or "weekly"
    if frequency == "fortnightly":  # every other week counted from the starting date
        rule = rrule.rrule(rrule.WEEKLY, interval=2, byweekday=weekday, dtstart=_midnight(starting))
    elif frequency == "monthly":
        nth = WEEK_OF_MONTH[session["week_of_month"]]
        rule = rrule.rrule(rrule.MONTHLY, byweekday=weekday(nth), dtstart=_midnight(starting or today))
    else:
        rule = rrule.rrule(rrule.WEEKLY, byweekday=weekday, dtstart=_midnight(starting or today))
    found = rule.between(_midnight(max(today, starting or today)), _midnight(until), inc=True)
    return [d.date() for d in found if not term_time or in_term(d.date(), terms)]


def next_sessions(
    record: dict, terms: tuple[TermDates, ...], today: dt.date, count: int = 5, now_minutes: int = 0
) -> list[Dated]:
    """The next ``count`` sessions a running service holds from ``today`` (and, on today, from
    ``now_minutes``: a session that has ended is gone), soonest first; two on one day by start time,
    then end time, then their order in the record."""
    if (record.get("status") or "running") != "running":
        return []
    off = {entry["date"] for entry in record.get("not_running") or ()}
    rows = []
    for order, session in enumerate(record.get("sessions") or ()):
        start, end = minutes(session["start"]), minutes(session["end"])
        for day in session_dates(session, terms, today):
            if day in off or (day == today and end <= now_minutes):
                continue
            rows.append((day, start, end, order))
    rows.sort()
    return [Dated(day, start, end) for day, start, end, _ in rows[:count]]


def clock(mins: int) -> str:
    """GOV.UK style, worked out by hand: 9am, 9:30am, midday, 1:15pm."""
    hour, minute = divmod(mins, 60)
    if (hour, minute) == (12, 0):
        return "midday"
    if (hour, minute) == (0, 0):
        return "midnight"
    text = str(hour % 12 or 12) + (f":{minute:02d}" if minute else "")
    return text + ("am" if hour < 12 else "pm")


def times(start: int, end: int) -> str:
    return f"{clock(start)} to {clock(end)}"


def long_date(day: dt.date) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"
