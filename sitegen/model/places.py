"""Places a family can search near: postcode districts from a CSV table, and the directory's own areas."""

from __future__ import annotations

import csv
import io
import re

from sitegen.load.source import decode
from sitegen.model import Service, slugify
from sitegen.problems import Problem

DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")


def districts(file: str, raw: bytes) -> tuple[dict[str, tuple[float, float]], list[Problem]]:
    """Read 'district,latitude,longitude' rows. Every bad row is a problem naming its line."""
    text = decode(file, raw)
    if isinstance(text, Problem):
        return {}, [text]
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip().lower() for c in rows[0]] != ["district", "latitude", "longitude"]:
        return {}, [
            Problem(
                file,
                1,
                1,
                "",
                "the first line must be: district,latitude,longitude",
                "keep the header line the table came with",
            )
        ]
    found: dict[str, tuple[float, float]] = {}
    problems = []
    for line, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
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
        try:
            latitude, longitude = float(row[1]), float(row[2])
        except ValueError:
            problems.append(Problem(file, line, 1, "", "latitude and longitude must be numbers", "", shown))
            continue
        if not (49.8 <= latitude <= 60.95 and -8.7 <= longitude <= 1.8):
            problems.append(
                Problem(
                    file,
                    line,
                    1,
                    "",
                    f"{latitude},{longitude} is outside the UK",
                    "check the order: latitude (about 51) first, then longitude",
                    shown,
                )
            )
            continue
        if district in found:
            problems.append(
                Problem(file, line, 1, "district", f"{district} is listed twice", "keep one", shown)
            )
            continue
        found[district] = (round(latitude, 4), round(longitude, 4))
    return found, problems


def area_centres(services: tuple[Service, ...]) -> dict[str, tuple[float, float]]:
    """Each area's and town's centre: the average position of its venues, keyed by slug."""
    points: dict[str, list[tuple[float, float]]] = {}
    for service in services:
        venue = service.venue
        if venue.latitude is None or venue.longitude is None:
            continue
        for name in {venue.area, venue.town}:
            points.setdefault(slugify(name), []).append((venue.latitude, venue.longitude))
    return {
        slug: (
            round(sum(p[0] for p in found) / len(found), 4),
            round(sum(p[1] for p in found) / len(found), 4),
        )
        for slug, found in sorted(points.items())
    }
