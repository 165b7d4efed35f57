"""Rebuilds for 'sitegen serve' that redo only what an edit changed.

The first build is a full one. After that, a record whose bytes have not changed keeps the
Service modelled from it last time (the very same object), so what changed is found by identity:

- the pages of changed services, and the area, type and day pages that list them (before or
  after the edit), are rendered again, with the site-wide pages (home, all services, indexes);
  every other page keeps its bytes;
- their calendars are made again, and the calendars of the areas and towns they are in;
- when no edited service moved in the order or between groups, the groups (areas, types, days)
  are the last ones with the edited services swapped in, and the list pages of every group not
  holding one are kept as they were, not looked at again;
- only the files the edit let go or made again are compared with the last ones, and those whose
  bytes are the same are not written again.

The exports made from every record at once (the search index, the result store, the places
table, the spreadsheet, the Open Referral UK files) take seconds on a large directory, so after an edit they are made just
after the pages are on screen, in ``finish()``: a preview's search catches up a moment later.

After a template edit (and nothing else), the records' models, the exports and every other file
are kept, and only the pages that use a changed template are rendered again: those whose template
includes, imports or extends it, at any depth (a service card counts as used by every page that
shows cards). A template that names another only at render time counts as using them all.

When that is many pages (the layout every page extends), the home page and the pages the preview
server sent most recently are rendered first, as Hugo's server does, so the page on screen shows
the edit within moments; the rest are ``stale`` until ``finish()`` renders them, and the server
renders a stale page on request before sending it (``served()``), so nobody sees a stale page.

Anything else (a style or other static file, site.yml, the term dates, the postcode or places
table, or the date) makes the next build a full one; the records' models are still kept. Tests
check that, after ``finish()``, the output is byte for byte what a full build of the same content
gives.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import os
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
from jinja2 import meta

from sitegen import exports
from sitegen import write as output
from sitegen.exports import calendars
from sitegen.load import vendor
from sitegen.load.files import Kept, Sources, read_sources
from sitegen.model import Service, Site, content, groups
from sitegen.problems import Problem
from sitegen.site import affected, render
from sitegen.site import plan as pages


@dataclass
class _State:
    site: Site
    planned: list[pages.PlannedPage]
    files: dict[str, bytes]
    stamp: str  # what makes a full rebuild necessary when it changes
    modelled: dict[str, tuple[bytes, content.Modelled]] = field(default_factory=dict)
    whole_site: frozenset[str] = frozenset()  # the files the whole-site exports made last time
    theme_stamp: str = ""  # the theme's files' times and sizes: when it changes, look closer
    templates: dict[str, bytes] = field(default_factory=dict)  # each template's digest, by name
    static: dict[str, bytes] = field(default_factory=dict)  # the theme's static files


@dataclass(frozen=True)
class Rebuilt:
    full: bool
    services: int
    pages: int
    rendered: int
    written: int
    seconds: float
    unfinished: tuple[Problem, ...] = ()  # placeholders still in the records, shown as warnings
    later: int = 0  # pages left for finish() to render (after a layout edit)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _stamp(sources: Sources, site: Site, base_url: str | None) -> str:
    """Everything besides records, guidance pages and the theme that pages depend on."""
    parts = [
        repr(site.today),
        base_url or "",
        *(repr(s[1]) for s in (sources.config, sources.term_dates, sources.districts, sources.places) if s),
    ]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _theme_stamp(theme: render.Theme) -> str:
    """The theme's files, by name, time and size: cheap to ask every rebuild."""
    parts = []
    for folder in theme.folders:
        for dirpath, _, names in os.walk(folder):
            for name in sorted(names):
                stat = os.stat(os.path.join(dirpath, name))
                parts.append(f"{dirpath}/{name}:{stat.st_mtime_ns}:{stat.st_size}")
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _templates(env: jinja2.Environment) -> dict[str, bytes]:
    """Every template the theme chain gives (the site's own where it has one), by name, as a
    digest of its source."""
    return {
        name: _digest(env.loader.get_source(env, name)[0].encode("utf-8"))  # type: ignore[union-attr]
        for name in env.list_templates(filter_func=lambda name: name.endswith((".html", ".xml")))
    }


def template_uses(env: jinja2.Environment) -> dict[str, frozenset[str]]:
    """For each template, every template rendering it may use: itself, what it extends, includes
    and imports, at any depth. One that names another only at render time may use any; one that
    asks for a service card (``cached_card``) uses macros/card.html."""
    names = env.list_templates(filter_func=lambda name: name.endswith((".html", ".xml")))
    direct: dict[str, set[str]] = {}
    for name in names:
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        try:
            named = set(meta.find_referenced_templates(env.parse(source)))
        except jinja2.TemplateSyntaxError:  # said, with its line, when a page using it renders
            named = {None}
        if None in named:
            named = set(names)
        if "cached_card" in source:
            named.add("macros/card.html")
        direct[name] = {n for n in named if isinstance(n, str)}
    uses = {}
    for name in names:
        seen, todo = {name}, [name]
        while todo:
            for used in direct.get(todo.pop(), ()):
                if used not in seen:
                    seen.add(used)
                    todo.append(used)
        uses[name] = frozenset(seen)
    return uses


def _swaps(before: tuple[Service, ...], after: tuple[Service, ...]) -> dict[int, Service] | None:
    """The services of ``after`` that are not those of ``before`` at the same place in the order,
    by the ``id`` of the one they replace, if each is new (not moved from elsewhere) and alike
    in what it is grouped by (groups.grouped_by); else None."""
    if len(before) != len(after):
        return None
    pairs = [(old, new) for old, new in zip(before, after, strict=True) if old is not new]
    swaps = {id(old): new for old, new in pairs}
    if any(id(new) in swaps for _, new in pairs):  # moved, not new
        return None
    if any(groups.grouped_by(old) != groups.grouped_by(new) for old, new in pairs):
        return None
    return swaps


def page_file(request_path: str) -> str:
    """The output file the server sends for a request's path (without its leading '/'):
    'services/x/' is 'services/x/index.html', '' the home page's."""
    return request_path + "index.html" if request_path == "" or request_path.endswith("/") else request_path


class IncrementalBuild:
    """A preview build that remembers the last one. Not for publishing: 'sitegen build' is. It
    shows records that still hold placeholders, each page with a notice listing them.

    ``foreground`` is how many pages a template edit may render before build() returns; beyond
    it, the home page and the ``remembered`` pages served most recently come first, the rest later."""

    def __init__(
        self,
        root: Path,
        output_dir: Path,
        base_url: str | None = None,
        foreground: int = 100,
        remembered: int = 20,
    ):
        self.root, self.output_dir, self.base_url = root, output_dir, base_url
        self.foreground, self.remembered = foreground, remembered
        self.state: _State | None = None
        self.pending: set[str] = set()  # whole-site exports not yet brought up to date
        # pages whose file is older than the content and templates: rendered by finish(), or on
        # request by served(); in plan order
        self.stale: dict[str, None] = {}
        self.visited: dict[str, None] = {}  # the pages the server sent, the latest last
        self.lock = threading.Lock()
        # requests waiting for the lock to render their page: the background gives way to them.
        # A lock is not fair: a thread that lets it go and takes it again at once (the background,
        # a batch after another) keeps it, and a page asked for waited for every batch.
        self._asking = 0
        self._asking_lock = threading.Lock()
        self._prints: dict[str, tuple[bytes, str | None]] = {}  # every file's bytes and fingerprint
        self._current_prints: dict[str, str] = {}  # the fingerprints of the state's files
        self._fingerprinted: dict[str, bytes] | None = None  # the files they were last worked out for
        self._events: dict[int, tuple[object, list[str]]] = {}  # calendar events, by service
        self._digests: dict[str, tuple[bytes, bytes]] = {}  # each record's bytes and digest
        self._read: Kept = {}  # the records and pages as last read, to read only those changed since
        # the outline of the last plan (sitegen/site/affected.py), kept with the plan it is of
        self._outline: tuple[object, affected.Outline | None] = (None, None)
        self._by_path: tuple[object, dict[str, pages.PlannedPage]] = (None, {})
        # the last groups (areas, types, days), kept with the services they are of
        self._grouping: tuple[object, tuple[tuple[groups.Group, ...], ...]] = (None, ())
        self.env: jinja2.Environment | None = None

    def build(self, today: dt.date) -> Rebuilt:
        """Bring the output up to date with the content, except for ``pending`` exports."""
        started = time.perf_counter()
        with self.lock:
            sources = read_sources(self.root, kept=self._read)
            settings = content.read_settings(sources, today)
            terms, stale_after = settings.terms, settings.stale_after
            previous = self.state
            modelled: dict[str, tuple[bytes, content.Modelled]] = {}
            digests = {}  # a record's digest, worked out again only if it was read again
            for file, raw in sources.services.items():
                known = self._digests.get(file)
                digest = known[1] if known is not None and known[0] is raw else _digest(raw)
                digests[file] = (raw, digest)
                kept = previous.modelled.get(file) if previous else None
                if kept and kept[0] == digest and previous and previous.site.today == today:
                    modelled[file] = kept
                else:
                    modelled[file] = (digest, content.model_service(file, raw, terms, today, stale_after))
            self._digests = digests
            site = content.make_site(
                sources, today, {f: m for f, (_, m) in modelled.items()}, preview=True, settings=settings
            )
            if self.base_url:
                site = replace(site, config=replace(site.config, base_url=self.base_url))
            stamp = _stamp(sources, site, self.base_url)
            # for the plan and the calendars alike
            places, types, days, lists = self._groups(previous, site, stamp)
            planned = pages.plan(site, self._service_pages(previous, stamp), places, types, days, lists)
            theme = render.Theme.for_site(self.root, site.config.theme)
            theme_stamp = _theme_stamp(theme)
            if previous is None or previous.stamp != stamp:
                rebuilt = self._full(theme, theme_stamp, site, planned, stamp, modelled, started)
            elif previous.theme_stamp != theme_stamp:
                rebuilt = self._restyled(previous, theme, theme_stamp, site, planned, modelled, started)
            else:
                rebuilt = self._partial(previous, site, planned, stamp, modelled, started, places)
            unfinished = (replace(p, severity="warning") for s in site.services for p in s.unfinished)
            return replace(rebuilt, unfinished=tuple(sorted(unfinished)))

    def _full(self, theme, theme_stamp, site, planned, stamp, modelled, started) -> Rebuilt:
        self.env = None
        self._events = {}
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
        env = self._environment(theme)
        self.state = _State(
            site,
            planned,
            files,
            stamp,
            modelled,
            frozenset(whole_site),
            theme_stamp,
            _templates(env),
            theme.static_files(),
        )
        self.pending = set()
        self.stale = {}
        return Rebuilt(
            True, len(site.services), len(site.pages), len(planned), len(files), time.perf_counter() - started
        )

    def _partial(self, previous: _State, site: Site, planned, stamp, modelled, started, places) -> Rebuilt:
        old = {s.slug: s for s in previous.site.services}
        new = {s.slug: s for s in site.services}
        changed = {slug for slug in old.keys() | new.keys() if old.get(slug) is not new.get(slug)}
        guidance_changed = previous.site.pages != site.pages
        if not changed and not guidance_changed:
            self.state = replace(previous, modelled=modelled)
            return Rebuilt(False, len(site.services), len(site.pages), 0, 0, time.perf_counter() - started)

        before = (
            self._outline[1]
            if self._outline[0] is previous.planned
            else affected.outline(previous.site, previous.planned)
        )
        kept_lists = {id(p) for p in previous.planned if p.template == affected.LIST}
        redo = affected.affected(before, site, planned, changed, guidance_changed, kept_lists)
        self._outline = (planned, redo.outline)
        files = dict(previous.files)  # a copy, then the stale ones let go: the same as leaving them out
        for path in redo.stale:
            files.pop(path, None)
        made = exports.area_files(site, redo.places, self._events_of(site, changed, old), places)
        files |= made
        self.pending |= {export.name for export in exports.WHOLE_SITE}
        theme = render.Theme.for_site(self.root, site.config.theme)
        # only what this edit let go or made again, and the sitemap made after them, can differ
        # from the last build's files (the pages rendered again are among those let go)
        since = redo.stale | made.keys() | {"sitemap.xml"}
        # and so from the last fingerprints too, if they were of the files the last build left
        fingerprints = self._fingerprints(files, since if previous.files is self._fingerprinted else None)
        files |= render.render_pages(self._environment(theme), site, redo.pages, fingerprints)
        files["sitemap.xml"] = self._sitemap(previous, site, planned, changed, guidance_changed)
        written = output.write_changes(self.output_dir, previous.files, files, since)
        self.state = replace(previous, site=site, planned=planned, files=files, modelled=modelled)
        for path in redo.stale:
            self.stale.pop(path, None)
        return Rebuilt(
            False,
            len(site.services),
            len(site.pages),
            len(redo.pages),
            written,
            time.perf_counter() - started,
            later=len(self.stale),
        )

    def _restyled(self, previous: _State, theme, theme_stamp, site, planned, modelled, started) -> Rebuilt:
        """After a template edit: the pages using a changed template rendered again, all else kept.
        A changed static file (its fingerprint is in every page) or content edited at the same
        time make it a full rebuild."""
        static = theme.static_files()
        content_changed = previous.site.pages != site.pages or any(
            a is not b for a, b in zip(previous.site.services, site.services, strict=False)
        )
        if static != previous.static or content_changed or len(previous.site.services) != len(site.services):
            return self._full(theme, theme_stamp, site, planned, previous.stamp, modelled, started)
        self.env = None  # templates are read once per environment: a new one reads the edit
        env = self._environment(theme)
        templates = _templates(env)
        edited = {
            n
            for n in templates.keys() | previous.templates.keys()
            if templates.get(n) != previous.templates.get(n)
        }
        uses = template_uses(env)
        redo = [
            p
            for p in planned
            if p.path in self.stale or uses.get(p.template, frozenset({p.template})) & edited
        ]
        if len(redo) > self.foreground:  # the home page and the pages last looked at first
            first = {"index.html", *self.visited}
            now = [p for p in redo if p.path in first]
            self.stale = {p.path: None for p in redo if p.path not in first}
            redo = now
        else:
            self.stale = {}
        files = dict(previous.files)
        files |= render.render_pages(env, site, redo, self._fingerprints(files))
        written = output.write_changes(self.output_dir, previous.files, files)
        self.state = replace(
            previous,
            site=site,
            planned=planned,
            files=files,
            modelled=modelled,
            theme_stamp=theme_stamp,
            templates=templates,
        )
        return Rebuilt(
            False,
            len(site.services),
            len(site.pages),
            len(redo),
            written,
            time.perf_counter() - started,
            later=len(self.stale),
        )

    def _events_of(self, site: Site, changed: set[str], old: dict) -> Callable[[Service], list[str]]:
        """A service's calendar events, worked out once while the service (its very object) and
        the settings stay the same (a full rebuild forgets them)."""
        for slug in changed:
            if slug in old:
                self._events.pop(id(old[slug]), None)
        kept = self._events

        def events_of(service: Service) -> list[str]:
            hit = kept.get(id(service))
            if hit is None or hit[0] is not service:
                hit = kept[id(service)] = (service, calendars.service_events(service, site))
            return hit[1]

        return events_of

    @staticmethod
    def _sitemap(previous: _State, site: Site, planned, changed: set[str], guidance_changed: bool) -> bytes:
        """sitemap.xml, made again only if a page came or went, or a changed page's date did."""
        old = previous.files.get("sitemap.xml")
        same_pages = len(planned) == len(previous.planned) and all(
            a.url == b.url for a, b in zip(planned, previous.planned, strict=True)
        )
        if old is not None and same_pages and not guidance_changed:
            before = {s.slug: s.last_reviewed for s in previous.site.services if s.slug in changed}
            if all(before.get(s.slug) == s.last_reviewed for s in site.services if s.slug in changed):
                return old
        return render.sitemap(site, planned).encode("utf-8")

    def _groups(
        self, previous: _State | None, site: Site, stamp: str
    ) -> tuple[
        tuple[groups.Group, ...],
        tuple[groups.Group, ...],
        tuple[groups.Group, ...],
        dict[int, list[pages.PlannedPage]],
    ]:
        """groups.areas(), service_types() and weekdays() of the site's services, and the last
        plan's list pages by the ``id`` of their group (if of the same settings and date, else
        none). After an edit that moved no service in the order nor between groups, the last
        groups with the edited services swapped in (groups.swapped): the groups not holding
        one are the very same objects, so their list pages are kept."""
        services = site.services
        if previous is not None and previous.stamp == stamp and self._grouping[0] is previous.site.services:
            swaps = _swaps(previous.site.services, services)
            if swaps is not None:
                lists: dict[int, list[pages.PlannedPage]] = {}
                for page in previous.planned:
                    if page.template == affected.LIST:
                        lists.setdefault(id(page.data["group"]), []).append(page)
                places, types, days = (groups.swapped(found, swaps) for found in self._grouping[1])
                self._grouping = (services, (places, types, days))
                return places, types, days, lists
        places, types, days = (
            groups.areas(services),
            groups.service_types(services),
            groups.weekdays(services),
        )
        self._grouping = (services, (places, types, days))
        return places, types, days, {}

    @staticmethod
    def _service_pages(previous: _State | None, stamp: str) -> dict[str, pages.PlannedPage]:
        """The last plan's service pages, by URL, if the settings, term dates and date are the same."""
        if previous is None or previous.stamp != stamp:
            return {}
        return {p.url: p for p in previous.planned if p.template == "service.html"}

    def served(self, request_path: str) -> None:
        """The server is about to send this path (without its leading '/'): remember it as looked
        at, and if its page is stale, render and write it first."""
        path = page_file(request_path)
        if not path.endswith(".html"):
            return
        self.visited.pop(path, None)
        self.visited[path] = None
        while len(self.visited) > self.remembered:
            del self.visited[next(iter(self.visited))]
        if path in self.stale:
            with self._asking_lock:
                self._asking += 1
            try:
                with self.lock:
                    self._render_stale([path])
            finally:
                with self._asking_lock:
                    self._asking -= 1

    def finish_pages(self, batch: int = 50) -> int:
        """Render and write the stale pages, a batch at a time (so that a rebuild or a request
        can come in between). Returns the number of pages rendered."""
        done = 0
        while self.stale:
            while self._asking:  # a page asked for goes first
                time.sleep(0.001)
            with self.lock:
                done += self._render_stale(list(itertools.islice(self.stale, batch)))
        return done

    def _render_stale(self, paths: list[str]) -> int:
        """These pages rendered from the state as it is now, and written (called with the lock)."""
        paths = [path for path in paths if path in self.stale]
        if not paths or self.state is None:
            return 0
        state = self.state
        if self._by_path[0] is not state.planned:
            self._by_path = (state.planned, {p.path: p for p in state.planned})
        by_path = self._by_path[1]
        theme = render.Theme.for_site(self.root, state.site.config.theme)
        redo = [by_path[path] for path in paths if path in by_path]
        made = render.render_pages(self._environment(theme), state.site, redo, self._current_prints)
        output.write_changes(self.output_dir, {path: state.files.get(path, b"") for path in made}, made)
        state.files.update(made)  # the state's own dict, made for it by the last build
        for path in paths:
            del self.stale[path]
        return len(paths)

    def finish(self) -> int:
        """Render the stale pages, then bring the whole-site exports (search index, spreadsheet) up
        to date, and the pages that link to them by fingerprint. Returns the number of export
        files written."""
        self.finish_pages()
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

    def _fingerprints(self, files: dict[str, bytes], since: Collection[str] | None = None) -> dict[str, str]:
        """What render_site's fingerprints would be, hashing only files made anew since last time.
        ``since``: the only paths that can differ from the files fingerprinted last time (else
        every path is looked at)."""
        known, prints = self._prints, self._current_prints
        gone = known.keys() - files.keys() if since is None else [p for p in since if p not in files]
        for path in gone:
            known.pop(path, None)
            prints.pop(path, None)
        unknown = (None, None)
        looked_at = files if since is None else [p for p in since if p in files]
        for path in [path for path in looked_at if known.get(path, unknown)[0] is not files[path]]:
            data = files[path]
            if path.endswith(".html"):
                known[path] = (data, None)
            else:
                known[path] = (data, hashlib.sha256(data).hexdigest()[:10])
                prints[path] = known[path][1]
        self._fingerprinted = files
        return dict(prints)
