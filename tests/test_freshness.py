"""The review reminders: which "please check this listing" issues sitegen freshness opens and closes,
checked against the records read with plain PyYAML and months counted by hand."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import urllib.parse
from pathlib import Path

import yaml

from tests.conftest import FIXTURES, write

PROJECT = Path(__file__).resolve().parent.parent
SITEGEN = str(Path(sys.executable).with_name("sitegen"))


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SITEGEN, *map(str, args)], capture_output=True, text=True, timeout=120)


def months_by_hand(reviewed: dt.date, today: dt.date) -> int:
    """Whole months from one date to the next: from 14 September, 14 October is one month on."""
    months = 0
    while True:
        year, month = divmod(reviewed.month - 1 + months + 1, 12)
        try:
            step = reviewed.replace(year=reviewed.year + year, month=month + 1)
        except ValueError:  # 31 January + 1 month: the month has no 31st, the next day counts
            step = dt.date(reviewed.year + year, month + 2 if month < 11 else 1, 1)
        if step > today:
            return months
        months += 1


def test_months_by_hand_counts_as_a_person_would():
    assert months_by_hand(dt.date(2026, 9, 14), dt.date(2027, 7, 13)) == 9
    assert months_by_hand(dt.date(2026, 9, 14), dt.date(2027, 7, 14)) == 10
    assert months_by_hand(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 0
    assert months_by_hand(dt.date(2026, 1, 31), dt.date(2026, 3, 1)) == 1


def test_a_run_over_the_bundled_records_lists_exactly_the_reminders_due():
    today = dt.date(2027, 8, 20)
    due = {}
    for path in sorted((PROJECT / "content/services").glob("*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        months = months_by_hand(record["last_reviewed"], today)
        if months in (10, 11, 12):
            due[f"content/services/{path.name}"] = (record["name"], months, record.get("maintainers") or [])
    assert {months for _, months, _ in due.values()} == {10, 11, 12}, "the date should reach each age"

    result = run("freshness", "--root", PROJECT, "--today", today, "--format", "json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["close"] == [] and plan["label"] == "freshness"
    assert {r["file"]: (r["name"], r["months"]) for r in plan["open"]} == {
        file: (name, months) for file, (name, months, _) in due.items()
    }
    for reminder in plan["open"]:
        name, months, maintainers = due[reminder["file"]]
        assert reminder["action"] == "create"
        assert (
            reminder["title"] == f"Please check this listing: {name} ({months} months since its last review)"
        )
        assert reminder["body"].startswith(f"<!-- sitegen-freshness: {reminder['file']} -->\n")
        link = next(part for part in reminder["body"].split("(") if "template=still-correct.yml" in part)
        address, query = link.split(")")[0].split("?")
        assert address == "https://github.com/example-council/children-services/issues/new"
        assert urllib.parse.parse_qs(query)["record"] == [reminder["file"]]
        for maintainer in maintainers:
            assert (maintainer in reminder["body"]) == maintainer.startswith("@")
    emailed = [file for file, (_, _, maintainers) in due.items() if any("@" in m[1:] for m in maintainers)]
    assert emailed, "a bundled record due a reminder names its maintainer by email"
    assert "littleacorns.example.org" not in result.stdout  # no email leaves the record


def _record(root: Path, slug: str, name: str, reviewed: str, maintainers: str = "") -> None:
    text = (FIXTURES / "small/content/services/acorns.yml").read_text(encoding="utf-8")
    text = text.replace("name: Acorns Stay and Play", f"name: {name}").replace(
        "last_reviewed: 2026-10-01", f"last_reviewed: {reviewed}\n{maintainers}"
    )
    text = text.replace("OX5 1AB", "OX5 1AD")  # not a likely duplicate of acorns.yml
    write(root, f"content/services/{slug}.yml", text)


def test_open_reminders_are_kept_retitled_or_closed_as_the_records_say(site_dir):
    _record(site_dir, "reviewed", "Reviewed Group", "2027-01-10")  # 2 months: reviewed since
    _record(
        site_dir, "eleven", "Eleven Group", "2026-04-10", 'maintainers: ["@sarah-jones", "jo@example.org"]\n'
    )
    _record(site_dir, "ten", "Ten Group", "2026-05-15")  # two reminders: the second is a duplicate
    _record(site_dir, "late", "Late Group", "2026-01-01")  # 14 months: the reminder stays open
    _record(site_dir, "new", "New Group", "2026-04-20")  # 10 months, no reminder yet
    # gone.yml has a reminder (#7) and no record; #9 has the label but no marker
    result = run(
        "freshness",
        "--root",
        site_dir,
        "--today",
        "2027-03-15",
        "--format",
        "json",
        "--open-issues",
        FIXTURES / "freshness/open-issues.json",
    )
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    opened = {(r["action"], r["number"], r["file"], r["months"]) for r in plan["open"]}
    assert opened == {
        ("update", 4, "content/services/eleven.yml", 11),
        ("keep", 5, "content/services/ten.yml", 10),
        ("create", None, "content/services/new.yml", 10),
    }
    update = next(r for r in plan["open"] if r["action"] == "update")
    assert update["title"] == "Please check this listing: Eleven Group (11 months since its last review)"
    assert "@sarah-jones" in update["comment"] and "@sarah-jones" in update["body"]
    assert "jo@example.org" not in result.stdout
    closed = {c["number"]: c["comment"] for c in plan["close"]}
    assert sorted(closed) == [3, 6, 7]
    assert closed[3].startswith("Checked on 10 January 2027")
    assert closed[6] == "A second reminder for this listing: see #5."
    assert "content/services/gone.yml is no longer in the directory" in closed[7]


def test_a_second_run_after_the_first_has_acted_changes_nothing(site_dir):
    _record(site_dir, "new", "New Group", "2026-04-20")
    first = json.loads(
        run("freshness", "--root", site_dir, "--today", "2027-03-15", "--format", "json").stdout
    )
    made = [
        {"number": 100 + n, "title": r["title"], "body": r["body"].replace("\n", "\r\n")}
        for n, r in enumerate(first["open"])
    ]
    assert made, "the first run opens a reminder"
    write(site_dir, "open.json", json.dumps(made))
    args = ("freshness", "--root", site_dir, "--format", "json", "--open-issues", site_dir / "open.json")
    again = json.loads(run(*args, "--today", "2027-03-19").stdout)
    assert {r["action"] for r in again["open"]} == {"keep"} and again["close"] == []
    reviewed = site_dir / "content/services/new.yml"
    reviewed.write_text(reviewed.read_text().replace("2026-04-20", "2027-03-18"), encoding="utf-8")
    after = json.loads(run(*args, "--today", "2027-03-19").stdout)
    assert after["open"] == [] and [c["number"] for c in after["close"]] == [m["number"] for m in made]


def test_a_broken_open_issues_file_is_a_usage_error_not_a_traceback(site_dir):
    write(site_dir, "open.json", '{"number": 1}')
    result = run("freshness", "--root", site_dir, "--open-issues", site_dir / "open.json")
    assert result.returncode == 2
    assert "cannot read the open issues" in result.stderr and "Traceback" not in result.stderr


def test_bad_content_stops_the_run_with_the_problem(site_dir):
    write(site_dir, "content/services/bad.yml", (FIXTURES / "small/content/services/acorns.yml").read_text())
    path = site_dir / "content/services/bad.yml"
    path.write_text(path.read_text() + 'maintainers: ["@-sarah"]\n', encoding="utf-8")
    result = run("freshness", "--root", site_dir)
    assert result.returncode == 1
    assert "content/services/bad.yml:38: maintainers[0]: '@-sarah' is not a GitHub username" in result.stderr


def test_a_name_in_the_reminder_mentions_no_one_and_adds_no_markup(site_dir):
    _record(site_dir, "tots", "Tots @big-org *Fun* [Club]", "2026-04-20", 'maintainers: ["@sarah-jones"]\n')
    plan = json.loads(
        run("freshness", "--root", site_dir, "--today", "2027-03-15", "--format", "json").stdout
    )
    (reminder,) = plan["open"]
    assert (
        reminder["title"]
        == "Please check this listing: Tots @big-org *Fun* [Club] (10 months since its last review)"
    )
    assert "**Tots @\u2060big-org \\*Fun\\* \\[Club\\]**" in reminder["body"]
    assert "@big-org" not in reminder["body"] and "@sarah-jones" in reminder["body"]
