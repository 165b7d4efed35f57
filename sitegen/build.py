"""The build, start to end: read, check and model the content, plan and render pages, write output/."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import gzip
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen import exports, parallel
from sitegen import write as output
from sitegen.cache import last_build, last_output, rebuild
from sitegen.cache import models as model_cache
from sitegen.exports.search import index as search
from sitegen.load import vendor
from sitegen.load.files import Sources, read_sources
from sitegen.model import Site, content, groups
from sitegen.site import affected, render
from sitegen.site import plan as pages

MIN_PARALLEL = 500  # fewer records than this are quicker done in one process
RECORDS_PER_TASK = 1000  # modelling: see _model_all

P = ParamSpec("P")
R = TypeVar("R")

# Told each stage as it starts ("rendering", done, total); called again as pages render.
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    pass


def build_date(option: str | None, environ: dict[str, str] | None = None) -> dt.date:
    """The date the site is built for: --today, else SOURCE_DATE_EPOCH, else today in the UK."""
    environ = os.environ if environ is None else environ
    if option:
        return dt.date.fromisoformat(option)
    try:
        zone: dt.tzinfo = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # pragma: no cover - no time zone database on the machine
        zone = dt.UTC
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=zone).date()
    return dt.datetime.now(tz=zone).date()


@dataclass(frozen=True)
class BuildReport:
    services: int
    pages: int
    files: int
    bytes: int
    index_bytes: int
    index_gzipped: int
    seconds: float
    site: Site = field(repr=False, compare=False)  # what was built, for the command's own reports


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's collector of reference cycles kept from running while the records are modelled
    and the pages planned; what they made is then left out of its passes until the build ends
    (``thawed_after``).

    Modelling and planning make millions of objects that live as long as the build, and no
    cycles that die sooner (a collection after either, on the peers' 1,000 or 10,000 records,
    frees nothing), but the collector, seeing so many new objects, went over all of them again
    each time they grew by a quarter: at 100,000 records, 41 passes over the whole heap took
    6.7 s of the main process, and its first passes after modelling 2.1 s more. Rendering leaves
    cycles (the templates' own), so it runs with the collector on and the site out of its way."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if was_on:
            gc.enable()


def thawed_after(function: Callable[P, R]) -> Callable[P, R]:
    """``function``, after which every object frozen during it is one the collector sees again,
    whether it ends well or not: a process that goes on after a build frees that build's site."""

    @functools.wraps(function)
    def thawing(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        finally:
            gc.unfreeze()

    return thawing


@thawed_after
def _make(
    root: Path,
    today: dt.date,
    base_url: str | None,
    progress: Progress,
    jobs: int = 1,
    kept: output.Writer | None = None,
    cache: Path | None = None,
) -> tuple[Site, dict[str, bytes]]:
    """The site and its files; records modelled before are taken from the ``cache`` folder."""
    site, sources, _, keep = _read_and_model(root, today, base_url, progress, jobs, cache)
    keep()
    del sources  # not needed again: the processes rendering pages start without them
    return site, _render(root, site, _plan(site), progress, jobs, kept)


def _plan(site: Site) -> list[pages.PlannedPage]:
    """Every page planned, the collector paused as for modelling (collector_paused)."""
    with collector_paused():
        return pages.plan(site)


def _nothing() -> None:
    pass


def _read_and_model(
    root: Path, today: dt.date, base_url: str | None, progress: Progress, jobs: int, cache: Path | None
) -> tuple[Site, Sources, dict[str, tuple[bytes, str]], Callable[[], object]]:
    """The content read, checked and modelled into the site; the files it was read from; with a
    ``cache``, each record file's cache key and service address; and what keeps the modelled
    records in the cache, for the caller to run (see _model_services)."""
    progress("reading content", 0, 0)
    sources = read_sources(root)
    progress("checking records and pages", 0, 0)
    settings = content.read_settings(sources, today)
    with collector_paused():
        modelled, keys, keep = _model_services(sources, settings, today, jobs, cache)
        site = content.make_site(sources, today, modelled, settings=settings)
    if base_url:
        site = replace(site, config=replace(site.config, base_url=base_url))
    records = {
        file: (keys[file], service.slug)
        for file, (service, _) in modelled.items()
        if service and file in keys
    }
    return site, sources, records, keep


def _render(
    root: Path,
    site: Site,
    planned: list[pages.PlannedPage],
    progress: Progress,
    jobs: int,
    kept: output.Writer | None,
    also: Callable[[], object] = _nothing,
) -> dict[str, bytes]:
    """The pages planned and rendered, beside the search index and the exports; ``also`` is run
    as one more of their tasks (keeping the modelled records in the cache), making no files."""

    def also_task() -> exports.Files:
        also()
        return {}

    theme = render.Theme.for_site(root, site.config.theme)
    return render.render_site(
        site,
        planned,
        theme,
        vendor.files(),
        lambda done, total: progress("making the search index, exports and pages", done, total),
        jobs,
        make=[*export_tasks(site, jobs), also_task],
        kept=kept,
    )


def _model_services(
    sources: Sources, settings: content.Settings, today: dt.date, jobs: int, cache: Path | None = None
) -> tuple[dict[str, content.Modelled], dict[str, bytes], Callable[[], object]]:
    """Every service record checked and modelled, shared among ``jobs`` processes; with a
    ``cache`` folder, only those whose inputs it has not seen (cache/models.py), keeping the rest;
    each record file's key in the cache (none without one); and what writes the cache, if it
    needs writing. The caller runs that: a whole build runs it beside its exports, so that the
    other process goes on rendering while this one pickles 10,000 records (1.2 s) instead of
    both waiting for it."""
    terms, stale_after = settings.terms, settings.stale_after
    if cache is None:
        return _model_all(list(sources.services.items()), terms, today, stale_after, jobs), {}, _nothing
    shared = model_cache.context(terms, today, stale_after)
    keys = {file: model_cache.record_key(shared, file, raw) for file, raw in sources.services.items()}
    known = model_cache.load(cache)
    fresh = _model_all(
        [(file, raw) for file, raw in sources.services.items() if keys[file] not in known],
        terms,
        today,
        stale_after,
        jobs,
    )
    modelled = {file: fresh[file] if file in fresh else known[key] for file, key in keys.items()}
    keep: Callable[[], object] = _nothing
    if known.keys() != set(keys.values()):  # something new to keep, or entries no record uses
        entries = {keys[file]: result for file, result in modelled.items()}
        keep = functools.partial(model_cache.save, cache, entries, known)
    return modelled, keys, keep


def _model_all(
    items: list[tuple[str, bytes]], terms: tuple | None, today: dt.date, stale_after: int, jobs: int
) -> dict[str, content.Modelled]:
    """These records checked and modelled, shared among ``jobs`` processes."""

    def model(run: Sequence[tuple[str, bytes]]) -> list[content.Modelled]:
        return [content.model_service(file, raw, terms, today, stale_after) for file, raw in run]

    # runs of about RECORDS_PER_TASK records: a helper sends each run's results back as it ends,
    # and the last run's results are waited for, so a larger site is cut into more runs
    per_job = max(4, len(items) // (jobs * RECORDS_PER_TASK))
    runs = parallel.chunks(items, jobs, per_job) if len(items) >= MIN_PARALLEL else [items]
    results = parallel.run([functools.partial(model, run) for run in runs], jobs)
    return {
        file: result
        for run, done in zip(runs, results, strict=True)
        for (file, _), result in zip(run, done, strict=True)
    }


def export_tasks(site: Site, jobs: int) -> list[Callable[[], exports.Files]]:
    """The exports (exports.EXPORTS) as tasks; those made by area in ``jobs`` parts of the areas."""
    places = groups.areas(site.services)
    areas = [group.slug for group in places]
    portable = render.uses_fresh_helpers(site, jobs)
    # a fresh helper holds the services of the areas it is given: smaller parts, for less at once
    per_job = 16 if portable else 4
    area_parts = parallel.chunks(areas, jobs, per_job) if len(site.services) >= MIN_PARALLEL else [areas]
    return exports.tasks(site, area_parts, places if portable else None)


def make_files(
    root: Path, today: dt.date, base_url: str | None = None, jobs: int = 1
) -> tuple[Site, dict[str, bytes]]:
    """Everything up to the bytes of every output file, without writing anything.

    ``base_url`` replaces site.yml's, for a preview served somewhere else.
    """
    site, files = _make(root, today, base_url, _quiet, jobs)
    return site, files


@thawed_after
def build(
    root: Path,
    output_dir: Path,
    today: dt.date,
    base_url: str | None = None,
    progress: Progress = _quiet,
    jobs: int = 1,
    cache: bool = True,
) -> BuildReport:
    """Build the site into ``output_dir``; on any problem raise before touching it. ``jobs``
    processes share the work; the output is the same bytes whatever their number, and with or
    without the ``cache`` in the project's .sitegen-cache/ folder: of modelled records, and of
    what the last build read and wrote, so that one whose inputs and output are as they were
    leaves the output as it is."""
    started = time.perf_counter()
    folder = root / model_cache.FOLDER if cache else None
    site, sources, records, keep = _read_and_model(root, today, base_url, progress, jobs, folder)
    theme = render.Theme.for_site(root, site.config.theme)
    libraries = vendor.files()
    inputs = stamp = ""
    if folder:
        inputs = last_build.inputs(sources, theme.folders, libraries, today, base_url)
        stamp = last_build.inputs(sources, theme.folders, libraries, today, base_url, records=False)
    del sources  # not needed again: the processes rendering pages start without them
    if folder and (same := last_build.unchanged(folder, inputs, output_dir)):
        keep()
        progress("the output is up to date", 0, 0)
        return BuildReport(**same._asdict(), seconds=time.perf_counter() - started, site=site)
    planned = _plan(site)
    last = _last_output(folder, stamp, output_dir) if folder else None
    if folder:
        last_output.forget(folder)  # the output is about to change: until it is kept again, a full build
    with output.Staging(output_dir) as staging:
        if last:
            progress("making what the changed records touch", 0, 0)
            kept = output.Writer(staging, output.Previous(output_dir, last.digests))
            changed = rebuild.changed_services(last.records, records)
            keep()
            rebuild.make_changes(site, planned, theme, libraries, last, changed, kept, jobs)
        else:
            kept = output.Writer(staging, listing=folder is not None)
            _render(root, site, planned, progress, jobs, kept, also=keep)
        progress("writing output", 0, 0)
        staging.swap_in(wait=False)
        index = [(output_dir / name).read_bytes() for name in search.INDEX_FILES]
    written = last_build.Written(
        services=len(site.services),
        pages=len(site.pages),
        files=kept.count,
        bytes=kept.bytes,
        index_bytes=sum(map(len, index)),
        index_gzipped=sum(len(gzip.compress(data, 6, mtime=0)) for data in index),
    )
    if folder:
        shares = kept.all_written
        listed = last_build.listing(output_dir, None if shares is None else (shares, kept.sizes))
        last_build.record(folder, inputs, output_dir, written, listed)
        page_paths = {p.path for p in planned}
        made = last_output.LastOutput(
            stamp,
            str(output_dir.absolute()),
            listed,
            records,
            affected.outline(site, planned),
            kept.sizes,
            kept.digests,
            rebuild.whole_site_exports(
                kept.sizes, page_paths, theme.static_files().keys() | libraries.keys()
            ),
        )
        last_output.save(folder, made)
    return BuildReport(**written._asdict(), seconds=time.perf_counter() - started, site=site)


def _last_output(folder: Path, stamp: str, output_dir: Path) -> last_output.LastOutput | None:
    """What the last build made, if a build now can start from it: all but the records as they
    were, and the output folder as it left it."""
    last = last_output.load(folder)
    if last is None or last.stamp != stamp or last.output != str(output_dir.absolute()):
        return None
    try:
        if last.listing != last_build.listing(output_dir):
            return None
    except OSError:
        return None
    return last


def check(root: Path, today: dt.date) -> Site:
    """Read and check all the content and the theme, and render nothing: what 'sitegen validate' runs."""
    site = content.make_site(read_sources(root), today)
    render.Theme.for_site(root, site.config.theme)
    return site
