"""Which pages and calendars an edit of some service records changes, given an outline of the last build.

Both the preview ('sitegen serve') and 'sitegen build' with its cache redo only what changed
records touch; this is the one place that decides what that is:

- the pages of the changed services; the pages of lists (area, type, day, all services) that show
  one of them, or whose heading, count, neighbourhoods or services shown differ from last time (a
  service came or went, so later ones moved along), or whose area may have gained or lost its
  calendar link; and every page that is not a service's, a list's or a guidance page (home,
  indexes, search): these show counts and names from the whole site;
- the calendars of every place (area and town) a changed service is or was in, and of the
  services whose town that is; the calendar of a service that is gone.

The last build is remembered as an ``Outline``: plain strings, numbers and truth values (so a build
can keep it on disk), not the site itself.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sitegen.exports import calendars
from sitegen.model import Service, Site, groups, urls
from sitegen.site.plan import PlannedPage

# The pages made from one service, from one list, and from the guidance: redone only as below.
# Every other template (home, indexes, search, shortlist, open data) is rendered again every time.
SERVICE, LIST, GUIDANCE = "service.html", "group.html", ("guidance.html", "guidance_whole.html")


@dataclass(frozen=True)
class Outline:
    """What the last build's services and lists were, as far as the next one needs to know."""

    services: Mapping[str, tuple[str, str, bool]]  # slug -> (area, town, whether it has events)
    lists: Mapping[str, tuple[Any, ...]]  # a list page's URL -> what it shows (``_shows``)
    paths: frozenset[str]  # every page's output file

    def plain(self) -> tuple[dict, dict, frozenset]:
        """The outline as plain dicts, tuples and strings, to keep on disk."""
        return dict(self.services), dict(self.lists), self.paths


def _places(service: Service) -> tuple[str, str, bool]:
    return service.venue.area_slug, groups.home(service), calendars.has_events(service)


def _shows(page: PlannedPage) -> tuple[Any, ...]:
    """What a list page shows besides its services' own pages: heading, counts, services shown."""
    group = page.data["group"]
    return (
        page.title,
        group.name,
        group.count,
        group.town,
        tuple((part.name, part.count) for part in group.neighbourhoods),
        tuple(s.slug for s in page.data["shown"]),
    )


def outline(site: Site, planned: Iterable[PlannedPage]) -> Outline:
    planned = list(planned)
    return Outline(
        {s.slug: _places(s) for s in site.services},
        {p.url: _shows(p) for p in planned if p.template == LIST},
        frozenset(p.path for p in planned),
    )


@dataclass(frozen=True)
class Affected:
    """What to make again after the edit, and what of the last output to let go."""

    pages: list[PlannedPage]  # to render again
    places: frozenset[str]  # whose calendars (exports.area_files) to make again
    stale: frozenset[str]  # files of the last output that are gone or made again (pages, calendars)
    outline: Outline  # of the site after the edit: ``outline(site, planned)``, from what was worked out


def affected(
    before: Outline,
    site: Site,
    planned: Iterable[PlannedPage],
    changed: Collection[str],
    guidance_changed: bool = False,
    kept: Collection[int] = (),
) -> Affected:
    """What changes after the services with these slugs (edited, added or removed) changed, from
    ``before`` (the last build's outline) to ``site`` and its ``planned`` pages. ``kept``: the
    ``id`` of each list page of the last build's plan (still alive), for a caller whose plan
    keeps a list page, the very same object, only when its group is the very same, holding none
    of the changed services: such a page shows what it showed, so is not looked at."""
    changed = set(changed)
    new = {s.slug: s for s in site.services}
    now = {slug: _places(new[slug]) for slug in changed if slug in new}
    then = {slug: before.services[slug] for slug in changed if slug in before.services}
    places = frozenset(
        place for seen in (now, then) for area, town, _ in seen.values() for place in (area, town)
    )
    calendar_flipped = {
        slug
        for slug in changed
        if bool(then.get(slug, ("", "", False))[2]) != bool(now.get(slug, ("", "", False))[2])
    }
    link_may_change: dict[int, bool] = {}  # by group: every page of a long list shares it

    lists_now: dict[str, tuple[Any, ...]] = {}

    def list_page_changed(page: PlannedPage) -> bool:
        if id(page) in kept:
            lists_now[page.url] = before.lists[page.url]
            return False
        shows = lists_now[page.url] = _shows(page)
        if before.lists.get(page.url) != shows or not changed.isdisjoint(shows[-1]):  # the slugs shown
            return True
        if not calendar_flipped:
            return False
        group = page.data["group"]
        if id(group) not in link_may_change:
            link_may_change[id(group)] = any(s.slug in calendar_flipped for s in group.services)
        return link_may_change[id(group)]

    def redo(page: PlannedPage) -> bool:
        if page.template == SERVICE:
            return page.data["service"].slug in changed
        if page.template == LIST:
            return list_page_changed(page)
        if page.template in GUIDANCE:
            return guidance_changed
        return True

    planned = list(planned)
    pages = [p for p in planned if redo(p)]
    paths = {p.path for p in planned}
    # every service's places: as the last build's outline has them, but for the changed ones
    services_now = {slug: seen for slug, seen in before.services.items() if slug not in changed} | now
    calendars_made_again = {
        f"{urls.SERVICES}{slug}/{urls.CALENDAR_FILE}"
        for slug, (_, town, _) in services_now.items()
        if town in places
    }
    stale = (
        {p.path for p in pages}
        | (before.paths - paths)
        | {f"{urls.SERVICES}{slug}/{urls.CALENDAR_FILE}" for slug in then}
        | calendars_made_again
        | {urls.area_url(place) + urls.CALENDAR_FILE for place in places}
    )
    after = Outline({s.slug: services_now[s.slug] for s in site.services}, lists_now, frozenset(paths))
    return Affected(pages, places, frozenset(stale), after)
