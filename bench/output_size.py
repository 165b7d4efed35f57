"""The built site's size and file count, by kind of file and per service, against the static hosts' limits.

    .venv/bin/python bench/output_size.py                  # 1,000 and 10,000 synthetic records
    .venv/bin/python bench/output_size.py 10000 --settings 'openreferral: {legacy_copies: no}'
    .venv/bin/python bench/output_size.py 10000 --peers    # the peers' corpus (../shared/bench)
    .venv/bin/python bench/output_size.py --measure output # a site already built

For each size it makes a synthetic directory (bench/synthetic.py: the same records every time;
or, with --peers, the peers' corpus through ../shared/bench/to_sitegen.py), builds it with
'sitegen build' as of a fixed date, then prints for each kind of file (service pages, list pages,
each Open Referral UK endpoint, calendars, search files, assets, the rest) the number of files,
their bytes, the bytes per service and the bytes gzipped (each file on its own, level 6, as a web
server or a host's upload would), then the totals against each host's documented limits.
--settings adds YAML lines to the synthetic site.yml, to measure what a setting saves.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.synthetic import make  # noqa: E402

TODAY = dt.date(2026, 11, 24)
PEERS = PROJECT.parent / "shared" / "bench" / "to_sitegen.py"
MB = 1_000_000
MIB = 1 << 20

# The hosts' documented limits (checked 2 December 2026; docs/publishing.md cites each):
GITHUB_PAGES_BYTES = 1_000_000_000  # a published site at most 1 GB
CLOUDFLARE_FREE_FILES = 20_000  # files per site, Free plan
CLOUDFLARE_PAID_FILES = 100_000  # paid plans, since January 2026
CLOUDFLARE_FILE_BYTES = 25 * MIB  # per file
NETLIFY_FILES_PER_FOLDER = 54_000  # per folder; no limit on the whole deploy
# Azure Static Web Apps, Standard plan: "the limit for this Static Web App is 524288000 bytes"
AZURE_STANDARD_BYTES = 500 * MIB


def kind(path: str) -> str:
    """Which kind of file a path in the output is (paths with '/', relative to the output folder)."""
    parts = path.split("/")
    top, name = parts[0], parts[-1]
    if name.endswith(".ics"):
        return "calendars: per service" if top == "services" else "calendars: per area"
    if top == "services":
        if len(parts) == 3 and name == "index.html" and not re.fullmatch(r"page-\d+", parts[1]):
            return "service pages"  # services/page-2/ is the list of all services, page 2
        return "list pages (all services, areas, types, days)"
    if top in ("areas", "types", "days"):
        return "list pages (all services, areas, types, days)"
    if top == "openreferral":
        return "Open Referral UK " + _endpoint(parts[1:])
    if top == "search":
        return "search page" if name == "index.html" else "search files"
    if top == "assets":
        return "assets"
    if path == "open-data/services.csv":
        return "spreadsheet (open-data/services.csv)"
    return "other (home, guidance, sitemap, open data page, 404, ...)"


def _endpoint(parts: list[str]) -> str:
    if len(parts) == 1:
        if parts[0] == "services.json":
            return "services.json (the list, first address)"
        return "/ (root document)"
    folder, name = parts[0], parts[-1]
    if name.startswith("index."):
        return f"/{folder} (the list: its folder's index files)"
    if folder == "services" and name.endswith(".json"):
        return "services/{id}.json (first address)"
    return f"/{folder}/{{id}}"


def survey(folder: Path) -> dict:
    """Files, bytes and gzipped bytes by kind; the largest file; the fullest folder."""
    count: Counter[str] = Counter()
    size: Counter[str] = Counter()
    packed: Counter[str] = Counter()
    per_folder: Counter[str] = Counter()
    largest = (0, "")
    for root, folders, names in os.walk(folder):
        folders.sort()
        relative = os.path.relpath(root, folder)
        per_folder[relative] += len(names) + len(folders)
        for name in sorted(names):
            path = Path(root) / name
            data = path.read_bytes()
            key = kind(path.relative_to(folder).as_posix())
            count[key] += 1
            size[key] += len(data)
            packed[key] += len(gzip.compress(data, compresslevel=6, mtime=0))
            largest = max(largest, (len(data), path.relative_to(folder).as_posix()))
    fullest = per_folder.most_common(1)[0]
    return {"count": count, "size": size, "packed": packed, "largest": largest, "fullest": fullest}


def _replace_placeholder_phone(project: Path) -> None:
    """The peers' corpus draws phone numbers from 01632 960000-960999, and sitegen refuses the
    first, its own placeholder (model/placeholders.py): a record that drew it gets 960001."""
    for record in (project / "content" / "services").glob("*.yml"):
        text = record.read_text(encoding="utf-8")
        if "01632 960000" in text:
            record.write_text(text.replace("01632 960000", "01632 960001"), encoding="utf-8")


def build(project: Path, out: Path) -> None:
    command = [sys.executable, "-m", "sitegen", "build", "--root", str(project), "--output", str(out)]
    command += ["--today", TODAY.isoformat()]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stdout}\n{done.stderr}")


def services_in(folder: Path) -> int:
    return sum(
        1 for p in (folder / "services").iterdir() if (p / "index.html").is_file() and p.name != "index.html"
    )


def report(title: str, found: dict, services: int) -> str:
    count, size, packed = found["count"], found["size"], found["packed"]
    total_files, total, total_packed = sum(count.values()), sum(size.values()), sum(packed.values())
    lines = [f"## {title}: {services:,} services", ""]
    lines.append("| kind of file | files | MB | bytes per service | MB gzipped |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for key in sorted(size, key=lambda k: -size[k]):
        lines.append(
            f"| {key} | {count[key]:,} | {size[key] / MB:,.1f} | {size[key] / services:,.0f} "
            f"| {packed[key] / MB:,.1f} |"
        )
    lines.append(
        f"| **all** | **{total_files:,}** | **{total / MB:,.1f}** | **{total / services:,.0f}** "
        f"| **{total_packed / MB:,.1f}** |"
    )
    lines.append("")
    lines.append(
        f"Per service: {total_files / services:.2f} files, {total / services / 1000:.1f} KB "
        f"({total_packed / services / 1000:.1f} KB gzipped)."
    )
    biggest, where = found["largest"]
    folder, entries = found["fullest"]
    lines.append(
        f"Largest file: {where}, {biggest / MB:.1f} MB. Fullest folder: {folder}/, {entries:,} entries."
    )
    lines.append("")
    lines.append("| host and limit | this site | fits |")
    lines.append("| --- | --- | :---: |")
    rows = [
        (
            "GitHub Pages: published site at most 1 GB",
            f"{total / MB:,.0f} MB ({total_packed / MB:,.0f} MB gzipped)",
            total <= GITHUB_PAGES_BYTES,
        ),
        (
            "Cloudflare Pages Free: 20,000 files",
            f"{total_files:,} files",
            total_files <= CLOUDFLARE_FREE_FILES,
        ),
        (
            "Cloudflare Pages paid: 100,000 files",
            f"{total_files:,} files",
            total_files <= CLOUDFLARE_PAID_FILES,
        ),
        (
            "Cloudflare Pages: 25 MiB a file",
            f"largest {biggest / MIB:.1f} MiB",
            biggest <= CLOUDFLARE_FILE_BYTES,
        ),
        (
            "Netlify: 54,000 files in one folder",
            f"{entries:,} in {folder}/",
            entries <= NETLIFY_FILES_PER_FOLDER,
        ),
        (
            "Azure Static Web Apps Standard: 500 MiB",
            f"{total / MIB:,.0f} MiB",
            total <= AZURE_STANDARD_BYTES,
        ),
        ("Amazon S3: no limit (one PUT request a file)", f"{total_files:,} requests per full upload", True),
    ]
    for host, measured, fits in rows:
        lines.append(f"| {host} | {measured} | {'yes' if fits else '**no**'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument(
        "--peers", action="store_true", help="the peers' corpus instead of bench/synthetic.py"
    )
    parser.add_argument("--settings", default="", help="YAML lines added to the synthetic site.yml")
    parser.add_argument("--measure", type=Path, help="survey this built folder instead of building")
    parser.add_argument("--keep", type=Path, help="build into this folder (kept) instead of a temporary one")
    args = parser.parse_args(argv)
    if args.measure:
        print(report(str(args.measure), survey(args.measure), services_in(args.measure)))
        return
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            project = Path(scratch) / "site"
            if args.peers:
                command = [sys.executable, str(PEERS), str(PROJECT), str(size), str(project)]
                subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
                _replace_placeholder_phone(project)
            else:
                make(size, project)
            if args.settings:
                with (project / "site.yml").open("a", encoding="utf-8") as site_yml:
                    site_yml.write("\n" + args.settings + "\n")
            out = args.keep / str(size) if args.keep else Path(scratch) / "output"
            build(project, out)
            corpus = "the peers' corpus" if args.peers else "bench/synthetic.py"
            title = corpus + (f", with {args.settings!r}" if args.settings else "")
            print(report(title, survey(out), size))


if __name__ == "__main__":
    main(sys.argv[1:])
