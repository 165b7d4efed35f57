"""The search index (built with lunr.py, queried by lunr.js) and the compact store of what a result shows.

Agreement between the two lunr implementations is by construction: text is cut into words by
``words()`` here and by the identical ``sgWords()`` in the theme's search.js, so lunr itself only
ever sees plain lowercase words (its trimmer has nothing to trim) and both sides stem and drop
stop words alike. ``barnardo's`` is ``barnardos``, ``10:30`` is ``1030``, ``bumps-to-toddlers`` is
three words, wherever it is typed or stored.

The index file is lunr's serialised index re-packed: terms listed once, postings and field
vectors as delta-coded numbers, scores as integers. search.js unpacks it into exactly the
structure ``lunr.Index.load`` takes. The store holds, per result, only what a result shows and
what the filters and the next-session calculation need.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from sitegen.model import Page, Service, Site
from sitegen.places import area_centres
from sitegen.schema import PROVIDER_KINDS, SERVICE_TYPES
from sitegen.stemmer import stem

FORMAT_VERSION = 1
INDEX_FILES = ("search/index.json", "search/store.json")
FIELDS = (("name", 10), ("kind", 4), ("place", 4), ("text", 1), ("days", 2))

_TIME = re.compile(r"(^|[^0-9])([0-9]{1,2})[:.]([0-9]{2})(?![0-9])")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Text into search words. search.js's sgWords() must do exactly the same (a test checks)."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not ("\u0300" <= c <= "\u036f"))
    text = _APOSTROPHES.sub("", text)
    text = _TIME.sub(lambda m: f"{m[1]}{int(m[2])}{m[3]}", text)
    return _WORD.findall(text)


def _clean(*parts: str | None) -> str:
    return " ".join(" ".join(words(p)) for p in parts if p)


def document(number: int, service: Service) -> dict[str, str]:
    """One service as the fields lunr indexes, each already cut into words."""
    venue = service.venue
    return {
        "ref": str(number),
        "name": _clean(service.name),
        "kind": _clean(*(t.name for t in service.types), *service.keywords, service.provider.kind),
        "place": _clean(venue.area, venue.town, venue.postcode_district, venue.postcode, venue.name),
        "text": _clean(service.summary, service.provider.organisation, *service.languages),
        "days": _clean(*service.weekdays, *(s.times for s in service.sessions)),
    }


def _stem_as_lunr_js(token, i=None, tokens=None):
    return token.update(lambda text, metadata=None: stem(text))


Pipeline.register_function(_stem_as_lunr_js, "sitegenStemmer")


def page_document(number: int, page: Page) -> dict[str, str]:
    """A guidance page as the same fields: its title as the name, its summary and sections as text."""
    return {
        "ref": str(number),
        "name": _clean(page.title),
        "kind": _clean("guidance for community groups", page.kind),
        "place": "",
        "text": _clean(page.summary, *(h.text for h in page.headings)),
        "days": "",
    }


def build_index(services: tuple[Service, ...], pages: tuple[Page, ...] = ()) -> dict[str, Any]:
    """lunr.py's serialised index: services' refs are their positions, guidance pages follow them.

    lunr.py's builder does the indexing and scoring, with lunr's trimmer and stop words but
    lunr.js's stemmer (see stemmer.py), so that stored words are the ones the browser looks for.
    """
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter, _stem_as_lunr_js)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for number, service in enumerate(services):
        builder.add(document(number, service))
    for number, page in enumerate(pages, start=len(services)):
        builder.add(page_document(number, page))
    serialised = builder.build().serialize()
    serialised["pipeline"] = ["stemmer"]  # in the browser: lunr.js's own stemmer, which stem() matches
    return serialised


def pack_index(serialised: dict[str, Any]) -> dict[str, Any]:
    """Re-pack lunr's serialised index compactly; search.js's sgUnpack() reverses it exactly."""
    fields = serialised["fields"]
    inverted = serialised["invertedIndex"]  # [[term, {"_index": i, field: {ref: {}}}]] sorted by term
    new_index = {entry["_index"]: position for position, (_, entry) in enumerate(inverted)}
    terms, postings = [], []
    for term, entry in inverted:
        terms.append(term)
        per_field = []
        for field in fields:
            refs = sorted(int(ref) for ref in entry.get(field, {}))
            per_field.append(_deltas(refs))
        postings.append(per_field)
    vectors: dict[str, list[list[int]]] = {field: [] for field in fields}
    for field_ref, elements in serialised["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        pairs = sorted(
            (new_index[int(elements[i])], round(elements[i + 1] * 1000)) for i in range(0, len(elements), 2)
        )
        vectors[field].append([int(ref), _deltas([p[0] for p in pairs]), [p[1] for p in pairs]])
    return {
        "format": FORMAT_VERSION,
        "lunr": serialised["version"],
        "fields": fields,
        "pipeline": serialised["pipeline"],
        "terms": terms,
        "postings": postings,
        "vectors": [vectors[field] for field in fields],
    }


def _deltas(numbers: list[int]) -> list[int]:
    return [n - (numbers[i - 1] if i else 0) for i, n in enumerate(numbers)]


def unpack_index(packed: dict[str, Any]) -> dict[str, Any]:
    """The Python twin of sgUnpack(), used by tests to prove the packing loses nothing."""
    fields = packed["fields"]
    inverted = []
    for position, (term, per_field) in enumerate(zip(packed["terms"], packed["postings"], strict=True)):
        entry: dict[str, Any] = {"_index": position}
        for field, deltas in zip(fields, per_field, strict=True):
            entry[field] = {str(ref): {} for ref in _undeltas(deltas)}
        inverted.append([term, entry])
    field_vectors = []
    for field, rows in zip(fields, packed["vectors"], strict=True):
        for ref, index_deltas, scores in rows:
            elements: list[float] = []
            for term_index, score in zip(_undeltas(index_deltas), scores, strict=True):
                elements += [term_index, score / 1000]
            field_vectors.append([f"{field}/{ref}", elements])
    return {
        "version": packed["lunr"],
        "fields": fields,
        "fieldVectors": field_vectors,
        "invertedIndex": inverted,
        "pipeline": packed["pipeline"],
    }


def _undeltas(deltas: list[int]) -> list[int]:
    total, result = 0, []
    for delta in deltas:
        total += delta
        result.append(total)
    return result


def store(site: Site) -> dict[str, Any]:
    """What each result shows and filters on, as short arrays; ``keys`` names their columns."""
    rows = []
    for service in site.services:
        venue = service.venue
        rows.append(
            [
                service.slug,
                service.name,
                [SERVICE_TYPES.index(t.name) for t in service.types],
                venue.area,
                venue.postcode_district,
                round(venue.latitude, 4) if venue.latitude is not None else None,
                round(venue.longitude, 4) if venue.longitude is not None else None,
                service.cost.pence,
                service.cost.label,
                service.ages.from_months,
                service.ages.to_months,
                PROVIDER_KINDS.index(service.provider.kind),
                ["running", "paused", "closed"].index(service.status),
                [_session(s) for s in service.sessions],
                [c.date.isoformat() for c in service.upcoming_closures],
                service.summary,
            ]
        )
    return {
        "keys": [
            "slug",
            "name",
            "types",
            "area",
            "district",
            "lat",
            "lon",
            "pence",
            "cost",
            "ageFrom",
            "ageTo",
            "runBy",
            "status",
            "sessions",
            "off",
            "summary",
        ],
        "types": list(SERVICE_TYPES),
        "runBy": list(PROVIDER_KINDS),
        "terms": [
            [t.starts.isoformat(), t.ends.isoformat(), [[a.isoformat(), b.isoformat()] for a, b in t.breaks]]
            for t in site.terms
        ],
        "services": rows,
        "pages": [[page.slug, page.title, page.summary] for page in site.pages],
    }


def _session(session) -> list[Any]:
    """[weekday 0-6, start minutes, end minutes, frequency, week of month, term time, starting, ending]."""
    return [
        session.weekday,
        session.start.hour * 60 + session.start.minute,
        session.end.hour * 60 + session.end.minute,
        {"weekly": 0, "fortnightly": 1, "monthly": 2}[session.frequency],
        ["first", "second", "third", "fourth", "last"].index(session.week_of_month)
        if session.week_of_month
        else 0,
        1 if session.term_time_only else 0,
        session.starting.isoformat() if session.starting else None,
        session.ending.isoformat() if session.ending else None,
    ]


def files(site: Site) -> dict[str, bytes]:
    """The search stage's output: the packed index, the result store and the places table."""
    packed = pack_index(build_index(site.services, site.pages))
    place_table = {
        "districts": {d: list(p) for d, p in sorted(site.districts.items())},
        "areas": {a: list(p) for a, p in area_centres(site.services).items()},
    }
    return {
        "search/index.json": to_json(packed),
        "search/store.json": to_json(store(site)),
        "search/places.json": to_json(place_table),
    }


def to_json(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=False).encode("utf-8")
