"""The files made from the whole site besides its pages, in one list that the build and the preview
both follow. A new export is a module in this folder and one entry in EXPORTS.

Each export makes its files from the Site. Most are made whole; the calendars are made area by
area (each service's calendar and its area's from the same events), so that the build can share
the areas among processes and the preview can remake only the areas an edit touched.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from sitegen import parallel
from sitegen.exports import calendars, openreferral, spreadsheet
from sitegen.exports.search import index as search
from sitegen.model import Service, Site
from sitegen.model.groups import Group

Files = Mapping[str, bytes] | Iterator[tuple[str, bytes]]


@dataclass(frozen=True)
class Export:
    name: str
    make: Callable[[Site], Files] | None = None  # the whole export at once
    # or the part for these areas (see area_files for what else it may be given)
    by_area: Callable[..., Files] | None = None
    # whether ``make`` can keep unchanged services' own files from the last build's output
    # (its ``known`` and ``kept``: openreferral.feed_stream), as a build after records changed asks
    keeps_services: bool = False


# In the order a build starts them: the longest first.
EXPORTS = (
    Export("Open Referral UK", make=openreferral.feed_stream, keeps_services=True),
    Export("search index", make=search.files),
    Export("calendars", by_area=calendars.by_area),
    Export("spreadsheet", make=spreadsheet.files),
)
WHOLE_SITE = tuple(export for export in EXPORTS if export.make)
BY_AREA = tuple(export for export in EXPORTS if export.by_area)


def tasks(
    site: Site, area_parts: Sequence[Iterable[str]], places: Sequence[Group] | None = None
) -> list[Callable[[], Files]]:
    """Every export as tasks to run side by side: the whole-site ones one task each, the ones
    made by area one task per part of the areas. Given ``places`` (groups.areas of the site's
    services), those by area are parallel.Portable, for a fresh process: each is given its areas'
    groups of services and the site without its services, not the whole site."""
    found: list[Callable[[], Files]] = []
    order = EXPORTS
    if places is not None:
        alone = replace(site, services=())  # what the exports by area need of the site but its groups
        # the build's own process makes the whole-site exports one after another: the search
        # index first, which holds the most while it works (about 220 MB at 100,000 records) and
        # writes few files, before the writer's record of the feed's 300,000 files has grown
        order = tuple(sorted(EXPORTS, key=lambda export: export.make is not search.files))
    for export in order:
        if export.make:
            found.append(functools.partial(export.make, site))
        elif places is not None:
            for part in map(frozenset, area_parts):
                given = tuple(group for group in places if group.slug in part)
                found.append(parallel.Portable(export.by_area, (alone, part, None, given)))
        else:
            found += [functools.partial(export.by_area, site, frozenset(part)) for part in area_parts]
    return found


def whole_site_files(site: Site) -> dict[str, bytes]:
    """The files of every export that is made whole, at once (the preview brings them up to date
    a moment after an edit)."""
    return _collected(export.make(site) for export in WHOLE_SITE)


def area_files(
    site: Site,
    areas: Container[str],
    events_of: Callable[[Service], list[str]] | None = None,
    places: Sequence[Group] | None = None,
) -> dict[str, bytes]:
    """The files of every export made by area, for these areas (``events_of``: a service's
    calendar events, kept by a preview from one rebuild to the next; ``places``:
    groups.areas(site.services), if the caller has it already)."""
    return _collected(export.by_area(site, areas, events_of, places) for export in BY_AREA)


def _collected(parts: Iterable[Files]) -> dict[str, bytes]:
    """The files of several exports in one mapping (each export's files are its own)."""
    files: dict[str, bytes] = {}
    for made in parts:
        files.update(made.items() if isinstance(made, Mapping) else made)
    return files
