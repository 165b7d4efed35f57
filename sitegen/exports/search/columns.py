"""What the search page knows of each service besides the index, split by when it is needed.

A first search at 10,000 records must cost a phone less than 100 KB, so nothing is fetched
before it is needed:

- ``search/columns.json``, fetched with the first search: what filters and ranking read for
  every service (types, who runs it, cost in pence, ages, status, review, sessions, days off),
  plus the small site-wide tables (type and provider names, term dates, synonyms, guidance
  pages) and the names of the files below. Each column is *table-coded*: its distinct values
  listed once, and each service's value as a fixed-width base-62 number into that list, all in
  one string (sessions: how many each service has, their weekdays, and their numbers into the
  distinct sessions, as three strings).
  A column of 10,000 small numbers is then 10,000 characters, which gzip packs to a few KB.
- ``search/results/<n>.json``: what a result card shows and the columns do not (slug,
  name, area, cost), for RESULTS_PER_FILE services each, fetched for the results on screen.
- ``search/positions/<n>.json``: venues' positions, by cell of a grid about 13 miles
  square; a search near a place fetches the cells within 5 miles of it (positions()).
- ``search/words.json``: the words "Did you mean" may suggest, fetched when a search finds
  nothing or only near spellings.
- ``search/slugs.json``: every service's slug, in the same order, for the shortlist page.

columns.json gives each of these files, or group of files, a version (version()) that changes
with their bytes, and the page asks for them with it (``results/3.json?v=...``), so a host may
cache them for ever; columns.json itself is linked from the page with its own version. Services are numbered as the index numbers them
(the site's order), which is also each row's place in these files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sitegen.exports.search.lunr_index import STOP_WORDS
from sitegen.exports.search.stemmer import stem
from sitegen.model import Service, Site, schedule
from sitegen.model.schema import PROVIDER_KINDS, SERVICE_TYPES

FORMAT_VERSION = 1
RESULTS_PER_FILE = 32  # services per results file: a card's text for a page of results in few small files
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
COORDINATE_SCALE = 10_000  # positions to 4 decimal places (about 10 m), as whole numbers


def _key(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def width_for(count: int) -> int:
    """How many base-62 digits number ``count`` distinct values (at least 1)."""
    width, reach = 1, len(DIGITS)
    while count > reach:
        width += 1
        reach *= len(DIGITS)
    return width


def base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, len(DIGITS))
        digits.append(DIGITS[digit])
    return "".join(reversed(digits))


def table_coded(values: Sequence[Any]) -> dict[str, Any]:
    """One value per service: ``{"values": [distinct, in first-seen order], "width": w, "ids": "..."}``."""
    numbers: dict[str, int] = {}
    distinct: list[Any] = []
    ids = []
    for value in values:
        key = _key(value)
        if key not in numbers:
            numbers[key] = len(distinct)
            distinct.append(value)
        ids.append(numbers[key])
    width = width_for(len(distinct))
    return {"values": distinct, "width": width, "ids": "".join(base62(n, width) for n in ids)}


def sessions_coded(lists: Sequence[Sequence[list[Any]]]) -> dict[str, Any]:
    """Each service's sessions (schedule.browser_session's lists, weekday first), as four strings
    that gzip packs well apart: ``counts`` (a base-62 digit per service: how many sessions),
    ``days`` (a digit 0-6 per session) and ``ids`` (per session, a fixed-width number into
    ``values``: the distinct sessions without their weekday, times and frequencies)."""
    counts = [len(sessions) for sessions in lists]
    if any(count >= len(DIGITS) for count in counts):  # pragma: no cover - the schema allows far fewer
        raise ValueError("a service has more sessions than one digit counts")
    every = [session for sessions in lists for session in sessions]
    return {
        **table_coded([session[1:] for session in every]),
        "counts": "".join(base62(count, 1) for count in counts),
        "days": "".join(str(session[0]) for session in every),
    }


def service_columns(services: Sequence[Service]) -> dict[str, Any]:
    """The columns filters and ranking read, by name (search.js's services() decodes them)."""

    def column(read: Callable[[Service], Any]) -> dict[str, Any]:
        return table_coded([read(s) for s in services])

    return {
        "types": column(lambda s: [SERVICE_TYPES.index(t.name) for t in s.types]),
        "runBy": column(lambda s: PROVIDER_KINDS.index(s.provider.kind)),
        "pence": column(lambda s: s.cost.pence),
        "ageFrom": column(lambda s: s.ages.from_months),
        "ageTo": column(lambda s: s.ages.to_months),
        "status": column(lambda s: ["running", "paused", "closed"].index(s.status)),
        "stale": column(lambda s: 1 if s.is_stale else 0),
        "off": column(lambda s: [c.date.isoformat() for c in s.upcoming_closures]),
        "sessions": sessions_coded([[schedule.browser_session(x) for x in s.sessions] for s in services]),
    }


def result_rows(services: Sequence[Service]) -> list[list[Any]]:
    """What a card shows beyond the columns: [slug, name, area, cost], one row per service."""
    return [[s.slug, s.name, s.venue.area, s.cost.label] for s in services]


CELL = (
    2_000,
    3_000,
)  # a cell of the positions grid: 0.2 degrees of latitude by 0.3 of longitude, about 13 miles square


def _scaled(value: float) -> int:
    return round(round(value, 4) * COORDINATE_SCALE)


def positions(services: Sequence[Service]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Each venue's position, in files by cell of a grid, so that a search near a place fetches
    only the cells within reach of it.

    Returns the grid, which columns.json holds (``{"scale": 10000, "cells": [[south, west,
    north, east], ...], "none": [numbers of the services with no position]}``), and each cell's
    file (``positions/<n>.json``, n its place in the grid): ``{"refs": [service numbers,
    delta-coded], "lat": [...], "lon": [...]}``, each position a whole number of ten-thousandths
    of a degree.
    """
    cells: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    none = []
    for ref, service in enumerate(services):
        venue = service.venue
        if venue.latitude is None or venue.longitude is None:
            none.append(ref)
            continue
        lat, lon = _scaled(venue.latitude), _scaled(venue.longitude)
        cells.setdefault((lat // CELL[0], lon // CELL[1]), []).append((ref, lat, lon))
    grid = []
    files = []
    for (row, column), members in sorted(cells.items()):
        refs = [ref for ref, _, _ in members]
        files.append(
            {
                "refs": [b - a for a, b in zip([0, *refs], refs, strict=False)],
                "lat": [lat for _, lat, _ in members],
                "lon": [lon for _, _, lon in members],
            }
        )
        grid.append([row * CELL[0], column * CELL[1], (row + 1) * CELL[0], (column + 1) * CELL[1]])
    return {"scale": COORDINATE_SCALE, "cells": grid, "none": none}, files


def suggestion_words(
    site: Site, has_term: Callable[[str], bool], words: Callable[[str], list[str]]
) -> dict[str, str]:
    """The words "Did you mean" may offer, by stem: each the shortest way the site writes it.

    From the type names, and each service's name, area and summary, only where the index holds
    the stem (a word that finds nothing is no suggestion); and from every synonym phrase, held or
    not (a synonym of it finds something). Words under 3 letters, with digits, or stop words are
    left out. Of two words with one stem, the shorter wins; of two as short, the first met.
    """
    found: dict[str, str] = {}
    # each word met: its stem, or None if it can be no suggestion (most words come again and again)
    terms: dict[str, str | None] = {}

    def add(text: str, anyway: bool = False) -> None:
        for word in words(text):
            if word in terms:
                term = terms[word]
            else:
                plain = len(word) >= 3 and not any(c.isdigit() for c in word) and word not in STOP_WORDS
                term = terms[word] = stem(word) if plain else None
            if term is None or (not anyway and not has_term(term)):
                continue
            if term not in found or len(word) < len(found[term]):
                found[term] = word

    for name in SERVICE_TYPES:
        add(name)
    for service in site.services:
        add(service.name)
        add(service.venue.area)
        add(service.summary)
    for group in site.synonyms:
        for phrase in group:
            add(" ".join(words(phrase)), anyway=True)
    return found


def version(files: Iterable[bytes]) -> str:
    """The first 10 hex digits of the sha256 of a group of files: linked as ``?v=``, so that a
    host may cache them for ever and a browser still fetches them again when any changes."""
    digest = hashlib.sha256()
    for data in files:
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()[:10]


def chunks(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
