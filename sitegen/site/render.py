"""Planned pages into bytes with Jinja, through a chain of theme folders (the site's own, then the default).

Every link a template makes goes through ``url()``, which writes it relative to the page, so the
built folder works at a domain's root, under a sub-path, or opened from disk. The 404 page is the
exception: a server shows it at any depth, so its links are absolute, from the base URL's path.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import jinja2
import jinja2.ext
import rcssmin
import rjsmin

from sitegen import model, parallel
from sitegen import write as output
from sitegen.load import home
from sitegen.model import Service, Site, urls
from sitegen.problems import ContentError, Problem
from sitegen.site.plan import PlannedPage, ServicePageData, service_page

DEFAULT_THEME = home.path("themes/default")
ASSETS = "assets/"


# A line's indentation, and whether the line before it ends with a block or comment tag
_INDENTATION = re.compile(r"([%#]\}\n)?^[ \t]+", re.MULTILINE)


def _unindent(match: re.Match[str]) -> str:
    # trim_blocks takes the newline after a tag: one space stays for the newline the browser saw
    return match[1] + " " if match[1] else ""


class Unindented(jinja2.ext.Extension):
    """Each template line's indentation dropped as the template is read: the templates are
    indented for the people who edit them; a page needs none of it (a browser collapses the
    newline left before each line with the spaces that followed it; where a tag's newline is
    taken by trim_blocks, one space is kept: the page reads the same). About 300 bytes a
    service page. A theme's template that holds <pre> or <textarea> would lose its indentation
    there too: no template of the default theme does."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _INDENTATION.sub(_unindent, source)


def _symbolic_links(folder: Path) -> list[Path]:
    """Every symbolic link inside a theme folder, not following any."""
    found = []
    for parent, folders, files in os.walk(folder):
        found += [Path(parent, name) for name in folders + files if Path(parent, name).is_symlink()]
    return sorted(found)


def _shown_path(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def minified(name: str, data: bytes) -> bytes:
    """A theme's script or style sheet without its comments and spare white space (rjsmin,
    rcssmin); anything else, or a file already minified (``*.min.js``), as it is.

    The theme's files are written to be read, with a comment on most lines; a phone on a slow
    connection need not download them: the search page's scripts are a third smaller gzipped.
    """
    if name.endswith((".min.js", ".min.css")):
        return data
    if name.endswith(".js"):
        return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8")
    if name.endswith(".css"):
        return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")
    return data


@dataclass(frozen=True)
class Theme:
    """The theme chain: template folders searched in order, and the static files they hold."""

    folders: tuple[Path, ...]

    @classmethod
    def for_site(cls, root: Path, override: str | None) -> Theme:
        folders = []
        if override:
            folder = (root / override).resolve()
            inside = folder.is_relative_to(root.resolve())  # a link may lead out of the project
            if not folder.is_dir() or not inside:
                raise ContentError(
                    [
                        Problem(
                            "site.yml",
                            1,
                            1,
                            "theme",
                            f"the theme folder {override!r} is "
                            + ("not there" if inside else "a link to a folder outside the project"),
                            "create it, or remove 'theme:' from site.yml",
                        )
                    ]
                )
            folders.append(folder)
        folders.append(DEFAULT_THEME)
        if links := [link for folder in folders for link in _symbolic_links(folder)]:
            raise ContentError(
                [
                    Problem(
                        _shown_path(link, root.resolve()),
                        1,
                        1,
                        "",
                        "is a symbolic link: a theme's files are published or run as they are, so a "
                        "link could publish any file on the computer that builds the site",
                        "put the file itself in the theme folder instead of a link to it",
                    )
                    for link in links
                ]
            )
        return cls(tuple(folders))

    def static_files(self) -> dict[str, bytes]:
        """Every file under each theme's static/ as 'assets/...': the site's own win. Scripts
        and style sheets are minified (minified())."""
        files: dict[str, bytes] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file() and not path.name.startswith("."):
                        files[ASSETS + path.relative_to(static).as_posix()] = minified(
                            path.name, path.read_bytes()
                        )
        return files

    def environment(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(f / "templates") for f in self.folders]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # a build reads each template once; 'sitegen serve' makes a new environment when a
            # template changes, so nothing need check the files' times on every page
            auto_reload=False,
            extensions=[Unindented],
        )
        env.filters["date"] = model.format_date
        env.filters["date_no_day"] = lambda d: model.format_date(d, weekday=False)
        env.filters["time"] = model.format_time
        env.filters["months"] = model.format_months
        env.globals["cached_card"] = _card_cache(env)
        env.globals["urls"] = urls  # every address, from model/urls.py, as Python makes them
        return env


def _card_cache(env: jinja2.Environment) -> Callable[..., str]:
    """A service's card, rendered once for all the list pages it is on (the all-services page, its
    area, types and days): most of a large site's rendering. Keyed by the service object itself, so
    an unchanged service keeps its card from one preview rebuild to the next."""
    cards: dict[tuple, tuple[object, str]] = {}
    # At most this many (about 80 MB): every card of a 10,000-record site. A larger site starts
    # afresh when it is full, rather than hold 300 MB of cards at 100,000 records.
    most = 60_000

    def cached_card(
        service: object, url: Callable[[str], str], heading: int = 2, day: str | None = None
    ) -> str:
        key = (id(service), url(""), heading, day)
        hit = cards.get(key)
        if hit is not None and hit[0] is service:
            return hit[1]
        html = env.get_template("macros/card.html").module.service_card(service, url, heading, day)  # type: ignore[attr-defined]
        if len(cards) >= most:
            cards.clear()
        cards[key] = (service, html)
        return html

    return cached_card


def relative_url(from_url: str, to_url: str) -> str:
    """A link from one site-relative URL to another: 'services/x/' to 'areas/y/' is '../../areas/y/'."""
    depth = from_url.count("/")
    return ("../" * depth + to_url) or "./"


# Pages that link to files made from the whole site by their fingerprint or existence (the search
# index, the export list): rendered once those files are made. Every other page can be rendered
# alongside them, and may version only the theme's and libraries' files.
LATE_TEMPLATES = ("search.html", "shortlist.html", "open_data.html")


def render_site(
    site: Site,
    planned: list[PlannedPage],
    theme: Theme,
    made: dict[str, bytes],
    on_page: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    env: jinja2.Environment | None = None,
    make: Sequence[Callable[[], Mapping[str, bytes] | Iterable[tuple[str, bytes]]]] = (),
    kept: output.Writer | None = None,
) -> dict[str, bytes]:
    """Render every planned page beside the files other stages ``made`` (libraries), the theme's
    static files, sitemap.xml and robots.txt. The ``make`` tasks (the search index and exports)
    run side by side with rendering, in ``jobs`` processes; ``on_page(done, total)`` hears as
    work finishes, for a progress bar. Returns the files, unless ``kept`` has a staging folder
    to write them into as they are made."""
    kept = kept or output.Writer()
    static = theme.static_files()
    if clash := sorted(static.keys() & made.keys()):
        raise ContentError(
            [
                Problem(
                    f"static/{name.removeprefix(ASSETS)}",
                    1,
                    1,
                    "",
                    f"a theme file has the address of a file sitegen makes itself ({name})",
                    "rename the theme's file; sitegen's own copy is the one the pages need",
                )
                for name in clash
            ]
        )
    kept.put(static)
    kept.put(made)
    fresh_helpers = env is None and uses_fresh_helpers(site, jobs)
    env = env or theme.environment()
    early = [page for page in planned if page.template not in LATE_TEMPLATES]
    late = [page for page in planned if page.template in LATE_TEMPLATES]
    prints = dict(kept.prints)
    portable: list[parallel.Portable[output.Made]] = []
    portable_sizes: list[int] = []
    if fresh_helpers:
        # the service pages and the exports given as parallel.Portable are made by processes that
        # hold only what they are given: a site this large is held once (run_beside)
        portable, portable_sizes = _portable_tasks(site, theme, make, early, prints, kept.for_helper(), jobs)
        make = [task for task in make if not isinstance(task, parallel.Portable)]
        early = [page for page in early if not isinstance(page.data, ServicePageData)]
    runs = parallel.chunks(early, jobs, per_job=8)
    sizes = [0] * len(make) + [len(run) for run in runs] + portable_sizes

    def progress(finished: int, _: int) -> None:
        if on_page:
            on_page(sum(sizes[:finished]), len(planned))

    tasks = [
        *(functools.partial(_then_keep, kept, task) for task in make),
        *(
            functools.partial(_then_keep, kept, functools.partial(each_page, env, site, run, prints))
            for run in runs
        ),
    ]
    made = (
        parallel.run_beside(tasks, portable, jobs, progress)
        if fresh_helpers
        else parallel.run(tasks, jobs, progress)
    )
    for result in made:
        kept.add(result)
    kept.add(kept.written_by_worker(each_page(env, site, late, kept.prints)))
    if on_page:
        on_page(len(planned), len(planned))
    kept.put(fixed_files(site, planned))
    return kept.files


# From this many services, a build in several processes renders the service pages in fresh helper
# processes, not forked ones, so that the site is held once (parallel.run_beside): at 100,000
# records a build with forked helpers held about 1.1 GB, since each process soon copies every
# part of the site it reads; below this, forking is quicker and the memory no matter
# (docs/performance.md).
FRESH_HELPERS_FROM = 30_000
# Each task of a fresh helper renders about this many service pages: the services travel to it
# pickled, and it holds a task's services while it renders them (about 100 MB for 6,000).
SERVICES_PER_PART = 1000


def uses_fresh_helpers(site: Site, jobs: int) -> bool:
    """Whether a build of this site in ``jobs`` processes makes its service pages and the exports
    given as parallel.Portable in fresh helper processes (FRESH_HELPERS_FROM)."""
    return jobs > 1 and len(site.services) >= FRESH_HELPERS_FROM


def _portable_tasks(
    site: Site,
    theme: Theme,
    make: Sequence[Callable[[], object]],
    early: list[PlannedPage],
    prints: dict[str, str],
    writer: output.Writer,
    jobs: int,
) -> tuple[list[parallel.Portable[output.Made]], list[int]]:
    """For fresh helpers: the portable tasks among ``make``, and the service pages among ``early``
    in parts of about SERVICES_PER_PART, each writing its files with ``writer``; and how many
    pages each makes."""
    portable = [
        parallel.Portable(_then_keep, (writer, task)) for task in make if isinstance(task, parallel.Portable)
    ]
    sizes = [0] * len(portable)
    services = [page.data.service for page in early if isinstance(page.data, ServicePageData)]
    alone = replace(site, services=())  # what a service page needs of the site besides its service
    per_job = max(8, len(services) // (jobs * SERVICES_PER_PART))
    for part in parallel.chunks(services, jobs, per_job):
        portable.append(parallel.Portable(service_pages, (theme, alone, tuple(part), prints, writer)))
        sizes.append(len(part))
    return portable, sizes


@functools.lru_cache(maxsize=1)
def _environment(theme: Theme) -> jinja2.Environment:
    return theme.environment()


def service_pages(
    theme: Theme, site: Site, services: tuple[Service, ...], prints: dict[str, str], writer: output.Writer
) -> output.Made:
    """In a fresh helper process (render_site): these services' pages, written by ``writer``.
    ``site`` need not hold the services: a service page reads only its own."""
    pages = [service_page(site, service) for service in services]
    return writer.written_by_worker(each_page(_environment(theme), site, pages, prints))


def fixed_files(site: Site, planned: list[PlannedPage]) -> dict[str, bytes]:
    """The files every build makes besides the pages: sitemap.xml, robots.txt, .nojekyll."""
    return {
        "sitemap.xml": sitemap(site, planned).encode("utf-8"),
        "robots.txt": robots(site).encode("utf-8"),
        ".nojekyll": b"",  # GitHub Pages: serve the folder as it is
    }


def _then_keep(
    kept: output.Writer, task: Callable[[], Mapping[str, bytes] | Iterable[tuple[str, bytes]]]
) -> output.Made:
    return kept.written_by_worker(task())


def fingerprints(files: dict[str, bytes]) -> dict[str, str]:
    """A short hash of every file but the pages, for links that change when the file does."""
    return {
        path: hashlib.sha256(data).hexdigest()[:10]
        for path, data in files.items()
        if not path.endswith(".html")
    }


def render_pages(
    env: jinja2.Environment, site: Site, planned: Sequence[PlannedPage], fingerprints: dict[str, str]
) -> dict[str, bytes]:
    """Some of the site's pages, each as its output file's bytes."""
    return dict(each_page(env, site, planned, fingerprints))


def each_page(
    env: jinja2.Environment, site: Site, planned: Sequence[PlannedPage], fingerprints: dict[str, str]
) -> Iterator[tuple[str, bytes]]:
    """Some of the site's pages, one at a time as each is rendered, so that a build writing them
    into its staging folder holds one page at a time, not a run of them (at 100,000 records the
    pages are about 3 GB of HTML; render_site held a run of them, all of them with --jobs 1)."""
    for page in planned:
        try:
            html = render_page(env, site, page, fingerprints)
        except jinja2.TemplateSyntaxError as error:
            raise ContentError([_template_problem(error, error.filename, error.lineno, page)]) from None
        except jinja2.TemplateError as error:
            filename, line = _template_frame(error)
            raise ContentError([_template_problem(error, filename, line, page)]) from None
        yield page.path, html.encode("utf-8")


def _template_frame(error: BaseException) -> tuple[str | None, int]:
    """The template file and line an error was raised from, from Jinja's rewritten traceback."""
    found: tuple[str | None, int] = (None, 1)
    trace = error.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if name.endswith(".html") or name.endswith(".xml"):
            found = (name, trace.tb_lineno)
        trace = trace.tb_next
    return found


def _template_problem(error: Exception, filename: str | None, line: int | None, page: PlannedPage) -> Problem:
    shown = filename or "a template"
    with contextlib.suppress(ValueError):  # a theme outside this folder keeps its full path
        shown = str(Path(shown).resolve().relative_to(Path.cwd().resolve()))
    return Problem(
        shown,
        line or 1,
        1,
        "",
        f"the template failed while making {page.path}: {error}",
        "fix the template; if it is a copy of a default template, compare it with themes/default/templates/",
    )


def render_page(env: jinja2.Environment, site: Site, page: PlannedPage, fingerprints: dict[str, str]) -> str:
    absolute = page.template == "404.html"

    def url(target: str) -> str:
        return site.config.base_path + target if absolute else relative_url(page.url, target)

    def versioned(path: str) -> str:
        """A link to a file of the site that changes whenever its bytes do, so caches never serve it stale."""
        if path not in fingerprints:
            raise ValueError(f"the site has no file {path!r}")
        return f"{url(path)}?v={fingerprints[path]}"

    def asset(name: str) -> str:
        return versioned(ASSETS + name)

    def has_file(path: str) -> bool:
        """Whether the site has this file (on LATE_TEMPLATES pages: any file the build makes)."""
        return path in fingerprints

    template = env.get_template(page.template)
    return template.render(
        page=page,
        site=site.config,
        today=site.today,
        url=url,
        asset=asset,
        versioned=versioned,
        has_file=has_file,
        canonical=urls.absolute(site.config, page.url),
        **page.data,
    )


def sitemap(site: Site, planned: list[PlannedPage]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    reviewed = {urls.service_url(s): s.last_reviewed for s in site.services}
    reviewed |= {urls.guidance_url(p): p.last_reviewed for p in site.pages}
    for page in planned:
        if not page.in_sitemap:
            continue
        lines.append(
            f"  <url><loc>{xml_escape(urls.absolute(site.config, page.url))}</loc>"
            + (f"<lastmod>{reviewed[page.url].isoformat()}</lastmod>" if page.url in reviewed else "")
            + "</url>"
        )
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(site: Site) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(site.config, 'sitemap.xml')}\n"
