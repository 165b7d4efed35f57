"""site.yml and the term dates file checked into a SiteConfig and Terms."""

from __future__ import annotations

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
        quick_exit_url=clean["quick_exit_url"] or NEUTRAL_SITE,
        data_licence=clean["data_licence"] or OGL,
        data_licence_url=clean["data_licence_url"] or (OGL_URL if not clean["data_licence"] else ""),
    ), []


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


def term_dates(file: str, raw: bytes) -> tuple[tuple[Term, ...], list[Problem]]:
    """Read and check the school term dates file."""
    document, problems = load_yaml(file, raw)
    if document is None:
        return (), problems
    clean, problems = schema.validate(schema.TERM_DATES, document)
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
