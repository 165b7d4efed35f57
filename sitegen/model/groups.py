"""Services grouped for the list pages and area calendars: by place, by type of service, by weekday.

A place is a town or an area within it (``venue.town``, ``venue.area``). Each has a page,
/areas/NAME/, listing the services whose town or area it is: Banbury's lists the service filed
as ``town: Banbury, area: Grimsbury`` as well as Grimsbury's page does, and Oxford, whose records
all name a neighbourhood, has a page of its own. An area whose services all lie in one town,
not itself the town of any record, is that town's neighbourhood: the two pages link each other.
Every service's own town page is ``home(service)``: the one place it is listed under where each
service must appear once (all services, area by area; the calendars made area by area).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

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
    town: tuple[str, str] | None = None  # a neighbourhood's town: (name, url)
    neighbourhoods: tuple[Group, ...] = ()  # a town's neighbourhoods, by name

    @property
    def count(self) -> int:
        return len(self.services)


def home(service: Service) -> str:
    """The slug of the service's town: the one place page where it belongs whatever its area."""
    return slugify(service.venue.town)


def areas(services: Iterable[Service]) -> tuple[Group, ...]:
    """Every place with a page, towns and their neighbourhoods alike, by name; each lists the
    services whose town or area it is, in the order given."""
    by_slug: dict[str, list[Service]] = {}
    names: dict[str, str] = {}
    towns_of: dict[str, set[str]] = {}  # the towns of each area's services
    for service in services:
        venue = service.venue
        area, town = venue.area_slug, home(service)
        by_slug.setdefault(area, []).append(service)
        names.setdefault(area, venue.area)
        towns_of.setdefault(area, set()).add(town)
        if town != area:
            by_slug.setdefault(town, []).append(service)
            names.setdefault(town, venue.town)
    is_town = {town for found in towns_of.values() for town in found}
    town_of = {
        area: next(iter(found))
        for area, found in towns_of.items()
        if area not in is_town and len(found) == 1 and next(iter(found)) != area
    }
    neighbourhoods: dict[str, list[Group]] = {}
    made: list[Group] = []
    for slug, found in sorted(by_slug.items(), key=lambda item: (names[item[0]].lower(), item[0])):
        town = town_of.get(slug)
        group = Group(
            name=names[slug],
            slug=slug,
            url=urls.area_url(slug),
            services=tuple(found),
            heading=f"Services in {names[slug]}",
            town=(names[town], urls.area_url(town)) if town else None,
        )
        made.append(group)
        if town:
            neighbourhoods.setdefault(town, []).append(group)
    result = []
    for group in made:
        if group.slug in neighbourhoods:  # a town's page lists its services neighbourhood by neighbourhood
            group = replace(group, neighbourhoods=tuple(neighbourhoods[group.slug]))
            group = replace(
                group, services=tuple(s for _, _, found in sections(group, group.services) for s in found)
            )
        result.append(group)
    return tuple(result)


def towns(places: Iterable[Group]) -> tuple[Group, ...]:
    """The places that are not a town's neighbourhood (the neighbourhoods are in their towns)."""
    return tuple(group for group in places if group.town is None)


Section = tuple[str, "Group | None", tuple[Service, ...]]


def sections(group: Group, services: Iterable[Service]) -> tuple[Section, ...]:
    """Services of a town's page (all of them, or one page's worth) under headings: each
    neighbourhood's (with its group), then the rest of the town's, as (heading, neighbourhood or
    None, services). One section, headed with the place's own name, for a place without
    neighbourhoods."""
    services = tuple(services)
    if not group.neighbourhoods:
        return ((group.name, None, services),) if services else ()
    found = []
    for part in group.neighbourhoods:
        inside = tuple(s for s in services if s.venue.area_slug == part.slug)
        if inside:
            found.append((part.name, part, inside))
    parts = {part.slug for part in group.neighbourhoods}
    others = tuple(s for s in services if s.venue.area_slug not in parts)
    if others:
        found.append((f"Elsewhere in {group.name}" if found else group.name, None, others))
    return tuple(found)


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


def grouped_by(service: Service) -> tuple[object, ...]:
    """Everything about a service that areas(), service_types() and weekdays() group it by: two
    services alike in this are in the same groups, named the same, in the same sections."""
    venue = service.venue
    return (
        venue.area,
        venue.area_slug,
        venue.town,
        home(service),
        tuple(dict.fromkeys(t.name for t in service.types)),
        tuple(sorted({session.weekday for session in service.sessions})),
    )


def swapped(groups: tuple[Group, ...], swaps: dict[int, Service]) -> tuple[Group, ...]:
    """The groups made again after some services were each replaced by another at the same place
    in the order, alike in ``grouped_by``: ``swaps`` gives the new service by the old one's
    ``id``. A group holding none of them is the very same object; the rest hold the new ones
    where the old were. The same as grouping the new services afresh, without going over them all."""

    def swap(group: Group) -> Group:
        if not any(id(service) in swaps for service in group.services):
            return group
        return replace(
            group,
            services=tuple(swaps.get(id(service), service) for service in group.services),
            neighbourhoods=tuple(swap(part) for part in group.neighbourhoods),
        )

    return tuple(swap(group) for group in groups)
