"""The build, start to end: read, check and model the content, plan and render pages, write output/."""

from __future__ import annotations

import datetime as dt
import gzip
import time
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen import content, output, pages, render, search, vendor
from sitegen.model import Site


@dataclass(frozen=True)
class BuildReport:
    services: int
    pages: int
    files: int
    bytes: int
    index_bytes: int
    index_gzipped: int
    seconds: float


def make_files(root: Path, today: dt.date, base_url: str | None = None) -> tuple[Site, dict[str, bytes]]:
    """Everything up to the bytes of every output file, without writing anything.

    ``base_url`` replaces site.yml's, for a preview served somewhere else.
    """
    sources = content.read_sources(root)
    site = content.make_site(sources, today)
    if base_url:
        site = replace(site, config=replace(site.config, base_url=base_url))
    planned = pages.plan(site)
    theme = render.Theme.for_site(root, site.config.theme)
    made = search.files(site) | vendor.files(root)
    files = render.render_site(site, planned, theme, made)
    return site, files


def build(root: Path, output_dir: Path, today: dt.date, base_url: str | None = None) -> BuildReport:
    """Build the site into ``output_dir``; on any problem raise before touching it."""
    started = time.perf_counter()
    site, files = make_files(root, today, base_url)
    output.write_site(files, output_dir)
    return BuildReport(
        services=len(site.services),
        pages=len(site.pages),
        files=len(files),
        bytes=sum(len(b) for b in files.values()),
        index_bytes=sum(len(files[name]) for name in search.INDEX_FILES),
        index_gzipped=sum(len(gzip.compress(files[name], 9, mtime=0)) for name in search.INDEX_FILES),
        seconds=time.perf_counter() - started,
    )


def check(root: Path, today: dt.date) -> Site:
    """Read and check all the content and render nothing: what 'sitegen validate' runs."""
    return content.make_site(content.read_sources(root), today)
