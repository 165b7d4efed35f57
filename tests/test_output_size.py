"""bench/output_size.py: each output file counted once, in the kind it is, with its own bytes."""

from __future__ import annotations

import gzip

from bench import output_size


def test_each_path_is_the_kind_of_file_it_is():
    kinds = {
        "services/little-acorns/index.html": "service pages",
        "services/index.html": "list pages (all services, areas, types, days)",
        "services/page-2/index.html": "list pages (all services, areas, types, days)",
        "areas/banbury/page-3/index.html": "list pages (all services, areas, types, days)",
        "days/monday/index.html": "list pages (all services, areas, types, days)",
        "services/little-acorns/sessions.ics": "calendars: per service",
        "areas/banbury/sessions.ics": "calendars: per area",
        "openreferral/index.json": "Open Referral UK / (root document)",
        "openreferral/index.htm": "Open Referral UK / (root document)",
        "openreferral/services.json": "Open Referral UK services.json (the list, first address)",
        "openreferral/services/index.htm": "Open Referral UK /services (the list: its folder's index files)",
        "openreferral/services/0a1b": "Open Referral UK /services/{id}",
        "openreferral/services/0a1b.json": "Open Referral UK services/{id}.json (first address)",
        "openreferral/taxonomy_terms/9f": "Open Referral UK /taxonomy_terms/{id}",
        "openreferral/service_at_locations/index.json": (
            "Open Referral UK /service_at_locations (the list: its folder's index files)"
        ),
        "search/index.html": "search page",
        "search/store.json": "search files",
        "assets/site.css": "assets",
        "open-data/services.csv": "spreadsheet (open-data/services.csv)",
        "sitemap.xml": "other (home, guidance, sitemap, open data page, 404, ...)",
        "index.html": "other (home, guidance, sitemap, open data page, 404, ...)",
    }
    assert {path: output_size.kind(path) for path in kinds} == kinds


def test_the_survey_adds_up_what_is_in_the_folder(tmp_path):
    page = b"<!DOCTYPE html>" + b"<p>Stay and play</p>" * 50
    files = {
        "services/a/index.html": page,
        "services/b/index.html": page[:100],
        "services/a/sessions.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        "openreferral/services/x": b'{"id":"x"}',
        "openreferral/services/x.json": b'{"id":"x"}',
        "openreferral/services/index.json": b'{"contents":[{"id":"x"}]}',
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    found = output_size.survey(tmp_path)
    assert found["count"]["service pages"] == 2
    assert found["size"]["service pages"] == len(page) + 100
    assert found["packed"]["service pages"] == len(gzip.compress(page, 6, mtime=0)) + len(
        gzip.compress(page[:100], 6, mtime=0)
    )
    assert found["packed"]["service pages"] < found["size"]["service pages"]
    assert sum(found["count"].values()) == 6 and sum(found["size"].values()) == sum(map(len, files.values()))
    assert found["largest"] == (len(page), "services/a/index.html")
    assert found["fullest"] == ("openreferral/services", 3)
    assert output_size.services_in(tmp_path) == 2
