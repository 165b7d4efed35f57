"""The Open Referral UK export at the addresses an API has, so that a plain static host answers
what the official validator and other consumers ask for.

A feed's base URL is ``<base_url>openreferral/``. Consumers ask for ``/``, ``/services`` (with
``?page=N``) and ``/services/{id}``: the validator (OpenReferralUK/oruk-validator,
``OpenApiValidationService.BuildFullUrl``) joins the base URL without its final slash and the
path, and adds ``?page=1`` (then the middle and last page when ``total_pages`` is more than 1).
A static host ignores the query string, turns ``.../services`` into ``.../services/`` with a 301
redirect (which HTTP clients follow) and serves the folder's index file. So:

- ``openreferral/index.json`` and ``index.htm``: the root document (``version``, ``profile``,
  ``openapi_url``), without which the validator checks the feed against version 1.0;
- ``openreferral/services/index.json`` and ``index.htm``: the one page that holds every service
  (the same bytes as ``openreferral/services.json``, which stays for current consumers). Paging
  cannot be served statically, so the page says it is the only one (``total_pages`` 1) and
  answers every ``page`` and ``per_page``: a consumer that asks for page 2 sees page_number 1;
- ``openreferral/services/<id>``: each service in full, with no extension, next to the
  ``<id>.json`` that stays.

Why both index files: GitHub Pages serves a folder's ``index.json`` (as ``application/json``);
Python's ``http.server`` looks only for ``index.html`` and ``index.htm``, as do the usual default
index lists of Apache and nginx. The ``.htm`` name keeps these JSON documents apart from the
site's pages (``*.html``), which are all HTML. docs/publishing.md says how to make a host send
``application/json`` and ``Access-Control-Allow-Origin: *`` for them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sitegen.exports.openreferral.export import export_stream
from sitegen.exports.openreferral.vocabulary import EXPORT_DIR, LIST_FILE
from sitegen.model import Site

# What the root document says. The validator reads ``version`` and takes the number in it
# ("HSDS-UK-3.0", "V3" and "3.0" all give 3.0; OpenApiDiscoveryService.ExtractVersionNumber),
# then fetches https://openreferraluk.org/specifications/3.0/openapi.json. Its earlier release,
# which the ORUK site may still run, compares the whole string with "HSDS-UK-3.0"
# (TestProfileService.SelectTestSchema, Constants/HSDSUKVersions.cs at 01a2f09) and otherwise
# reports that it "could not read standard version"; the validator's mocks say "HSDS-UK-3.0".
VERSION = "HSDS-UK-3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
OPENAPI_URL = "https://openreferraluk.org/specifications/3.0/openapi.json"

# The folder index names: GitHub Pages first, then every other plain static server.
INDEX_FILES = ("index.json", "index.htm")
ROOT_FILES = tuple(f"{EXPORT_DIR}/{name}" for name in INDEX_FILES)
LIST_ADDRESS_FILES = tuple(f"{EXPORT_DIR}/services/{name}" for name in INDEX_FILES)
SERVICE_PREFIX = f"{EXPORT_DIR}/services/"


def root_document() -> dict[str, str]:
    """The ``/`` answer: the standard's version, the profile and the API description."""
    return {"version": VERSION, "profile": PROFILE, "openapi_url": OPENAPI_URL}


def feed_stream(site: Site) -> Iterator[tuple[str, bytes]]:
    """Every file of the export, and each again at the address a consumer asks for."""
    root = (json.dumps(root_document(), separators=(",", ":")) + "\n").encode("utf-8")
    for path in ROOT_FILES:
        yield path, root
    for path, data in export_stream(site):
        yield path, data
        if path == LIST_FILE:
            for address in LIST_ADDRESS_FILES:
                yield address, data
        elif path.startswith(SERVICE_PREFIX) and path.endswith(".json"):
            yield path.removesuffix(".json"), data
