"""Next session dates follow the pattern, the school terms and the days a service is not running."""

import datetime as dt

from sitegen.model import Closure, Session, Term, session_keys
from sitegen.model.schedule import MAX_SKIPPED, months_between, school_year_start, series, upcoming

AUTUMN = Term(
    "Autumn 2026",
    dt.date(2026, 9, 3),
    dt.date(2026, 12, 18),
    breaks=((dt.date(2026, 10, 26), dt.date(2026, 10, 30)),),
)
SPRING = Term("Spring 2027", dt.date(2027, 1, 5), dt.date(2027, 3, 26))
TUESDAY_24_NOV = dt.date(2026, 11, 24)


def session(day="Monday", **kw) -> Session:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return Session(day=day, weekday=days.index(day), start=dt.time(9, 30), end=dt.time(11), **kw)


def dates(sessions, today=TUESDAY_24_NOV, terms=(AUTUMN, SPRING), closures=(), count=5):
    return [o.date for o in upcoming(sessions, terms, closures, today, count)]


def test_weekly_session_runs_every_week_from_today():
    assert dates([session("Tuesday")], count=3) == [
        dt.date(2026, 11, 24),
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 8),
    ]


def test_fortnightly_session_keeps_to_its_weeks():
    fortnightly = session("Thursday", frequency="fortnightly", starting=dt.date(2026, 9, 10))
    assert dates([fortnightly], count=3) == [
        dt.date(2026, 12, 3),
        dt.date(2026, 12, 17),
        dt.date(2026, 12, 31),
    ]


def test_monthly_session_on_the_first_and_the_last_weekday():
    first = session("Wednesday", frequency="monthly", week_of_month="first")
    last = session("Friday", frequency="monthly", week_of_month="last")
    assert dates([first], count=2) == [dt.date(2026, 12, 2), dt.date(2027, 1, 6)]
    assert dates([last], count=2) == [dt.date(2026, 11, 27), dt.date(2026, 12, 25)]


def test_term_time_session_skips_the_holidays_and_half_term():
    term_time = session("Monday", term_time_only=True)
    assert dates([term_time], count=5) == [
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 14),
        dt.date(2027, 1, 11),
        dt.date(2027, 1, 18),
    ]
    in_half_term = dates([term_time], today=dt.date(2026, 10, 24), count=1)
    assert in_half_term == [dt.date(2026, 11, 2)]


def test_term_time_session_beyond_the_known_terms_has_no_guessed_dates():
    term_time = session("Monday", term_time_only=True)
    assert dates([term_time], today=dt.date(2027, 3, 27)) == []


def test_days_off_are_left_out():
    closures = (Closure(dt.date(2026, 12, 1), "Hall booked"),)
    assert dates([session("Tuesday")], closures=closures, count=2) == [
        dt.date(2026, 11, 24),
        dt.date(2026, 12, 8),
    ]


def test_sessions_end_on_their_ending_date_and_start_on_their_starting_date():
    later = session("Tuesday", starting=dt.date(2026, 12, 8), ending=dt.date(2026, 12, 15))
    assert dates([later]) == [dt.date(2026, 12, 8), dt.date(2026, 12, 15)]


def test_several_sessions_are_merged_soonest_first():
    assert dates([session("Thursday"), session("Tuesday")], count=3) == [
        dt.date(2026, 11, 24),
        dt.date(2026, 11, 26),
        dt.date(2026, 12, 1),
    ]


def test_months_between_counts_whole_months():
    assert months_between(dt.date(2025, 9, 25), TUESDAY_24_NOV) == 13
    assert months_between(dt.date(2025, 9, 24), TUESDAY_24_NOV) == 14
    assert months_between(dt.date(2027, 1, 1), TUESDAY_24_NOV) == 0


def test_each_date_keeps_its_own_sessions_times():
    """Two sessions: every dated occurrence shows the times of the session it came from, not the
    last session's (the bug of issue 15: a late-bound loop variable in nested generators)."""
    morning = Session(day="Monday", weekday=0, start=dt.time(9, 30), end=dt.time(11, 30))
    afternoon = Session(day="Thursday", weekday=3, start=dt.time(13, 30), end=dt.time(15))
    found = upcoming([morning, afternoon], (AUTUMN, SPRING), (), TUESDAY_24_NOV, 4)
    assert [(o.date, o.session.start, o.session.end) for o in found] == [
        (dt.date(2026, 11, 26), dt.time(13, 30), dt.time(15)),
        (dt.date(2026, 11, 30), dt.time(9, 30), dt.time(11, 30)),
        (dt.date(2026, 12, 3), dt.time(13, 30), dt.time(15)),
        (dt.date(2026, 12, 7), dt.time(9, 30), dt.time(11, 30)),
    ]


def test_two_sessions_on_one_day_both_listed_in_time_order():
    """Chipping Norton Music Makers: 10am and 11am on Tuesdays; both appear, 10am first."""
    ten = Session(day="Tuesday", weekday=1, start=dt.time(10), end=dt.time(10, 45))
    eleven = Session(day="Tuesday", weekday=1, start=dt.time(11), end=dt.time(11, 45))
    found = upcoming([eleven, ten], (AUTUMN, SPRING), (), TUESDAY_24_NOV, 4)
    assert [(o.date.day, o.session.start.hour) for o in found] == [(24, 10), (24, 11), (1, 10), (1, 11)]


def first_and_skipped(one: Session, today=TUESDAY_24_NOV, closures=frozenset()):
    found = series(one, (AUTUMN, SPRING), frozenset(closures), today)
    return found and (found.first, found.until, found.skipped)


def test_a_series_starts_at_the_start_of_the_school_year_whatever_the_build_date():
    """Dates worked out by hand: the first Monday from 1 September 2026 is the 7th."""
    weekly = session("Monday")
    for today in (dt.date(2026, 9, 1), TUESDAY_24_NOV, dt.date(2027, 3, 1), dt.date(2027, 8, 31)):
        assert first_and_skipped(weekly, today) == (dt.date(2026, 9, 7), None, ())
    assert first_and_skipped(weekly, dt.date(2027, 9, 1))[0] == dt.date(2027, 9, 6)  # a new school year
    assert school_year_start(dt.date(2027, 8, 31)) == dt.date(2026, 9, 1)


def test_a_series_keeps_its_fortnight_and_its_own_first_date():
    fortnightly = session("Thursday", frequency="fortnightly", starting=dt.date(2025, 1, 2))
    # 2 January 2025 + 86 weeks is 27 August 2026; + 88 weeks, 10 September 2026
    assert first_and_skipped(fortnightly)[0] == dt.date(2026, 9, 10)
    later = session("Tuesday", starting=dt.date(2026, 10, 13))
    assert first_and_skipped(later)[0] == dt.date(2026, 10, 13)


def test_a_term_time_series_leaves_out_the_holidays_and_the_days_off():
    term_time = session("Monday", term_time_only=True)
    found = first_and_skipped(term_time, closures={dt.date(2026, 12, 7), dt.date(2026, 12, 8)})
    assert found == (
        dt.date(2026, 9, 7),  # the autumn term starts on Thursday 3 September
        dt.date(2027, 3, 26),  # the end of the last term we hold
        (
            dt.date(2026, 10, 26),  # half term
            dt.date(2026, 12, 7),  # a day off (the 8th is a Tuesday: not one of its days)
            dt.date(2026, 12, 21),  # Christmas holidays
            dt.date(2026, 12, 28),
            dt.date(2027, 1, 4),  # the spring term starts on Tuesday 5 January
        ),
    )


def test_a_series_starts_on_a_day_it_runs_not_a_day_off():
    assert first_and_skipped(session("Monday"), closures={dt.date(2026, 9, 7)})[0] == dt.date(2026, 9, 14)


def test_a_session_with_no_date_to_come_has_no_series():
    ended = session("Monday", ending=dt.date(2026, 11, 1))
    assert first_and_skipped(ended) is None


def test_sessions_alike_in_day_frequency_and_start_are_told_apart_by_their_order_in_the_record():
    monthly = session("Friday", frequency="monthly", week_of_month="last")
    assert session_keys([session("Monday"), monthly, session("Monday"), session("Monday")]) == (
        "monday-weekly-0930",
        "friday-monthly-last-0930",
        "monday-weekly-0930-2",
        "monday-weekly-0930-3",
    )


def test_a_series_lists_at_most_max_skipped_dates_and_ends_before_the_first_it_cannot_list():
    """Sixty one-day terms four weeks apart: a Monday session has three holiday Mondays between
    each two, 177 in all. The series lists 150 and ends the day before the 151st, so that every
    date its rule gives up to then is a day it really runs: checked against a plain walk."""
    mondays = [dt.date(2026, 11, 30) + dt.timedelta(weeks=4 * n) for n in range(60)]
    terms = tuple(Term(f"Day {n}", day, day) for n, day in enumerate(mondays))
    found = series(session("Monday", term_time_only=True), terms, frozenset(), TUESDAY_24_NOV)
    assert found is not None and len(found.skipped) == MAX_SKIPPED == 150
    weeks = [found.first + dt.timedelta(weeks=n) for n in range((mondays[-1] - found.first).days // 7 + 1)]
    holidays = [day for day in weeks if day not in mondays]
    assert len(holidays) == 177
    assert found.skipped == tuple(holidays[:150])
    assert found.until == holidays[150] - dt.timedelta(days=1)
    ran = [day for day in weeks if day <= found.until and day not in found.skipped]
    assert ran and all(day in mondays for day in ran)


def test_a_last_friday_session_with_a_day_off_on_the_last_day_there_is():
    """31 December 9999 is a Friday, the last Friday of its month: once the build crashed here,
    looking a week past the last date Python knows."""
    last_friday = session("Friday", frequency="monthly", week_of_month="last")
    found = series(last_friday, (AUTUMN, SPRING), frozenset({dt.date(9999, 12, 31)}), TUESDAY_24_NOV)
    assert found is not None and found.skipped == (dt.date(9999, 12, 31),)
    assert dates([last_friday], count=2) == [dt.date(2026, 11, 27), dt.date(2026, 12, 25)]
