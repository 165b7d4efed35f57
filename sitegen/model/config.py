"""site.yml and the term dates file checked into a SiteConfig and Terms."""

from __future__ import annotations

import datetime as dt

from sitegen.load.source import Document, load_yaml
from sitegen.model import (
    NEUTRAL_SITE,
    OGL,
    OGL_URL,
    AccessibilityStatement,
    Coordinator,
    SiteConfig,
    Term,
    schema,
)
from sitegen.problems import Problem


def site_config(document: Document | None) -> tuple[SiteConfig | None, list[Problem]]:
    """Check site.yml, as load/files.py parsed it (None if it could not: that problem is the loader's)."""
    if document is None:
        return None, []
    clean, problems = schema.validate(schema.SITE, document)
    if problems:
        return None, problems
    return SiteConfig(
        title=clean["title"],
        council=clean["council"],
        county=clean["county"],
        base_url=clean["base_url"],
        repository=clean["repository"],
        coordinators=tuple(Coordinator(**c) for c in clean["coordinators"]),
        language=clean["language"] or "en-GB",
        description=clean["description"] or "",
        sample_data=bool(clean["sample_data"]),
        branch=clean["branch"] or "main",
        contact_email=clean["contact_email"],
        term_dates=clean["term_dates"],
        postcode_districts=clean["postcode_districts"],
        synonyms=clean["synonyms"],
        places=clean["places"],
        theme=clean["theme"],
        stale_after_months=clean["stale_after_months"] or 12,
        accessibility=_statement(clean["accessibility"], clean["contact_email"]),
        quick_exit=bool(clean["quick_exit"]),
        show_freshness=bool(clean["show_freshness"]),
        quick_exit_url=clean["quick_exit_url"] or NEUTRAL_SITE,
        data_licence=clean["data_licence"] or OGL,
        data_licence_url=clean["data_licence_url"] or (OGL_URL if not clean["data_licence"] else ""),
        **_openreferral(clean["openreferral"]),
    ), []


# Which folder index files each choice of openreferral.index_files writes.
INDEX_FILES = {"both": ("index.json", "index.htm"), "json": ("index.json",), "htm": ("index.htm",)}


def _openreferral(clean: dict | None) -> dict:
    clean = clean or {}
    copies = clean.get("json_copies")
    return {
        "openreferral_json_copies": True if copies is None else copies,
        "openreferral_index_files": INDEX_FILES[clean.get("index_files") or "both"],
    }


def _statement(clean: dict | None, contact_email: str | None) -> AccessibilityStatement | None:
    if not clean:
        return None
    return AccessibilityStatement(
        prepared=clean["prepared"],
        compliance=clean["compliance"],
        reviewed=clean["reviewed"],
        problems=tuple(clean["problems"] or ()),
        tested=clean["tested"],
        contact_email=clean["contact_email"] or contact_email,
        contact_phone=clean["contact_phone"],
        response_days=clean["response_days"] or 10,
    )


# How far from the build date terms may lie. Councils publish school term dates one to three
# school years ahead (Oxfordshire: the next two); five years leaves room for the most forward-looking
# and refuses a mistyped year (2062 for 2026). Each calendar event lists the holidays up to the last
# term's end, so this also bounds its length. Terms more than five years past are no use (the site
# shows dates from the current school year on) and are most likely a mistyped year too.
TERM_YEARS_AHEAD = 5
TERM_YEARS_BEHIND = 5


def term_dates(file: str, raw: bytes, today: dt.date) -> tuple[tuple[Term, ...], list[Problem]]:
    """Read and check the school term dates file, each term within a few years of the build date."""
    document, problems = load_yaml(file, raw)
    if document is None:
        return (), problems
    clean, problems = schema.validate(schema.TERM_DATES, document)
    if problems:
        return (), problems
    problems = _near(clean["terms"], document, today)
    if problems:
        return (), problems
    terms = tuple(
        Term(
            name=t["name"],
            starts=t["starts"],
            ends=t["ends"],
            breaks=tuple((b["starts"], b["ends"]) for b in t["breaks"] or []),
        )
        for t in clean["terms"]
    )
    return tuple(sorted(terms, key=lambda t: t.starts)), []


def _near(terms: list[dict], document: Document, today: dt.date) -> list[Problem]:
    """A problem for each term ending more than TERM_YEARS_AHEAD after the build date or starting
    more than TERM_YEARS_BEHIND before it."""
    latest, earliest = _years_after(today, TERM_YEARS_AHEAD), _years_after(today, -TERM_YEARS_BEHIND)
    problems = []
    for index, term in enumerate(terms):
        if term["ends"] > latest:
            problems.append(
                document.problem(
                    ("terms", index, "ends"),
                    f"{term['ends']} is more than {TERM_YEARS_AHEAD} years after the build date "
                    f"({today}): terms may end on {latest} at the latest",
                    "check the year; councils publish term dates a few school years ahead, so leave "
                    "out terms further away than that",
                )
            )
        elif term["starts"] < earliest:
            problems.append(
                document.problem(
                    ("terms", index, "starts"),
                    f"{term['starts']} is more than {TERM_YEARS_BEHIND} years before the build date "
                    f"({today}): terms may start on {earliest} at the earliest",
                    "check the year, or remove the terms that ended years ago: only the current "
                    "school year's terms and those after it are used",
                )
            )
    return problems


def _years_after(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (or earlier), 28 February for a 29 February the year has not,
    kept within the dates Python knows (years 1 to 9999)."""
    year = day.year + years
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)
