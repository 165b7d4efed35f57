"""The project's files into a Site: read them (the one I/O step), then check and model them (pure).

``read_sources`` gathers the bytes of site.yml, the term dates and every record and page.
``make_site`` turns those bytes into a ``Site``, or raises ``ContentError`` with every problem
in every file, so that one run shows a contributor everything to fix.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitegen import config as site_config
from sitegen import markdown, places, schedule, schema
from sitegen.model import (
    Ages,
    Booking,
    Closure,
    Contact,
    Cost,
    Page,
    Provider,
    Service,
    ServiceType,
    Session,
    Site,
    SiteConfig,
    Term,
    Venue,
    session_keys,
)
from sitegen.problems import ContentError, Problem
from sitegen.source import load_yaml, split_front_matter

SERVICES_DIR = "content/services"
PAGES_DIR = "content/pages"
DISTRICTS_FILE = "content/postcode-districts.csv"
RESERVED_PAGE_SLUGS = {"whole-guide"}
RECORD_SUFFIXES = (".yml", ".yaml")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass
class Sources:
    """The raw bytes of every input file, by its path from the project root ('/' separated)."""

    config: tuple[str, bytes]
    term_dates: tuple[str, bytes] | None = None
    districts: tuple[str, bytes] | None = None
    services: dict[str, bytes] = field(default_factory=dict)
    pages: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_sources(root: Path, config_file: str = site_config.CONFIG_FILE) -> Sources:
    """Read every input file under the project root. Only reading happens here."""
    problems: list[Problem] = []
    config_path = root / config_file
    if not config_path.is_file():
        raise ContentError(
            [
                Problem(
                    config_file,
                    1,
                    1,
                    "",
                    "the site's settings file is missing",
                    f"run sitegen from the folder that holds {config_file}, "
                    "or make a new site with 'sitegen init'",
                )
            ]
        )
    config_raw = config_path.read_bytes()
    sources = Sources(config=(config_file, config_raw), problems=problems)
    for setting, default, slot in (
        ("term_dates", None, "term_dates"),
        ("postcode_districts", DISTRICTS_FILE, "districts"),
    ):
        named = _setting(config_raw, setting)
        file = named or default
        if not file:
            continue
        path = root / file
        if _inside(root, path) and path.is_file():
            setattr(sources, slot, (file, path.read_bytes()))
        elif named:
            problems.append(
                Problem(
                    config_file,
                    1,
                    1,
                    setting,
                    f"the file {file!r} is not there",
                    "give the path of the file from the project folder",
                )
            )
    sources.services = _read_folder(root, SERVICES_DIR, RECORD_SUFFIXES, problems)
    sources.pages = _read_folder(root, PAGES_DIR, (".md",), problems)
    return sources


def _setting(config_raw: bytes, name: str) -> str | None:
    """One file-name setting from site.yml, read early so that the file itself can be read."""
    document, _ = load_yaml(site_config.CONFIG_FILE, config_raw)
    if document is None or not isinstance(document.data, dict):
        return None
    value = document.data.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _read_folder(
    root: Path, folder: str, suffixes: tuple[str, ...], problems: list[Problem]
) -> dict[str, bytes]:
    directory = root / folder
    found: dict[str, bytes] = {}
    if not directory.is_dir():
        return found
    if not _inside(root, directory):  # content/ or the folder is a link to somewhere else
        problems.append(
            Problem(
                folder,
                1,
                1,
                "",
                "is a symbolic link to a folder outside the project; records must be real files",
                "replace the link with the folder itself",
            )
        )
        return found
    # os.scandir: the directory listing says what each entry is, so no file needs a stat of its own
    with os.scandir(directory) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        name = f"{folder}/{entry.name}"
        if entry.name.startswith(".") or entry.name.lower() == "readme.md" and folder != PAGES_DIR:
            continue
        if entry.is_symlink():
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    "",
                    "is a symbolic link; records must be real files",
                    "replace the link with the file itself",
                )
            )
        elif not entry.is_file(follow_symlinks=False):
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"is a folder; records go straight into {folder}/",
                    "move the files up into the folder",
                )
            )
        elif not entry.name.endswith(suffixes):
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"is not a {' or '.join(suffixes)} file",
                    f"rename it to end in {suffixes[0]}, or move it out of {folder}/",
                )
            )
        else:
            with open(entry.path, "rb") as file:
                found[name] = file.read()
    return found


def make_site(sources: Sources, today: dt.date, modelled: Mapping[str, Modelled] | None = None) -> Site:
    """Check and model every input. Raises ContentError listing all problems if there are any.

    ``modelled`` holds service records already modelled (by worker processes, or kept from the
    last build because their bytes have not changed), by file.
    """
    problems = list(sources.problems)
    config, config_problems = site_config.site_config(*sources.config)
    problems += config_problems
    terms: tuple[Term, ...] = ()
    if sources.term_dates:
        terms, term_problems = site_config.term_dates(*sources.term_dates)
        problems += term_problems
    stale_after = config.stale_after_months if config else 12
    districts: dict[str, tuple[float, float]] = {}
    if sources.districts:
        districts, district_problems = places.districts(*sources.districts)
        problems += district_problems

    services: list[Service] = []
    seen: dict[str, str] = {}
    for file, raw in sources.services.items():
        if modelled is not None and file in modelled:
            service, found = modelled[file]
        else:
            service, found = model_service(file, raw, terms, today, stale_after)
        problems += found
        if service is None:
            continue
        if service.slug in seen:
            problems.append(
                Problem(
                    file,
                    1,
                    1,
                    "",
                    f"has the same name as {seen[service.slug]}: two services "
                    f"would share the address /services/{service.slug}/",
                    "rename one of the files",
                )
            )
            continue
        seen[service.slug] = file
        services.append(service)

    pages: list[Page] = []
    for file, raw in sources.pages.items():
        slug = _slug_of(file, problems)
        page = _page(file, slug, raw, today, stale_after, problems)
        if page is not None:
            pages.append(page)
    orders: dict[tuple[str, int], str] = {}
    for page in sorted(pages, key=lambda p: p.source):
        if page.slug in RESERVED_PAGE_SLUGS:
            problems.append(
                Problem(
                    page.source,
                    1,
                    1,
                    "",
                    f"'{page.slug}' is the address of a page sitegen makes",
                    "rename the file",
                )
            )
        if (page.kind, page.order) in orders:
            problems.append(
                Problem(
                    page.source,
                    1,
                    1,
                    "order",
                    f"{page.order} is also the order of {orders[(page.kind, page.order)]}",
                    "give each guidance page its own number",
                )
            )
        orders[(page.kind, page.order)] = page.source

    if problems or config is None:
        raise ContentError(problems)
    return Site(
        config=config,
        services=tuple(sorted(services, key=lambda s: (s.name.lower(), s.slug))),
        pages=tuple(sorted(pages, key=lambda p: (p.order, p.slug))),
        terms=terms,
        today=today,
        districts=districts,
    )


Modelled = tuple[Service | None, list[Problem]]


def settings(sources: Sources) -> tuple[tuple[Term, ...], int]:
    """The term dates and review age that modelling a service needs (problems are make_site's)."""
    config, _ = site_config.site_config(*sources.config)
    terms = site_config.term_dates(*sources.term_dates)[0] if sources.term_dates else ()
    return terms, config.stale_after_months if config else 12


def model_service(
    file: str, raw: bytes, terms: tuple[Term, ...], today: dt.date, stale_after: int
) -> Modelled:
    """One service record, checked and modelled on its own, with its problems."""
    problems: list[Problem] = []
    slug = _slug_of(file, problems)
    service = _service(file, slug, raw, terms, today, stale_after, problems)
    if service is not None and any(s.term_time_only for s in service.sessions) and not terms:
        problems.append(
            Problem(
                file,
                1,
                1,
                "sessions",
                "a session is term time only, but the site has no term dates",
                "add 'term_dates: term-dates.yml' to site.yml",
            )
        )
    return (None if problems else service), problems


def _slug_of(file: str, problems: list[Problem]) -> str:
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if not SLUG.fullmatch(stem) or len(stem) > 80:
        better = "-".join(re.sub(r"[^a-z0-9]+", " ", stem.lower()).split())[:80] or "my-service"
        problems.append(
            Problem(
                file,
                1,
                1,
                "",
                "the file name is not a valid page address: use lowercase letters, digits and hyphens only",
                f"rename the file to {better}{file[file.rfind('.') :]}",
            )
        )
    return stem


def _service(
    file: str,
    slug: str,
    raw: bytes,
    terms: tuple[Term, ...],
    today: dt.date,
    stale_after: int,
    problems: list[Problem],
) -> Service | None:
    document, load_problems = load_yaml(file, raw)
    if document is None:
        problems += load_problems
        return None
    clean, found = schema.validate(schema.SERVICE, document)
    if found:
        problems += found
        return None
    listed = [
        Session(
            day=s["day"],
            weekday=schema.WEEKDAYS.index(s["day"]),
            start=s["start"],
            end=s["end"],
            frequency=s["frequency"] or "weekly",
            week_of_month=s["week_of_month"],
            term_time_only=bool(s["term_time_only"]),
            starting=s["starting"],
            ending=s["ending"],
            notes=s["notes"],
        )
        for s in clean["sessions"] or []
    ]
    sessions = tuple(
        sorted(
            (replace(session, key=key) for session, key in zip(listed, session_keys(listed), strict=True)),
            key=lambda s: (s.weekday, s.start, s.end),
        )
    )
    not_running = tuple(
        sorted((Closure(c["date"], c["reason"]) for c in clean["not_running"] or []), key=lambda c: c.date)
    )
    venue = clean["venue"]
    status = clean["status"] or "running"
    reviewed_ago = schedule.months_between(clean["last_reviewed"], today)
    return Service(
        slug=slug,
        source=file,
        name=clean["name"],
        summary=clean["summary"],
        description_html=markdown.record_description(clean["description"]) if clean["description"] else "",
        description=clean["description"] or "",
        types=tuple(ServiceType(t) for t in dict.fromkeys(clean["types"])),
        provider=Provider(**clean["run_by"]),
        ages=Ages(
            from_months=clean["ages"]["from"], to_months=clean["ages"]["to"], note=clean["ages"]["note"]
        ),
        sessions=sessions,
        not_running=not_running,
        venue=Venue(
            name=venue["name"],
            address=venue["address"],
            town=venue["town"],
            area=venue["area"] or venue["town"],
            postcode=venue["postcode"],
            latitude=venue["latitude"],
            longitude=venue["longitude"],
            step_free=venue["step_free"],
            parking=venue["parking"],
            baby_change=venue["baby_change"],
            buggy_storage=venue["buggy_storage"],
            accessible_toilet=venue["accessible_toilet"],
            access_notes=venue["access_notes"],
        ),
        cost=Cost(
            pence=clean["cost"]["price"],
            per=clean["cost"]["per"],
            covers=clean["cost"]["covers"],
            help_with_cost=clean["cost"]["help_with_cost"],
        ),
        booking=Booking(required=clean["booking"]["required"], how=clean["booking"]["how"]),
        contact=Contact(**(clean["contact"] or {})),
        last_reviewed=clean["last_reviewed"],
        status=status,
        status_note=clean["status_note"],
        status_since=clean["status_since"],
        feeding_friendly=clean["feeding_friendly"],
        siblings_welcome=clean["siblings_welcome"],
        languages=tuple(clean["languages"] or ()),
        funding=tuple(clean["funding"] or ()),
        keywords=tuple(clean["keywords"] or ()),
        upcoming=schedule.upcoming(sessions, terms, not_running, today) if status == "running" else (),
        upcoming_closures=schedule.upcoming_closures(not_running, today) if status == "running" else (),
        series=schedule.all_series(sessions, terms, not_running, today),
        reviewed_months_ago=reviewed_ago,
        is_stale=reviewed_ago >= stale_after,
    )


def _page(
    file: str, slug: str, raw: bytes, today: dt.date, stale_after: int, problems: list[Problem]
) -> Page | None:
    document, body, load_problems = split_front_matter(file, raw)
    if document is None:
        problems += load_problems
        return None
    clean, found = schema.validate(schema.PAGE, document)
    if found:
        problems += found
        return None
    if not body.strip():
        problems.append(
            Problem(
                file,
                len(document.text_lines),
                1,
                "",
                "the page has no text after its front matter",
                "write the page below the closing '---'",
            )
        )
        return None
    body_line = len(document.text_lines) - len(body.split("\n")) + 1
    for line, kind in markdown.unknown_callouts(body, body_line):
        problems.append(
            Problem(
                file,
                line,
                1,
                "",
                f"[!{kind}] is not a kind of callout",
                f"use one of: {', '.join('[!' + k + ']' for k in markdown.CALLOUTS)}",
                document.source_line(line),
            )
        )
    rendered = markdown.guidance_page(body)
    reviewed_ago = schedule.months_between(clean["last_reviewed"], today)
    return Page(
        slug=slug,
        source=file,
        title=clean["title"],
        summary=clean["summary"],
        order=clean["order"],
        last_reviewed=clean["last_reviewed"],
        html=rendered.html,
        headings=rendered.headings,
        kind=clean["kind"] or "guide",
        reviewed_months_ago=reviewed_ago,
        is_stale=reviewed_ago >= stale_after,
    )


__all__ = ["Sources", "read_sources", "make_site", "SiteConfig"]
