"""The Open Referral UK feed as the official validator sees it: the built site served by a plain
static HTTP server (Python's http.server), checked by tests/oruk_validator.py, which reproduces
the validator's requests and checks (docs/openreferral.md)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.exports import openreferral
from sitegen.load import files
from sitegen.model import content
from tests import oruk_validator
from tests.browser import serve
from tests.conftest import TODAY

PROJECT = Path(__file__).resolve().parent.parent
COMPLIANCE = oruk_validator.COMPLIANCE_ENDPOINTS


def test_the_feed_passes_the_validators_checks_over_http(bundled_site):
    folder, url = bundled_site
    base = url + "openreferral/"
    report = oruk_validator.validate(base)
    assert report.version == 3.0
    # All nine endpoints of the API description, which marks none "Optional", so that the
    # validator at 8cbf722 treats each as required: no error and no warning on any of them.
    assert report.errors() == []
    assert report.warnings() == []
    ids = report.tested_ids
    assert list(ids) == list(ENDPOINTS_BY_ID)
    assert len(ids["/services/{id}"]) == len(list((PROJECT / "content/services").glob("*.yml"))) == 41
    assert len(ids["/service_at_locations/{id}"]) == 41 and len(ids["/taxonomies/{id}"]) == 3
    assert len(ids["/taxonomy_terms/{id}"]) > 41  # a slug and a summary for each service, and more
    # In the validator's order: the base URL (discovery), "/" (tested), then each group's list
    # (page 1, the only one) and every id it names (the validator takes up to 10 of them).
    expected = [base, base]
    for by_id, listing in ENDPOINTS_BY_ID.items():
        expected.append(f"{base}{listing}?page=1")
        expected += [f"{base}{listing}/{one}" for one in ids[by_id]]
    assert report.requests == expected


# Each by-id path and its list, in the order of the API description's groups.
ENDPOINTS_BY_ID = {
    "/services/{id}": "services",
    "/taxonomies/{id}": "taxonomies",
    "/taxonomy_terms/{id}": "taxonomy_terms",
    "/service_at_locations/{id}": "service_at_locations",
}


def test_every_id_a_service_names_answers_with_what_the_service_holds(bundled_site):
    """The other endpoints are made from the services: each taxonomy term an attribute embeds,
    each taxonomy those terms name, each service at location a service carries, at its address."""
    folder, url = bundled_site
    base = url + "openreferral/"

    def get(address: str) -> object:
        answer = oruk_validator.get(base + address)
        assert answer.status == 200, address
        return json.loads(answer.body)

    services = [get(f"services/{entry['id']}") for entry in get("services?page=1")["contents"]]
    terms = {term["id"]: term for term in get("taxonomy_terms?page=1")["contents"]}
    taxonomies = {taxonomy["id"]: taxonomy for taxonomy in get("taxonomies?page=1")["contents"]}
    at_locations = {entry["id"]: entry for entry in get("service_at_locations?page=1")["contents"]}
    embedded = {}
    for service in services:
        for attribute in service["attributes"] + service["organization"]["attributes"]:
            term = attribute["taxonomy_term"]
            embedded[term["id"]] = term
            assert attribute["taxonomy_term_id"] == term["id"]
    assert set(terms) == set(embedded)
    for term_id, term in embedded.items():
        published = get(f"taxonomy_terms/{term_id}")
        assert published == terms[term_id]
        assert published == {**term, "taxonomy_id": published["taxonomy_id"]}
        taxonomy = taxonomies[published["taxonomy_id"]]
        assert taxonomy["name"] == term["taxonomy"]
        # the DfE Family Hubs puller's TaxonomyTerm.cs requires code, name and description
        assert all(
            isinstance(published[key], str) and published[key] for key in ("code", "name", "description")
        )
    assert {t["name"] for t in taxonomies.values()} == {
        "sitegen/service-type",
        "sitegen/provider-kind",
        "sitegen/record",
    }
    for taxonomy_id, taxonomy in taxonomies.items():
        assert get(f"taxonomies/{taxonomy_id}") == taxonomy and taxonomy["description"]

    spec = json.loads(oruk_validator.SPEC_FILE.read_text(encoding="utf-8"))
    listed = {entry["id"]: entry for entry in get("services?page=1")["contents"]}
    right_schema = oruk_validator.remote_schema(oruk_validator.REMOTE_COMPILED + "service_at_location.json")
    carried = [(entry, service) for service in services for entry in service["service_at_locations"]]
    assert set(at_locations) == {entry["id"] for entry, _ in carried}
    for entry, service in carried:
        assert at_locations[entry["id"]] == entry
        document = get(f"service_at_locations/{entry['id']}")
        assert document == {
            **entry,
            "name": service["name"],
            "status": service["status"],
            "service": listed[service["id"]],
        }
        # valid as what it is, and as the service the API description checks it against
        for schema in (right_schema, oruk_validator.response_schema(spec, "/service_at_locations/{id}")):
            raw = json.dumps(document).encode()
            assert oruk_validator.schema_findings("/service_at_locations/{id}", "u", raw, schema)[1] == []


def test_the_base_url_without_its_slash_and_any_page_give_the_same_answers(bundled_site):
    folder, url = bundled_site
    report = oruk_validator.validate(url + "openreferral")
    assert report.version == 3.0 and report.errors() == []
    listed = oruk_validator.get(url + "openreferral/services?page=1")
    # A static host ignores the query: every page and per_page get the one page, which says so.
    for query in ("", "?page=2", "?per_page=5&page=1"):
        again = oruk_validator.get(url + "openreferral/services" + query)
        assert (again.status, again.body) == (200, listed.body)
    page = json.loads(listed.body)
    assert page["total_pages"] == 1 and page["page_number"] == 1
    assert listed.body == (folder / openreferral.LIST_FILE).read_bytes()
    # the open data page gives the feed's address to paste into the validator
    assert "<code>https://example-council.github.io/children-services/openreferral/</code>" in (
        folder / "open-data/index.html"
    ).read_text(encoding="utf-8")
    root = oruk_validator.get(url + "openreferral/")
    assert (
        json.loads(root.body)
        == openreferral.root_document()
        == {
            "version": "HSDS-UK-3.0",
            "profile": "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md",
            "openapi_url": "https://openreferraluk.org/specifications/3.0/openapi.json",
        }
    )


class _IndexJsonHandler(http.server.SimpleHTTPRequestHandler):
    """A host that, like GitHub Pages, answers a folder with its index.json (as application/json)
    and never with index.htm or a listing (social-web-foundation/jekyll-activitypub-static#13)."""

    def send_head(self):  # type: ignore[no-untyped-def]
        folder = self.translate_path(self.path)
        if os.path.isdir(folder) and self.path.split("?")[0].endswith("/"):
            if not os.path.isfile(os.path.join(folder, "index.json")):
                self.send_error(404)
                return None
            self.path = self.path.split("?")[0] + "index.json"
        return super().send_head()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve_index_json(folder: Path) -> Iterator[str]:
    handler = functools.partial(_IndexJsonHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_host_that_serves_only_index_json_gets_the_same_feed_as_json(bundled_site):
    folder, _ = bundled_site
    with serve_index_json(folder.parent) as url:
        base = url + folder.name + "/openreferral/"
        report = oruk_validator.validate(base)
        root, listing = oruk_validator.get(base), oruk_validator.get(base + "services?page=1")
    assert report.version == 3.0 and report.errors() == [] and report.warnings() == []
    assert list(report.tested_ids) == list(ENDPOINTS_BY_ID)
    assert (
        len(report.tested_ids["/services/{id}"]) == len(report.tested_ids["/service_at_locations/{id}"]) == 41
    )
    assert root.content_type == listing.content_type == "application/json"
    with serve(folder.parent) as url:  # Python's http.server: index.htm, sent as text/html
        assert oruk_validator.get(url + folder.name + "/openreferral/").content_type.startswith("text/html")


def test_every_file_of_the_export_stays_and_each_address_holds_the_same_bytes():
    site = content.make_site(files.read_sources(PROJECT), TODAY)
    data = openreferral.export_files(site)
    feed = dict(openreferral.feed_stream(site))
    assert {name: feed[name] for name in data} == data
    extra = {name: raw for name, raw in feed.items() if name not in data}
    services = [n for n in data if n.startswith("openreferral/services/")]
    other = {n for n in extra if n.split("/")[1] in ("taxonomies", "taxonomy_terms", "service_at_locations")}
    assert {n.removesuffix(".json") for n in services} | {
        "openreferral/index.json",
        "openreferral/index.htm",
        "openreferral/services/index.json",
        "openreferral/services/index.htm",
    } == set(extra) - other
    for name in services:
        assert extra[name.removesuffix(".json")] == data[name]
    assert extra["openreferral/services/index.htm"] == data[openreferral.LIST_FILE]
    # the other lists: a folder each, its two index files the same page, and a file per id
    for folder in ("taxonomies", "taxonomy_terms", "service_at_locations"):
        page = json.loads(extra[f"openreferral/{folder}/index.json"])
        assert extra[f"openreferral/{folder}/index.json"] == extra[f"openreferral/{folder}/index.htm"]
        assert page["total_pages"] == 1 and page["total_items"] == page["size"] == len(page["contents"])
        by_id = {
            n.removeprefix(f"openreferral/{folder}/")
            for n in other
            if n.startswith(f"openreferral/{folder}/")
        }
        assert by_id - {"index.json", "index.htm"} == {entry["id"] for entry in page["contents"]}
    # No page of the site is JSON: the index files a static server needs are .htm, not .html.
    assert not [name for name in feed if name.endswith(".html")]


@pytest.fixture(scope="module")
def todays_layout(tmp_path_factory):
    """The export as it was written before the feed addresses: services.json and <id>.json."""
    site = content.make_site(files.read_sources(PROJECT), TODAY)
    host = tmp_path_factory.mktemp("old-feed-host")
    for name, raw in openreferral.export_files(site).items():
        path = host / "children-services" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
    with serve(host) as url:
        yield host / "children-services", url + "children-services/"


def test_the_layout_without_feed_addresses_fails_the_validator(todays_layout):
    folder, url = todays_layout
    base = url + "openreferral/"
    report = oruk_validator.validate(base)
    assert report.version is None
    assert [(f.endpoint, f.code) for f in report.errors()] == [("/", "PROFILE")]
    # and past the root: the list's address is a folder listing, a service's address is a 404
    listing = oruk_validator.get(base + "services?page=1")
    assert listing.status == 200 and listing.body.startswith(b"<!DOCTYPE HTML")
    spec = json.loads(oruk_validator.SPEC_FILE.read_text(encoding="utf-8"))
    _, found = oruk_validator.schema_findings(
        "/services", listing.final_url, listing.body, oruk_validator.response_schema(spec, "/services")
    )
    assert [f.code for f in found] == ["INVALID_JSON"]
    one = next(p for p in (folder / "openreferral/services").iterdir())
    assert oruk_validator.get(base + "services/" + one.name.removesuffix(".json")).status == 404


def test_the_reproduced_checks_find_what_the_validator_finds():
    """The checks themselves, on answers that must not pass."""
    spec = json.loads(oruk_validator.SPEC_FILE.read_text(encoding="utf-8"))
    service = oruk_validator.response_schema(spec, "/services/{id}")
    good = {"id": "00000000-0000-4000-8000-00000000000a", "name": "A", "status": "active"}
    assert oruk_validator.schema_findings("/services/{id}", "u", json.dumps(good).encode(), service)[1] == []
    for bad in (
        {"id": "00000000-0000-4000-8000-00000000000a", "status": "active"},
        {**good, "url": "example_com"},
        {**good, "email": "nobody"},
    ):
        _, found = oruk_validator.schema_findings("/services/{id}", "u", json.dumps(bad).encode(), service)
        assert [f.code for f in found] == ["VALIDATION_ERROR"], bad
    header = {
        "total_items": 2,
        "total_pages": 1,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": True,
        "empty": False,
        "contents": [good, good],
    }
    assert oruk_validator.page_findings("/services", "u", header, 1) == []
    for field, value in (("size", 3), ("empty", True), ("last_page", False), ("total_items", 5)):
        found = oruk_validator.page_findings("/services", "u", {**header, field: value}, 1)
        assert len(found) == 1 and field in found[0].message
    # a static host answers ?page=2 with page 1, which the paging header must not hide
    assert oruk_validator.page_findings("/services", "u", {**header, "total_pages": 2, "last_page": False}, 2)
    listing = oruk_validator.response_schema(spec, "/services")
    assert oruk_validator.extract_ids(
        header | {"contents": [good, {**good, "id": "00000000-0000-4000-8000-00000000000b"}]}, listing
    ) == [
        "00000000-0000-4000-8000-00000000000a",
        "00000000-0000-4000-8000-00000000000b",
    ]
    # the other endpoints' schemas: the UK profile's taxonomy ones, and the service schema for
    # a service at a location (the API description's quirk), which needs name and status
    at_location = {"id": good["id"], "service_id": good["id"], "location_id": good["id"]}
    quirk = oruk_validator.response_schema(spec, "/service_at_locations/{id}")
    _, found = oruk_validator.schema_findings(
        "/service_at_locations/{id}", "u", json.dumps(at_location).encode(), quirk
    )
    assert sorted(f.message for f in found) == [
        "$: 'name' is a required property",
        "$: 'status' is a required property",
    ]
    term = oruk_validator.response_schema(spec, "/taxonomy_terms/{id}")
    _, found = oruk_validator.schema_findings(
        "/taxonomy_terms/{id}", "u", json.dumps({"id": good["id"], "name": "A"}).encode(), term
    )
    assert [f.message for f in found] == ["$: 'description' is a required property"]
    taxonomies = oruk_validator.response_schema(spec, "/taxonomies")
    bad_term = {"id": "not a uuid", "name": "A", "description": "B"}
    page = {
        **header,
        "contents": [{"id": good["id"], "name": "T", "description": "D", "taxonomy_terms": [bad_term]}],
    }
    _, found = oruk_validator.schema_findings("/taxonomies", "u", json.dumps(page).encode(), taxonomies)
    assert [f.message.split(":")[0] for f in found] == ["$.contents[0].taxonomy_terms[0].id"]
    assert oruk_validator.version_number("HSDS-UK-3.0") == oruk_validator.version_number("3.0") == 3.0
    assert oruk_validator.version_number("three") is None


MOCKS = Path(__file__).resolve().parent / "fixtures" / "oruk-validator-mocks"


# Each mock endpoint's folder, and the mock files that answer its list and every id in it.
MOCK_ENDPOINTS = (
    ("services", "service_list.json", "service_full.json"),
    ("taxonomies", "taxonomy_list.json", "taxonomy.json"),
    ("taxonomy_terms", "taxonomy_term_list.json", "taxonomy_term.json"),
    ("service_at_locations", "service_at_location_list.json", "service_at_location_full.json"),
)


def mock_feed(kind: str, host: Path) -> None:
    """The validator's own mock feed, laid out as sitegen lays out its feed (folder index files
    and a file per id), so that a plain static server answers it: the endpoints the fixture
    has files for (all nine for "Default", the compliance three for "Fail")."""
    feed = host / kind / "openreferral"
    feed.mkdir(parents=True)
    (feed / "index.htm").write_bytes((MOCKS / kind / "api_details.json").read_bytes())
    for folder, list_file, by_id_file in MOCK_ENDPOINTS:
        if not (MOCKS / kind / list_file).exists():
            continue
        (feed / folder).mkdir()
        listing = (MOCKS / kind / list_file).read_bytes()
        (feed / folder / "index.htm").write_bytes(listing)
        for entry in json.loads(listing)["contents"]:
            (feed / folder / entry["id"]).write_bytes((MOCKS / kind / by_id_file).read_bytes())


def test_the_validators_own_pass_mock_fails_only_the_service_at_location_quirk(tmp_path):
    """Under the API description the validator at 8cbf722 follows, its own "pass" mock's
    /service_at_locations/{id} answer (a service-at-location) is checked against the service
    schema and lacks name and status; everything else in it passes. sitegen's documents carry
    both (test_every_id_a_service_names_answers_with_what_the_service_holds)."""
    mock_feed("Default", tmp_path)
    with serve(tmp_path) as url:
        report = oruk_validator.validate(url + "Default/openreferral/")
    assert list(report.tested_ids) == list(ENDPOINTS_BY_ID) and report.warnings() == []
    assert sorted((f.endpoint, f.message) for f in report.errors()) == [
        ("/service_at_locations/{id}", "$: 'name' is a required property"),
        ("/service_at_locations/{id}", "$: 'status' is a required property"),
    ]


def test_the_reproduction_passes_the_validators_pass_mock_and_fails_its_fail_mock(tmp_path):
    """Calibration against the validator's own mocks: the "Default" feed is its sample "Pass",
    and on the "Fail" feed the reproduction reports what the official sample report
    (tpximpact/mhclg-oruk, src/components/ValidatorResult/example.json, level 1) lists."""
    for kind in ("Default", "Fail"):
        mock_feed(kind, tmp_path)
    with serve(tmp_path) as url:
        passed = oruk_validator.validate(url + "Default/openreferral/")
        failed = oruk_validator.validate(url + "Fail/openreferral/")
    assert passed.version == failed.version == 3.0
    assert passed.errors(COMPLIANCE) == []
    assert len(passed.tested_ids["/services/{id}"]) == 1 and len(failed.tested_ids["/services/{id}"]) == 3
    schema_errors = {
        (f.endpoint, f.message.split(":")[0])
        for f in failed.errors(COMPLIANCE)
        if f.code == "VALIDATION_ERROR"
    }
    official = {("/", "$.openapi_url")}  # "Required: profile" came from the older release's own schema
    for n in range(4):
        official |= {("/services", f"$.contents[{n}]"), ("/services", f"$.contents[{n}].email")}
    official |= {("/services", f"$.contents[{n}].url") for n in range(3)}
    official |= {("/services/{id}", "$.url"), ("/services/{id}", "$.email")}
    assert schema_errors == official
    # and the paging header that the earlier release checked: it says 1 item and holds 4
    assert {f.message for f in failed.errors(("/services",)) if f.code == "PAGING"} == {
        "size is 1 with 4 items",
        "total_items is 1 on the only page, which holds 4",
    }


@pytest.fixture(scope="module")
def slim_feed(tmp_path_factory):
    """The bundled site with site.yml's ``openreferral: {json_copies: no, index_files: json}``:
    the whole site built, so the open data page is checked with the feed it describes."""
    import shutil

    from sitegen.build import build

    root = tmp_path_factory.mktemp("slim-feed-site")
    for name in ("site.yml", "term-dates.yml"):
        (root / name).write_bytes((PROJECT / name).read_bytes())
    shutil.copytree(PROJECT / "content", root / "content")
    with (root / "site.yml").open("a", encoding="utf-8") as site_yml:
        site_yml.write("\nopenreferral:\n  json_copies: no\n  index_files: json\n")
    host = tmp_path_factory.mktemp("slim-feed-host")
    build(root, host / "children-services", TODAY)
    return host / "children-services"


def test_a_feed_without_the_copies_and_index_htm_passes_on_a_host_that_serves_index_json(slim_feed):
    """What a large directory on GitHub Pages can choose (docs/publishing.md): every API address
    still answers, with the same bytes as the full feed's, and the validator finds nothing wrong."""
    feed = slim_feed / "openreferral"
    assert not (feed / "services.json").exists()
    assert list(feed.rglob("*.json")) != []  # the index.json files stay
    assert [p for p in feed.rglob("*.json") if p.name != "index.json"] == []
    assert list(feed.rglob("index.htm")) == []
    full = dict(openreferral.feed_stream(content.make_site(files.read_sources(PROJECT), TODAY)))
    written = {p.relative_to(slim_feed).as_posix(): p.read_bytes() for p in feed.rglob("*") if p.is_file()}
    left_out = set(full) - set(written)
    assert set(written) <= set(full) and all(written[name] == full[name] for name in written)
    assert left_out == {
        n for n in full if n.endswith((".json", "index.htm")) and not n.endswith("index.json")
    }
    with serve_index_json(slim_feed.parent) as url:
        report = oruk_validator.validate(url + slim_feed.name + "/openreferral/")
    assert report.version == 3.0 and report.errors() == [] and report.warnings() == []
    assert len(report.tested_ids["/services/{id}"]) == 41
    page = (slim_feed / "open-data/index.html").read_text(encoding="utf-8")
    assert 'href="../openreferral/services/index.json"' in page and "services.json" not in page
    assert "<code>openreferral/services/ID</code>" in page


_JSON = st.recursive(
    # numbers as the export writes them (export.dump: orjson and json agree on every number to 4
    # places; on 1e-06 they write 1e-6 and 1e-06, the same number; infinity json wrote Infinity,
    # which is not JSON, and orjson writes null)
    st.none() | st.booleans() | st.integers() | st.floats(-1e9, 1e9).map(lambda f: round(f, 4)) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(), _JSON, max_size=4), max_size=6))
def test_a_list_page_made_from_its_entries_bytes_is_the_page_json_writes(contents):
    """The feed keeps each list's entries as their compact JSON until the page is made (a fifth
    of the memory of dicts at 100,000 services), its two largest in a file (ListOnDisk); the
    oracle is json writing the page of dicts."""
    from sitegen.exports.openreferral.export import ListOnDisk, compact, dump, dumped_page, service_page

    assert dumped_page([compact(entry) for entry in contents]) == dump(service_page(contents))
    assert json.loads(dumped_page([compact(entry) for entry in contents]))["contents"] == contents
    on_disk = ListOnDisk()  # the entries waiting in a file instead
    for entry in contents:
        on_disk.add(compact(entry))
    assert on_disk.page() == dump(service_page(contents))
