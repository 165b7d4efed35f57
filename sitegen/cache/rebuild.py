"""A build after only service records changed: what they touch made anew, every other file linked.

Given what the last build made (last_output.py) and which services changed (site/affected.py
decides what they touch), the staging folder gets:

- made again: the changed services' pages, the lists and site-wide pages they touch, the
  calendars of the places they are and were in, every page that links to the exports by
  fingerprint (render.LATE_TEMPLATES), sitemap.xml and robots.txt, and the exports made from the
  whole site (exports.WHOLE_SITE: search index, Open Referral UK, spreadsheet), of which each file
  whose bytes are as before is linked from the last output rather than written; the Open Referral
  UK export (exports.Export.keeps_services) reads each unchanged service's document back from the
  last output instead of making it, and its own files are linked, not made;
- linked from the last output (os.link, the same inode; a copy across file systems): every other
  file, never rewritten.

So the output is what a full build makes: the tests compare every path and byte with one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Mapping

from sitegen import exports, parallel
from sitegen import write as output
from sitegen.cache.last_output import LastOutput
from sitegen.model import Service, Site, urls
from sitegen.site import affected, render
from sitegen.site.plan import PlannedPage

# Made by every build, whatever changed.
FIXED = ("sitemap.xml", "robots.txt", ".nojekyll")
LINKS_PER_TASK = 20_000


def changed_services(
    before: Mapping[str, tuple[bytes, str]], now: Mapping[str, tuple[bytes, str]]
) -> set[str]:
    """The slugs of services edited, added or removed: each record file -> (cache key, slug)."""
    changed = set()
    for file in before.keys() | now.keys():
        if before.get(file) != now.get(file):
            changed |= {found[1] for found in (before.get(file), now.get(file)) if found}
    return changed


def whole_site_exports(
    paths: Iterable[str], pages: Iterable[str], libraries: Iterable[str]
) -> frozenset[str]:
    """Of a build's files, those the whole-site exports made: all but the pages, the theme's and
    libraries' files, the calendars (made by area) and the files every build makes."""
    others = set(pages) | set(libraries) | set(FIXED)
    return frozenset(p for p in paths if p not in others and not p.endswith("/" + urls.CALENDAR_FILE))


def make_changes(
    site: Site,
    planned: list[PlannedPage],
    theme: render.Theme,
    libraries: dict[str, bytes],
    last: LastOutput,
    changed: set[str],
    kept: output.Writer,
    jobs: int,
) -> int:
    """Put the new output in ``kept``'s staging folder, from the last output in ``kept.previous``
    and what the ``changed`` services touch. Returns the number of pages rendered."""
    redo = affected.affected(last.outline, site, planned, changed)
    early = [p for p in redo.pages if p.template not in render.LATE_TEMPLATES]
    late = [p for p in redo.pages if p.template in render.LATE_TEMPLATES]
    made_again = redo.stale | last.exports | set(FIXED) | {p.path for p in late}
    linked = sorted(p for p in last.sizes if p not in made_again)
    env = theme.environment()
    prints = render.fingerprints(theme.static_files() | libraries)
    make: list[Callable[[], exports.Files]] = [
        functools.partial(exports.area_files, site, redo.places),
        *(
            functools.partial(render.render_pages, env, site, run, prints)
            for run in parallel.chunks(early, jobs)
        ),
    ]
    tasks: list[Callable[[], output.Made]] = [
        *(
            functools.partial(_keeping_services, kept, export, site, changed, last.sizes)
            if export.keeps_services
            else functools.partial(_made, kept, functools.partial(export.make, site))
            for export in exports.WHOLE_SITE
        ),
        *(functools.partial(_made, kept, task) for task in make),
    ]
    for start in range(0, len(linked), LINKS_PER_TASK):
        tasks.insert(
            2, functools.partial(kept.linked_by_worker, linked[start : start + LINKS_PER_TASK], last.sizes)
        )
    for result in parallel.run(tasks, jobs):
        kept.add(result)
    kept.put(render.render_pages(env, site, late, kept.prints))
    kept.put(render.fixed_files(site, planned))
    return len(redo.pages)


def _made(kept: output.Writer, task: Callable[[], exports.Files]) -> output.Made:
    return kept.written_by_worker(task())


def _keeping_services(
    kept: output.Writer,
    export: exports.Export,
    site: Site,
    changed: Collection[str],
    sizes: Mapping[str, int],
) -> output.Made:
    """An export that can keep the unchanged services' own files (exports.Export.keeps_services):
    made with each unchanged service read from its file in the last output, and those files
    linked from it rather than made again."""
    assert export.make is not None and kept.previous is not None
    folder = kept.previous.folder

    def known(service: Service, path: str) -> bytes | None:
        if service.slug in changed or path not in sizes:
            return None
        try:
            return (folder / path).read_bytes()
        except OSError:
            return None

    linked: list[str] = []
    files, digests, made_sizes, names, listed = kept.written_by_worker(
        export.make(site, known, linked.append)
    )
    _, old_digests, old_sizes, old_names, _ = kept.linked_by_worker(linked, sizes)
    return files, digests | old_digests, made_sizes | old_sizes, names + old_names, listed
