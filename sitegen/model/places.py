"""Places a family can search near: postcode districts and the county's places, each from a CSV
table checked line by line, and the directory's own areas."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from sitegen.load.source import decode
from sitegen.model import Place, Service, slugify
from sitegen.model.schema import Invalid, Text
from sitegen.problems import Problem

DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")
PLACES_HEADER = ["name", "latitude", "longitude", "town", "source"]
PLACE_EXAMPLE = "Deddington,51.9806,-1.32055,,GeoNames 2651435"
_NAME = Text(max_length=80)


def _rows(file: str, raw: bytes, header: list[str]) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """A CSV table's lines after its header, each with its line number (blank lines left out), or
    the problem that stops it being read."""
    text = decode(file, raw)
    if isinstance(text, Problem):
        return [], [text]
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip().lower() for c in rows[0]] != header:
        return [], [
            Problem(
                file,
                1,
                1,
                "",
                f"the first line must be: {','.join(header)}",
                "keep the header line the table came with",
            )
        ]
    return [(line, row) for line, row in enumerate(rows[1:], start=2) if row and "".join(row).strip()], []


def _position(
    file: str, line: int, shown: str, latitude: str, longitude: str
) -> tuple[float, float] | Problem:
    """A row's latitude and longitude, which must be numbers somewhere in the UK."""
    try:
        north, east = float(latitude), float(longitude)
    except ValueError:
        return Problem(file, line, 1, "", "latitude and longitude must be numbers", "", shown)
    if not (49.8 <= north <= 60.95 and -8.7 <= east <= 1.8):  # also refuses nan and inf
        return Problem(
            file,
            line,
            1,
            "",
            f"{north},{east} is outside the UK",
            "check the order: latitude (about 51) first, then longitude",
            shown,
        )
    return north, east


def districts(file: str, raw: bytes) -> tuple[dict[str, tuple[float, float]], list[Problem]]:
    """Read 'district,latitude,longitude' rows. Every bad row is a problem naming its line."""
    rows, problems = _rows(file, raw, ["district", "latitude", "longitude"])
    found: dict[str, tuple[float, float]] = {}
    for line, row in rows:
        shown = ",".join(row)
        if len(row) != 3:
            problems.append(
                Problem(
                    file,
                    line,
                    1,
                    "",
                    f"has {len(row)} values, expected 3",
                    "write district,latitude,longitude, for example OX4,51.7284,-1.2262",
                    shown,
                )
            )
            continue
        district = row[0].strip().upper()
        if not DISTRICT.fullmatch(district):
            problems.append(
                Problem(
                    file,
                    line,
                    1,
                    "district",
                    f"{row[0]!r} is not a postcode district",
                    "a district is the part of a postcode before the space, such as OX4",
                    shown,
                )
            )
            continue
        position = _position(file, line, shown, row[1], row[2])
        if isinstance(position, Problem):
            problems.append(position)
            continue
        if district in found:
            problems.append(
                Problem(file, line, 1, "district", f"{district} is listed twice", "keep one", shown)
            )
            continue
        found[district] = (round(position[0], 4), round(position[1], 4))
    return found, problems


def places(file: str, raw: bytes) -> tuple[tuple[Place, ...], list[Problem]]:
    """Read 'name,latitude,longitude,town,source' rows: every town, village and neighbourhood,
    a neighbourhood naming its town (itself a place in the table). Every bad row is a problem
    naming its line."""
    rows, problems = _rows(file, raw, PLACES_HEADER)
    found: dict[str, Place] = {}
    towns: list[tuple[int, str, str, str]] = []  # (line, shown, place, town): checked once all are read
    for line, row in rows:
        shown = ",".join(row)
        if len(row) != len(PLACES_HEADER):
            problems.append(
                Problem(
                    file,
                    line,
                    1,
                    "",
                    f"has {len(row)} values, expected {len(PLACES_HEADER)}",
                    f"write {','.join(PLACES_HEADER)}, for example {PLACE_EXAMPLE} "
                    "(a value with a comma goes in double quotes)",
                    shown,
                )
            )
            continue
        names = []
        for field, value in (("name", row[0]), ("town", row[3])):
            if field == "town" and not value.strip():
                names.append("")
                continue
            try:
                name = _NAME.parse(value)
            except Invalid as bad:
                problems.append(Problem(file, line, 1, field, f"{value!r} {bad.message}", bad.hint, shown))
                break
            if not slugify(name):
                problems.append(
                    Problem(
                        file,
                        line,
                        1,
                        field,
                        f"{value!r} has no letters A to Z or digits",
                        "write the place's name as a signpost shows it",
                        shown,
                    )
                )
                break
            names.append(name)
        if len(names) < 2:
            continue
        name, town = names
        position = _position(file, line, shown, row[1], row[2])
        if isinstance(position, Problem):
            problems.append(position)
            continue
        if slugify(name) in found:
            problems.append(
                Problem(
                    file,
                    line,
                    1,
                    "name",
                    f"{name} is listed twice (as {found[slugify(name)].name})",
                    "keep one",
                    shown,
                )
            )
            continue
        if town and slugify(town) == slugify(name):
            problems.append(
                Problem(file, line, 1, "town", f"{name} is given as its own town", "leave town empty", shown)
            )
            continue
        found[slugify(name)] = Place(name, round(position[0], 5), round(position[1], 5), town)
        if town:
            towns.append((line, shown, name, town))
    for line, shown, name, town in towns:
        if slugify(town) not in found:
            problems.append(
                Problem(
                    file,
                    line,
                    1,
                    "town",
                    f"{name}'s town {town!r} is not a place in this table",
                    "add a line for the town, or correct its name",
                    shown,
                )
            )
    return tuple(sorted(found.values(), key=lambda p: p.name.lower())), problems


def area_centres(
    services: tuple[Service, ...], key: Callable[[str], str] = slugify
) -> dict[str, tuple[float, float]]:
    """Each area's and town's centre: the average position of its venues, keyed by ``key`` of its
    name (its slug unless told)."""
    points: dict[str, list[tuple[float, float]]] = {}
    for service in services:
        venue = service.venue
        if venue.latitude is None or venue.longitude is None:
            continue
        for name in {venue.area, venue.town}:
            points.setdefault(key(name), []).append((venue.latitude, venue.longitude))
    return {
        slug: (
            round(sum(p[0] for p in found) / len(found), 4),
            round(sum(p[1] for p in found) / len(found), 4),
        )
        for slug, found in sorted(points.items())
    }
