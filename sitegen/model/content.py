"""The project's files, as load/files.py read them, checked and modelled into a Site (pure).

``make_site`` turns the sources into a ``Site``, or raises ``ContentError`` with every problem
in every file, so that one run shows a contributor everything to fix.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TypeVar

from sitegen.load.files import Sources
from sitegen.load.source import Document, load_yaml, split_front_matter
from sitegen.model import (
    Ages,
    Booking,
    Closure,
    Contact,
    Cost,
    Page,
    Place,
    Provider,
    Service,
    ServiceType,
    Session,
    Site,
    SiteConfig,
    Term,
    Venue,
    markdown,
    markdown_limits,
    placeholders,
    places,
    schedule,
    schema,
    session_keys,
)
from sitegen.model import config as site_config
from sitegen.model.synonyms import synonym_groups
from sitegen.problems import ContentError, Problem

T = TypeVar("T")
RESERVED_PAGE_SLUGS = {"whole-guide"}
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def make_site(
    sources: Sources,
    today: dt.date,
    modelled: Mapping[str, Modelled] | None = None,
    preview: bool = False,
    settings: Settings | None = None,
) -> Site:
    """Check and model every input. Raises ContentError listing all problems if there are any.

    ``modelled`` holds service records already modelled (by worker processes, or kept from the
    last build because their bytes have not changed), by file. A record that still holds
    placeholders is a problem, except in a ``preview``, which shows it marked unfinished.
    """
    problems = list(sources.problems)
    settings = settings or read_settings(sources, today)
    problems += settings.problems
    config, terms, stale_after = settings.config, settings.terms, settings.stale_after
    districts: dict[str, tuple[float, float]] = {}
    if sources.districts:
        districts, district_problems = places.districts(*sources.districts)
        problems += district_problems
    synonyms: tuple[tuple[str, ...], ...] = ()
    if sources.synonyms:
        synonyms, synonym_problems = synonym_groups(*sources.synonyms)
        problems += synonym_problems
    known_places: tuple[Place, ...] = ()
    if sources.places:
        known_places, place_problems = places.places(*sources.places)
        problems += place_problems

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
        if not preview:
            problems += service.unfinished
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
        terms=terms or (),
        today=today,
        districts=districts,
        synonyms=synonyms,
        places=known_places,
    )


Modelled = tuple[Service | None, list[Problem]]


@dataclass(frozen=True)
class Settings:
    """site.yml and the term dates checked, once a build: what modelling every record needs."""

    config: SiteConfig | None
    terms: tuple[Term, ...] | None  # None: the term dates file has problems, said once, on their own
    problems: tuple[Problem, ...] = ()

    @property
    def stale_after(self) -> int:
        return self.config.stale_after_months if self.config else 12


def read_settings(sources: Sources, today: dt.date) -> Settings:
    """The site's settings and term dates (checked against the build date) from the loaded
    sources, with their problems."""
    config, problems = site_config.site_config(sources.config_document)
    terms: tuple[Term, ...] | None = ()
    if sources.term_dates:
        terms, term_problems = site_config.term_dates(*sources.term_dates, today)
        problems = problems + term_problems
        if term_problems:
            terms = None
    return Settings(config, terms, tuple(problems))


def model_service(
    file: str, raw: bytes, terms: tuple[Term, ...] | None, today: dt.date, stale_after: int
) -> Modelled:
    """One service record, checked and modelled on its own, with its problems. Its placeholders
    are problems only if it has others too; otherwise they are the service's ``unfinished``.
    ``terms`` is None if the term dates file has problems: those are said once, not again for
    each record with term-time sessions."""
    problems: list[Problem] = []
    slug = _slug_of(file, problems)
    service = _service(file, slug, raw, terms or (), today, stale_after, problems)
    if service is not None and any(s.term_time_only for s in service.sessions) and terms == ():
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
    if problems and service is not None:
        return None, problems + list(service.unfinished)
    return service, problems


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
    unfinished = placeholders.find(document)
    if found:
        problems += found + unfinished
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
    description_html = ""
    if clean["description"]:
        first_line = _first_line_of_text(document, ("description",))
        converted = _converted(
            markdown.record_description, clean["description"], document, first_line, "description", problems
        )
        if converted is None:
            return None
        description_html = converted
    venue = clean["venue"]
    status = clean["status"] or "running"
    reviewed_ago = schedule.months_between(clean["last_reviewed"], today)
    return Service(
        slug=slug,
        source=file,
        name=clean["name"],
        summary=clean["summary"],
        description_html=description_html,
        description=clean["description"] or "",
        types=tuple(ServiceType(t) for t in dict.fromkeys(clean["types"])),
        provider=Provider(**{key: _shared(value) for key, value in clean["run_by"].items()}),
        ages=Ages(
            from_months=clean["ages"]["from"], to_months=clean["ages"]["to"], note=clean["ages"]["note"]
        ),
        sessions=sessions,
        not_running=not_running,
        venue=Venue(
            name=_shared(venue["name"]),
            address=_shared(venue["address"]),
            town=_shared(venue["town"]),
            area=_shared(venue["area"] or venue["town"]),
            postcode=_shared(venue["postcode"]),
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
        maintainers=tuple(dict.fromkeys(clean["maintainers"] or ())),
        upcoming=schedule.upcoming(sessions, terms, not_running, today) if status == "running" else (),
        upcoming_closures=schedule.upcoming_closures(not_running, today) if status == "running" else (),
        series=schedule.all_series(sessions, terms, not_running, today),
        reviewed_months_ago=reviewed_ago,
        is_stale=reviewed_ago >= stale_after,
        unfinished=tuple(unfinished),
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
    rendered = _converted(markdown.guidance_page, body, document, body_line, "", problems, tables=True)
    if rendered is None:
        return None
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


def _shared(text: str | None) -> str | None:
    """A text that many records repeat (a town, a venue, who runs it) as one string for all of
    them: interned, so a big directory holds it once in memory and its pickles write it once."""
    return sys.intern(text) if type(text) is str else text


def _first_line_of_text(document: Document, path: tuple[str, ...]) -> int:
    """The line a text value's first line is on: the line after a block scalar's '|' or '>'.
    (Exact for '|', which keeps the text's lines as they are; in a '>' or quoted value, which
    fold lines together, lines further down are counted from here and may be a little early.)"""
    line, column = document.position(path)
    header = document.source_line(line)
    return line + 1 if header[column - 1 : column] in ("|", ">") else line


def _converted(
    convert: Callable[[str], T],
    text: str,
    document: Document,
    first_line: int,
    field: str,
    problems: list[Problem],
    tables: bool = False,
) -> T | None:
    """Markdown converted, or None with problems: where it goes past the limits that keep
    python-markdown's work in proportion to its length (sitegen/model/markdown_limits.py), and,
    should its recursion still run out, that instead of a traceback. ``tables``: ``convert``
    reads tables, whose rows python-markdown reads one by one."""
    overruns = markdown_limits.overruns(text, tables)
    for overrun in overruns:
        line = first_line + overrun.line
        problems.append(
            Problem(document.file, line, 1, field, overrun.message, overrun.hint, document.source_line(line))
        )
    if overruns:
        return None
    try:
        return convert(text)
    except RecursionError:
        problems.append(
            Problem(
                document.file,
                first_line,
                1,
                field,
                "the Markdown holds lists, quotes, links or emphasis nested too deeply for sitegen to read",
                "put fewer of them inside each other",
                document.source_line(first_line),
            )
        )
        return None
