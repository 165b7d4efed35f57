"""The preview server: build, serve output/ with livereload, rebuild when an input changes."""

from __future__ import annotations

import sys
from pathlib import Path

from sitegen import build as pipeline
from sitegen import report
from sitegen.problems import ContentError

WATCHED = ("content", "themes", "site.yml")


def rebuild(
    root: Path, output_dir: Path, today_option: str | None, base_url: str, first: bool = False
) -> bool:
    """Build once; on problems print them and keep the last good site. True if it built."""
    from sitegen.cli import build_date

    try:
        result = pipeline.build(root, output_dir, build_date(today_option), base_url=base_url)
    except ContentError as error:
        print(report.as_text(error.problems), file=sys.stderr)
        print(
            "Not rebuilt: the preview still shows the last good site. Fix the problems above and save again.",
            file=sys.stderr,
            flush=True,
        )
        return False
    verb = "Built" if first else "Rebuilt"
    print(f"{verb} {result.services} services and {result.pages} pages in {result.seconds:.2f}s.", flush=True)
    return True


def serve(root: Path, output_dir: Path, host: str, port: int, today_option: str | None) -> int:
    from livereload import Server

    base_url = f"http://{host}:{port}/"
    rebuild(root, output_dir, today_option, base_url, first=True)
    server = Server()
    watched = [root / name for name in WATCHED]
    term_dates = root / "term-dates.yml"
    if term_dates.exists():
        watched.append(term_dates)
    for path in watched:
        if path.exists():
            server.watch(str(path), lambda: rebuild(root, output_dir, today_option, base_url))
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
