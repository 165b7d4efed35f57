"""Services grouped for the list pages and area calendars: by area, by type of service, by weekday."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sitegen.model import urls
from sitegen.model.directory import WEEKDAY_NAMES, WEEKDAY_PLURALS, Service, slugify
from sitegen.model.schema import SERVICE_TYPES


@dataclass(frozen=True)
class Group:
    """A named group of services for a list page: an area, a service type or a weekday."""

    name: str
    slug: str
    url: str
    services: tuple[Service, ...]
    heading: str = ""
    intro: str = ""

    @property
    def count(self) -> int:
        return len(self.services)


def areas(services: Iterable[Service]) -> tuple[Group, ...]:
    by_slug: dict[str, list[Service]] = {}
    names: dict[str, str] = {}
    for service in services:
        by_slug.setdefault(service.venue.area_slug, []).append(service)
        names.setdefault(service.venue.area_slug, service.venue.area)
    return tuple(
        Group(
            name=names[slug],
            slug=slug,
            url=urls.area_url(slug),
            services=tuple(found),
            heading=f"Services in {names[slug]}",
        )
        for slug, found in sorted(by_slug.items(), key=lambda item: names[item[0]].lower())
    )


def service_types(services: Iterable[Service]) -> tuple[Group, ...]:
    by_type: dict[str, list[Service]] = {name: [] for name in SERVICE_TYPES}
    for service in services:
        for name in dict.fromkeys(t.name for t in service.types):
            by_type[name].append(service)
    groups = []
    for name in SERVICE_TYPES:
        found = tuple(by_type[name])
        if found:
            label = name[0].upper() + name[1:]
            groups.append(
                Group(
                    name=label,
                    slug=slugify(name),
                    url=urls.type_url(name),
                    services=found,
                    heading=label,
                )
            )
    return tuple(groups)


def weekdays(services: Iterable[Service]) -> tuple[Group, ...]:
    by_day: list[list[Service]] = [[] for _ in WEEKDAY_NAMES]
    for service in services:
        for weekday in sorted({session.weekday for session in service.sessions}):
            by_day[weekday].append(service)
    groups = []
    for index, day in enumerate(WEEKDAY_NAMES):
        found = tuple(by_day[index])
        groups.append(
            Group(
                name=day,
                slug=day.lower(),
                url=urls.day_url(day),
                services=found,
                heading=f"Services on {WEEKDAY_PLURALS[index]}",
            )
        )
    return tuple(groups)
