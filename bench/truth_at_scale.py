"""Every date and time a big built site tells families, checked against its records from outside sitegen.

    .venv/bin/python bench/truth_at_scale.py SITE                 # SITE/output built already
    .venv/bin/python bench/truth_at_scale.py SITE --build         # build it first, as of --today
    .venv/bin/python bench/truth_at_scale.py SITE --today 2026-12-02

tests/test_dates_truth.py checks the bundled site's 41 services on 32 build dates, and generated
records, with an oracle that is not sitegen (tests/schedule_oracle.py: each record and the term
dates read with plain PyYAML, sessions expanded with dateutil's rrule; calendars expanded with
recurring_ical_events). This runs the same oracle over every service of a site too big for the
suite: a 10,000-record site built by two processes, with every speed-up a large build takes, such
as the peers' corpus (``../shared/bench/to_sitegen.py``) or ``bench/synthetic.py``. For each
service it compares what the page's "When" table says (each session's day and times, in the
record's order), the page's "Next sessions" list, and the service's calendar file, with the record.
It prints how many of each it checked and the first disagreements; the exit code is 1 if any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests import schedule_oracle as oracle  # noqa: E402
from tests.test_dates_truth import (  # noqa: E402
    expected_lines,
    ics_sessions,
    next_sessions_on,
    record_rows,
    timetable_rows,
)


def disagreements(site: Path, today: dt.date) -> tuple[dict[str, int], list[str]]:
    """What was checked (counts) and what disagreed (one line each)."""
    output, terms = site / "output", oracle.read_terms(site / "term-dates.yml")
    counts = {"services": 0, "timetable rows": 0, "next sessions": 0, "calendars": 0}
    found: list[str] = []
    for path in sorted((site / "content" / "services").glob("*.yml")):
        slug, record = path.stem, oracle.read_record(path)
        html = (output / "services" / slug / "index.html").read_text("utf-8")
        rows, wanted = timetable_rows(html), record_rows(record)
        if rows != wanted:
            found.append(f"{slug}: the timetable says {rows}, the record {wanted}")
        expected = oracle.next_sessions(record, terms, today)
        _, items = next_sessions_on(html)
        if items != expected_lines(expected):
            found.append(f"{slug}: next sessions {items}, the record gives {expected_lines(expected)}")
        calendar = output / "services" / slug / "sessions.ics"
        if calendar.exists():
            counts["calendars"] += 1
            if ics_sessions(calendar.read_bytes(), today) != expected:
                found.append(f"{slug}: its calendar's next sessions are not the record's")
        elif expected:
            found.append(f"{slug}: has dates to come but no calendar")
        counts["services"] += 1
        counts["timetable rows"] += len(rows)
        counts["next sessions"] += len(items)
    return counts, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a site folder: content/services/, term-dates.yml, output/")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 12, 2))
    parser.add_argument("--build", action="store_true", help="build SITE/output first, as of --today")
    args = parser.parse_args()
    if args.build:
        command = [
            sys.executable,
            "-m",
            "sitegen",
            "build",
            "--root",
            str(args.site),
            "--today",
            str(args.today),
        ]
        subprocess.run(command, check=True, cwd=PROJECT)
    counts, found = disagreements(args.site, args.today)
    print(", ".join(f"{n:,} {what}" for what, n in counts.items()) + f" checked; {len(found)} disagree")
    for line in found[:10]:
        print("  " + line)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
