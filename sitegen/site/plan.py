"""The site map: which pages exist, at which URL, rendered with which template and what data.

URLs (from model/urls.py) are site-relative and end in '/' for pages ('services/little-acorns/'); the home page
is ''. Rendering turns them into relative links, so the site works under any sub-path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sitegen.exports import calendars, spreadsheet
from sitegen.model import Service, Site, SiteConfig, Term, markdown, schedule, urls
from sitegen.model.groups import Group, areas, sections, service_types, towns, weekdays
from sitegen.model.groups import home as home_town
from sitegen.model.review_share import review_share
from sitegen.model.schema import PROVIDER_KINDS, SERVICE_TYPES
from sitegen.model.urls import (
    ACCESSIBILITY,
    AREAS,
    CALENDAR_FILE,
    DAYS,
    GUIDANCE,
    HOME,
    OPEN_DATA,
    SEARCH,
    SERVICES,
    SHORTLIST,
    TYPES,
    WHOLE_GUIDE,
    area_url,
    guidance_url,
    service_url,
)
from sitegen.site import feedback, structured_data


@dataclass(frozen=True, slots=True)
class PlannedPage:
    """One file to render: where it goes, its template, and the data the template gets."""

    url: str
    template: str
    title: str
    data: Mapping[str, Any] = field(default_factory=dict)
    breadcrumbs: tuple[tuple[str, str], ...] = ()  # (label, url), not including this page
    in_sitemap: bool = True

    @property
    def path(self) -> str:
        """The output file: 'services/x/index.html', or the URL itself for files like '404.html'."""
        if self.url == "" or self.url.endswith("/"):
            return self.url + "index.html"
        return self.url


@dataclass(frozen=True, slots=True)
class Calendar:
    """A page's calendar file: its address in the site, and where to subscribe to it (or None)."""

    ics: str
    webcal: str | None


def calendar(site: Site, page_url: str, services: Iterable[Service]) -> Calendar | None:
    """The calendar of a service's or an area's page, if one is made (a session has a date to come)."""
    if not any(calendars.has_events(service) for service in services):
        return None
    ics = page_url + CALENDAR_FILE
    return Calendar(ics, urls.webcal(site.config, ics))


@dataclass(frozen=True, slots=True)
class ServiceExtras:
    """What a service page shows besides the record: its schema.org data and its "report a
    problem" links. Worked out when the page is rendered (by the process that renders it), not
    while every page is planned, which a preview does after each edit; and worked out again at
    each reading, not kept: the planned pages live until the whole build is written, and keeping
    every service's JSON-LD and report links (about 12 KB a service) or its next sessions for
    the browser (about 3 KB) on them was what took a
    100,000-record build from 1.7 GB to over 4 GB (docs/performance.md)."""

    service: Service
    page_url: str  # the page's full address
    config: SiteConfig
    terms: tuple[Term, ...]
    today: dt.date  # the build date

    @property
    def next_sessions(self) -> dict:
        """What the page's script needs to work the next sessions out again on the day it is read
        (about 3 KB a service held, when it was worked out with the plan)."""
        return schedule.browser_schedule(
            self.service.sessions, self.service.upcoming_closures, self.terms, self.today
        )

    @property
    def structured_data(self) -> str:
        return structured_data.script_text(structured_data.for_service(self.service, self.page_url))

    @property
    def reports(self) -> tuple[feedback.Report, ...]:
        return feedback.listing_reports(self.config, self.service, self.page_url)


@dataclass(frozen=True, slots=True)
class Pagination:
    """Where a page of a long list sits among the list's pages ("Showing 51 to 100 of 230")."""

    number: int  # this page, from 1
    total: int  # how many pages the list has
    first_url: str  # page 1's URL; page n is first_url + 'page-n/'
    count: int  # how many items the whole list has

    def url(self, number: int) -> str:
        return self.first_url if number == 1 else f"{self.first_url}page-{number}/"

    @property
    def start(self) -> int:
        return (self.number - 1) * LIST_PAGE_SIZE + 1

    @property
    def end(self) -> int:
        return min(self.number * LIST_PAGE_SIZE, self.count)

    @property
    def window(self) -> tuple[int | None, ...]:
        """The page numbers to link: the first, the last, and two either side of this one; None
        where numbers are left out."""
        shown = sorted({1, self.total, *range(max(1, self.number - 2), min(self.total, self.number + 2) + 1)})
        numbers: list[int | None] = []
        for n in shown:
            if numbers and n - numbers[-1] > 1:  # type: ignore[operator]
                numbers.append(None)
            numbers.append(n)
        return tuple(numbers)


def paginate(items: tuple, first_url: str) -> list[tuple[tuple, Pagination]]:
    """A list cut into pages of LIST_PAGE_SIZE (an empty list is one empty page)."""
    total = max(1, -(-len(items) // LIST_PAGE_SIZE))
    return [
        (items[(n - 1) * LIST_PAGE_SIZE : n * LIST_PAGE_SIZE], Pagination(n, total, first_url, len(items)))
        for n in range(1, total + 1)
    ]


# A list page shows at most this many services; longer lists go on over numbered pages, so that
# a page stays light on a cheap phone (about 60 KB) however large the directory.
LIST_PAGE_SIZE = 50
# 'All services' lists every service, area by area, up to this many; beyond it, it lists the
# areas (each a paginated list) instead of one page of several megabytes.
ALL_ON_ONE_PAGE = 200


def service_page(site: Site, service: Service) -> PlannedPage:
    """A service's page: its record, its next sessions and its calendar."""
    return PlannedPage(
        service_url(service),
        "service.html",
        service.name,
        ServicePageData(site, service),
        breadcrumbs=SERVICE_BREADCRUMBS,
    )


SERVICE_BREADCRUMBS = (("Home", HOME), ("All services", SERVICES))


class ServicePageData(Mapping[str, Any]):
    """What a service page's template gets (the record, the links to its area and town, its
    address, its calendar and its ``ServiceExtras``), each worked out when it is read: when the
    page is rendered, by the process rendering it. Planned pages live until the whole build is
    written, in every process, and this data as a dict on each service's page held about 1.4 KB
    a service (the peers' 10,000 records; 0.4 KB for all of a planned page now): about 140 MB at
    100,000 services, twice over, since a forked process copies the memory it reads
    (docs/performance.md). A Mapping, so equal to the dict it replaces, key for key."""

    __slots__ = ("site", "service")
    KEYS = ("service", "area_url", "town_url", "page_url", "calendar", "extras")

    def __init__(self, site: Site, service: Service):
        self.site = site
        self.service = service

    def __getitem__(self, key: str) -> Any:
        service = self.service
        if key == "service":
            return service
        if key == "area_url":
            return area_url(service.venue.area_slug)
        if key == "town_url":
            return area_url(home_town(service))
        if key == "page_url":
            return urls.absolute(self.site.config, service_url(service))
        if key == "calendar":
            return calendar(self.site, service_url(service), (service,))
        if key == "extras":
            site = self.site
            return ServiceExtras(service, self["page_url"], site.config, site.terms, site.today)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)


def plan(
    site: Site,
    kept: Mapping[str, PlannedPage] | None = None,
    places: tuple[Group, ...] | None = None,
    types: tuple[Group, ...] | None = None,
    days: tuple[Group, ...] | None = None,
    kept_lists: Mapping[int, list[PlannedPage]] | None = None,
) -> list[PlannedPage]:
    """Every page of the site, in a fixed order. ``kept`` holds service pages of an earlier plan
    of the same settings, term dates and date, by URL (a preview's last plan): a page whose
    service is the very same object is used again as it is, since it depends on nothing else.
    ``places``, ``types`` and ``days`` are groups.areas(), service_types() and weekdays() of the
    site's services, if the caller has them already. ``kept_lists`` holds that earlier plan's list
    pages, by the ``id`` of their group: a group that is the very same object has the same pages.
    """
    home = ("Home", HOME)
    by_area = places if places is not None else areas(site.services)
    by_type = types if types is not None else service_types(site.services)
    by_day = days if days is not None else weekdays(site.services)
    by_town = towns(by_area)  # the places to list: each town's neighbourhoods are listed in it
    running = tuple(s for s in site.services if s.is_running)
    planned = [
        PlannedPage(
            HOME,
            "home.html",
            site.config.title,
            {
                "areas": by_town,
                "types": by_type,
                "days": by_day,
                "guidance": site.pages,
                "service_count": len(running),
                "review_share": (
                    review_share(site.services, site.config.stale_after_months)
                    if site.config.show_freshness
                    else None
                ),
            },
        ),
        PlannedPage(
            SERVICES,
            "services.html",
            "All services",
            {
                "services": site.services,
                "areas": by_town,
                # each service once, under its own town
                "listed": tuple(
                    (group, found)
                    for group in by_town
                    if (found := tuple(s for s in group.services if home_town(s) == group.slug))
                ),
                "every_card": len(site.services) <= ALL_ON_ONE_PAGE,
            },
            breadcrumbs=(home,),
        ),
        PlannedPage(
            AREAS,
            "groups.html",
            "Services by area",
            {
                "groups": by_town,
                "kind": "area",
                "intro": "Choose a town, village or Oxford neighbourhood to see the services there.",
            },
            breadcrumbs=(home,),
        ),
        PlannedPage(
            TYPES,
            "groups.html",
            "Services by type",
            {
                "groups": by_type,
                "kind": "type",
                "intro": "Choose the kind of service you are looking for.",
            },
            breadcrumbs=(home,),
        ),
        PlannedPage(
            DAYS,
            "groups.html",
            "Services by day",
            {
                "groups": by_day,
                "kind": "day",
                "intro": "Choose a day to see the sessions that run on it.",
            },
            breadcrumbs=(home,),
        ),
    ]
    for group, parent in (
        [(g, ("Services by area", AREAS)) for g in by_area]
        + [(g, ("Services by type", TYPES)) for g in by_type]
        + [(g, ("Services by day", DAYS)) for g in by_day]
    ):
        same = kept_lists.get(id(group)) if kept_lists else None
        if same and same[0].data["group"] is group:
            planned += same
            continue
        for shown, pagination in paginate(group.services, group.url):
            first = pagination.number == 1
            planned.append(
                PlannedPage(
                    pagination.url(pagination.number),
                    "group.html",
                    group.heading
                    if first
                    else f"{group.heading} (page {pagination.number} of {pagination.total})",
                    {
                        "group": group,
                        "shown": shown,
                        "pagination": pagination,
                        "day": group.slug.capitalize() if parent[1] == DAYS else None,
                        "calendar": calendar(site, group.url, group.services) if parent[1] == AREAS else None,
                        "sections": sections(group, shown),
                    },
                    breadcrumbs=(
                        (home, parent, *([group.town] if group.town else []))
                        + (() if first else ((group.heading, group.url),))
                    ),
                )
            )
    for service in site.services:
        page = kept.get(service_url(service)) if kept else None
        planned.append(
            page if page is not None and page.data["service"] is service else service_page(site, service)
        )
    guides = tuple(p for p in site.pages if p.kind == "guide")
    templates = tuple(p for p in site.pages if p.kind == "template")
    guidance_home = ("Guidance for community groups", GUIDANCE)
    planned.append(
        PlannedPage(
            GUIDANCE,
            "guidance_index.html",
            "Guidance for community groups",
            {"pages": guides, "templates": templates},
            breadcrumbs=(home,),
        )
    )
    for page in guides + templates:
        step = guides.index(page) + 1 if page.kind == "guide" else None  # templates sit outside the series
        planned.append(
            PlannedPage(
                guidance_url(page),
                "guidance.html",
                page.title,
                {
                    "guide": page,
                    "step": step,
                    "steps": len(guides),
                    "previous": guides[step - 2] if step and step > 1 else None,
                    "next": guides[step] if step and step < len(guides) else None,
                    "pages": guides,
                },
                breadcrumbs=(home, guidance_home),
            )
        )
    known = {p.slug for p in site.pages}
    planned.append(
        PlannedPage(
            WHOLE_GUIDE,
            "guidance_whole.html",
            "The whole guide for community groups",
            {
                "sections": tuple((p, markdown.for_whole_guide(p.html, p.slug, known)) for p in guides),
                "appendix": tuple((p, markdown.for_whole_guide(p.html, p.slug, known)) for p in templates),
            },
            breadcrumbs=(home, guidance_home),
        )
    )
    planned.append(
        PlannedPage(
            SEARCH,
            "search.html",
            "Search",
            {
                "areas": by_town,
                "types": by_type,
                "days": by_day,
                "service_type_names": SERVICE_TYPES,
                "provider_kinds": PROVIDER_KINDS,
            },
            breadcrumbs=(home,),
        )
    )
    planned.append(PlannedPage(SHORTLIST, "shortlist.html", "Your shortlist", {}, breadcrumbs=(home,)))
    planned.append(
        PlannedPage(
            ACCESSIBILITY,
            "accessibility.html",
            f"Accessibility statement for {site.config.title}",
            {"statement": site.config.accessibility, "built": site.today},
            breadcrumbs=(home,),
        )
    )
    planned.append(
        PlannedPage(
            OPEN_DATA,
            "open_data.html",
            "Open data",
            {"areas": by_area, "columns": spreadsheet.COLUMNS, "built": site.today},
            breadcrumbs=(home,),
        )
    )
    planned.append(PlannedPage("404.html", "404.html", "Page not found", {}, in_sitemap=False))
    return planned
