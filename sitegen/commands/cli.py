"""The sitegen command: parse the arguments, run one step, print the outcome, exit with its code.

Exit codes: 0 success; 1 the content has problems (nothing was written; a record that still
holds a placeholder value is one), or an import refused its file (not JSON, or no Open Referral UK
services in it), left a record alone or left any record it wrote unfinished (still holding
placeholders for a person to fill in); 2 the command was used wrongly (unknown option, bad
--today).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from sitegen import __version__, parallel
from sitegen import build as pipeline
from sitegen.commands import report
from sitegen.commands.progress import BuildProgress
from sitegen.commands.terminal import printable_output
from sitegen.problems import ContentError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
# An import lists this many unfinished records by name; sitegen validate lists every one.
UNFINISHED_LISTED = 20


# a build date near the year 1 or 9999 would overflow the dates worked out from it
YEARS = range(1970, 2200)


def _date(text: str) -> str:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None
    if day.year not in YEARS:
        raise argparse.ArgumentTypeError(f"{text} is outside the years {YEARS[0]} to {YEARS[-1]}")
    return text


def _web_address(text: str) -> str:
    from sitegen.model.schema import Invalid, WebAddress

    try:
        return WebAddress().parse(text)
    except Invalid as bad:
        raise argparse.ArgumentTypeError(bad.message) from None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="sitegen",
        description="Build the children's services directory: YAML service records and Markdown "
        "guidance pages into an accessible static website.",
        epilog="Run a command with --help for its options. A record that still holds a value "
        "marked '# PLACEHOLDER' (as sitegen new and sitegen import write them) is not finished: "
        "validate and build refuse it, serve previews it marked unfinished. Exit codes: 0 success; "
        "1 the content has problems (nothing is written), or import refused its file (not JSON, or "
        "no Open Referral UK services in it), left a record alone or left any record it wrote "
        "unfinished (still holding placeholders for a person to fill in); 2 the command was used wrongly.",
    )
    top.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def root_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--root",
            type=Path,
            default=Path("."),
            metavar="DIR",
            help="the project folder holding site.yml and content/ (default: this folder)",
        )

    def common(sub: argparse.ArgumentParser) -> None:
        root_option(sub)
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
        "written and the previous site stays as it was; a record that still holds a value "
        "marked '# PLACEHOLDER' is wrong until someone replaces it.",
    )
    common(build)
    build.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help="where to write the site (default: output/ in the project folder)",
    )
    build.add_argument(
        "--jobs",
        type=int,
        default=parallel.default_jobs(),
        metavar="N",
        help="share the work among N processes (default: one per core, here "
        f"{parallel.default_jobs()}); the output is the same whatever N is",
    )
    build.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="build everything afresh, neither reading nor writing the cache in .sitegen-cache/ "
        "in the project folder (kept so that a build after a few edits models only the records "
        "that changed and, if only records changed, makes again only what they touch, linking the "
        "other files from the last output; the output is the same bytes either way)",
    )

    serve = commands.add_parser(
        "serve",
        help="build, then preview the site and rebuild on every change",
        description="Build the site, serve it at http://HOST:PORT/ and rebuild "
        "whenever a file under content/ or themes/, site.yml or the term dates "
        "change; the browser reloads by itself. A broken edit prints its "
        "problems here and the last good site stays on screen. A record that still holds "
        "placeholder values is shown, with a notice on its page listing them, and they are "
        "printed here as warnings (sitegen build refuses it). After the "
        "first build only what an edit changed is rebuilt; the search index catches up a "
        "moment later. After an edit to a template many pages use (the layout), the home page "
        "and the pages looked at lately are rendered first and the rest in the background; a "
        "page asked for before then is rendered before it is sent.",
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
        "nothing. A value still marked '# PLACEHOLDER', or still one of the example texts "
        "sitegen new writes, is a problem. Exits 1 if there are problems.",
    )
    common(validate)
    validate.add_argument(
        "--format",
        choices=sorted(report.FORMATS),
        default="text",
        help="text for people (default), github for GitHub Actions annotations on a "
        "pull request, json for other tools",
    )
    check = commands.add_parser(
        "check",
        help="report what is valid but going wrong: stale records, broken links, duplicates",
        description="Check the content as validate does, then build the site in memory and report "
        "warnings: service records and guidance pages not reviewed for a long time, services "
        "paused or closed for long, internal links that lead nowhere, likely duplicate services "
        "(same name and postcode), venues without coordinates, and links in descriptions and "
        "guidance whose text shows another web address, email or phone number than they open, "
        "email links with extra recipients and phone links that dial codes. Writes nothing. Exits 1 if "
        "the content has errors (values left from 'sitegen new' or 'sitegen import' marked "
        "'# PLACEHOLDER' among them), or, with --strict, if there are any warnings.",
    )
    common(check)
    check.add_argument(
        "--strict", action="store_true", help="exit 1 when there are warnings, not just errors (for CI)"
    )
    check.add_argument(
        "--stale-months",
        type=int,
        metavar="N",
        help="warn about records and pages not reviewed for N months (default: stale_after_months "
        "in site.yml, else 12)",
    )
    check.add_argument(
        "--format",
        choices=sorted(report.FORMATS),
        default="text",
        help="text for people (default), github for GitHub Actions annotations, json for other tools",
    )

    cms = commands.add_parser(
        "cms-config",
        help="print a Decap or Sveltia CMS config.yml made from the record format (optional)",
        description="Print, for a browser content editor (Decap CMS or Sveltia CMS), a config.yml "
        "with a form for service records and guidance pages made from the record format: every "
        "field with its help, choices as drop-downs, sessions as a list, dates and times as "
        "pickers. The repository and branch come from site.yml. Both editors sign people in "
        "through an OAuth relay you run (--relay); docs/cms.md says what that is and why most "
        "councils will not need one. Decap makes every change a pull request; Sveltia commits to "
        "the branch, for council staff only.",
    )
    root_option(cms)
    cms.add_argument("--kind", choices=("decap", "sveltia"), required=True, help="which editor")
    cms.add_argument(
        "--relay",
        type=_web_address,
        required=True,
        metavar="URL",
        help="the address of your OAuth relay, such as https://cms-auth.example.gov.uk",
    )

    fresh = commands.add_parser(
        "freshness",
        help="list the 'please check this listing' issues that should be open or closed",
        description="For each service record 10, 11 or 12 months since its last_reviewed date, the "
        "issue that should be open asking its maintainers to check it; and, given the open "
        "reminders (--open-issues), which to retitle and which to close because the record was "
        "reviewed since or is gone. Writes nothing; the freshness workflow acts on it. Exits 1 if "
        "the content has errors.",
    )
    common(fresh)
    fresh.add_argument(
        "--open-issues",
        type=Path,
        metavar="FILE",
        help="a JSON list of the open issues with the freshness label ({number, title, body} each)",
    )
    fresh.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), json for the workflow",
    )

    new = commands.add_parser(
        "new",
        help="start a new service record or guidance page",
        description="Write a new file with every field, each explained in a comment, named from "
        "the title: 'sitegen new service \"Little Acorns Stay and Play\"' writes "
        "content/services/little-acorns-stay-and-play.yml. Every value but the name is an example "
        "marked '# PLACEHOLDER': validate and build refuse the record until each is replaced and "
        "its mark deleted. Never overwrites a file.",
    )
    new.add_argument("what", choices=("service", "page"), help="service for a record, page for guidance")
    new.add_argument("title", help="the service's name, or the page's title, in quotes")
    common(new)

    init = commands.add_parser(
        "init",
        help="make a new site in a new folder",
        description="Make a new directory site in DIR: site.yml, term dates, postcode districts, places, "
        "one example service record (its values marked '# PLACEHOLDER': fill it in or delete it "
        "before the first build), sitegen's guidance pages as a starting point, an empty "
        "theme override folder, the record schemas and a README. DIR must be new or empty.",
    )
    init.add_argument("dir", type=Path, metavar="DIR", help="the folder to create")
    init.add_argument("--title", default="Children's services directory", help="the site's name")
    init.add_argument("--council", default="Your council", help="the council that publishes it")
    init.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the date to write as the example record's last review (default: today)",
    )

    imports = commands.add_parser(
        "import",
        help="make service records from another directory's Open Referral UK data",
        description="Read FILE, Open Referral UK JSON holding one service (as /services/{id} "
        "answers), a page or list of services (as /services answers), an organization with its "
        "services (each is run by it), or services at locations (each service with its "
        "location), in version 3 of the standard or version 1 (regular_schedules, "
        "physical_addresses, ...), and write one record per service id into content/services/. "
        "Anything else (a taxonomy, an organization with no services) is refused and nothing is "
        "written. A service id given more than once, or a paging header that disagrees with "
        "the page, is a warning. Every value that could not be carried over, or was "
        "not valid, is listed with its JSON path; every value the import had to make up (a "
        "required field the data lacks, an age it could not carry over) is marked "
        "'# PLACEHOLDER' on its line, and validate and build refuse the record until someone "
        "replaces it. Never overwrites a record without --force. Exit status: 0 when every "
        "record was written finished; 1 if FILE is refused, if a record was not written because "
        "its file is there already, or if any record written is unfinished (still holds "
        "placeholders for a person to fill in).",
    )
    imports.add_argument(
        "format", choices=("openreferral",), help="the data's format: openreferral (Open Referral UK)"
    )
    imports.add_argument("file", type=Path, metavar="FILE", help="the JSON file to import")
    root_option(imports)
    imports.add_argument(
        "--force", action="store_true", help="replace records that are there already with the imported ones"
    )
    imports.set_defaults(today=None)

    issue_forms = commands.add_parser(
        "forms",
        help="write the GitHub issue forms in .github/ISSUE_TEMPLATE/ from the record format",
        description="Write the issue forms (add a service, update a service, this listing is "
        "still correct, report a problem) and config.yml, with the contact_email from site.yml as "
        "the private route, into .github/ISSUE_TEMPLATE/. Run it after changing the record format "
        "or site.yml, and commit what it writes.",
    )
    root_option(issue_forms)
    issue_forms.set_defaults(today=None)

    from_issue = commands.add_parser(
        "from-issue",
        help="turn an issue made from a form into a record file, checked as validate checks",
        description="Read an issue's body (the Markdown GitHub writes from a form) and write the "
        "record it asks for: a new one, an update of the answers given, or, for 'still correct', "
        "today's date as last_reviewed. The record is checked as 'sitegen validate' checks it. "
        "Prints the pull request's text; or, if the record has problems, puts the file back, "
        "prints a comment saying what to fix in each answer and exits 1.",
    )
    common(from_issue)
    given = from_issue.add_mutually_exclusive_group(required=True)
    given.add_argument(
        "--event",
        type=Path,
        metavar="FILE",
        help="the issue event GitHub Actions gives a workflow ($GITHUB_EVENT_PATH): its issue's "
        "body, title, labels and number",
    )
    given.add_argument("--body-file", type=Path, metavar="FILE", help="the issue's body, as a file")
    from_issue.add_argument("--title", default="", help="with --body-file: the issue's title")
    from_issue.add_argument(
        "--labels",
        default="",
        help="with --body-file: the issue's labels, separated by commas (they name the form)",
    )
    from_issue.add_argument(
        "--outcome",
        type=Path,
        metavar="FILE",
        help="also write what is printed to FILE: the pull request's text (ending 'Closes #N' for "
        "an issue from --event), or the comment saying what to fix",
    )
    return top


def summary(result: pipeline.BuildReport, output_dir: Path, today: dt.date) -> str:
    """The lines every build ends with: what was built, how big, how long, and what to look at."""
    from sitegen.commands import health

    limits = health.Limits(result.site.config.stale_after_months)
    warnings = len(health.findings(result.site, {}, today, limits))  # counted: 'check' shows them
    warned = (
        f"{warnings} warning{'s' if warnings != 1 else ''} (run sitegen check to see them)"
        if warnings
        else "no warnings"
    )
    return (
        f"Built {result.services} services and {result.pages} guidance pages, {warned}, "
        f"as of {today:%-d %B %Y}.\n"
        f"Output: {output_dir}/, {result.files} files, {result.bytes / 1_000_000:.1f} MB. "
        f"A first search fetches {result.index_gzipped / 1000:.0f} KB gzipped before the index's shards "
        f"and the result cards it needs ({result.index_bytes / 1000:.0f} KB unzipped).\n"
        f"Took {result.seconds:.1f} s."
    )


def main(argv: list[str] | None = None) -> int:
    with printable_output():
        return _run(argv)


def _run(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    try:
        today = pipeline.build_date(getattr(args, "today", None))
        if today.year not in YEARS:
            raise ValueError(f"it is in {today.year}, outside the years {YEARS[0]} to {YEARS[-1]}")
    except (ValueError, OverflowError, OSError) as error:  # a bad SOURCE_DATE_EPOCH
        print(f"sitegen: SOURCE_DATE_EPOCH is not a usable number of seconds: {error}", file=sys.stderr)
        return EXIT_USAGE
    root: Path = getattr(args, "root", Path("."))
    try:
        if args.command == "build":
            output_dir = args.output or root / "output"
            progress = BuildProgress()
            try:
                result = pipeline.build(
                    root, output_dir, today, progress=progress, jobs=max(1, args.jobs), cache=args.cache
                )
            except BrokenProcessPool:
                progress.finish()
                print(
                    "sitegen: a worker process stopped before it finished (killed, or out of memory). "
                    "Nothing was written; the previous site is unchanged. Try again with --jobs 1.",
                    file=sys.stderr,
                )
                return EXIT_PROBLEMS
            finally:
                progress.finish()
            print(summary(result, output_dir, today))
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
        if args.command == "check":
            return _check(root, today, args)
        if args.command == "cms-config":
            return _cms_config(root, args.kind, args.relay)
        if args.command == "freshness":
            return _freshness(root, today, args)
        if args.command == "new":
            return _new(root, today, args.what, args.title)
        if args.command == "init":
            return _init(args.dir, args.title, args.council, today)
        if args.command == "import":
            return _import(root, args.file, args.force)
        if args.command == "forms":
            return _forms(root, today)
        if args.command == "from-issue":
            return _from_issue(root, today, args)
        if args.command == "serve":
            from sitegen.commands import serve

            return serve.serve(root, args.output or root / "output", args.host, args.port, args.today)
    except ContentError as error:
        formatted = report.FORMATS[getattr(args, "format", "text")](error.problems)
        print(formatted, file=sys.stdout if getattr(args, "format", "text") != "text" else sys.stderr)
        if args.command == "build":
            print("Nothing was written; the previous site is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    raise AssertionError(f"unknown command {args.command}")  # pragma: no cover - argparse refuses


def _check(root: Path, today: dt.date, args: argparse.Namespace) -> int:
    from sitegen.commands import disguises, health
    from sitegen.load import files
    from sitegen.model import content
    from sitegen.model.review_share import review_share

    sources = files.read_sources(root)
    site = content.make_site(sources, today)
    texts = {name: raw.decode("utf-8", "replace") for name, raw in (sources.services | sources.pages).items()}
    limits = health.Limits(stale_months=args.stale_months or site.config.stale_after_months)
    _, files = pipeline.make_files(root, today)
    warnings = health.findings(site, texts, today, limits) + health.link_findings(site, texts, files)
    warnings += disguises.findings(site, texts)
    warnings.sort()
    share = review_share(site.services, limits.stale_months)
    if args.format != "text":
        print(report.FORMATS[args.format](warnings + health.review_notices(share, texts, today)))
    elif warnings:
        print(report.as_text(warnings))
    failed = bool(warnings) and args.strict
    if args.format == "text":
        print(("\n" if warnings else "") + health.review_text(share, today) + "\n")
        what = "Found the warnings above" if warnings else "No warnings"
        print(
            f"{what}: {len(site.services)} services and {len(site.pages)} guidance pages checked "
            f"as of {today:%-d %B %Y} (stale after {limits.stale_months} months), "
            f"{sum(1 for f in files if f.endswith('.html'))} pages' links followed."
            + (" Failing because of --strict." if failed else "")
        )
    return EXIT_PROBLEMS if failed else EXIT_OK


def _forms(root: Path, today: dt.date) -> int:
    from sitegen.commands import forms
    from sitegen.load import files
    from sitegen.model import content

    settings = content.read_settings(files.read_sources(root), today)
    if settings.config is None:
        raise ContentError(list(settings.problems))
    for path in forms.write(root, settings.config.contact_email, settings.config.base_url):
        print(f"Wrote {path.relative_to(root) if path.is_relative_to(root) else path}")
    return EXIT_OK


def _from_issue(root: Path, today: dt.date, args: argparse.Namespace) -> int:
    import json

    from sitegen.commands import from_issue

    number = None
    try:
        if args.event:
            issue = json.loads(args.event.read_text(encoding="utf-8"))["issue"]
            body, title, number = issue.get("body") or "", issue.get("title") or "", issue.get("number")
            labels = [label["name"] for label in issue.get("labels") or []]
        else:
            body, title = args.body_file.read_text(encoding="utf-8"), args.title
            labels = [label.strip() for label in args.labels.split(",") if label.strip()]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        print(f"sitegen from-issue: cannot read the issue: {error}", file=sys.stderr)
        return EXIT_USAGE
    outcome = from_issue.convert(root, body, title, labels, today)
    message = outcome.message
    if number is not None and not outcome.problems:
        message += f"\n\nCloses #{number}"
    print(message)
    if args.outcome:
        args.outcome.write_text(message + "\n", encoding="utf-8")
    return EXIT_PROBLEMS if outcome.problems else EXIT_OK


def _cms_config(root: Path, kind: str, relay: str) -> int:
    from sitegen.commands import cms_config
    from sitegen.load import files
    from sitegen.model import config

    sources = files.read_sources(root)
    site, problems = config.site_config(sources.config_document)
    if site is None:
        raise ContentError(sources.problems or problems)
    try:
        text = cms_config.render(kind, site.repository, site.branch, relay)
    except ValueError as error:
        print(
            f"sitegen: repository in site.yml: {error}; both editors work only with GitHub", file=sys.stderr
        )
        return EXIT_PROBLEMS
    print(text, end="")
    return EXIT_OK


def _freshness(root: Path, today: dt.date, args: argparse.Namespace) -> int:
    from sitegen.commands import freshness
    from sitegen.load import files
    from sitegen.model import content

    open_issues: list[freshness.OpenIssue] = []
    if args.open_issues is not None:
        try:
            open_issues = freshness.read_open_issues(args.open_issues.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            print(f"sitegen: cannot read the open issues from {args.open_issues}: {error}", file=sys.stderr)
            return EXIT_USAGE
    site = content.make_site(files.read_sources(root), today)
    found = freshness.plan(site, today, open_issues)
    print(found.as_json() if args.format == "json" else found.as_text())
    return EXIT_OK


def _new(root: Path, today: dt.date, what: str, title: str) -> int:
    from sitegen.commands import scaffold

    try:
        make = scaffold.new_service if what == "service" else scaffold.new_page
        path = make(root, title, today)
    except scaffold.Refused as refusal:
        print(f"sitegen new: {refusal}", file=sys.stderr)
        return EXIT_PROBLEMS
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    if what == "service":
        print(
            f"Wrote {shown}. Fill it in: replace every value marked '# PLACEHOLDER' with the "
            "service's own, and delete the mark (sitegen validate and sitegen build refuse the "
            "record until every mark is gone). Preview it as you go with: sitegen serve"
        )
    else:
        print(f"Wrote {shown}. Fill it in, then run: sitegen validate")
    return EXIT_OK


def _import(root: Path, file: Path, force: bool) -> int:
    from sitegen.exports import openreferral

    try:
        result = openreferral.import_into(root, file, force)
    except OSError as error:
        print(f"sitegen import: cannot read {file}: {error.strerror or error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except openreferral.NotOpenReferral as refusal:
        for note in refusal.notes:
            print(f"sitegen import: {note}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return EXIT_PROBLEMS
    for warning in result.warnings:  # about the file as a whole: duplicate ids, paging
        print(f"sitegen import: warning: {file}: {warning}", file=sys.stderr)
    for note in result.notes:
        print(f"{file}: {note}")

    def shown(path: Path) -> Path:
        return path.relative_to(root) if path.is_relative_to(root) else path

    for path in result.written:
        print(f"Wrote {shown(path)}")
    for path in result.skipped:
        print(f"Skipped {shown(path)}: it is there already (use --force to replace it)", file=sys.stderr)
    print(
        f"Imported {len(result.written)} of {len(result.written) + len(result.skipped)} services, "
        f"with {len(result.notes)} note{'s' if len(result.notes) != 1 else ''} above"
        + (
            f" and {len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''} about the file."
            if result.warnings
            else "."
        )
    )
    if result.unfinished:
        values = sum(count for _, count in result.unfinished)
        records = len(result.unfinished)
        print(
            f"Not finished: {records:,} of the records written still hold{'s' if records == 1 else ''} "
            f"{values:,} placeholder value{'s' if values != 1 else ''}, made up where the data had "
            "nothing, each marked '# PLACEHOLDER' on its line:",
            file=sys.stderr,
        )
        for path, count in result.unfinished[:UNFINISHED_LISTED]:
            print(f"  {shown(path)}: {count}", file=sys.stderr)
        if records > UNFINISHED_LISTED:
            print(f"  and {records - UNFINISHED_LISTED:,} more records", file=sys.stderr)
        print(
            "sitegen validate and sitegen build refuse these records until every one is replaced with "
            "the service's own details and its mark deleted. Next: run sitegen validate to list them, "
            "with their lines (sitegen serve previews the records meanwhile).",
            file=sys.stderr,
        )
    return EXIT_PROBLEMS if result.skipped or result.unfinished else EXIT_OK


def _init(target: Path, title: str, council: str, today: dt.date) -> int:
    from sitegen.commands import scaffold

    try:
        made = scaffold.init_site(target, title, council, today)
    except scaffold.Refused as refusal:
        print(f"sitegen init: {refusal}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"Made a new site in {target}/ ({len(made)} files). Next:\n"
        f"  1. edit {target}/site.yml: the title, address, repository and contacts\n"
        f"  2. preview it: sitegen serve --root {target}\n"
        f'  3. add a service: sitegen new service "Name" --root {target}\n'
        f"  4. fill in or delete the example record, {made[-1].relative_to(target)}: sitegen build "
        "refuses a record while it holds values marked '# PLACEHOLDER'"
    )
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
