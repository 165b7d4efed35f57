"""The preview server: build, serve output/ with livereload, rebuild when an input changes."""

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
    exports made from every record follow in the background a moment later.
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
    what = "everything" if result.full else f"{result.rendered} pages"
    print(
        f"{verb} {what} ({result.services} services, {result.pages} guidance pages) in {result.seconds:.2f}s.",
        flush=True,
    )
    if builder.pending:
        threading.Thread(target=_catch_up, args=(builder,), daemon=True).start()
    return True


def _catch_up(builder: IncrementalBuild) -> None:
    started = time.perf_counter()
    try:
        builder.finish()
    except ContentError as error:  # pragma: no cover - the content was valid moments ago
        print(report.as_text(error.problems), file=sys.stderr, flush=True)
        return
    print(f"Search index up to date ({time.perf_counter() - started:.2f}s later).", flush=True)


def serve(root: Path, output_dir: Path, host: str, port: int, today_option: str | None) -> int:
    from livereload import Server

    base_url = f"http://{host}:{port}/"
    builder = IncrementalBuild(root, output_dir, base_url)
    rebuild(builder, today_option, first=True)
    server = Server()
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
