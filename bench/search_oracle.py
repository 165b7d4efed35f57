"""Which services answer a family's query, worked out from the records read plainly, and whether a page answered it well.

The oracle shares no code with sitegen: it reads ``content/services/*.yml`` with plain PyYAML, the
postcode district table and any places table (``content/places.csv``) with the csv module, and
measures distances with its own haversine. For each query (bench/family_queries.py) it works out
the right answers (every part of the intent holds), which of them is best, and what kind of
query it is. A page answered it well when (``judge``):

- find (no place): at least one result; the first is a right answer, and a running one if any
  right answer is running; no paused or closed service ranks above a running right answer.
- near (a place, and a running right answer within 5 miles of it or in it): as find, and the
  first result is in the place named (its venue's town or neighbourhood) or no more than 1 mile
  further from it than the nearest running right answer (so not a service without a position);
  and the page does not say it could not find the place.
- far (a place, but no running right answer within 5 miles): the page says so, naming the place
  and a distance ("nothing within 5 miles of Deddington"), and shows either nothing or the
  nearest right answers first (as near); it does not say it could not find the place. Where the
  nearest is less than 1 mile beyond the 5 (measuring from another point of the same place may
  bring it inside), answering as for near is good too.
- none (no service answers it): the page says that none was found, in one of the words of
  NONE_FOUND ("No services found", "nothing", "none", "no results"); it may offer others after
  saying so.
- outside (a postcode outside the county's postcode districts): the page says the place is
  outside the area the directory covers, and does not say it could not find it.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.family_queries import CONCEPTS, Intent, Query

NEARBY_MILES = 5.0
TOLERANCE_MILES = 1.0
NONE_FOUND = re.compile(r"\bno services\b|\bno results\b|\bnothing\b|\b0 services\b|\bnone\b", re.IGNORECASE)
OUTSIDE = re.compile(r"\boutside\b", re.IGNORECASE)
WITHIN_MILES = re.compile(r"\bwithin\b[^.]*?\bmiles?\b", re.IGNORECASE)
NOT_FOUND = re.compile(
    r"could ?n[o']t find|not found|don'?t know|do not know|not recogni[sz]ed|unknown place", re.IGNORECASE
)
FULL_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}")
DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")

# Where to find a few places the queries name, for a site whose places table (content/places.csv)
# does not list them: GeoNames (cities500, CC BY 4.0), with each place's GeoNames id.
ELSEWHERE = {
    "deddington": (51.9806, -1.32055),  # GeoNames 2651435
    "chinnor": (51.70177, -0.91161),  # GeoNames 2653145
    "hook-norton": (51.99564, -1.48277),  # GeoNames 2646648
    # its one record is a home-visiting service, with no venue position; Wikipedia: Headington
    "headington": (51.765, -1.212),
}
# The record's own text a family's words may be found in (not status_note: it names other services).
TEXT_FIELDS = (
    "name",
    "summary",
    "description",
    "keywords",
    "types",
    "languages",
    "run_by.organisation",
    "venue.name",
    "venue.access_notes",
    "ages.note",
    "cost.covers",
    "sessions.notes",
)


def plain_words(text: str) -> str:
    """Lower case, no accents or apostrophes, words separated by one space, with a space either side."""
    text = unicodedata.normalize("NFKD", str(text).lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['\u2018\u2019\u02bc`]", "", text)
    return " " + " ".join(re.findall(r"[a-z0-9]+", text)) + " "


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance by the haversine formula, Earth's mean radius 3958.8 miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 3958.8 * math.asin(math.sqrt(h))


def months(age: str) -> int:
    number, unit = str(age).split()
    return int(number) * (12 if unit.startswith("year") else 1)


def _values(document: object, dotted: str) -> Iterable[object]:
    """Every value at a dotted path, through lists: 'sessions.notes' gives each session's notes."""
    found = [document]
    for key in dotted.split("."):
        step = []
        for value in found:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and item.get(key) is not None:
                    step.append(item[key])
        found = step
    for value in found:
        yield from value if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Record:
    slug: str
    name: str
    status: str  # running, paused or closed
    point: tuple[float, float] | None
    types: frozenset[str]
    days: frozenset[str]
    free: bool
    ages: tuple[int, int]
    text: str  # plain_words of every text field
    yes: frozenset[str]  # the dotted yes/no fields that say yes
    town: str
    area: str | None


def read_record(path: Path) -> Record:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    venue = document["venue"]
    point = (
        (float(venue["latitude"]), float(venue["longitude"]))
        if venue.get("latitude") is not None and venue.get("longitude") is not None
        else None
    )
    price = document["cost"]["price"]
    yes = {
        f"{group}.{key}"
        for group in ("venue",)
        for key, value in (document.get(group) or {}).items()
        if value is True
    } | {key for key, value in document.items() if value is True}
    return Record(
        slug=path.stem,
        name=document["name"],
        status=document.get("status") or "running",
        point=point,
        types=frozenset(document["types"]),
        days=frozenset(session["day"] for session in document.get("sessions") or []),
        free=str(price).strip().lower() == "free" or price == 0,
        ages=(months(document["ages"]["from"]), months(document["ages"]["to"])),
        text=" ".join(plain_words(value) for name in TEXT_FIELDS for value in _values(document, name)),
        yes=frozenset(yes),
        town=venue["town"],
        area=venue.get("area"),
    )


def read_records(root: Path) -> dict[str, Record]:
    return {path.stem: read_record(path) for path in sorted((root / "content/services").glob("*.yml"))}


@dataclass(frozen=True)
class Places:
    districts: dict[str, tuple[float, float]]  # 'OX4': point
    named: dict[str, tuple[float, float]]  # 'headington': point


def _slug(name: str) -> str:
    return "-".join(plain_words(name).split())


def read_places(root: Path, records: dict[str, Record]) -> Places:
    """The district table, and named places: the records' own towns and neighbourhoods (the average
    of their venues) first, then the site's places table if it has one, then ELSEWHERE."""
    settings = yaml.safe_load((root / "site.yml").read_text(encoding="utf-8")) or {}
    districts = {}
    table = root / settings.get("postcode_districts", "content/postcode-districts.csv")
    if table.is_file():
        with table.open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                districts[row["district"].strip().upper()] = (float(row["latitude"]), float(row["longitude"]))
    named = dict(ELSEWHERE)
    places_table = root / settings.get("places", "content/places.csv")
    if places_table.is_file():
        with places_table.open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                named[_slug(row["name"])] = (float(row["latitude"]), float(row["longitude"]))
    venues: dict[str, list[tuple[float, float]]] = {}
    for record in records.values():
        if record.point:
            for name in {record.town, record.area} - {None}:
                venues.setdefault(_slug(name), []).append(record.point)
    for slug, points in venues.items():
        named[slug] = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return Places(districts, named)


def locate(text: str, places: Places) -> tuple[float, float] | None:
    """A place's point; None for a postcode or district outside the county's district table."""
    compact = re.sub(r"\s+", "", text).upper()
    if FULL_POSTCODE.fullmatch(compact) or DISTRICT.fullmatch(compact):
        district = compact[:-3] if FULL_POSTCODE.fullmatch(compact) else compact
        return places.districts.get(district)
    slug = _slug(text)
    if slug not in places.named:
        raise ValueError(f"the oracle does not know where {text!r} is: add it to ELSEWHERE with its source")
    return places.named[slug]


def answers(intent: Intent, record: Record) -> bool:
    """Every part of the intent holds for the record."""
    if intent.types and not record.types & set(intent.types):
        return False
    if intent.concept:
        concept = CONCEPTS[intent.concept]
        if not (
            record.types & concept.types
            or any(plain_words(words) in record.text for words in concept.words)
            or record.yes & set(concept.yes)
        ):
            return False
    if intent.day and intent.day not in record.days:
        return False
    if intent.free and not record.free:
        return False
    return not intent.age or (record.ages[0] < intent.age[1] and record.ages[1] > intent.age[0])


@dataclass(frozen=True)
class Expected:
    kind: str  # find, near, far, none or outside
    right: frozenset[str]
    running: frozenset[str]  # the right answers that are running
    place: tuple[float, float] | None
    # running right answers (or all right answers, if none runs) with their miles, nearest first
    nearest: tuple[tuple[str, float], ...]
    local: frozenset[str] = frozenset()  # those whose venue's town or neighbourhood is the place named

    def best(self) -> str | None:
        return self.nearest[0][0] if self.nearest else min(self.running or self.right, default=None)


def expect(query: Query, records: dict[str, Record], places: Places) -> Expected:
    intent = query.intent
    right = frozenset(slug for slug, record in records.items() if answers(intent, record))
    running = frozenset(slug for slug in right if records[slug].status == "running")
    if intent.place is None:
        return Expected("find" if right else "none", right, running, None, ())
    point = locate(intent.place, places)
    if point is None:
        return Expected("outside", right, running, None, ())
    if not right:
        return Expected("none", right, running, point, ())
    candidates = running or right
    ranked = sorted(
        ((slug, miles(point, records[slug].point)) for slug in candidates if records[slug].point),
        key=lambda pair: (pair[1], pair[0]),
    )
    named = _slug(intent.place)
    local = frozenset(
        slug for slug in candidates if named in {_slug(records[slug].town), _slug(records[slug].area or "")}
    )
    kind = "near" if local or (ranked and ranked[0][1] <= NEARBY_MILES) else "far"
    return Expected(kind, right, running, point, tuple(ranked), local)


@dataclass(frozen=True)
class Seen:
    """What the family sees: the results' services in order (slugs) and the page's messages."""

    slugs: tuple[str, ...]
    messages: str


def _ranking_fault(expected: Expected, seen: Seen, records: dict[str, Record]) -> str | None:
    """Why the order of results is wrong (first result, running first, nearest first), or None."""
    first = seen.slugs[0]
    if first not in expected.right:
        shown = records[first].name if first in records else first
        return f"first result '{shown}' is not a right answer ({len(expected.right)} right)"
    if expected.running and first not in expected.running:
        return f"first result '{records[first].name}' is {records[first].status}, though a right answer is running"
    last_running = max((i for i, slug in enumerate(seen.slugs) if slug in expected.running), default=-1)
    for slug in seen.slugs[:last_running]:
        if slug in records and records[slug].status != "running":
            return f"'{records[slug].name}' ({records[slug].status}) ranks above a running right answer"
    if expected.place and expected.nearest and first not in expected.local:
        best, best_miles = records[expected.nearest[0][0]].name, expected.nearest[0][1]
        if records[first].point is None:
            return f"first result '{records[first].name}' has no position; '{best}' is {best_miles:.1f} miles away"
        away = miles(expected.place, records[first].point)
        if away > best_miles + TOLERANCE_MILES:
            return f"first result is {away:.1f} miles away; '{best}' is {best_miles:.1f}"
    return None


def judge(query: Query, expected: Expected, seen: Seen, records: dict[str, Record]) -> tuple[bool, str]:
    """Whether the page answered the query well (the rules in this module's docstring), and why not."""
    said = " ".join(seen.messages.split())
    if expected.kind in ("near", "far", "outside") and NOT_FOUND.search(said):
        return False, f"says it could not find the place: {said[:90]!r}"
    if expected.kind == "outside":
        return (True, "") if OUTSIDE.search(said) else (False, f"does not say 'outside': {said[:90]!r}")
    if expected.kind == "none":
        return (True, "") if NONE_FOUND.search(said) else (False, f"does not say none found: {said[:90]!r}")
    if expected.kind == "far":
        place = query.intent.place or ""
        says_far = WITHIN_MILES.search(said) and place.lower() in said.lower()
        borderline = expected.nearest and expected.nearest[0][1] <= NEARBY_MILES + TOLERANCE_MILES
        if not says_far and not (borderline and seen.slugs):
            return False, f"does not say nothing is within {NEARBY_MILES:.0f} miles of {place}: {said[:80]!r}"
        fault = _ranking_fault(expected, seen, records) if seen.slugs else None
        return (False, fault) if fault else (True, "")
    if not seen.slugs:
        return False, f"no results ({len(expected.right)} right): {said[:80]!r}"
    fault = _ranking_fault(expected, seen, records)
    return (False, fault) if fault else (True, "")


def describe(query: Query) -> str:
    """The query as a family typed it: 'stay and play' near 'Abingdon'."""
    text = f"'{query.q}'" if query.q else "(empty box)"
    return text + (f" near '{query.near}'" if query.near else "")
