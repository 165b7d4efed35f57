"""The build, start to end: read, check and model the content, plan and render pages, write output/."""

from __future__ import annotations

import datetime as dt
import gzip
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen import calendars, content, health, output, pages, render, search, spreadsheet, vendor
from sitegen.model import Site

# Told each stage as it starts ("rendering", done, total); called again as pages render.
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class BuildReport:
    services: int
    pages: int
    files: int
    bytes: int
    index_bytes: int
    index_gzipped: int
    seconds: float
    warnings: int = 0


def _make(
    root: Path, today: dt.date, base_url: str | None, progress: Progress
) -> tuple[content.Sources, Site, dict[str, bytes]]:
    progress("reading content", 0, 0)
    sources = content.read_sources(root)
    progress("checking records and pages", 0, 0)
    site = content.make_site(sources, today)
    if base_url:
        site = replace(site, config=replace(site.config, base_url=base_url))
    planned = pages.plan(site)
    theme = render.Theme.for_site(root, site.config.theme)
    progress("building the search index", 0, 0)
    made = search.files(site) | vendor.files(root)
    progress("making calendars and open data", 0, 0)
    made |= calendars.files(site) | spreadsheet.files(site)
    files = render.render_site(
        site, planned, theme, made, lambda done, total: progress("rendering pages", done, total)
    )
    return sources, site, files


def make_files(root: Path, today: dt.date, base_url: str | None = None) -> tuple[Site, dict[str, bytes]]:
    """Everything up to the bytes of every output file, without writing anything.

    ``base_url`` replaces site.yml's, for a preview served somewhere else.
    """
    _, site, files = _make(root, today, base_url, _quiet)
    return site, files


def build(
    root: Path,
    output_dir: Path,
    today: dt.date,
    base_url: str | None = None,
    progress: Progress = _quiet,
) -> BuildReport:
    """Build the site into ``output_dir``; on any problem raise before touching it."""
    started = time.perf_counter()
    sources, site, files = _make(root, today, base_url, progress)
    progress("writing output", 0, 0)
    output.write_site(files, output_dir)
    texts = {name: raw.decode("utf-8", "replace") for name, raw in (sources.services | sources.pages).items()}
    warnings = health.findings(site, texts, today, health.Limits(site.config.stale_after_months))
    return BuildReport(
        services=len(site.services),
        pages=len(site.pages),
        files=len(files),
        bytes=sum(len(b) for b in files.values()),
        index_bytes=sum(len(files[name]) for name in search.INDEX_FILES),
        index_gzipped=sum(len(gzip.compress(files[name], 9, mtime=0)) for name in search.INDEX_FILES),
        seconds=time.perf_counter() - started,
        warnings=len(warnings),
    )


def check(root: Path, today: dt.date) -> Site:
    """Read and check all the content and render nothing: what 'sitegen validate' runs."""
    return content.make_site(content.read_sources(root), today)
