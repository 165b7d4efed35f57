"""The search index (lunr's format, queried by lunr.js) and the compact store of what a result shows.

Agreement between the two lunr implementations is by construction: text is cut into words by
``words()`` here and by the identical ``sgWords()`` in the theme's search.js, so lunr itself only
ever sees plain lowercase words (its trimmer has nothing to trim) and both sides stem and drop
stop words alike. ``barnardo's`` is ``barnardos``, ``10:30`` is ``1030``, ``bumps-to-toddlers`` is
three words, wherever it is typed or stored.

The index file is lunr's serialised index packed (lunr_index.py builds it, with the numbers
lunr.py's builder would give): terms listed once, postings and field vectors as delta-coded
numbers, scores as integers. search.js unpacks it into exactly the structure
``lunr.Index.load`` takes. The store holds, per result, only what a result shows and
what the filters and the next-session calculation need.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from html import unescape
from typing import Any

from sitegen.exports.search import columns, shards
from sitegen.exports.search.lunr_index import IndexBuilder
from sitegen.model import Page, Service, Site, schedule
from sitegen.model.places import area_centres
from sitegen.model.schema import PROVIDER_KINDS, SERVICE_TYPES

# what every first search fetches before any shard or result card
INDEX_FILES = ("search/columns.json", "search/places.json", "search/main/manifest.json")
# The first search's index: name and type first, then the place, the summary, organisation and
# languages, and the days and times.
FIELDS = (("name", 10), ("kind", 4), ("place", 4), ("text", 1), ("days", 2))
# A second index, fetched only when the first finds few services: each description and what its
# venue has (step-free access, baby changing...). Descriptions are most of a record's words; kept
# apart, they cost the first search nothing, and what they find ranks below what the first finds.
MORE_FIELDS = (("about", 1),)

_TIME = re.compile(r"(^|[^0-9])([0-9]{1,2})[:.]([0-9]{2})(?![0-9])")
# What every match of _TIME holds: a text without it has no time to rewrite. Looking for it
# first is quick (the pattern starts with one character class); _TIME on a long description is
# not (about 0.1 ms per description of the peers' corpus, most of words()' time on them).
_TIME_INSIDE = re.compile(r"[0-9][:.][0-9]")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_ACCENTS = re.compile("[\u0300-\u036f]")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Text into search words. search.js's sgWords() must do exactly the same (a test checks)."""
    text = text.lower()
    if not text.isascii():
        text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    text = _APOSTROPHES.sub("", text)
    if _TIME_INSIDE.search(text):
        text = _TIME.sub(lambda m: f"{m[1]}{int(m[2])}{m[3]}", text)
    return _WORD.findall(text)


_TAG = re.compile(r"<[^>]*>")


def _plain(html: str) -> str:
    """The text of sanitised HTML (a description), its tags gone and its entities read."""
    return unescape(_TAG.sub(" ", html))


def _clean(*parts: str | None) -> str:
    return " ".join(" ".join(words(p)) for p in parts if p)


def document(service: Service) -> dict[str, str]:
    """One service as the fields lunr indexes (FIELDS, in order), each already cut into words."""
    venue = service.venue
    return {
        "name": _clean(service.name),
        "kind": _clean(*(t.name for t in service.types), *service.keywords, service.provider.kind),
        "place": _clean(venue.area, venue.town, venue.postcode_district, venue.postcode, venue.name),
        "text": _clean(service.summary, service.provider.organisation, *service.languages),
        "days": _clean(*service.weekdays, *(s.times for s in service.sessions)),
    }


def more_document(service: Service) -> dict[str, str]:
    """One service as the second index's fields (MORE_FIELDS): its description and venue facilities."""
    facilities = (label for label, has in service.venue.facilities if has)
    return {"about": _clean(_plain(service.description_html), *facilities)}


def page_document(page: Page) -> dict[str, str]:
    """A guidance page as the same fields: its title as the name, its summary and sections as text."""
    return {
        "name": _clean(page.title),
        "kind": _clean("guidance for community groups", page.kind),
        "place": "",
        "text": _clean(page.summary, *(h.text for h in page.headings)),
        "days": "",
    }


def documents(
    services: Sequence[Service], pages: Sequence[Page] = (), more: bool = False
) -> Iterator[list[str]]:
    """What an index holds, in ref order: each service's field texts, then each guidance page's
    (the second index, ``more``, has nothing of the pages)."""
    for service in services:
        yield list((more_document if more else document)(service).values())
    if not more:
        for page in pages:
            yield list(page_document(page).values())


def index_builder(
    services: Sequence[Service], pages: Sequence[Page] = (), more: bool = False
) -> IndexBuilder:
    """An index of the services (refs: their positions) and the guidance pages after them."""
    made = IndexBuilder(MORE_FIELDS if more else FIELDS)
    for texts in documents(services, pages, more):
        made.add(texts)
    return made


def synonym_stems(synonyms: Sequence[Sequence[str]], builder: IndexBuilder) -> list[list[str]]:
    """Each synonyms group as the stems of its phrases' words (stop words left out): search.js
    looks each up, the last word of a search as a prefix, so a group's file holds every term that
    starts with one of them."""
    return [
        sorted({term for phrase in group for word in words(phrase) if (term := builder.term(word))})
        for group in synonyms
    ]


def index_json(services: Sequence[Service], pages: Sequence[Page] = (), more: bool = False) -> str:
    """The packed lunr index: services' refs are their positions, guidance pages follow them."""
    return "".join(index_builder(services, pages, more).packed())


def place_table(site: Site) -> dict[str, Any]:
    """search/places.json: where the places a family may type in the Near box are.

    ``{"districts": {"OX4": [51.7284, -1.2262], ...}, "areas": {"headington": [51.765, -1.212],
    ...}, "bounds": [51.459, -1.719, 52.168, -0.870]}``

    - ``districts``: every postcode district the directory covers (the postcode table), at its
      centre. A well-formed postcode or district that is not here is outside the area the
      directory covers.
    - ``areas``: every town, village and neighbourhood, keyed by its words joined with '-' as
      search.js's ``sgWords`` cuts them ('Henley-on-Thames' and 'henley on thames' are both
      ``henley-on-thames``): the places table's, at their own positions, and the records' own
      towns and areas, at the middle of their venues, which win over the table's for the names
      the records use.
    - ``bounds``: [south, west, north, east] around every place and district above (0.05 degrees,
      3 to 5 km, beyond the outermost), or null if there are none: a position outside it (from
      "use my location") is outside the area too.

    Positions are [latitude, longitude], to 4 decimal places (about 10 m).
    """
    areas = {"-".join(words(p.name)): (round(p.latitude, 4), round(p.longitude, 4)) for p in site.places}
    areas |= area_centres(site.services, key=lambda name: "-".join(words(name)))
    areas.pop("", None)
    points = [*areas.values(), *site.districts.values()]
    margin = 0.05
    bounds = (
        [
            round(min(p[0] for p in points) - margin, 3),
            round(min(p[1] for p in points) - margin, 3),
            round(max(p[0] for p in points) + margin, 3),
            round(max(p[1] for p in points) + margin, 3),
        ]
        if points
        else None
    )
    return {
        "districts": {d: list(p) for d, p in sorted(site.districts.items())},
        "areas": {a: list(p) for a, p in sorted(areas.items())},
        "bounds": bounds,
    }


def files(site: Site) -> dict[str, bytes]:
    """The search stage's output: the index, the columns, the result cards' text, positions,
    suggestion words, slugs, and the places table (columns.py says which is fetched when)."""
    main = index_builder(site.services, site.pages)
    described = index_builder(site.services, more=True)
    out = {
        "search/places.json": to_json(place_table(site)),
        **shards.files(main, "search/main", groups=synonym_stems(site.synonyms, main)),
        **shards.files(described, "search/more", groups=synonym_stems(site.synonyms, described)),
    }
    results = [
        to_json(rows) for rows in columns.chunks(columns.result_rows(site.services), columns.RESULTS_PER_FILE)
    ]
    out.update({f"search/results/{n}.json": data for n, data in enumerate(results)})
    grid, cells = columns.positions(site.services)
    out.update({f"search/positions/{n}.json": to_json(cell) for n, cell in enumerate(cells)})
    grid["version"] = columns.version(out[f"search/positions/{n}.json"] for n in range(len(cells)))
    named = {}
    for name, data in (
        ("words", to_json(columns.suggestion_words(site, main.holds, words))),
        ("slugs", to_json([s.slug for s in site.services])),
    ):
        out[f"search/{name}.json"] = data
        named[name] = f"{name}.json?v={columns.version([data])}"
    out["search/columns.json"] = to_json(
        {
            "format": columns.FORMAT_VERSION,
            "count": len(site.services),
            "types": list(SERVICE_TYPES),
            "runBy": list(PROVIDER_KINDS),
            "terms": schedule.browser_terms(site.terms),
            "pages": [[page.slug, page.title, page.summary] for page in site.pages],
            # each phrase as its search words, as search.js cuts what a family types
            "synonyms": [[words(phrase) for phrase in group] for group in site.synonyms],
            "columns": columns.service_columns(site.services),
            "results": {
                "size": columns.RESULTS_PER_FILE,
                "count": len(results),
                "version": columns.version(results),
            },
            "positions": grid,
            "files": named,
        }
    )
    return out


def to_json(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=False).encode("utf-8")
