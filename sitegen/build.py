"""The build, start to end: read, check and model the content, plan and render pages, write output/."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from sitegen import content, output, pages, render
from sitegen.model import Site


@dataclass(frozen=True)
class BuildReport:
    services: int
    pages: int
    files: int
    bytes: int
    seconds: float


def make_files(root: Path, today: dt.date) -> tuple[Site, dict[str, bytes]]:
    """Everything up to the bytes of every output file, without writing anything."""
    sources = content.read_sources(root)
    site = content.make_site(sources, today)
    planned = pages.plan(site)
    theme = render.Theme.for_site(root, site.config.theme)
    files = render.render_site(site, planned, theme)
    return site, files


def build(root: Path, output_dir: Path, today: dt.date) -> BuildReport:
    """Build the site into ``output_dir``; on any problem raise before touching it."""
    started = time.perf_counter()
    site, files = make_files(root, today)
    output.write_site(files, output_dir)
    return BuildReport(
        services=len(site.services),
        pages=len(site.pages),
        files=len(files),
        bytes=sum(len(b) for b in files.values()),
        seconds=time.perf_counter() - started,
    )


def check(root: Path, today: dt.date) -> Site:
    """Read and check all the content and render nothing: what 'sitegen validate' runs."""
    return content.make_site(content.read_sources(root), today)
