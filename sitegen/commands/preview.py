"""Rebuilds for 'sitegen serve' that redo only what an edit changed.

The first build is a full one. After that, a record whose bytes have not changed keeps the
Service modelled from it last time (the very same object), so what changed is found by identity:

- the pages of changed services, and the area, type and day pages that list them (before or
  after the edit), are rendered again, with the site-wide pages (home, all services, indexes);
  every other page keeps its bytes;
- their calendars are made again, and the calendars of the areas and towns they are in;
- files whose bytes are the same are not written again.

The exports made from every record at once (the search index, the result store, the places
table, the spreadsheet, the Open Referral UK files) take seconds on a large directory, so after an edit they are made just
after the pages are on screen, in ``finish()``: a preview's search catches up a moment later.

Anything else (a template or style, site.yml, the term dates, the postcode or places table, or the date)
makes the next build a full one. A test checks that, after ``finish()``, the output is byte for
byte what a full build of the same content gives.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from sitegen import exports
from sitegen import write as output
from sitegen.exports import calendars
from sitegen.load import vendor
from sitegen.load.files import Sources, read_sources
from sitegen.model import Site, content, groups, urls
from sitegen.problems import Problem
from sitegen.site import plan as pages
from sitegen.site import render


@dataclass
class _State:
    site: Site
    planned: list[pages.PlannedPage]
    files: dict[str, bytes]
    stamp: str  # what makes a full rebuild necessary when it changes
    modelled: dict[str, tuple[bytes, content.Modelled]] = field(default_factory=dict)
    whole_site: frozenset[str] = frozenset()  # the files the whole-site exports made last time


@dataclass(frozen=True)
class Rebuilt:
    full: bool
    services: int
    pages: int
    rendered: int
    written: int
    seconds: float
    unfinished: tuple[Problem, ...] = ()  # placeholders still in the records, shown as warnings


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _stamp(root: Path, sources: Sources, site: Site, base_url: str | None) -> str:
    """Everything besides records and guidance pages that pages depend on."""
    parts = [
        repr(site.today),
        base_url or "",
        *(repr(s[1]) for s in (sources.config, sources.term_dates, sources.districts, sources.places) if s),
    ]
    theme = render.Theme.for_site(root, site.config.theme)
    for folder in theme.folders:
        for dirpath, _, names in os.walk(folder):
            for name in sorted(names):
                stat = os.stat(os.path.join(dirpath, name))
                parts.append(f"{dirpath}/{name}:{stat.st_mtime_ns}:{stat.st_size}")
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


class IncrementalBuild:
    """A preview build that remembers the last one. Not for publishing: 'sitegen build' is. It
    shows records that still hold placeholders, each page with a notice listing them."""

    def __init__(self, root: Path, output_dir: Path, base_url: str | None = None):
        self.root, self.output_dir, self.base_url = root, output_dir, base_url
        self.state: _State | None = None
        self.pending: set[str] = set()  # whole-site exports not yet brought up to date
        self.lock = threading.Lock()
        self._prints: dict[str, tuple[bytes, str]] = {}
        self.env: jinja2.Environment | None = None

    def build(self, today: dt.date) -> Rebuilt:
        """Bring the output up to date with the content, except for ``pending`` exports."""
        started = time.perf_counter()
        with self.lock:
            sources = read_sources(self.root)
            settings = content.read_settings(sources, today)
            terms, stale_after = settings.terms, settings.stale_after
            previous = self.state
            modelled: dict[str, tuple[bytes, content.Modelled]] = {}
            for file, raw in sources.services.items():
                digest = _digest(raw)
                kept = previous.modelled.get(file) if previous else None
                if kept and kept[0] == digest and previous and previous.site.today == today:
                    modelled[file] = kept
                else:
                    modelled[file] = (digest, content.model_service(file, raw, terms, today, stale_after))
            site = content.make_site(
                sources, today, {f: m for f, (_, m) in modelled.items()}, preview=True, settings=settings
            )
            if self.base_url:
                site = replace(site, config=replace(site.config, base_url=self.base_url))
            planned = pages.plan(site)
            stamp = _stamp(self.root, sources, site, self.base_url)
            if previous is None or previous.stamp != stamp:
                rebuilt = self._full(sources, site, planned, stamp, modelled, started)
            else:
                rebuilt = self._partial(previous, site, planned, stamp, modelled, started)
            unfinished = (replace(p, severity="warning") for s in site.services for p in s.unfinished)
            return replace(rebuilt, unfinished=tuple(sorted(unfinished)))

    def _full(self, sources, site, planned, stamp, modelled, started) -> Rebuilt:
        self.env = None
        theme = render.Theme.for_site(self.root, site.config.theme)
        whole_site = exports.whole_site_files(site)
        files = render.render_site(
            site,
            planned,
            theme,
            vendor.files() | whole_site,
            env=self._environment(theme),
            make=[functools.partial(exports.area_files, site, {g.slug for g in groups.areas(site.services)})],
        )
        output.write_site(files, self.output_dir)
        self.state = _State(site, planned, files, stamp, modelled, frozenset(whole_site))
        self.pending = set()
        return Rebuilt(
            True, len(site.services), len(site.pages), len(planned), len(files), time.perf_counter() - started
        )

    def _partial(self, previous: _State, site: Site, planned, stamp, modelled, started) -> Rebuilt:
        old = {s.slug: s for s in previous.site.services}
        new = {s.slug: s for s in site.services}
        changed = {slug for slug in old.keys() | new.keys() if old.get(slug) is not new.get(slug)}
        guidance_changed = previous.site.pages != site.pages
        if not changed and not guidance_changed:
            self.state = replace(previous, modelled=modelled)
            return Rebuilt(False, len(site.services), len(site.pages), 0, 0, time.perf_counter() - started)

        files = dict(previous.files)
        # the calendars of every place (area and town) a changed service is (or was) in, and of
        # the services whose town they are
        areas_touched = {
            place
            for slug in changed
            for s in (old.get(slug), new.get(slug))
            if s
            for place in (s.venue.area_slug, groups.home(s))
        }
        for slug in changed:
            if slug in old:
                files.pop(urls.service_url(old[slug]) + urls.CALENDAR_FILE, None)
        for path in [p for p in files if p.startswith(urls.AREAS) and p.endswith(urls.CALENDAR_FILE)]:
            if path.split("/")[1] in areas_touched:
                del files[path]
        files |= exports.area_files(site, areas_touched)
        self.pending |= {export.name for export in exports.WHOLE_SITE}

        # which pages of lists to render again: those showing a changed service, those whose
        # heading, count or services shown differ from last time (a service came or went, so
        # later ones moved along), and an area's pages if its calendar link may have come or gone
        def shows(page: pages.PlannedPage) -> tuple:
            group = page.data["group"]
            return (
                page.title,
                group.name,
                group.count,
                group.town,
                tuple((part.name, part.count) for part in group.neighbourhoods),
                tuple(s.slug for s in page.data["shown"]),
            )

        shown_before = {p.url: shows(p) for p in previous.planned if p.template == "group.html"}
        calendar_flipped = {
            slug
            for slug in changed
            if bool(old.get(slug) and calendars.has_events(old[slug]))
            != bool(new.get(slug) and calendars.has_events(new[slug]))
        }
        link_may_change: dict[int, bool] = {}  # by group: every page of a long list shares it

        def list_page_changed(page: pages.PlannedPage) -> bool:
            if shown_before.get(page.url) != shows(page) or any(
                s.slug in changed for s in page.data["shown"]
            ):
                return True
            group = page.data["group"]
            if id(group) not in link_may_change:
                link_may_change[id(group)] = any(s.slug in calendar_flipped for s in group.services)
            return link_may_change[id(group)]

        redo = [
            p
            for p in planned
            if p.template not in ("service.html", "group.html", "guidance.html", "guidance_whole.html")
            or p.template == "service.html"
            and p.data["service"].slug in changed
            or p.template == "group.html"
            and list_page_changed(p)
            or p.template in ("guidance.html", "guidance_whole.html")
            and guidance_changed
        ]
        gone = {p.path for p in previous.planned} - {p.path for p in planned}
        for path in gone:
            files.pop(path, None)
        theme = render.Theme.for_site(self.root, site.config.theme)
        fingerprints = self._fingerprints(files)
        files |= render.render_pages(self._environment(theme), site, redo, fingerprints)
        files["sitemap.xml"] = render.sitemap(site, planned).encode("utf-8")
        written = output.write_changes(self.output_dir, previous.files, files)
        self.state = _State(site, planned, files, stamp, modelled, previous.whole_site)
        return Rebuilt(
            False, len(site.services), len(site.pages), len(redo), written, time.perf_counter() - started
        )

    def finish(self) -> int:
        """Bring the whole-site exports (search index, spreadsheet) up to date, and the pages that
        link to them by fingerprint. Returns the number of files written."""
        with self.lock:
            if not self.pending or self.state is None:
                return 0
            state = self.state
            whole_site = exports.whole_site_files(state.site)
            files = {path: data for path, data in state.files.items() if path not in state.whole_site}
            files |= whole_site
            theme = render.Theme.for_site(self.root, state.site.config.theme)
            fingerprints = self._fingerprints(files)
            uses_exports = [p for p in state.planned if p.template in ("search.html", "shortlist.html")]
            files |= render.render_pages(self._environment(theme), state.site, uses_exports, fingerprints)
            written = output.write_changes(self.output_dir, state.files, files)
            self.state = replace(state, files=files, whole_site=frozenset(whole_site))
            self.pending = set()
            return written

    def _environment(self, theme: render.Theme) -> jinja2.Environment:
        """The templates, kept between rebuilds with their cache of service cards (a full
        rebuild, as after a template edit, starts afresh)."""
        if self.env is None:
            self.env = theme.environment()
        return self.env

    def _fingerprints(self, files: dict[str, bytes]) -> dict[str, str]:
        """What render_site's fingerprints would be, hashing only files made anew since last time."""
        prints = {}
        for path, data in files.items():
            if path.endswith(".html"):
                continue
            kept = self._prints.get(path)
            prints[path] = kept[1] if kept and kept[0] is data else hashlib.sha256(data).hexdigest()[:10]
            self._prints[path] = (data, prints[path])
        return prints
