"""sitegen new, check and init, and what every build prints: the journeys of issue 6."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

from sitegen.build import make_files
from sitegen.commands.progress import BuildProgress
from sitegen.model import schema
from sitegen.model.issue_forms import record_slug
from tests.conftest import TODAY, edit, placeholder_lines, write

PROJECT = Path(__file__).resolve().parent.parent


# --- sitegen new --------------------------------------------------------------------------------


def test_new_service_writes_a_record_with_every_field_explained(site_dir, sitegen):
    result = sitegen("new", "service", "Little Acorns Stay & Play", "--root", site_dir, "--today", TODAY)
    assert result.code == 0, result.err
    path = site_dir / "content/services/little-acorns-stay-and-play.yml"
    assert "Wrote content/services/little-acorns-stay-and-play.yml" in result.out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/service.schema.json")
    for dotted, spec in schema.fields_in_order(schema.SERVICE):
        name = dotted.rsplit(".", 1)[-1]
        # each field is there, switched on or commented out, with its explanation above it
        assert re.search(rf"^\s*(# )?(- )?{re.escape(name)}:", text, re.MULTILINE), dotted
        assert spec.help in text, dotted
    data = yaml.safe_load(text)
    assert data["name"] == "Little Acorns Stay & Play"
    assert str(data["last_reviewed"]) == TODAY.isoformat()


# Real details for each field 'sitegen new' marks, as a volunteer would write them.
REAL = {
    "summary": "Songs and stories for babies and their grown-ups.",
    "description": "We sing, read and play.",
    "types": "[baby group]",
    "organisation": "Oak Hill Library",
    "kind": "library",
    "from": "0 months",
    "to": "2 years",
    "day": "Tuesday",
    "start": "10:00",
    "end": "11:00",
    "name": "Oak Hill Library",
    "address": "2 Oak Road",
    "town": "Oak Hill",
    "postcode": "OX4 3QP",
    "price": "free",
    "required": "no",
    "phone": "01632 960555",
    "email": "library@example.org",
    "last_reviewed": "2026-11-20",
}


def fill_in(text: str) -> str:
    """A new record with every marked value replaced by a real one and its mark deleted."""
    lines: list[str] = []
    in_block = False
    for line in text.split("\n"):
        if in_block and line.startswith("  "):
            continue  # the example text of a block value, replaced above
        in_block = False
        found = re.fullmatch(r"(\s*(?:- )?)(\w+): (.*?)  # PLACEHOLDER.*", line)
        if not found or line.lstrip().startswith("#"):
            lines.append(line)
        elif found[3].startswith("|"):
            lines += [f"{found[1]}{found[2]}: |", f"  {REAL[found[2]]}"]
            in_block = True
        else:
            lines.append(f"{found[1]}{found[2]}: {REAL[found[2]]}")
    return "\n".join(lines)


def test_an_unedited_new_record_fails_the_build_naming_each_placeholder_with_its_line(site_dir, sitegen):
    sitegen("new", "service", "Tiny Feet", "--root", site_dir, "--today", TODAY)
    record = "content/services/tiny-feet.yml"
    text = (site_dir / record).read_text(encoding="utf-8")
    marked = placeholder_lines(text)
    # every value but the title is made up: required fields, the example session, the contact
    assert sorted(marked.values()) == sorted(REAL)
    assert text.split("\n").index('name: "Tiny Feet"') + 1 not in marked

    built = sitegen("build", "--root", site_dir, "--today", TODAY)
    assert built.code == 1
    for line, key in marked.items():
        assert re.search(rf"^error: {record}:{line}: [\w.\[\]]*\b{key}: ", built.err, re.M), (line, key)
    assert "Nothing was written" in built.err and not (site_dir / "output").exists()

    validated = sitegen("validate", "--root", site_dir, "--today", TODAY, "--format", "json")
    assert validated.code == 1
    problems = json.loads(validated.out)
    assert sorted(p["line"] for p in problems) == sorted(marked)  # nothing else wrong with it
    assert all(p["file"] == record and "sitegen new wrote" in p["message"] for p in problems)
    assert all(
        p["hint"].endswith("then delete the '# PLACEHOLDER' mark at the end of the line") for p in problems
    )


def test_a_new_record_filled_in_builds(site_dir, sitegen):
    sitegen("new", "service", "Tiny Feet", "--root", site_dir, "--today", TODAY)
    path = site_dir / "content/services/tiny-feet.yml"
    path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert placeholder_lines(path.read_text(encoding="utf-8")) == {}
    built = sitegen("build", "--root", site_dir, "--today", TODAY)
    assert built.code == 0, built.err
    page = (site_dir / "output/services/tiny-feet/index.html").read_text(encoding="utf-8")
    assert "Oak Hill Library" in page and "Unfinished" not in page


def test_deleting_only_the_marks_still_fails_on_the_example_texts(site_dir, sitegen):
    sitegen("new", "service", "Tiny Feet", "--root", site_dir, "--today", TODAY)
    path = site_dir / "content/services/tiny-feet.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  # PLACEHOLDER", ""), encoding="utf-8")
    result = sitegen("validate", "--root", site_dir, "--today", TODAY, "--format", "json")
    assert result.code == 1
    assert {p["field"] for p in json.loads(result.out)} == {
        "summary",
        "description",
        "run_by.organisation",
        "venue.name",
        "venue.address",
        "venue.town",
        "contact.phone",
        "contact.email",
    }
    assert all("still holds the placeholder" in p["message"] for p in json.loads(result.out))


def test_check_names_each_placeholder_once_as_an_error(site_dir, sitegen):
    sitegen("new", "service", "Tiny Feet", "--root", site_dir, "--today", TODAY)
    marked = placeholder_lines((site_dir / "content/services/tiny-feet.yml").read_text(encoding="utf-8"))
    result = sitegen("check", "--root", site_dir, "--today", TODAY)
    assert result.code == 1
    for line in marked:
        assert len(re.findall(rf"^error: content/services/tiny-feet.yml:{line}: ", result.err, re.M)) == 1
    assert "tiny-feet" not in result.out  # no warning repeats them


def test_new_never_overwrites(site_dir, sitegen):
    existing = site_dir / "content/services/acorns.yml"
    before = existing.read_bytes()
    result = sitegen("new", "service", "Acorns", "--root", site_dir)
    assert result.code == 1
    assert "content/services/acorns.yml already exists" in result.err
    assert "never overwrites" in result.err
    assert existing.read_bytes() == before
    assert sitegen("new", "page", "Safeguarding", "--root", site_dir).code == 1


def test_new_refuses_a_title_with_nothing_to_name_the_file_after(site_dir, sitegen):
    result = sitegen("new", "service", "!!!", "--root", site_dir)
    assert result.code == 1
    assert "no letters or digits" in result.err
    assert sorted(p.name for p in (site_dir / "content/services").iterdir()) == [
        "acorns.yml",
        "oak-clinic.yml",
    ]


def test_new_page_comes_last_in_the_guide_and_shows_the_extensions(site_dir, sitegen):
    result = sitegen("new", "page", "Running a toy library", "--root", site_dir, "--today", TODAY)
    assert result.code == 0, result.err
    text = (site_dir / "content/pages/running-a-toy-library.md").read_text(encoding="utf-8")
    assert "order: 3\n" in text  # the fixture's pages are 1 and 2
    assert "> [!IMPORTANT]" in text and "- [ ]" in text
    site, files = make_files(site_dir, TODAY)
    assert [p.slug for p in site.pages][-1] == "running-a-toy-library"
    html = files["guidance/running-a-toy-library/index.html"].decode()
    assert "step 3 of 3" in html


# --- sitegen check ------------------------------------------------------------------------------


def test_check_reports_each_kind_of_trouble_with_file_and_line(site_dir, sitegen):
    # a duplicate of acorns under another file name, a venue with no coordinates (oak-clinic),
    # a closed service, an overdue guidance page and a broken link in a page
    acorns = (site_dir / "content/services/acorns.yml").read_text(encoding="utf-8")
    write(site_dir, "content/services/acorns-copy.yml", acorns)
    edit(
        site_dir,
        "content/services/oak-clinic.yml",
        "last_reviewed:",
        "status: closed\nstatus_since: 2026-01-05\nstatus_note: Closed for good.\nlast_reviewed:",
    )
    edit(site_dir, "content/pages/safeguarding.md", "last_reviewed: 2026-10-01", "last_reviewed: 2025-01-01")
    edit(
        site_dir,
        "content/pages/safeguarding.md",
        "Write one.",
        "Write one. See [the missing page](../no-such-page/).",
    )
    result = sitegen("check", "--root", site_dir, "--today", TODAY)
    assert result.code == 0, result.err
    out = result.out
    assert re.search(r"content/services/oak-clinic.yml:\d+: last_reviewed: last reviewed 17 months ago", out)
    assert re.search(r"content/services/oak-clinic.yml:\d+: status: closed for 10 months", out)
    assert re.search(r"content/services/oak-clinic.yml:\d+: venue: the venue has no latitude", out)
    assert (
        "content/services/acorns.yml:1: name: likely the same service as content/services/acorns-copy.yml"
        in out
    )
    assert (
        "content/services/acorns-copy.yml:1: name: likely the same service as content/services/acorns.yml"
        in out
    )
    assert re.search(
        r"content/pages/safeguarding.md:5: last_reviewed: guidance last reviewed 22 months ago", out
    )
    assert re.search(
        r"content/pages/safeguarding.md:\d+: links to ../no-such-page/, which is not a page", out
    )
    assert "whole-guide" not in out  # the same broken link, copied into the whole guide, is said once
    assert "Found the warnings above" in out


def test_check_strict_fails_on_warnings_and_stale_months_moves_the_line(site_dir, sitegen):
    assert sitegen("check", "--root", site_dir, "--today", TODAY, "--strict").code == 1
    # oak-clinic was reviewed 17 months before TODAY; acorns recently
    relaxed = sitegen("check", "--root", site_dir, "--today", TODAY, "--stale-months", "24")
    assert "last reviewed 17 months ago" not in relaxed.out
    clean_day = "2025-06-02"  # the day after oak-clinic's review: nothing is stale then
    edit(
        site_dir,
        "content/services/oak-clinic.yml",
        "  postcode: OX4 3QP",
        "  postcode: OX4 3QP\n  latitude: 51.74\n  longitude: -1.21",
    )
    result = sitegen("check", "--root", site_dir, "--today", clean_day, "--strict")
    assert result.code == 0, result.out
    assert "No warnings" in result.out


def test_check_speaks_github_and_json(site_dir, sitegen):
    github = sitegen("check", "--root", site_dir, "--today", TODAY, "--format", "github")
    assert re.search(
        r"^::warning file=content/services/oak-clinic.yml,line=\d+,col=1,title=last_reviewed::",
        github.out,
        re.M,
    )
    found = json.loads(sitegen("check", "--root", site_dir, "--today", TODAY, "--format", "json").out)
    assert {w["severity"] for w in found} == {"warning", "notice"}  # notices: the share reviewed
    assert any(
        w["file"] == "content/services/oak-clinic.yml" and w["field"] == "last_reviewed" for w in found
    )


def test_check_still_stops_at_errors(site_dir, sitegen):
    edit(site_dir, "content/services/acorns.yml", "start: 09:30", "start: 9.30am")
    result = sitegen("check", "--root", site_dir, "--today", TODAY)
    assert result.code == 1
    assert "content/services/acorns.yml" in result.err


def test_the_bundled_site_has_no_broken_links_or_duplicates(sitegen):
    result = sitegen("check", "--root", PROJECT, "--today", TODAY, "--format", "json")
    found = json.loads(result.out)
    assert not [w for w in found if "links to" in w["message"] or "same service" in w["message"]]


# --- sitegen init -------------------------------------------------------------------------------


def test_init_then_build_makes_a_working_site(tmp_path, sitegen):
    target = tmp_path / "testshire"
    result = sitegen(
        "init", target, "--title", "Testshire Families", "--council", "Testshire Council", "--today", TODAY
    )
    assert result.code == 0, result.err
    config = yaml.safe_load((target / "site.yml").read_text(encoding="utf-8"))
    assert config["title"] == "Testshire Families" and config["council"] == "Testshire Council"
    assert (target / "themes/local").is_dir()
    assert (target / "README.md").is_file()
    assert (target / "schema/service.schema.json").is_file()
    guidance = sorted(p.name for p in (PROJECT / "content/pages").glob("*.md"))
    assert sorted(p.name for p in (target / "content/pages").glob("*.md")) == guidance
    assert [p.name for p in (target / "content/services").iterdir()] == ["example-stay-and-play.yml"]

    # the example record is made up: the build refuses it until someone fills it in
    example = target / "content/services/example-stay-and-play.yml"
    refused = sitegen("build", "--root", target, "--today", TODAY)
    assert refused.code == 1 and "example-stay-and-play.yml" in refused.err
    assert not (target / "output").exists()
    example.write_text(fill_in(example.read_text(encoding="utf-8")), encoding="utf-8")
    built = sitegen("build", "--root", target, "--today", TODAY)
    assert built.code == 0, built.err
    home = (target / "output/index.html").read_text(encoding="utf-8")
    assert "Testshire Families" in home
    assert (target / "output/services/example-stay-and-play/index.html").is_file()
    assert (target / "output/guidance/whole-guide/index.html").is_file()
    # then the volunteer's next step
    assert sitegen("new", "service", "Oak Stay and Play", "--root", target, "--today", TODAY).code == 0
    assert sitegen("validate", "--root", target, "--today", TODAY).code == 1  # until it is filled in


def test_init_only_writes_into_a_new_or_empty_folder(tmp_path, sitegen):
    target = tmp_path / "busy"
    write(target, "notes.txt", "mine")
    result = sitegen("init", target)
    assert result.code == 1
    assert "not an empty folder" in result.err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


# --- what a build prints ------------------------------------------------------------------------


def test_a_build_ends_with_counts_sizes_and_time(site_dir, sitegen):
    result = sitegen("build", "--root", site_dir, "--today", TODAY)
    assert result.code == 0
    assert re.search(r"Built 2 services and 2 guidance pages, \d+ warnings? \(run sitegen check", result.out)
    assert re.search(r"Output: .*output/, \d+ files, [\d.]+ MB\.", result.out)
    assert re.search(r"Took [\d.]+ s\.", result.out)
    # not a terminal: one plain line per stage, for CI logs
    assert "sitegen: making the search index, exports and pages (" in result.err
    assert "\r" not in result.err


def test_on_a_terminal_the_build_draws_a_bar_in_place():
    stream = io.StringIO()
    progress = BuildProgress(stream, interactive=True)
    for done in range(1, 201):
        progress("rendering pages", done, 200)
    progress.finish()
    drawn = stream.getvalue()
    assert drawn.count("\r") <= 101 + 2  # redrawn once a percent (and cleared), not once a page
    assert "rendering pages 200/200 [" in drawn and "#]" in drawn
    assert drawn.endswith("\r")


def test_the_command_draws_the_bar_when_its_output_is_a_terminal(site_dir):
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "build", "--root", str(site_dir), "--today", TODAY.isoformat()],
        stdout=follower,
        stderr=follower,
        cwd=PROJECT,
        env={**os.environ, "COLUMNS": "80"},
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=60) == 0
    text = seen.decode()
    assert "\rmaking the search index" in text and "sitegen: making" not in text
    assert "Built 2 services" in text


# --- report a problem with this listing ---------------------------------------------------------


def test_every_service_page_offers_four_prefilled_reports_naming_the_record(site_dir):
    _, files = make_files(site_dir, TODAY)
    html = files["services/acorns/index.html"].decode()
    section = html[
        html.index('id="sg-report-title"') : html.index("</section>", html.index('id="sg-report-title"'))
    ]
    # each report opens the report-problem form; the other forms' links are tested in test_issue_forms.py
    issues = re.findall(
        r'href="(https://github.com/example/children-services/issues/new\?template=report-problem.yml&[^"]+)"',
        section,
    )
    emails = re.findall(r'href="(mailto:info@example.gov.uk\?[^"]+)"', section)
    labels = [
        "Something is out of date",
        "The service has closed",
        "I have more information",
        "Something else",
    ]
    assert len(issues) == len(emails) == 4
    page = "https://example.github.io/children-services/services/acorns/"
    for url, email, label in zip(issues, emails, labels, strict=True):
        query = parse_qs(urlsplit(url.replace("&amp;", "&")).query)
        assert query["title"] == [f"{label}: Acorns Stay and Play"]
        assert query["record"] == [f"content/services/acorns.yml, {page}"]
        assert record_slug(query["record"][0]) == "acorns"
        mail = parse_qs(urlsplit(email.replace("&amp;", "&")).query)
        assert mail["subject"] == [f"{label}: Acorns Stay and Play"]
        assert mail["body"] == [f"Page: {page}\nRecord: content/services/acorns.yml\n\n"]
