"""The Open Referral UK export at the addresses an API has, so that a plain static host answers
what the official validator and other consumers ask for.

A feed's base URL is ``<base_url>openreferral/``. The validator (OpenReferralUK/oruk-validator,
``OpenApiValidationService``) asks for every path of the ORUK 3.0 API description, in its order:
``/``, ``/services`` and ``/services/{id}``, ``/taxonomies`` and ``/taxonomies/{id}``,
``/taxonomy_terms`` and ``/taxonomy_terms/{id}``, ``/service_at_locations`` and
``/service_at_locations/{id}``. It joins the base URL without its final slash and the path, and
adds ``?page=1`` to a list (then the middle and last page when ``total_pages`` is more than 1).
A static host ignores the query string, turns ``.../services`` into ``.../services/`` with a 301
redirect (which HTTP clients follow) and serves the folder's index file. So:

- ``openreferral/index.json`` and ``index.htm``: the root document (``version``, ``profile``,
  ``openapi_url``), without which the validator checks the feed against version 1.0;
- ``openreferral/services/index.json`` and ``index.htm``: the one page that holds every service
  (the same bytes as ``openreferral/services.json``, which stays for current consumers). Paging
  cannot be served statically, so the page says it is the only one (``total_pages`` 1) and
  answers every ``page`` and ``per_page``: a consumer that asks for page 2 sees page_number 1;
- ``openreferral/services/<id>``: each service in full, with no extension, next to the
  ``<id>.json`` that stays;
- ``openreferral/taxonomies/``, ``taxonomy_terms/`` and ``service_at_locations/``: the same, one
  page in ``index.json`` and ``index.htm`` and a file with no extension for each id, made from
  what the services hold (linked.py).

Why both index files: GitHub Pages serves a folder's ``index.json`` (as ``application/json``);
Python's ``http.server`` looks only for ``index.html`` and ``index.htm``, as do the usual default
index lists of Apache and nginx. The ``.htm`` name keeps these JSON documents apart from the
site's pages (``*.html``), which are all HTML. docs/publishing.md says how to make a host send
``application/json`` and ``Access-Control-Allow-Origin: *`` for them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sitegen.exports.openreferral.export import (
    ListOnDisk,
    compact,
    dump,
    dumped_page,
    list_entry,
    service_file,
    service_id,
    service_json,
)
from sitegen.exports.openreferral.linked import (
    embedded_terms,
    service_at_location_document,
    taxonomy_documents,
    term_document,
)
from sitegen.exports.openreferral.vocabulary import EXPORT_DIR, LIST_FILE
from sitegen.model import Service, Site, urls

# What the root document says. The validator reads ``version`` and takes the number in it
# ("HSDS-UK-3.0", "V3" and "3.0" all give 3.0; OpenApiDiscoveryService.ExtractVersionNumber),
# then fetches https://openreferraluk.org/specifications/3.0/openapi.json. Its earlier release,
# which the ORUK site may still run, compares the whole string with "HSDS-UK-3.0"
# (TestProfileService.SelectTestSchema, Constants/HSDSUKVersions.cs at 01a2f09) and otherwise
# reports that it "could not read standard version"; the validator's mocks say "HSDS-UK-3.0".
VERSION = "HSDS-UK-3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
OPENAPI_URL = "https://openreferraluk.org/specifications/3.0/openapi.json"

# The folder index names: GitHub Pages first, then every other plain static server (site.yml's
# openreferral.index_files may keep only one).
INDEX_FILES = ("index.json", "index.htm")
# The API's lists besides /services, each a folder of the export.
TAXONOMIES, TAXONOMY_TERMS, SERVICE_AT_LOCATIONS = "taxonomies", "taxonomy_terms", "service_at_locations"


def root_document() -> dict[str, str]:
    """The ``/`` answer: the standard's version, the profile and the API description."""
    return {"version": VERSION, "profile": PROFILE, "openapi_url": OPENAPI_URL}


def list_files(endpoint: str, names: tuple[str, ...] = INDEX_FILES) -> tuple[str, ...]:
    """The files that answer a list, ``/services`` or another: its folder's index files."""
    return tuple(f"{EXPORT_DIR}/{endpoint}/{name}" for name in names)


def by_id_file(endpoint: str, document_id: str) -> str:
    """The file that answers ``/<endpoint>/{id}``: no extension, as the address has none."""
    return f"{EXPORT_DIR}/{endpoint}/{document_id}"


def feed_stream(
    site: Site,
    known: Callable[[Service, str], bytes | None] | None = None,
    kept: Callable[[str], None] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Every file of the export (export.export_stream's, byte for byte), each again at the
    address a consumer asks for, and the other endpoints' lists and documents. The entries of
    the lists of services and of services at locations wait on disk for the end (ListOnDisk),
    the others' as their JSON's bytes (dumped_page). site.yml's ``openreferral`` may leave out
    the copies at the first addresses and one of the index files.

    A build after records changed passes ``known``: asked for a service and the path of its
    document (``openreferral/services/<id>``), it answers that file's bytes in the last build's
    output if they are still the service's, else None. A service it knows is read from them
    rather than made, and its own files (its document at each address, its services at
    locations) are named to ``kept`` rather than made: the caller keeps them as they were."""
    copies, names = site.config.openreferral_json_copies, site.config.openreferral_index_files
    root = (json.dumps(root_document(), separators=(",", ":")) + "\n").encode("utf-8")
    for name in names:
        yield f"{EXPORT_DIR}/{name}", root
    services = ListOnDisk()
    terms: dict[str, dict[str, Any]] = {}
    at_locations = ListOnDisk()
    for data, made in _service_documents(site, known):
        path = service_file(data)
        own = [path, path.removesuffix(".json")] if copies else [path.removesuffix(".json")]
        if made:
            raw = dump(data)
            yield from ((address, raw) for address in own)
        elif kept:
            for address in own:
                kept(address)
        entry = list_entry(data)
        services.add(compact(entry))
        for term in embedded_terms(data):
            if term["id"] not in terms:
                terms[term["id"]] = term_document(term)
        for at_location in data.get("service_at_locations", ()):
            at_locations.add(compact(at_location))
            address = by_id_file(SERVICE_AT_LOCATIONS, at_location["id"])
            if made:
                yield address, dump(service_at_location_document(at_location, entry))
            elif kept:
                kept(address)
    listing = services.page()
    if copies:
        yield LIST_FILE, listing
    for address in list_files("services", names):
        yield address, listing
    del listing
    yield from _each(list_files(SERVICE_AT_LOCATIONS, names), at_locations.page())
    yield from _list(TAXONOMY_TERMS, [compact(term) for term in terms.values()], names)
    for term in terms.values():
        yield by_id_file(TAXONOMY_TERMS, term["id"]), dump(term)
    taxonomies = taxonomy_documents(terms.values())
    yield from _list(TAXONOMIES, [compact(taxonomy) for taxonomy in taxonomies], names)
    for taxonomy in taxonomies:
        yield by_id_file(TAXONOMIES, taxonomy["id"]), dump(taxonomy)


def _service_documents(
    site: Site, known: Callable[[Service, str], bytes | None] | None
) -> Iterator[tuple[dict[str, Any], bool]]:
    """Each service's full document, and whether it was made now (not read from ``known``'s
    bytes: JSON read back is the same values, so the same bytes when written again)."""
    base = urls.absolute(site.config, "")
    for service in site.services:
        raw = known(service, by_id_file("services", service_id(base, service.slug))) if known else None
        if raw is None:
            yield service_json(service, base, terms=site.terms, county=site.config.county), True
        else:
            yield json.loads(raw), False


def _list(endpoint: str, contents: list[bytes], names: tuple[str, ...]) -> Iterator[tuple[str, bytes]]:
    """A list's one page, with the same paging header as /services, in each of its index files;
    its ``contents`` each ``compact`` JSON."""
    return _each(list_files(endpoint, names), dumped_page(contents))


def _each(addresses: Iterable[str], page: bytes) -> Iterator[tuple[str, bytes]]:
    """The same page at each of these addresses."""
    for address in addresses:
        yield address, page
