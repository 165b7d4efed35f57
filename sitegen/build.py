"""The build, start to end: read, check and model the content, plan and render pages, write output/."""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen import (
    calendars,
    content,
    health,
    openreferral,
    output,
    pages,
    parallel,
    render,
    search,
    spreadsheet,
    vendor,
)
from sitegen.model import Site

MIN_PARALLEL = 500  # fewer records than this are quicker done in one process

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
    root: Path,
    today: dt.date,
    base_url: str | None,
    progress: Progress,
    jobs: int = 1,
    kept: render.Kept | None = None,
) -> tuple[int, Site, dict[str, bytes]]:
    """The site and its files, with the number of warnings about its content."""
    progress("reading content", 0, 0)
    sources = content.read_sources(root)
    progress("checking records and pages", 0, 0)
    site = content.make_site(sources, today, _model_services(sources, today, jobs))
    texts = {name: raw.decode("utf-8", "replace") for name, raw in (sources.services | sources.pages).items()}
    warnings = len(health.findings(site, texts, today, health.Limits(site.config.stale_after_months)))
    del sources, texts  # not needed again: the processes rendering pages start without them
    if base_url:
        site = replace(site, config=replace(site.config, base_url=base_url))
    planned = pages.plan(site)
    theme = render.Theme.for_site(root, site.config.theme)
    files = render.render_site(
        site,
        planned,
        theme,
        vendor.files(),
        lambda done, total: progress("making the search index, exports and pages", done, total),
        jobs,
        make=export_tasks(site, jobs),
        kept=kept,
    )
    return warnings, site, files


def _model_services(sources: content.Sources, today: dt.date, jobs: int) -> dict[str, content.Modelled]:
    """Every service record checked and modelled, shared among ``jobs`` processes."""
    terms, stale_after = content.settings(sources)
    items = list(sources.services.items())

    def model(run: Sequence[tuple[str, bytes]]) -> list[content.Modelled]:
        return [content.model_service(file, raw, terms, today, stale_after) for file, raw in run]

    runs = parallel.chunks(items, jobs) if len(items) >= MIN_PARALLEL else [items]
    results = parallel.run([functools.partial(model, run) for run in runs], jobs)
    return {
        file: result
        for run, done in zip(runs, results, strict=True)
        for (file, _), result in zip(run, done, strict=True)
    }


def export_tasks(
    site: Site, jobs: int
) -> list[Callable[[], Mapping[str, bytes] | Iterator[tuple[str, bytes]]]]:
    """The files made from the whole site besides its pages: the Open Referral UK export and the
    search index (the longest, so first), the calendars (in parts, area by area: each service's
    and its area's from the same events), and the spreadsheet."""
    areas = [group.slug for group in pages.areas(site.services)]
    area_parts = parallel.chunks(areas, jobs) if len(site.services) >= MIN_PARALLEL else [areas]
    return [
        functools.partial(openreferral.export_stream, site),
        functools.partial(search.files, site),
        *(functools.partial(calendars.by_area, site, frozenset(part)) for part in area_parts),
        functools.partial(spreadsheet.files, site),
    ]


def make_files(
    root: Path, today: dt.date, base_url: str | None = None, jobs: int = 1
) -> tuple[Site, dict[str, bytes]]:
    """Everything up to the bytes of every output file, without writing anything.

    ``base_url`` replaces site.yml's, for a preview served somewhere else.
    """
    _, site, files = _make(root, today, base_url, _quiet, jobs)
    return site, files


def build(
    root: Path,
    output_dir: Path,
    today: dt.date,
    base_url: str | None = None,
    progress: Progress = _quiet,
    jobs: int = 1,
) -> BuildReport:
    """Build the site into ``output_dir``; on any problem raise before touching it. ``jobs``
    processes share the work; the output is the same bytes whatever their number."""
    started = time.perf_counter()
    with output.Staging(output_dir) as staging:
        kept = render.Kept(staging)
        warnings, site, _ = _make(root, today, base_url, progress, jobs, kept)
        progress("writing output", 0, 0)
        staging.swap_in()
        index = [(output_dir / name).read_bytes() for name in search.INDEX_FILES]
    return BuildReport(
        services=len(site.services),
        pages=len(site.pages),
        files=kept.count,
        bytes=kept.bytes,
        index_bytes=sum(map(len, index)),
        index_gzipped=sum(len(gzip.compress(data, 6, mtime=0)) for data in index),
        seconds=time.perf_counter() - started,
        warnings=warnings,
    )


def check(root: Path, today: dt.date) -> Site:
    """Read and check all the content and render nothing: what 'sitegen validate' runs."""
    return content.make_site(content.read_sources(root), today)
