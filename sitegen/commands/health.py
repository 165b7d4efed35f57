"""The site health report behind 'sitegen check': what is valid but going wrong.

Stale data is the way directories die. Each finding is a warning Problem that names the file and
the line to look at, so the same reports (text, GitHub annotations, JSON) serve it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from sitegen.commands import links
from sitegen.model import Site, schedule, urls
from sitegen.model.review_share import ReviewShare
from sitegen.problems import Problem

PAUSED_MONTHS = 6  # a pause longer than this needs a decision: back, or closed
CLOSED_MONTHS = 3  # long enough for families to have seen the notice; then remove the record


@dataclass(frozen=True)
class Limits:
    stale_months: int
    paused_months: int = PAUSED_MONTHS
    closed_months: int = CLOSED_MONTHS


def line_of(text: str, dotted: str) -> tuple[int, str]:
    """The line number and text of a field such as 'venue.latitude' (the parent's if it is missing)."""
    lines = text.splitlines()
    parts = dotted.split(".")
    start, found = 0, (1, lines[0] if lines else "")
    for depth, part in enumerate(parts):
        pattern = re.compile(rf"^\s{{{2 * depth}}}{re.escape(part)}\s*:")
        for number in range(start, len(lines)):
            if pattern.match(lines[number]):
                start, found = number + 1, (number + 1, lines[number])
                break
        else:
            break
    return found


def _warning(sources: dict[str, str], file: str, field: str, message: str, hint: str) -> Problem:
    line, source_line = line_of(sources.get(file, ""), field)
    return Problem(file, line, 1, field, message, hint, source_line, severity="warning")


def _months(months: int) -> str:
    return f"{months} month" + ("s" if months != 1 else "")


def findings(site: Site, sources: dict[str, str], today: dt.date, limits: Limits) -> list[Problem]:
    """Every warning about the content, without building. ``sources`` maps file -> its text."""
    found: list[Problem] = []
    for s in site.services:
        ago = schedule.months_between(s.last_reviewed, today)
        if ago >= limits.stale_months:
            found.append(
                _warning(
                    sources,
                    s.source,
                    "last_reviewed",
                    f"last reviewed {_months(ago)} ago ({s.last_reviewed}); families are told it may be out of date",
                    "ask the service to confirm every detail, then set last_reviewed to that day's date",
                )
            )
        since = schedule.months_between(s.status_since, today) if s.status_since else None
        for status, limit, hint in (
            ("paused", limits.paused_months, "ask whether it is coming back: set status: running, or closed"),
            ("closed", limits.closed_months, "families have had time to see the notice: delete the record"),
        ):
            if s.status == status and (since is None or since >= limit):
                how_long = f"for {_months(since)}" if since is not None else "with no status_since date"
                found.append(_warning(sources, s.source, "status", f"{status} {how_long}", hint))
        if s.venue.latitude is None:
            found.append(
                _warning(
                    sources,
                    s.source,
                    "venue",
                    "the venue has no latitude and longitude, so 'near me' searches place it by its "
                    "postcode district only",
                    "add venue.latitude and venue.longitude (right-click the place on openstreetmap.org, "
                    "'Show address')",
                )
            )
    found.extend(_duplicates(site, sources))
    for page in site.pages:
        ago = schedule.months_between(page.last_reviewed, today)
        if ago >= limits.stale_months:
            found.append(
                _warning(
                    sources,
                    page.source,
                    "last_reviewed",
                    f"guidance last reviewed {_months(ago)} ago ({page.last_reviewed}); readers see an "
                    "out-of-date notice",
                    "check the page against the current rules, then set last_reviewed to that day's date",
                )
            )
    return found


def _duplicates(site: Site, sources: dict[str, str]) -> list[Problem]:
    """Services with the same name (ignoring case and punctuation) at the same postcode."""
    groups = defaultdict(list)
    for s in site.services:
        key = (" ".join(re.sub(r"[^a-z0-9]+", " ", s.name.lower()).split()), s.venue.postcode.upper())
        groups[key].append(s)
    found = []
    for group in groups.values():
        if len(group) < 2:
            continue
        files = [s.source for s in group]
        for s in group:
            others = ", ".join(f for f in files if f != s.source)
            found.append(
                _warning(
                    sources,
                    s.source,
                    "name",
                    f"likely the same service as {others} (same name and postcode)",
                    "keep one record: merge the sessions into it and delete the other",
                )
            )
    return found


def link_findings(site: Site, sources: dict[str, str], files: dict[str, bytes]) -> list[Problem]:
    """Internal links in the built pages that lead nowhere, traced to the record or page that made
    them where there is one (else the output file, when a theme template holds the link)."""
    made_from = {urls.service_url(s) + "index.html": s.source for s in site.services}
    made_from |= {urls.guidance_url(p) + "index.html": p.source for p in site.pages}
    found = []
    broken_links = links.broken_links(files, site.config.base_path)
    from_pages = {b.target for b in broken_links if b.page in made_from}
    for broken in broken_links:
        if broken.page == urls.WHOLE_GUIDE + "index.html" and broken.target in from_pages:
            continue  # the same link, copied from a guidance page that is reported already
        file = made_from.get(broken.page, f"output/{broken.page}")
        text = sources.get(file, "")
        line = next((n for n, words in enumerate(text.splitlines(), 1) if broken.target in words), 1)
        found.append(
            Problem(
                file,
                line,
                1,
                "",
                f"links to {broken.target}, which is not a page of the site",
                "correct the address: links to guidance pages look like ../safeguarding/",
                text.splitlines()[line - 1] if line <= len(text.splitlines()) else "",
                severity="warning",
            )
        )
    return found


def review_notices(share: ReviewShare, sources: dict[str, str], today: dt.date) -> list[Problem]:
    """The share reviewed recently (a notice about no one file) and each of the oldest records (a
    notice on its last_reviewed line), for the GitHub and JSON reports."""
    notices = [Problem("", 0, 0, "", share.headline, severity="notice")]
    for s in share.oldest:
        line, source_line = line_of(sources.get(s.source, ""), "last_reviewed")
        ago = schedule.months_between(s.last_reviewed, today)
        notices.append(
            Problem(
                s.source,
                line,
                1,
                "last_reviewed",
                f"among the {len(share.oldest)} longest since a review: {s.name}, last reviewed "
                f"{_months(ago)} ago ({s.last_reviewed})",
                source_line=source_line,
                severity="notice",
            )
        )
    return notices


def review_text(share: ReviewShare, today: dt.date) -> str:
    """The share reviewed recently and the oldest records, as lines for people."""
    lines = [f"{share.headline[0].upper()}{share.headline[1:]}. Longest since a review:"]
    for s in share.oldest:
        ago = schedule.months_between(s.last_reviewed, today)
        lines.append(f"  {s.last_reviewed:%-d %B %Y} ({_months(ago)} ago)  {s.name}  {s.source}")
    return "\n".join(lines)
