"""The sitegen command: parse the arguments, run one step, print the outcome, exit with its code.

Exit codes: 0 success; 1 the content has problems (nothing was written); 2 the command was
used wrongly (unknown option, bad --today).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen import build as pipeline
from sitegen import report
from sitegen.problems import ContentError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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


def _date(text: str) -> str:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None
    return text


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="sitegen",
        description="Build the children's services directory: YAML service records and Markdown "
        "guidance pages into an accessible static website.",
        epilog="Run a command with --help for its options. Exit codes: 0 success; 1 the content "
        "has problems (nothing is written); 2 the command was used wrongly.",
    )
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--root",
            type=Path,
            default=Path("."),
            metavar="DIR",
            help="the project folder holding site.yml and content/ (default: this folder)",
        )
        sub.add_argument(
            "--today",
            type=_date,
            metavar="YYYY-MM-DD",
            help="build as if it were this date: next sessions and review ages are worked "
            "out from it (default: SOURCE_DATE_EPOCH if set, else today's date)",
        )

    build = commands.add_parser(
        "build",
        help="build the site into output/",
        description="Check all content, then build the site into the output "
        "folder, replacing it in one step. If anything is wrong, nothing is "
        "written and the previous site stays as it was.",
    )
    common(build)
    build.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help="where to write the site (default: output/ in the project folder)",
    )

    serve = commands.add_parser(
        "serve",
        help="build, then preview the site and rebuild on every change",
        description="Build the site, serve it at http://HOST:PORT/ and rebuild "
        "whenever a file under content/ or themes/, site.yml or the term dates "
        "change; the browser reloads by itself. A broken edit prints its "
        "problems here and the last good site stays on screen.",
    )
    common(serve)
    serve.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help="where to write the site (default: output/ in the project folder)",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this computer only)",
    )
    serve.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000)")

    validate = commands.add_parser(
        "validate",
        help="check every record and page; write nothing",
        description="Check site.yml, the term dates, every service record "
        "and every guidance page, report every problem found, and write "
        "nothing. Exits 1 if there are problems.",
    )
    common(validate)
    validate.add_argument(
        "--format",
        choices=sorted(report.FORMATS),
        default="text",
        help="text for people (default), github for GitHub Actions annotations on a "
        "pull request, json for other tools",
    )
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        today = build_date(args.today)
    except ValueError as error:  # a bad SOURCE_DATE_EPOCH
        print(f"sitegen: SOURCE_DATE_EPOCH is not a number of seconds: {error}", file=sys.stderr)
        return EXIT_USAGE
    root: Path = args.root
    try:
        if args.command == "build":
            output_dir = args.output or root / "output"
            result = pipeline.build(root, output_dir, today)
            print(
                f"Built {result.services} services and {result.pages} guidance pages into {output_dir}/ "
                f"({result.files} files, {result.bytes / 1_000_000:.1f} MB) in {result.seconds:.1f}s, "
                f"as of {today:%-d %B %Y}.\n"
                f"Search index and result store: {result.index_bytes / 1000:.0f} KB, "
                f"{result.index_gzipped / 1000:.0f} KB gzipped."
            )
            return EXIT_OK
        if args.command == "validate":
            site = pipeline.check(root, today)
            if args.format == "text":
                print(
                    f"No problems: {len(site.services)} services, {len(site.pages)} guidance pages, "
                    "site.yml and the term dates are all valid."
                )
            elif args.format == "json":
                print("[]")
            return EXIT_OK
        if args.command == "serve":
            from sitegen import serve

            return serve.serve(root, args.output or root / "output", args.host, args.port, args.today)
    except ContentError as error:
        formatted = report.FORMATS[getattr(args, "format", "text")](error.problems)
        print(formatted, file=sys.stdout if getattr(args, "format", "text") != "text" else sys.stderr)
        if args.command == "build":
            print("Nothing was written; the previous site is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    raise AssertionError(f"unknown command {args.command}")  # pragma: no cover - argparse refuses


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
