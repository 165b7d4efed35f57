"""A family reads a service page, or a search result, days after the site was built: in real
Chromium, with its clock set, the next sessions are the record's own for that moment, UK time,
whatever time zone the phone is set to; without JavaScript the build's list says when it was made."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests import schedule_oracle as oracle
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent
UK = ZoneInfo("Europe/London")
BANBURY = "banbury-children-and-family-centre-stay-and-play"
CHIPPING_NORTON = "chipping-norton-music-makers"


def _open(browser, url: str, moment: dt.datetime, timezone: str = "Europe/London", script: bool = True):
    context = browser.new_context(
        timezone_id=timezone, java_script_enabled=script, viewport={"width": 360, "height": 800}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if script:
        page.clock.set_fixed_time(moment)
    page.goto(url)
    return context, page, errors


def _listed(page) -> list[str]:
    return [text.strip() for text in page.locator(".sg-next-sessions__list li").all_inner_texts()]


def _expected(slug: str, moment: dt.datetime) -> list[str]:
    uk = moment.astimezone(UK)
    record = oracle.read_record(ROOT / f"content/services/{slug}.yml")
    terms = oracle.read_terms(ROOT / "term-dates.yml")
    found = oracle.next_sessions(record, terms, uk.date(), 5, uk.hour * 60 + uk.minute)
    return [
        ("Today, " if d.date == uk.date() else "")
        + f"{oracle.long_date(d.date)}, {oracle.times(d.start, d.end)}"
        for d in found
    ]


@pytest.mark.parametrize(
    ("slug", "moment", "timezone", "first"),
    [
        # Thursday 3 December, 2pm: the 1:30pm session is still on, so it comes first, as today's
        (
            BANBURY,
            dt.datetime(2026, 12, 3, 14, 0, tzinfo=UK),
            "Europe/London",
            "Today, Thursday 3 December 2026, 1:30pm to 3pm",
        ),
        # 3:05pm: it has ended, so the next is Monday's morning session
        (
            BANBURY,
            dt.datetime(2026, 12, 3, 15, 5, tzinfo=UK),
            "Europe/London",
            "Monday 7 December 2026, 9:30am to 11:30am",
        ),
        # midday UK time on a phone set to New Zealand time, where it is already Friday: UK time counts
        (
            BANBURY,
            dt.datetime(2026, 12, 3, 12, 0, tzinfo=UK),
            "Pacific/Auckland",
            "Today, Thursday 3 December 2026, 1:30pm to 3pm",
        ),
        # Tuesday 8 December, 10:50am: the 10am session has ended, the 11am one is today's
        (
            CHIPPING_NORTON,
            dt.datetime(2026, 12, 8, 10, 50, tzinfo=UK),
            "Europe/London",
            "Today, Tuesday 8 December 2026, 11am to 11:45am",
        ),
    ],
)
def test_page_read_days_later_lists_the_records_sessions_from_that_moment(
    browser, bundled_site, slug, moment, timezone, first
):
    _, url = bundled_site
    context, page, errors = _open(browser, f"{url}services/{slug}/", moment, timezone)
    try:
        page.wait_for_selector('[data-module="sg-next-sessions"][data-ready="yes"]')
        listed = _listed(page)
        assert listed[0] == first
        assert listed == _expected(slug, moment)
        days_old = (moment.astimezone(UK).date() - TODAY).days
        note = page.locator(".sg-next-sessions__note").inner_text()
        assert f"last updated on Tuesday 24 November 2026, {days_old} days ago" in note
        assert errors == []
    finally:
        context.close()


def test_page_read_on_the_day_it_was_built_says_worked_out_for_today(browser, bundled_site):
    _, url = bundled_site
    moment = dt.datetime(2026, 11, 24, 8, 0, tzinfo=UK)
    context, page, _ = _open(browser, f"{url}services/{BANBURY}/", moment)
    try:
        page.wait_for_selector('[data-module="sg-next-sessions"][data-ready="yes"]')
        assert (
            page.locator(".sg-next-sessions__note").inner_text()
            == "Worked out for today, Tuesday 24 November 2026."
        )
        assert _listed(page) == _expected(BANBURY, moment)
    finally:
        context.close()


def test_without_javascript_the_builds_list_stays_and_says_when_it_was_worked_out(browser, bundled_site):
    _, url = bundled_site
    context, page, _ = _open(
        browser, f"{url}services/{BANBURY}/", dt.datetime(2026, 12, 3, 15, 5, tzinfo=UK), script=False
    )
    try:
        assert _listed(page) == [
            line.removeprefix("Today, ")
            for line in _expected(BANBURY, dt.datetime(2026, 11, 24, 0, 0, tzinfo=UK))
        ]
        assert (
            "Worked out on Tuesday 24 November 2026" in page.locator(".sg-next-sessions__note").inner_text()
        )
    finally:
        context.close()


def test_search_result_next_session_is_worked_out_at_the_moment_of_reading(browser, bundled_site):
    _, url = bundled_site
    moment = dt.datetime(2026, 12, 3, 15, 5, tzinfo=UK)
    context, page, errors = _open(browser, f"{url}search/?q=Banbury+Children+and+Family+Centre", moment)
    try:
        card = page.locator(".sg-card", has=page.locator(f'a[href$="services/{BANBURY}/"]'))
        card.wait_for()
        line = card.locator(".sg-card__fact", has_text="Next session").locator("dd").inner_text()
        assert line == "Monday 7 December, 9:30am to 11:30am"
        assert errors == []
    finally:
        context.close()


def test_shortlist_next_session_is_worked_out_at_the_moment_of_reading(browser, bundled_site):
    _, url = bundled_site
    moment = dt.datetime(2026, 12, 8, 10, 50, tzinfo=UK)
    context, page, errors = _open(browser, f"{url}shortlist/?ids={BANBURY},{CHIPPING_NORTON}", moment)
    try:
        lines = {}
        for slug in (BANBURY, CHIPPING_NORTON):
            card = page.locator(".sg-card", has=page.locator(f'a[href$="services/{slug}/"]'))
            card.wait_for()
            lines[slug] = card.locator(".sg-card__fact", has_text="Next session").locator("dd").inner_text()
        assert lines == {
            BANBURY: "Thursday 10 December, 1:30pm to 3pm",  # Monday 7th has passed, no Tuesday session
            CHIPPING_NORTON: "Today, 11am to 11:45am",  # the 10am session ended at 10:45
        }
        assert errors == []
    finally:
        context.close()
