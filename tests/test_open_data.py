"""The spreadsheet, the schema.org structured data and the open data page."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from sitegen.build import make_files
from sitegen.commands.links import broken_links
from sitegen.exports import spreadsheet
from tests.conftest import TODAY, edit

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundled():
    return make_files(PROJECT, TODAY)


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # so that Excel reads it as UTF-8
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_spreadsheet_has_one_row_per_session(bundled):
    site, files = bundled
    table = rows(files[spreadsheet.CSV_FILE])
    assert len(table) == sum(max(1, len(s.sessions)) for s in site.services)
    assert list(table[0]) == [name for name, _ in spreadsheet.COLUMNS]
    acorns = [r for r in table if r["id"] == "little-acorns-stay-and-play"]
    assert [(r["day"], r["start"], r["end"], r["frequency"], r["term_time_only"]) for r in acorns] == [
        ("Monday", "09:30", "11:30", "weekly", "yes"),
        ("Thursday", "13:30", "15:00", "fortnightly", "no"),
    ]
    assert acorns[0]["postcode"] == "OX5 1AB" and acorns[0]["price_pounds"] == "2.00"
    assert (
        acorns[0]["page"]
        == "https://example-council.github.io/children-services/services/little-acorns-stay-and-play/"
    )


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(site_dir):
    edit(
        site_dir,
        "content/services/acorns.yml",
        "summary:",
        'summary: "=HYPERLINK(\\"https://evil.example\\")"\nx_summary:',
    )
    text = (
        (site_dir / "content/services/acorns.yml").read_text(encoding="utf-8").replace("\nx_summary:", "\n#")
    )
    (site_dir / "content/services/acorns.yml").write_text(text, encoding="utf-8")
    _, files = make_files(site_dir, TODAY)
    acorns = next(r for r in rows(files[spreadsheet.CSV_FILE]) if r["id"] == "acorns")
    assert acorns["summary"] == '\'=HYPERLINK("https://evil.example")'


def structured(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(found) == 1
    return json.loads(found[0])


def test_service_pages_describe_the_service_in_schema_org_json_ld(bundled):
    site, files = bundled
    for service in site.services:
        html = files[f"services/{service.slug}/index.html"].decode()
        data = structured(html)
        assert data["@context"] == "https://schema.org" and data["@type"] == "Service"
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)[1]
        assert data["name"] == h1.replace("&#39;", "'").replace("&amp;", "&")
        assert data["provider"]["name"] == service.provider.organisation
        place = data["availableChannel"]["serviceLocation"]
        assert place["address"]["postalCode"] == service.venue.postcode
        if service.contact.phone:
            phone = data["availableChannel"]["servicePhone"]["telephone"]
            assert phone == service.contact.phone and phone in html
        schedules = [event["eventSchedule"] for event in data.get("subjectOf", [])]
        assert [s["byDay"] for s in schedules] == [f"https://schema.org/{x.day}" for x in service.sessions]
        assert [s["startTime"] for s in schedules] == [f"{x.start:%H:%M}" for x in service.sessions]


def test_json_ld_cannot_be_broken_out_of(site_dir):
    name = "Acorns</script><script>alert(1)</script> & <b>friends</b>"
    edit(site_dir, "content/services/acorns.yml", "name: Acorns Stay and Play", f'name: "{name}"')
    _, files = make_files(site_dir, TODAY)
    html = files["services/acorns/index.html"].decode()
    block = html[html.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "<script>" not in block.lower().split(">", 1)[1]
    assert structured(html)["name"] == name


def test_the_open_data_page_lists_every_export_with_its_licence(bundled):
    site, files = bundled
    html = files["open-data/index.html"].decode()
    assert "Open Government Licence v3.0" in html
    assert 'href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"' in html
    assert 'href="../open-data/services.csv"' in html
    assert 'href="../openreferral/services.json"' in html
    assert html.count("sessions.ics") >= 10
    assert "How often it changes" in html
    assert "open-data/" in files["index.html"].decode()  # in every footer
    assert [b for b in broken_links(files, "/children-services/") if b.page == "open-data/index.html"] == []


def test_the_licence_comes_from_site_yml(site_dir):
    config = (site_dir / "site.yml").read_text(encoding="utf-8")
    (site_dir / "site.yml").write_text(
        config
        + "data_licence: Creative Commons Attribution 4.0\ndata_licence_url: https://creativecommons.org/licenses/by/4.0/\n",
        encoding="utf-8",
    )
    _, files = make_files(site_dir, TODAY)
    html = files["open-data/index.html"].decode()
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons Attribution 4.0</a>' in html
    )
    assert "Open Government Licence" not in html
