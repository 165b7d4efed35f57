"""The preview server: build, serve output/ with livereload, rebuild when an input changes.

Every page it sends goes through the builder first (``IncrementalBuild.served``): it remembers
the pages looked at, to render them first after a layout edit, and renders a page the background
has not reached yet before sending it.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from sitegen.build import build_date
from sitegen.commands import report
from sitegen.commands.preview import IncrementalBuild
from sitegen.problems import ContentError

WATCHED = ("content", "themes", "site.yml")


def rebuild(builder: IncrementalBuild, today_option: str | None, first: bool = False) -> bool:
    """Build what changed; on problems print them and keep the last good site. True if it built.

    The pages are written first, so the browser reloads at once; the search index and the other
    exports made from every record follow in the background a moment later, as do, after a
    layout edit, the pages nobody has looked at lately.
    """

    try:
        result = builder.build(build_date(today_option))
    except ContentError as error:
        print(report.as_text(error.problems), file=sys.stderr)
        print(
            "Not rebuilt: the preview still shows the last good site. Fix the problems above and save again.",
            file=sys.stderr,
            flush=True,
        )
        return False
    if result.unfinished:
        records = len({p.file for p in result.unfinished})
        print(report.as_text(list(result.unfinished)), file=sys.stderr)
        print(
            f"Previewed anyway: {records} record{'s' if records != 1 else ''} still "
            f"hold{'s' if records == 1 else ''} the placeholder values above, as their pages say. "
            "sitegen build will refuse them until every one is replaced and its '# PLACEHOLDER' "
            "mark deleted.",
            file=sys.stderr,
            flush=True,
        )
    verb = "Built" if first else "Rebuilt"
    what = "everything" if result.full else f"{result.rendered:,} page{'s' if result.rendered != 1 else ''}"
    later = f"; {result.later:,} more follow in the background" if result.later else ""
    print(
        f"{verb} {what} ({result.services} services, {result.pages} guidance pages) in "
        f"{result.seconds:.2f}s{later}.",
        flush=True,
    )
    if builder.pending or builder.stale:
        threading.Thread(target=_catch_up, args=(builder,), daemon=True).start()
    return True


def _catch_up(builder: IncrementalBuild) -> None:
    started = time.perf_counter()
    try:
        if builder.finish_pages():
            print(f"All pages up to date ({time.perf_counter() - started:.2f}s later).", flush=True)
        if builder.pending:
            builder.finish()
            print(f"Search index up to date ({time.perf_counter() - started:.2f}s later).", flush=True)
    except ContentError as error:  # pragma: no cover - the content was valid moments ago
        print(report.as_text(error.problems), file=sys.stderr, flush=True)


def handler(builder: IncrementalBuild) -> type:
    """livereload's file handler, asking the builder for each page before sending it."""
    from livereload.handlers import StaticFileHandler

    class FreshPages(StaticFileHandler):
        async def get(self, path: str, include_body: bool = True) -> None:
            try:
                builder.served(path)
            except ContentError as error:  # a template that fails on this page only: say so
                print(report.as_text(error.problems), file=sys.stderr, flush=True)
            await super().get(path, include_body)

    return FreshPages


def serve(root: Path, output_dir: Path, host: str, port: int, today_option: str | None) -> int:
    from livereload import Server

    base_url = f"http://{host}:{port}/"
    builder = IncrementalBuild(root, output_dir, base_url)
    rebuild(builder, today_option, first=True)
    server = Server()
    server.SFH = handler(builder)
    watched = [root / name for name in WATCHED]
    term_dates = root / "term-dates.yml"
    if term_dates.exists():
        watched.append(term_dates)
    for path in watched:
        if path.exists():
            server.watch(str(path), lambda: rebuild(builder, today_option))
    print(f"Previewing at http://{host}:{port}/ (press Ctrl+C to stop).", flush=True)
    server.serve(
        root=str(output_dir),
        host=host,
        port=port,
        open_url_delay=None,
        restart_delay=0,
        default_filename="index.html",
    )
    return 0
