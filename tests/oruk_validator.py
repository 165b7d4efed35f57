"""The official Open Referral UK validator's checks, reproduced in Python to run against a feed
served over HTTP. docs/openreferral.md says what the validator does; this follows its source:

- OpenReferralUK/oruk-validator at 8cbf722 (16 March 2026), OpenReferralApi.Core/Services/
  ``OpenApiDiscoveryService.DiscoverOpenApiUrlAsync`` (GET the base URL, read ``version``) and
  ``OpenApiValidationService`` (``TestEndpointsAsync``, ``TestSingleEndpointAsync``,
  ``TestPaginatedEndpointAsync``, ``ExtractPaginationInfo``, ``BuildFullUrl``,
  ``ExtractIdsFromResponse``, ``TestSingleEndpointWithIdSubstitutionAsync``);
- the paging checks of its release before January 2026 (at 01a2f09,
  ``PaginationTestingService.ValidatePageDetails``), which the current release dropped but a
  consumer paging through a feed still relies on;
- the API description it fetches, https://openreferraluk.org/specifications/3.0/openapi.json,
  copied unchanged into tests/fixtures/oruk-openapi-3.0.json from tpximpact/mhclg-oruk at
  4aed5ea (public/specifications/3.0/openapi.json); the UK profile's compiled schemas its
  ``$ref`` s name are read from the reference copy in /work/shared/reference/openreferral-uk,
  and its taxonomy schemas from tests/fixtures/oruk-uk-profile-schema (the same commit).

It requests all nine endpoints of the description in the validator's order and checks each
answer against the schema the description names for it, including the validator's quirk:
``/service_at_locations/{id}`` is checked against compiled/service.json (a service), as the
description says, not against compiled/service_at_location.json.

Where this is stricter than the validator, it says so: it requests every id the list gives
(the validator takes up to 10 at random) and it always checks the paging fields.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

SPEC_FILE = Path(__file__).resolve().parent / "fixtures" / "oruk-openapi-3.0.json"
COMPILED = Path("/work/shared/reference/openreferral-uk/schema/compiled")
TAXONOMY_SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "oruk-uk-profile-schema"
# Where the API description's $refs point (the openreferral/uk-profile repository, main).
REMOTE_SCHEMA = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
REMOTE_COMPILED = REMOTE_SCHEMA + "compiled/"

# The three endpoints the ORUK compliance page (tpximpact/mhclg-oruk,
# content/developers/compliance/index.md, section 2) says a feed must pass.
COMPLIANCE_ENDPOINTS = ("/", "/services", "/services/{id}")


@dataclass(frozen=True)
class Finding:
    endpoint: str  # the path in the API description: "/services/{id}"
    url: str
    code: str  # the validator's ErrorCode: REQUIRED_ENDPOINT_FAILED, VALIDATION_ERROR, ...
    severity: str  # "Error" or "Warning", as the validator says
    message: str


@dataclass
class Report:
    version: float | None = None  # the version read from "/", or None when it fell back to 1.0
    requests: list[str] = field(default_factory=list)  # every URL requested, in order
    findings: list[Finding] = field(default_factory=list)
    tested_ids: dict[str, list[str]] = field(default_factory=dict)

    def errors(self, endpoints: tuple[str, ...] | None = None) -> list[Finding]:
        return [
            f
            for f in self.findings
            if f.severity == "Error" and (endpoints is None or f.endpoint in endpoints)
        ]

    def warnings(self, endpoints: tuple[str, ...] | None = None) -> list[Finding]:
        return [
            f
            for f in self.findings
            if f.severity == "Warning" and (endpoints is None or f.endpoint in endpoints)
        ]


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str
    final_url: str


def get(url: str) -> Answer:
    """GET as .NET's HttpClient does by default: redirects followed, any status kept."""
    request = urllib.request.Request(url, headers={"User-Agent": "oruk-validator reproduction"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(
                response.status, response.read(), response.headers.get("Content-Type", ""), response.url
            )
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(), error.headers.get("Content-Type", ""), url)


def version_number(text: str) -> float | None:
    """OpenApiDiscoveryService.ExtractVersionNumber: "HSDS-UK-3.0", "V3" and "3.0" give 3.0."""
    cleaned = re.sub("HSDS-UK-", "", text, flags=re.IGNORECASE).replace("V", "").replace("v", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


# --- schemas: the API description's response schemas with every $ref put in place, as the
# validator's SchemaResolverService does before testing endpoints.


def remote_schema(url: str) -> dict[str, Any]:
    """The local copy of a UK profile schema the description names by its address."""
    if url.startswith(REMOTE_COMPILED):
        return json.loads((COMPILED / url.removeprefix(REMOTE_COMPILED)).read_text(encoding="utf-8"))
    if url.startswith(REMOTE_SCHEMA) and "/" not in url.removeprefix(REMOTE_SCHEMA):
        return json.loads((TAXONOMY_SCHEMAS / url.removeprefix(REMOTE_SCHEMA)).read_text(encoding="utf-8"))
    raise LookupError(f"no local copy of {url}")


def _resolve(node: Any, spec: dict[str, Any], base: str = "") -> Any:
    """Every $ref put in place: ``#/...`` in the description, an address (or one relative to
    the schema that names it, as ReferenceResolver resolves it) from the local copies."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref.startswith("#/"):
                target: Any = spec
                for part in ref[2:].split("/"):
                    target = target[part]
                return _resolve(target, spec, base)
            url = urllib.parse.urljoin(base, ref)
            return _resolve(remote_schema(url), spec, url)
        return {key: _resolve(value, spec, base) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(item, spec, base) for item in node]
    return node


def response_schema(spec: dict[str, Any], path: str) -> dict[str, Any]:
    operation = spec["paths"][path]["get"]
    return _resolve(operation["responses"]["200"]["content"]["application/json"]["schema"], spec)


# Formats, as Newtonsoft.Json.Schema checks them (it checks formats; python-jsonschema does not
# check "uri" or "date-time" without extra packages, so they are here).
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    # .NET Uri.TryCreate(value, UriKind.Absolute): a scheme, and no spaces.
    if not isinstance(value, str):
        return True
    parts = urllib.parse.urlsplit(value)
    return (
        bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme))
        and " " not in value
        and len(value) > len(parts.scheme) + 1
    )


@FORMATS.checks("date-time")
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in value or " " in value


def schema_findings(
    endpoint: str, url: str, body: bytes, schema: dict[str, Any]
) -> tuple[Any, list[Finding]]:
    """The body parsed, and VALIDATION_ERROR for each way it breaks the schema (INVALID_JSON if
    it is not JSON at all)."""
    try:
        data = json.loads(body)
    except ValueError as error:
        return None, [Finding(endpoint, url, "INVALID_JSON", "Error", f"Invalid JSON format: {error}")]
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
    found = [
        Finding(endpoint, url, "VALIDATION_ERROR", "Error", f"{error.json_path}: {error.message}")
        for error in validator.iter_errors(data)
    ]
    return data, found


# --- paging: ExtractPaginationInfo, and the checks of the earlier release.


def page_items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for name in ("data", "items", "results", "content", "contents"):
            if isinstance(data.get(name), list):
                return data[name]
    return []


def page_findings(endpoint: str, url: str, data: Any, page: int) -> list[Finding]:
    """The paging header against what the page holds and which page was asked for
    (PaginationTestingService.ValidatePageDetails at 01a2f09, without its per_page=5 test,
    which no static file can pass: see docs/openreferral.md)."""
    if not isinstance(data, dict):
        return []
    contents = page_items(data)
    total_pages = data.get("total_pages")
    problems = []
    if data.get("first_page") is not (page == 1):
        problems.append(f"first_page is {data.get('first_page')} on page {page}")
    if data.get("last_page") is not (page == total_pages):
        problems.append(f"last_page is {data.get('last_page')} on page {page} of {total_pages}")
    if data.get("empty") is not (not contents):
        problems.append(f"empty is {data.get('empty')} with {len(contents)} items")
    if data.get("size") != len(contents):
        problems.append(f"size is {data.get('size')} with {len(contents)} items")
    if data.get("page_number") != page:
        problems.append(f"page_number is {data.get('page_number')} when page {page} was asked for")
    if total_pages == 1 and data.get("total_items") != len(contents):
        problems.append(
            f"total_items is {data.get('total_items')} on the only page, which holds {len(contents)}"
        )
    return [Finding(endpoint, url, "PAGING", "Error", problem) for problem in problems]


# --- ids: ExtractIdsFromResponse, with the id fields the response schema names.


def _id_fields(schema: Any, found: list[str]) -> None:
    """ExtractIdFieldsFromSchemaRecursive and IsIdField: properties whose name is or ends with
    "id" (or whose description says identifier), depth first, in schema order."""
    if not isinstance(schema, dict):
        return
    for name, sub in (schema.get("properties") or {}).items():
        lower = name.lower()
        description = str(sub.get("description", "")).lower() if isinstance(sub, dict) else ""
        fmt = str(sub.get("format", "")).lower() if isinstance(sub, dict) else ""
        if (
            lower in ("id", "_id", "uid", "uuid", "identifier", "key")
            or lower.endswith("id")
            or "identifier" in description
            or "unique id" in description
            or " id " in description
            or fmt in ("uuid", "guid")
        ):
            found.append(name)
        _id_fields(sub, found)
    if "items" in schema:
        _id_fields(schema["items"], found)
    for combiner in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(combiner) or []:
            _id_fields(sub, found)


def _collection_names(schema: Any, found: list[str]) -> None:
    if not isinstance(schema, dict):
        return
    for name, sub in (schema.get("properties") or {}).items():
        if isinstance(sub, dict) and sub.get("type") == "array":
            found.append(name)
        _collection_names(sub, found)
    for combiner in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(combiner) or []:
            _collection_names(sub, found)


def extract_ids(data: Any, schema: dict[str, Any]) -> list[str]:
    id_fields: list[str] = []
    _id_fields(schema, id_fields)
    id_fields = list(dict.fromkeys(id_fields))
    names: list[str] = []
    _collection_names(schema, names)

    def id_of(item: Any) -> str | None:
        if not isinstance(item, dict):
            return None
        for name in [*id_fields, "id", "_id", "uid", "uuid", "identifier", "key"]:
            value = item.get(name)
            if value is not None and str(value).strip():
                return str(value)
        return None

    items: list[Any] = []
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict):
        for name in [*names, "data", "items", "results", "content", "contents"]:
            if isinstance(data.get(name), list):
                items = data[name]
                break
    ids = [i for i in map(id_of, items) if i]
    if not ids and isinstance(data, dict) and id_of(data):
        ids = [id_of(data)]  # type: ignore[list-item]
    return list(dict.fromkeys(ids))


def _has_page_parameter(spec: dict[str, Any], path: str) -> bool:
    item = spec["paths"][path]
    params = [*(item.get("parameters") or []), *(item["get"].get("parameters") or [])]
    resolved = [_resolve(p, spec) for p in params]
    return any(p.get("name", "").lower() == "page" and p.get("in", "").lower() == "query" for p in resolved)


def _is_optional(spec: dict[str, Any], path: str) -> bool:
    """OptionalEndpointExtensions.IsOptionalEndpoint: an operation tagged "Optional"."""
    return any(str(tag).lower() == "optional" for tag in spec["paths"][path]["get"].get("tags") or [])


def validate(base_url: str, spec: dict[str, Any] | None = None) -> Report:
    """Everything the validator requests and reports for the feed at base_url, in its order."""
    spec = spec if spec is not None else json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    report = Report()

    # 1. Discovery: GET the base URL as given and read "version" (else HSDS-UK 1.0).
    report.requests.append(base_url)
    answer = get(base_url)
    if 200 <= answer.status < 300:
        try:
            version = json.loads(answer.body).get("version")
        except (ValueError, AttributeError):
            version = None
        report.version = version_number(str(version)) if version else None
        if report.version == 3.0 and version != "HSDS-UK-3.0":
            # the earlier release (TestProfileService.SelectTestSchema at 01a2f09) matches the
            # whole string and says it "could not read standard version" otherwise
            report.findings.append(
                Finding(
                    "/", base_url, "PROFILE_REASON", "Warning", f"version {version!r} is not 'HSDS-UK-3.0'"
                )
            )
    if report.version != 3.0:
        report.findings.append(
            Finding(
                "/",
                base_url,
                "PROFILE",
                "Error",
                f"no version 3.0 at the base URL (HTTP {answer.status}): the validator would check the feed against HSDS-UK 1.0",
            )
        )
        return report

    # 2. The endpoints, grouped by their first segment in the description's order; in each
    # group the lists first, then the by-id paths with the ids the lists gave.
    groups: dict[str, list[str]] = {}
    for path, item in spec["paths"].items():
        if "get" in item:
            segments = [s for s in path.split("/") if s]
            root = "/" + "/".join(s for s in segments if not s.startswith("{")) if segments else "/"
            groups.setdefault(root, []).append(path)
    base = base_url.rstrip("/")
    for paths in groups.values():
        ids: list[str] = []
        for path in (p for p in paths if "{" not in p):
            schema = response_schema(spec, path)
            if _has_page_parameter(spec, path):
                ids = _test_pages(report, spec, path, base, schema)
            else:
                url = base + path
                data = _test_one(report, spec, path, url, schema)
                ids = extract_ids(data, schema) if data is not None else []
        for path in (p for p in paths if "{" in p):
            schema = response_schema(spec, path)
            if not ids:
                report.findings.append(
                    Finding(
                        path, base + path, "NO_IDS_AVAILABLE", "Warning", "no ids from the list: not tested"
                    )
                )
                continue
            report.tested_ids[path] = ids
            for one in ids:
                _test_one(report, spec, path, base + re.sub(r"\{[^}]+\}", one, path), schema)
    return report


def _test_one(report: Report, spec: dict[str, Any], path: str, url: str, schema: dict[str, Any]) -> Any:
    report.requests.append(url)
    answer = get(url)
    if not 200 <= answer.status < 300:
        optional = _is_optional(spec, path)
        report.findings.append(
            Finding(
                path,
                url,
                "OPTIONAL_ENDPOINT_NON_SUCCESS" if optional else "REQUIRED_ENDPOINT_FAILED",
                "Warning" if optional else "Error",
                f"returned non-success status {answer.status}",
            )
        )
        return None
    data, found = schema_findings(path, url, answer.body, schema)
    report.findings += found
    return data


def _test_pages(
    report: Report, spec: dict[str, Any], path: str, base: str, schema: dict[str, Any]
) -> list[str]:
    """TestPaginatedEndpointAsync: page 1; an empty feed is a warning and the end; then the
    middle page (total_pages // 2) when there are more than 2, and the last page."""
    first_url = f"{base}{path}?page=1"
    data = _test_one(report, spec, path, first_url, schema)
    if data is None:
        return []
    report.findings += page_findings(path, first_url, data, 1)
    if not page_items(data):
        report.findings.append(Finding(path, first_url, "EMPTY_FEED_WARNING", "Warning", "returned 0 items"))
        return []
    ids = extract_ids(data, schema)
    total = data.get("total_pages") if isinstance(data, dict) else None
    if isinstance(total, int) and total > 1:
        for page in ([total // 2] if total > 2 else []) + [total]:
            url = f"{base}{path}?page={page}"
            more = _test_one(report, spec, path, url, schema)
            if more is not None:
                report.findings += page_findings(path, url, more, page)
    return ids
