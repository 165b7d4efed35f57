"""The share of records reviewed recently: in sitegen check (text, GitHub, JSON) and, when site.yml
asks, on the home page; checked against the records read with plain PyYAML."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import yaml

from sitegen.build import build
from sitegen.model.review_share import ReviewShare
from tests.conftest import TODAY, edit
from tests.test_freshness import months_by_hand

PROJECT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 12, 1)


def _records() -> list[tuple[str, str, dt.date]]:
    found = []
    for path in sorted((PROJECT / "content/services").glob("*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append((f"content/services/{path.name}", record["name"], record["last_reviewed"]))
    return found


def _expected(within: int) -> tuple[int, int, list[tuple[str, str, dt.date]]]:
    records = _records()
    reviewed = sum(1 for _, _, day in records if months_by_hand(day, DAY) < within)
    oldest = sorted(records, key=lambda r: (r[2], r[1], r[0]))[:5]
    return reviewed, len(records), oldest


def test_check_says_how_many_records_were_reviewed_within_12_months_and_lists_the_oldest(sitegen):
    reviewed, total, oldest = _expected(12)
    assert 0 < reviewed < total  # the bundled records hold some of each
    result = sitegen("check", "--root", PROJECT, "--today", DAY)
    assert result.code == 0
    percent = reviewed * 100 // total
    assert f"{reviewed} of {total} services ({percent}%) reviewed within the last 12 months." in result.out
    listed = result.out.split("Longest since a review:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split()[-1] for line in listed] == [file for file, _, _ in oldest]
    for line, (_, name, day) in zip(listed, oldest, strict=True):
        ago = months_by_hand(day, DAY)
        assert line.startswith(
            f"  {day.day} {day:%B %Y} ({ago} month{'s' if ago != 1 else ''} ago)  {name}  "
        )


def test_the_share_follows_the_months_asked_for(sitegen):
    reviewed, total, _ = _expected(6)
    result = sitegen("check", "--root", PROJECT, "--today", DAY, "--stale-months", "6")
    assert (
        f"{reviewed} of {total} services ({reviewed * 100 // total}%) reviewed within the last 6 months"
        in result.out
    )


def test_github_and_json_carry_the_share_and_the_oldest_as_notices(sitegen):
    reviewed, total, oldest = _expected(12)
    github = sitegen("check", "--root", PROJECT, "--today", DAY, "--format", "github").out
    assert f"::notice::{reviewed} of {total} services ({reviewed * 100 // total}%25) reviewed" in github
    for file, _, _ in oldest:
        line = next(
            n
            for n, text in enumerate((PROJECT / file).read_text(encoding="utf-8").splitlines(), 1)
            if text.startswith("last_reviewed:")
        )
        assert re.search(
            rf"^::notice file={re.escape(file)},line={line},col=1,title=last_reviewed::", github, re.M
        )
    found = json.loads(sitegen("check", "--root", PROJECT, "--today", DAY, "--format", "json").out)
    notices = [f for f in found if f["severity"] == "notice"]
    assert notices[0]["file"] == "" and notices[0]["message"].startswith(f"{reviewed} of {total} services")
    assert [n["file"] for n in notices[1:]] == [file for file, _, _ in oldest]


def test_notices_do_not_fail_a_strict_check(site_dir, sitegen):
    edit(
        site_dir, "content/services/oak-clinic.yml", "last_reviewed: 2025-06-01", "last_reviewed: 2026-06-01"
    )
    edit(
        site_dir,
        "content/services/oak-clinic.yml",
        "  postcode: OX4 3QP",
        "  postcode: OX4 3QP\n  latitude: 51.74\n  longitude: -1.21",
    )
    result = sitegen("check", "--root", site_dir, "--today", TODAY, "--strict", "--format", "github")
    assert result.code == 0, result.out
    assert "::notice::2 of 2 services (100%25) reviewed within the last 12 months" in result.out


def test_the_percentage_is_rounded_down():
    assert ReviewShare(12, 199, 200, ()).percent == 99
    assert ReviewShare(12, 0, 0, ()).percent == 100


def test_the_home_page_shows_the_share_only_when_site_yml_asks(site_dir, tmp_path):
    build(site_dir, tmp_path / "off", TODAY)
    assert "sg-freshness" not in (tmp_path / "off/index.html").read_text(encoding="utf-8")
    (site_dir / "site.yml").write_text((site_dir / "site.yml").read_text() + "show_freshness: yes\n")
    build(site_dir, tmp_path / "on", TODAY)
    home = " ".join((tmp_path / "on/index.html").read_text(encoding="utf-8").split())
    assert "<p>50% of listings (1 of 2) were checked in the last 12 months.</p>" in home
    oldest = home.split("Waiting longest for a check:", 1)[1]
    assert oldest.index(
        'href="services/oak-clinic/">Oak Baby Clinic</a>, last checked 17 months ago, on 1 June 2025'
    ) < oldest.index("Acorns Stay and Play")


def test_the_home_pages_freshness_panel_passes_axe(site_dir, tmp_path, browser):
    from tests.browser import serve
    from tests.test_accessibility import assert_no_axe_violations_at_phone_and_desktop

    (site_dir / "site.yml").write_text((site_dir / "site.yml").read_text() + "show_freshness: yes\n")
    build(site_dir, tmp_path / "out", TODAY)
    with serve(tmp_path / "out") as url:
        assert_no_axe_violations_at_phone_and_desktop(browser, url, shown="#sg-freshness")
