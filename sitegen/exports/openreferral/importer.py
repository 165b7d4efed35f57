"""Service records made from Open Referral UK JSON, noting every value that could not be carried over."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.exports.openreferral import shapes
from sitegen.exports.openreferral.notes import (
    ImportNote,
    JsonPath,
    NotOpenReferral,
    json_path,
)
from sitegen.exports.openreferral.notes import shown as _shown
from sitegen.exports.openreferral.shapes import FoundService
from sitegen.exports.openreferral.vocabulary import (
    FACILITIES,
    FIELD_TERMS,
    HELP_OPTION,
    STATUS_BACK,
    TAXONOMY_FIELDS,
    TAXONOMY_KINDS,
    TAXONOMY_TYPES,
    exact_ages,
    session_text,
    yes_no,
)
from sitegen.load.source import load_yaml
from sitegen.model import (
    Session,
    placeholders,
    record_file_slug,
    schema,
)
from sitegen.model.schedule import RRULE_DAYS as BYDAY

# The first line of every record, as in the sample records, so that editors show field help.
MODELINE = "# yaml-language-server: $schema=../../schema/service.schema.json"

# What a record gets where the Open Referral data has nothing for a required field. Texts are
# the ones 'sitegen new' writes (placeholders.TEXTS), recognised even without their mark. Every
# value the import makes up, these and any other, is marked '# PLACEHOLDER' on its line, so that
# 'sitegen validate' and 'build' refuse the record until someone has replaced each one.
PLACEHOLDERS = {
    **placeholders.TEXTS,
    "types": ["family support"],
    "run_by.kind": "community group",
    "ages.from": "0 months",
    "ages.to": "5 years",
    "venue.postcode": str(schema.VENUE.field_named("postcode").example),
    "cost.price": "free",
    "booking.required": "yes",
    "status": "running",
    "last_reviewed": "2000-01-01",  # long ago, so that 'sitegen check' reports it as not reviewed
}

# The kind of every field of a service record, by its dotted name ('sessions[].notes').
KINDS: dict[str, schema.Kind] = {name: spec.kind for name, spec in schema.fields_in_order(schema.SERVICE)}


@dataclass(frozen=True)
class ImportResult:
    """What ``import_into`` did: the files it wrote, those it left alone, every note, the
    number of placeholders in each record written that still holds some, and the warnings about
    the file as a whole (a service id given more than once, a paging header that disagrees)."""

    written: tuple[Path, ...]
    skipped: tuple[Path, ...]
    notes: tuple[ImportNote, ...]
    unfinished: tuple[tuple[Path, int], ...] = ()
    warnings: tuple[ImportNote, ...] = ()


def _is_identifier(path: JsonPath) -> bool:
    """Ids and links between objects: the source system's, never notes (sitegen makes its own)."""
    last = path[-1] if path else None
    return isinstance(last, str) and (last == "id" or last.endswith("_id"))


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class _Reader:
    """One service in the input. Values are read by path, and each path read is remembered, so
    that whatever was not read can be noted at the end: nothing is dropped without a note."""

    def __init__(self, found: FoundService):
        self.found = found
        self.data, self.at = found.data, found.at
        self.used: set[JsonPath] = set()
        self.notes: list[ImportNote] = list(found.notes)

    def note(self, path: JsonPath, message: str) -> None:
        """A note on the value at ``path`` in the service, naming its place in the file."""
        self.notes.append(ImportNote(json_path(self.found.where(path)), message))

    def peek(self, path: JsonPath) -> Any:
        """The value at a path, or None; not marked as used."""
        value: Any = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(value, list) or part >= len(value):
                    return None
            elif not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value

    def take(self, path: JsonPath) -> Any:
        """The value at a path, marked as used with everything inside it."""
        value = self.peek(path)
        if value is not None:
            self.used.add(path)
        return value

    def text(self, path: JsonPath) -> str | None:
        value = self.take(path)
        if _empty(value):
            return None
        if isinstance(value, str):
            return value.strip() or None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        self.note(path, f"found {_shown(value)}, expected text: not carried over")
        return None

    def number(self, path: JsonPath) -> float | None:
        value = self.take(path)
        if _empty(value):
            return None
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = float(value)
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            self.note(path, f"found {_shown(value)}, expected a number: not carried over")
            return None
        return value

    def items(self, path: JsonPath) -> list[JsonPath]:
        """The paths of the objects in a list; anything else there is noted and passed over."""
        value = self.peek(path)
        if _empty(value):
            return []
        if not isinstance(value, list):
            self.take(path)
            self.note(path, f"found {_shown(value)}, expected a list: not carried over")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append(path + (index,))
            elif not _empty(item):
                self.take(path + (index,))
                self.note(path + (index,), f"found {_shown(item)}, expected an object: not carried over")
        return found

    def _touched(self, path: JsonPath) -> bool:
        return any(used[: len(path)] == path for used in self.used)

    def leftovers(self) -> None:
        """A note for every value that nothing read: an object nothing in was read gets one note
        that lists its values; a value inside an object that was partly read gets its own."""

        def walk(value: Any, path: JsonPath) -> None:
            if path in self.used or _is_identifier(path) or _empty(value):
                return
            if isinstance(value, dict):
                if path and not self._touched(path):
                    listed = _listed(value)
                    if listed:
                        self.note(path, f"not carried over: a sitegen record has no place for it ({listed})")
                    return
                for key, item in value.items():
                    walk(item, path + (key,))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    walk(item, path + (index,))
            else:
                self.note(path, f"{_shown(value)} was not carried over: a sitegen record has no place for it")

        walk(self.data, ())


def _listed(value: Any, prefix: str = "") -> str:
    """An object's values, 'key: value; ...', ids left out, for a note."""
    parts = []
    for key, item in value.items():
        if key == "id" or key.endswith("_id") or _empty(item):
            continue
        if isinstance(item, dict):
            inner = _listed(item, f"{prefix}{key}.")
            if inner:
                parts.append(inner)
        elif isinstance(item, list):
            parts.append(f"{prefix}{key}: {len(item)} item(s)")
        else:
            parts.append(f"{prefix}{key}: {_shown(item)}")
    return "; ".join(parts)


class _Record:
    """The record being made: values by dotted field name, in the record's own text, and the
    fields filled with placeholders (each with why)."""

    def __init__(self, reader: _Reader):
        self.reader = reader
        self.values: dict[str, Any] = {}
        self.placeholders: dict[str, str] = {}

    def put(self, dotted: str, value: Any) -> None:
        if value is not None and value != []:
            self.values[dotted] = value

    def fill(self, dotted: str, path: JsonPath, why: str) -> None:
        """Fill a required field the data has no value for, marked as a placeholder."""
        value = PLACEHOLDERS[dotted]
        self.values[dotted] = value
        self.placeholders[dotted] = why
        shown = ", ".join(value) if isinstance(value, list) else value
        self.reader.note(path, f"{why}; {dotted} is filled with the placeholder {shown!r}, to replace")

    def check(self, dotted: str, text: str | None, path: JsonPath) -> Any:
        """A value checked as the record's field would be: its typed value, or None with a note.
        Text that is only too long is shortened, with a note."""
        if text is None:
            return None
        kind = KINDS[dotted]
        if isinstance(kind, schema.ListOf):
            kind = kind.item
        if isinstance(kind, schema.Text):
            normal = " ".join(text.split())
            if len(normal) > kind.max_length:
                cut = normal[: kind.max_length - 1]
                short = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"
                self.reader.note(
                    path,
                    f"is {len(normal)} characters long and {dotted} holds at most {kind.max_length}: "
                    f"shortened to {short!r}",
                )
                text = short
        try:
            return kind.parse(text)
        except schema.Invalid as bad:
            hint = f" ({bad.hint})" if bad.hint else ""
            self.reader.note(
                path, f"{_shown(text)} cannot be {dotted}: {bad.message}{hint}; not carried over"
            )
            return None


# Limits on what one import reads, so that no file can make it run for long or crash:
# - Open Referral UK data nests a service's values about 6 levels deep (a page, a service, its
#   locations, a location, its addresses, an address); 40 is room for any extension, and keeps
#   the reader and the notes' walks far from Python's recursion limit;
# - no value in Open Referral UK is a whole number of more than 20 digits (a 64-bit id); 40 is
#   room to spare, and Python refuses to read more than 4,300 digits into a number at all;
# - a county's whole directory is a few thousand services; 20,000 in one file is room to spare,
#   and still imports in a few seconds (the import is linear in the number of services).
MAX_DEPTH = 40
MAX_DIGITS = 40
MAX_SERVICES = 20_000


class _TooManyDigits(ValueError):
    def __init__(self, digits: str):
        super().__init__(digits)
        self.digits = digits


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _TooManyDigits(text)
    return int(text)


# What changes the nesting depth of JSON: brackets, and strings (passed over whole, brackets and
# all; possessive, so that a string never closed is passed over once, not tried again backwards)
_JSON_NESTING = re.compile(r'"(?:[^"\\]|\\.)*+"|[\[{]|[\]}]')


def _too_deep(text: str) -> int | None:
    """Where the text first opens a list or object more than MAX_DEPTH deep (a character offset),
    or None: worked out before the JSON reader, which recurses once for each level."""
    depth = 0
    for token in _JSON_NESTING.finditer(text):
        kind = token[0][0]
        if kind in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif kind in "]}":
            depth -= 1
    return None


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(offset, 0)) + 1


def read_json(data: bytes, source: str) -> Any:
    """The JSON in ``data``; raises NotOpenReferral, naming the file and the line, if it is not
    JSON or goes past the reader's limits (MAX_DEPTH, MAX_DIGITS): never a RecursionError."""

    def refused(line: int, message: str) -> NotOpenReferral:
        return NotOpenReferral([ImportNote("$", f"{source}:{line}: {message}")])

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise refused(line, "is not JSON: it is not UTF-8 text") from None
    deep = _too_deep(text)
    if deep is not None:
        raise refused(
            _line_of(text, deep),
            f"is not Open Referral UK data: its lists and objects are nested more than {MAX_DEPTH} "
            "deep (a service's values are about 6 deep)",
        )
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        raise refused(error.lineno, f"is not JSON: {error.msg} (column {error.colno})") from None
    except _TooManyDigits as error:
        raise refused(
            _line_of(text, text.find(error.digits)),
            f"holds a whole number {len(error.digits.lstrip('-')):,} digits long; no value in Open "
            f"Referral UK has more than {MAX_DIGITS}",
        ) from None
    except (RecursionError, ValueError) as error:  # past the limits above: said, never a traceback
        raise refused(1, f"cannot be read as JSON: {error}") from None


def import_services(data: bytes, source: str) -> tuple[dict[str, str], list[ImportNote]]:
    """Open Referral UK JSON (any shape shapes.contents_of reads: a service, a page or list of
    services, an organization with its services, services at locations, version 1 or 3) as record
    files: {slug: the record's YAML}, one per service id, and the warnings about the file (repeated
    ids, paging that disagrees) then a note for everything not carried over.

    Raises NotOpenReferral if the data is not JSON, holds no service, or holds more than
    MAX_SERVICES services.
    """
    records, notes, _, warnings = _records(data, source)
    return records, warnings + notes


def _records(
    data: bytes, source: str
) -> tuple[dict[str, str], list[ImportNote], dict[str, int], list[ImportNote]]:
    """``import_services``: the records, the notes, the number of placeholders each record holds,
    and the warnings about the file as a whole (duplicate ids, paging that disagrees)."""
    contents = shapes.contents_of(read_json(data, source), source)
    if len(contents.services) > MAX_SERVICES:
        raise NotOpenReferral(
            [
                ImportNote(
                    "$",
                    f"{source}: holds {len(contents.services):,} services; one import takes at most "
                    f"{MAX_SERVICES:,}: import the pages of the data one at a time",
                )
            ]
        )
    records: dict[str, str] = {}
    unfinished: dict[str, int] = {}
    notes = list(contents.notes)
    names = _FileNames()
    for found in contents.services:
        reader = _Reader(found)
        slug, text, unfinished[slug] = _service_record(reader, source, names)
        records[slug] = text
        notes += reader.notes
    return records, notes, unfinished, contents.warnings


class _FileNames:
    """The records' file names given so far in one import, and for each name that came twice the
    number its next twin gets (-2, -3, ...): so that a thousand services of one name are named in
    a thousand steps, not half a million."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next_number: dict[str, int] = {}

    def free(self, slug: str) -> str | None:
        """``slug`` if it is free, else None."""
        return None if slug in self.taken else slug

    def numbered(self, slug: str) -> str:
        """The first of slug-2, slug-3, ... not taken (names are only ever added, so the search
        goes on from where it last stopped)."""
        number = self.next_number.get(slug, 2)
        while f"{slug}-{number}" in self.taken:
            number += 1
        self.next_number[slug] = number + 1
        return f"{slug}-{number}"

    def take(self, slug: str) -> None:
        self.taken.add(slug)


def _service_record(reader: _Reader, source: str, names: _FileNames) -> tuple[str, str, int]:
    """One Open Referral service as (slug, record YAML, the number of placeholders it holds);
    notes go to the reader."""
    record = _Record(reader)
    fields, types, kinds = _attributes_of(reader, ("attributes",))
    # Attributes of the organization count as the service's: a provider kind is usually there.
    more_fields, more_types, more_kinds = _attributes_of(reader, ("organization", "attributes"))
    for name, found in more_fields.items():
        fields.setdefault(name, []).extend(found)
    types += more_types
    kinds = more_kinds + kinds
    _name_and_text(reader, record, fields)
    slug = _slug(reader, record, fields, names)
    names.take(slug)
    _types(reader, record, types)
    _run_by(reader, record, kinds)
    _ages(reader, record, fields)
    _sessions(reader, record, slug, fields)
    _not_running(record, fields)
    _venue(reader, record)
    _cost(reader, record)
    _booking_and_contact(reader, record, fields)
    _the_rest(reader, record, fields)
    reader.leftovers()
    text = _record_yaml(record, source, reader)
    document, problems = load_yaml(f"{slug}.yml", text.encode("utf-8"))
    if document is not None:
        problems += schema.validate(schema.SERVICE, document)[1]
    for problem in problems:  # a rule the steps above missed: said, never hidden
        reader.note((), f"the record made from it is not valid: {problem.field}: {problem.message}")
    return slug, text, placeholders.count(document) if document else 0


# A sitegen/record attribute's value, with where it was.
Given = dict[str, list[tuple[JsonPath, str]]]


def _attributes_of(
    reader: _Reader, path: JsonPath
) -> tuple[Given, list[tuple[JsonPath, str]], list[tuple[JsonPath, str]]]:
    """Attributes sorted by taxonomy: sitegen/record values, service types and provider kinds.
    A term from another taxonomy that names one of sitegen's service types or provider kinds
    counts as one; any other term is noted."""
    fields: Given = {}
    types: list[tuple[JsonPath, str]] = []
    kinds: list[tuple[JsonPath, str]] = []
    for at in reader.items(path):
        term_at = at + ("taxonomy_term",)
        taxonomy = reader.peek(term_at + ("taxonomy",))
        term = reader.peek(term_at + ("term",)) or reader.peek(term_at + ("name",))
        if not isinstance(term, str) or not term.strip():
            continue  # nothing to read: the leftovers note whatever is there
        reader.take(at)
        if taxonomy == TAXONOMY_FIELDS:
            # The field is the attribute's link_type and the value its term, as sitegen writes them
            # now; older exports named the field in the term and gave the value in 'value'.
            field = reader.peek(at + ("link_type",))
            value_at = term_at + ("term",)
            if not (isinstance(field, str) and field in FIELD_TERMS):
                field, value_at = term, at + ("value",)
            if field not in FIELD_TERMS:
                reader.note(at, f"{field!r} is not one of sitegen's record fields: not carried over")
                continue
            value = reader.peek(value_at)
            if not isinstance(value, str) or not value.strip():
                reader.note(
                    value_at, f"found {_shown(value)}, expected the value of {field}: not carried over"
                )
                continue
            fields.setdefault(field, []).append((value_at, value))
        elif taxonomy == TAXONOMY_TYPES or _choice(schema.SERVICE_TYPES, term):
            types.append((term_at + ("term",), term))
        elif taxonomy == TAXONOMY_KINDS or _choice(schema.PROVIDER_KINDS, term):
            kinds.append((term_at + ("term",), term))
        else:
            named = f" in the taxonomy {taxonomy!r}" if isinstance(taxonomy, str) and taxonomy else ""
            reader.note(at, f"the term {term!r}{named} has no sitegen equivalent: not carried over")
    return fields, types, kinds


def _choice(options: tuple[str, ...], text: str) -> str | None:
    """The option a text names, read as the record format reads it, or None."""
    return schema.Choice(options=options).match(text)


def _one(reader: _Reader, fields: Given, name: str) -> tuple[JsonPath, str] | None:
    """The one sitegen/record value of a field; more than one is noted."""
    found = fields.get(name, [])
    for path, value in found[1:]:
        reader.note(path, f"{_shown(value)}: {name} is given more than once; only the first was used")
    return found[0] if found else None


def _name_and_text(reader: _Reader, record: _Record, fields: Given) -> None:
    """The name, the summary (sitegen's own, else the description's first sentence) and the
    description (left out when it only repeats the summary, as sitegen's export writes it)."""
    record.put("name", record.check("name", reader.text(("name",)), ("name",)))
    if "name" not in record.values:
        record.fill("name", ("name",), "the service has no name")
    description = reader.text(("description",))
    given = _one(reader, fields, "summary")
    if given:
        record.put("summary", record.check("summary", given[1], given[0]))
        if description == given[1].strip():
            description = None
    if "summary" not in record.values and description:
        first = " ".join(description.split("\n\n")[0].split())
        sentence = re.match(r"(.+?[.!?])(\s|$)", first)
        summary, taken_from = first, "first paragraph"
        if len(first) > KINDS["summary"].max_length and sentence:  # type: ignore[attr-defined]
            summary, taken_from = sentence[1], "first sentence"
        record.put("summary", record.check("summary", summary, ("description",)))
        if "summary" in record.values:
            reader.note(
                ("description",),
                f"the summary was taken from the description's {taken_from}; check that it says in one "
                "sentence what the service is and who it is for",
            )
    if "summary" not in record.values:
        record.fill("summary", ("description",), "there is no summary, nor a description to take one from")
    record.put("description", record.check("description", description, ("description",)))


def _slug(reader: _Reader, record: _Record, fields: Given, names: _FileNames) -> str:
    """The file name: sitegen's own if the data came from sitegen, else made from the name."""
    given = _one(reader, fields, "slug")
    slug = None
    if given:
        try:
            slug = schema.Slug().parse(given[1])
        except schema.Invalid as bad:
            reader.note(
                given[0], f"{_shown(given[1])} cannot be a file name: {bad.message}; made one from the name"
            )
    if slug is None:
        name = record.values["name"] if "name" not in record.placeholders else "imported service"
        slug = record_file_slug(name) or "imported-service"
    if names.free(slug) is None:
        numbered = names.numbered(slug)
        reader.note(
            ("name",),
            f"another service in this data has the file name {slug}.yml; this one is {numbered}.yml",
        )
        slug = numbered
    return slug


def _types(reader: _Reader, record: _Record, types: list[tuple[JsonPath, str]]) -> None:
    chosen: list[str] = []
    limit = KINDS["types"].max_items  # type: ignore[attr-defined]
    for path, term in types:
        kind = _choice(schema.SERVICE_TYPES, term)
        if kind is None:
            reader.note(path, f"{term!r} is not one of sitegen's service types: not carried over")
        elif kind not in chosen and len(chosen) == limit:
            reader.note(path, f"{term!r}: a record has at most {limit} service types; not carried over")
        elif kind not in chosen:
            chosen.append(kind)
    record.put("types", chosen)
    if not chosen:
        record.fill("types", ("attributes",), "no attribute names one of sitegen's service types")


def _run_by(reader: _Reader, record: _Record, kinds: list[tuple[JsonPath, str]]) -> None:
    """The organisation, its website, and its kind: from a provider kind attribute, else from
    an organization description that names one (as sitegen's export writes it)."""
    at: JsonPath = ("organization",)
    chosen: list[str] = []
    for path, term in kinds:
        kind = _choice(schema.PROVIDER_KINDS, term)
        if kind is None:
            reader.note(path, f"{term!r} is not one of sitegen's kinds of organisation: not carried over")
        elif chosen and kind != chosen[0]:
            reader.note(path, f"{term!r}: a record has one kind of organisation; {chosen[0]!r} was used")
        chosen.append(kind or "")
    kind = next((k for k in chosen if k), None)
    organization = reader.peek(at)
    if isinstance(organization, dict):
        name = reader.text(at + ("name",))
        record.put("run_by.organisation", record.check("run_by.organisation", name, at + ("name",)))
        described = organization.get("description")
        named = _choice(schema.PROVIDER_KINDS, described.rstrip(".")) if isinstance(described, str) else None
        if named and (kind is None or named == kind):
            reader.take(at + ("description",))  # sitegen's export: the kind, in words
            kind = named
        website = reader.text(at + ("website",))
        record.put("run_by.website", record.check("run_by.website", website, at + ("website",)))
    elif organization is not None:
        reader.take(at)
        reader.note(at, f"found {_shown(organization)}, expected an object: not carried over")
    if "run_by.organisation" not in record.values:
        record.fill("run_by.organisation", at + ("name",), "there is no organization name")
    record.put("run_by.kind", kind)
    if kind is None:
        record.fill("run_by.kind", at, "nothing says which of sitegen's kinds of organisation runs it")


def _age_text(months: int) -> str:
    return f"{months // 12} years" if months % 12 == 0 and months >= 12 else f"{months} months"


def _ages(reader: _Reader, record: _Record, fields: Given) -> None:
    """minimum_age and maximum_age are years; sitegen's own attributes hold exact months."""
    limit = 25 * 12
    months: dict[str, int | None] = {}
    invented: dict[str, str] = {}  # ages written other than the data gave them, and why
    for bound, key in (("from", "minimum_age"), ("to", "maximum_age")):
        years = reader.number((key,))
        exact = _one(reader, fields, f"ages.{bound}")
        found = record.check(f"ages.{bound}", exact[1], exact[0]) if exact else None
        if found is None and years is not None:
            if years < 0:
                reader.note((key,), f"{years:g} is not an age: not carried over")
            elif years * 12 > limit:
                reader.note(
                    (key,), f"{years:g} years is older than this directory covers; written as 25 years"
                )
                found = limit
                invented[bound] = f"{key} {years:g} years is more than a record can say"
            else:
                found = round(years * 12)
                if abs(years * 12 - found) > 0.01:
                    reader.note(
                        (key,),
                        f"{years:g} years is not a whole number of months; written as {_age_text(found)}",
                    )
        if found is not None and found >= 100 and found % 12:
            whole = round(found / 12) * 12
            reader.note(
                (key,),
                f"{found} months cannot be written in a record (at most 99 months, or whole years); written as {_age_text(whole)}",
            )
            invented[bound] = f"{found} months, rounded to whole years"
            found = whole
        months[bound] = found
    for bound, key in (("from", "minimum_age"), ("to", "maximum_age")):
        if months[bound] is None:
            record.fill(f"ages.{bound}", (key,), f"there is no {key}")
            months[bound] = schema.Age().parse(PLACEHOLDERS[f"ages.{bound}"])
        else:
            record.put(f"ages.{bound}", _age_text(months[bound]))  # type: ignore[arg-type]
            if bound in invented:
                record.placeholders[f"ages.{bound}"] = invented[bound]
    low, high = months["from"], months["to"]
    if low is not None and high is not None and high <= low:
        reader.note(
            ("maximum_age",),
            f"is not older than minimum_age; ages.to is written as {_age_text(low + 12)}, to check",
        )
        record.values["ages.to"] = _age_text(low + 12)
        record.placeholders["ages.to"] = "the maximum age was not above the minimum"
    note = reader.text(("eligibility_description",))
    if note and low is not None and high is not None:
        said = exact_ages(low, high)  # sitegen's export begins with the exact ages: not a note
        if note == said or note.startswith(said + " "):
            note = note[len(said) :].strip() or None
    record.put("ages.note", record.check("ages.note", note, ("eligibility_description",)))


_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?")
_BYDAY_PART = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_TERM_TIME = re.compile(r"term[\s-]*time\s+only", re.IGNORECASE)


def _date_at(reader: _Reader, path: JsonPath) -> dt.date | None:
    """A date written YYYY-MM-DD (a date and time keeps its date, with a note)."""
    text = reader.text(path)
    if text is None:
        return None
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(T.*)?", text)
    if match:
        try:
            day = dt.date.fromisoformat(match[1])
        except ValueError:
            pass
        else:
            if match[2]:
                reader.note(path, f"{_shown(text)}: the time of day was dropped; {day} was kept")
            return day
    reader.note(path, f"{_shown(text)} is not a date written YYYY-MM-DD: not carried over")
    return None


def _time_at(reader: _Reader, path: JsonPath) -> dt.time | None:
    """A time of day, HH:MM (seconds and a time zone, if given, are noted and dropped)."""
    text = reader.text(path)
    if text is None:
        return None
    match = _TIME.fullmatch(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        reader.note(path, f"{_shown(text)} is not a time of day such as 09:30: not carried over")
        return None
    if match[3] and int(match[3]):
        reader.note(path, f"{_shown(text)}: sitegen keeps hours and minutes; the seconds were dropped")
    if match[4]:
        reader.note(
            path, f"{_shown(text)}: the time zone was dropped; sitegen reads every time as UK local time"
        )
    return dt.time(int(match[1]), int(match[2]))


def _on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


# The parts of a schedule that make it the same rule: the periods of one session repeat them all.
_RULE = ("freq", "interval", "byday", "bymonthday", "opens_at", "closes_at", "description", "notes")


def _session_dates(reader: _Reader, fields: Given) -> dict[Any, tuple[JsonPath, str]]:
    """sitegen's sessions.dates attributes by the id of the schedule each is linked to: the first
    of the schedules that one session was written as (one per term period, or between days off)."""
    return {
        reader.peek(path[:-2] + ("link_id",)): (path, value)
        for path, value in fields.get("sessions.dates", [])
    }


def _sessions(reader: _Reader, record: _Record, slug: str, fields: Given) -> None:
    sessions: list[dict[str, str]] = []
    dates = _session_dates(reader, fields)
    schedules = reader.items(("schedules",))
    index = 0
    while index < len(schedules):
        at = schedules[index]
        index += 1
        own = dates.get(reader.peek(at + ("id",)))
        if own:  # the periods of one session: the schedules after it with the same rule
            rule = [reader.peek(at + (name,)) for name in _RULE]
            while (
                index < len(schedules)
                and reader.peek(schedules[index] + ("id",)) not in dates
                and [reader.peek(schedules[index] + (name,)) for name in _RULE] == rule
            ):
                reader.take(schedules[index])
                index += 1
        for values, invented in _schedule_sessions(reader, at, slug):
            if own:
                _own_dates(record, values, *own)
            for name, why in invented.items():
                record.placeholders[f"sessions[{len(sessions)}].{name}"] = why
            sessions.append(values)
    limit = KINDS["sessions"].max_items  # type: ignore[attr-defined]
    if len(sessions) > limit:
        reader.note(
            ("schedules",),
            f"makes {len(sessions)} sessions; a record holds at most {limit}, so the rest were left out",
        )
    record.put("sessions", sessions[:limit])


def _schedule_sessions(
    reader: _Reader, at: JsonPath, slug: str
) -> list[tuple[dict[str, str], dict[str, str]]]:
    """The sessions one schedule makes, one for each day in its byday: each with the names of
    the values in it that the schedule does not give (and why)."""
    freq = (reader.text(at + ("freq",)) or "").upper() or None
    interval = reader.number(at + ("interval",))
    days_text = reader.text(at + ("byday",))
    month_days = reader.text(at + ("bymonthday",))
    dtstart = _date_at(reader, at + ("dtstart",))
    valid_from = _date_at(reader, at + ("valid_from",))
    valid_to = _date_at(reader, at + ("valid_to",))
    opens, closes = _time_at(reader, at + ("opens_at",)), _time_at(reader, at + ("closes_at",))
    description = reader.text(at + ("description",))
    notes = reader.text(at + ("notes",))
    link = reader.peek(at + ("schedule_link",))
    if isinstance(link, str) and link.rstrip("/").endswith(f"/services/{slug}"):
        reader.take(at + ("schedule_link",))  # the service's own page on the sitegen site it came from

    def skipped(why: str) -> list[tuple[dict[str, str], dict[str, str]]]:
        reader.note(at, f"{why}: this schedule was not carried over")
        return []

    if month_days:
        reader.note(
            at + ("bymonthday",),
            f"{_shown(month_days)}: sitegen sessions cannot fall on days of the month by number"
            + ("; byday was used" if days_text else ""),
        )
    invented: dict[str, str] = {}
    if freq is None:
        if not days_text:
            return skipped("it has neither freq nor byday")
        freq = "WEEKLY"
        reader.note(at, "has no freq: read as WEEKLY")
        invented["frequency"] = "the schedule has no freq, so it was read as weekly"
    if freq not in ("WEEKLY", "MONTHLY"):
        return skipped(f"freq {freq} is neither WEEKLY nor MONTHLY")
    if interval is not None and interval != int(interval):
        return skipped(f"interval {interval:g} is not a whole number")
    every = int(interval or 1)
    if opens is None or closes is None:
        return skipped("it has no opens_at or closes_at time, and a session needs both")
    if closes <= opens:
        return skipped(f"closes_at {closes:%H:%M} is not after opens_at {opens:%H:%M}")
    days: list[tuple[int | None, int]] = []
    if days_text:
        for part in days_text.replace(" ", "").upper().split(","):
            match = _BYDAY_PART.fullmatch(part)
            if match:
                days.append((int(match[1]) if match[1] else None, BYDAY.index(match[2])))
            else:
                reader.note(at + ("byday",), f"{_shown(part)} is not a day such as MO or 1MO: left out")
    elif dtstart and freq == "WEEKLY":
        days.append((None, dtstart.weekday()))  # RFC 5545: the day of the first session
    if not days:
        return skipped("it gives no day of the week")

    anchor = dtstart or valid_from
    begin = max(d for d in (dtstart, valid_from) if d) if anchor else None
    term_time = bool(_TERM_TIME.search(description or ""))
    made = []
    for ordinal, weekday in days:
        day = schema.WEEKDAYS[weekday]
        frequency, week = "weekly", None
        if freq == "WEEKLY":
            if ordinal is not None:
                reader.note(
                    at + ("byday",),
                    f"{ordinal}{BYDAY[weekday]}: a number before the day only counts for MONTHLY; read as every {day}",
                )
            if every == 2:
                frequency = "fortnightly"
            elif every != 1:
                return skipped(f"every {every} weeks is neither weekly nor fortnightly")
        else:
            if every != 1:
                return skipped(f"every {every} months is not a pattern sitegen has")
            if ordinal is not None:
                week = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}.get(ordinal)
                if week is None:
                    reader.note(
                        at + ("byday",),
                        f"{ordinal}{BYDAY[weekday]}: sitegen has the first to fourth and the last {day} of the month only; left out",
                    )
                    continue
                frequency = "monthly"
        starting = None
        if frequency == "fortnightly":
            if anchor is None:
                reader.note(
                    at,
                    f"every other {day} needs dtstart, the date of one session, to know which weeks: left out",
                )
                continue
            starting = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(days=weekday)
            if starting < anchor:
                starting += dt.timedelta(days=14)
            while begin and starting < begin:
                starting += dt.timedelta(days=14)
        elif begin:
            starting = _on_or_after(begin, weekday)
        if starting and valid_to and valid_to < starting:
            reader.note(at, f"no {day} session falls between {begin} and {valid_to}: left out")
            continue
        if starting and begin and starting != begin:
            reader.note(
                at + (("dtstart",) if dtstart else ("valid_from",)),
                f"{begin} is a {schema.WEEKDAYS[begin.weekday()]}; the session's starting date is "
                f"written as the first {day} it can fall on from then, {starting}",
            )
        session = Session(
            day=day,
            weekday=weekday,
            start=opens,
            end=closes,
            frequency=frequency,
            week_of_month=week,
            term_time_only=term_time,
            starting=starting,
            ending=valid_to,
        )
        text_notes = notes
        if description and description != session_text(session):
            text_notes = f"{notes}; {description}" if notes else description
            if term_time:
                reader.note(
                    at + ("description",),
                    "says term time only, so the session is written as term time only; check it",
                )
        if not term_time and _TERM_TIME.search(notes or ""):
            reader.note(
                at + ("notes",),
                "the notes mention term time, but the session was not written as term time only; check it",
            )
        values = {"day": day, "start": f"{opens:%H:%M}", "end": f"{closes:%H:%M}"}
        if frequency != "weekly" or "frequency" in invented:
            values["frequency"] = frequency
        if week:
            values["week_of_month"] = week
        if term_time:
            values["term_time_only"] = "yes"
        if starting:
            values["starting"] = starting.isoformat()
        if valid_to:
            values["ending"] = valid_to.isoformat()
        checker = _Record(reader)
        kept_notes = checker.check(
            "sessions[].notes", text_notes, at + ("notes",) if notes else at + ("description",)
        )
        if kept_notes:
            values["notes"] = kept_notes
        made.append((values, invented))
    return made


def _own_dates(record: _Record, values: dict[str, str], path: JsonPath, text: str) -> None:
    """A session's first and last dates from its sessions.dates attribute, FIRST/LAST with '..'
    where it has none, in place of those of its first period."""
    first, _, last = text.strip().partition("/")
    for name, given in (("starting", first), ("ending", last)):
        values.pop(name, None)
        if given and given != "..":
            day = record.check(f"sessions[].{name}", given, path)
            if day is not None:
                values[name] = day.isoformat()


def _not_running(record: _Record, fields: Given) -> None:
    closures = []
    for path, value in fields.get("not_running", []):
        match = re.fullmatch(r"\s*(\S+?)(?::\s*(.*))?\s*", value)
        day = record.check("not_running[].date", match[1] if match else value, path)
        if day is None:
            continue
        closure = {"date": day.isoformat()}
        reason = record.check("not_running[].reason", match[2] if match and match[2] else None, path)
        if reason:
            closure["reason"] = reason
        closures.append(closure)
    record.put("not_running", closures)


def _coordinate(
    reader: _Reader, path: JsonPath, what: str, world: float, kind: schema.Number
) -> float | None:
    value = reader.number(path)
    if value is None:
        return None
    if not -world <= value <= world:
        reader.note(
            path,
            f"{value:g} is not a {what} (a {what} is between -{world:g} and {world:g}): "
            "the venue's coordinates were left out",
        )
        return None
    if not kind.low <= value <= kind.high:
        reader.note(
            path,
            f"{value:g} is outside the UK (a UK {what} is between {kind.low:g} and {kind.high:g}): "
            "the venue's coordinates were left out",
        )
        return None
    return value


def _venue(reader: _Reader, record: _Record) -> None:
    places = reader.items(("service_at_locations",))
    for at in places[1:]:
        name = reader.peek(at + ("location", "name"))
        reader.take(at)
        reader.note(
            at,
            f"{_shown(name) if name else 'this location'}: a record has one venue, so only the first "
            "location was imported; make a record for each other place",
        )
    at: JsonPath = (places[0] + ("location",)) if places else ("service_at_locations",)
    if places and not isinstance(reader.peek(at), dict):
        places = []
    if places:
        kind = reader.text(at + ("location_type",))
        if kind and kind != "physical":
            reader.note(at + ("location_type",), f"is {kind!r}: a sitegen venue is a place families go to")
        record.put("venue.name", record.check("venue.name", reader.text(at + ("name",)), at + ("name",)))
        _address(reader, record, at)
        _position(reader, record, at)
        _access(reader, record, at)
    for name in ("venue.name", "venue.address", "venue.town", "venue.postcode"):
        if name not in record.values:
            record.fill(
                name,
                at if not places else at + ("addresses",),
                f"the location gives no usable {name.split('.')[1]}" if places else "there is no location",
            )
    areas = reader.items(("service_areas",))
    if areas:
        name = reader.text(areas[0] + ("name",))
        also = reader.peek(areas[0] + ("service_area",))
        if also == name or (name is None and isinstance(also, str)):
            name = name or reader.text(areas[0] + ("service_area",))
            reader.take(areas[0] + ("service_area",))
        area = " ".join(name.split()) if name else None
        if area and len(area) > KINDS["venue.area"].max_length:  # type: ignore[attr-defined]
            reader.note(
                areas[0] + (() if reader.peek(areas[0] + ("service_area",)) == name else ("name",)),
                f"{_shown(area)} is too long to be the area a venue is listed under: not carried over",
            )
        elif area and area != record.values.get("venue.town"):
            record.put("venue.area", record.check("venue.area", area, areas[0] + ("name",)))


def _address(reader: _Reader, record: _Record, at: JsonPath) -> None:
    addresses = reader.items(at + ("addresses",))
    if not addresses:
        return
    chosen = next((a for a in addresses if reader.peek(a + ("address_type",)) == "physical"), addresses[0])
    for other in addresses:
        if other != chosen:
            reader.take(other)
            reader.note(
                other,
                f"a venue has one address; only {json_path(reader.at + chosen)} was used ({_listed(reader.peek(other))})",
            )
    kind = reader.take(chosen + ("address_type",))
    if kind not in (None, "", "physical"):
        reader.note(
            chosen + ("address_type",),
            f"is {_shown(kind)}, and no address is physical: it was used as the venue's address, "
            "which the export calls physical; check that families go there",
        )
    # The county (a UK address's state_province) is the site's setting in sitegen (site.yml's
    # county), the same for every venue: not a record's to hold, so said when the file has one.
    county = reader.take(chosen + ("state_province",))
    own_export = any(  # a file sitegen wrote (its own attributes, linked): the county is its setting
        isinstance(a, dict)
        and "link_entity" in a
        and isinstance(a.get("taxonomy_term"), dict)
        and a["taxonomy_term"].get("taxonomy") == TAXONOMY_FIELDS
        for a in (reader.peek(("attributes",)) or [])
    )
    if county not in (None, "") and not own_export:
        reader.note(
            chosen + ("state_province",),
            f"is {_shown(county)}: sitegen writes the county from site.yml's 'county' for every "
            "venue, so it is not kept in the record; set 'county' in site.yml if it is not there",
        )
    record.put(
        "venue.address",
        record.check("venue.address", reader.text(chosen + ("address_1",)), chosen + ("address_1",)),
    )
    record.put("venue.town", record.check("venue.town", reader.text(chosen + ("city",)), chosen + ("city",)))
    postcode = record.check(
        "venue.postcode", reader.text(chosen + ("postal_code",)), chosen + ("postal_code",)
    )
    record.put("venue.postcode", postcode)
    country = reader.text(chosen + ("country",))
    if country and country.upper() not in ("GB", "UK", "GBR"):
        reader.note(
            chosen + ("country",), f"{_shown(country)}: sitegen lists services in the UK; check the address"
        )


def _position(reader: _Reader, record: _Record, at: JsonPath) -> None:
    """Latitude and longitude, both or neither: if one is unusable, both are left out."""
    latitude_kind, longitude_kind = KINDS["venue.latitude"], KINDS["venue.longitude"]
    latitude = _coordinate(reader, at + ("latitude",), "latitude", 90, latitude_kind)  # type: ignore[arg-type]
    longitude = _coordinate(reader, at + ("longitude",), "longitude", 180, longitude_kind)  # type: ignore[arg-type]
    if latitude is not None and longitude is not None:
        record.put("venue.latitude", str(latitude))
        record.put("venue.longitude", str(longitude))
    elif latitude is not None or longitude is not None:
        kept = "latitude" if latitude is not None else "longitude"
        reader.note(at + (kept,), "left out too: a venue needs both latitude and longitude, or neither")


def _access(reader: _Reader, record: _Record, at: JsonPath) -> None:
    """Accessibility entries: 'Step-free access: yes' and the like are the venue's facilities;
    any other words become its access notes."""
    labels = {label.lower(): name for name, label in FACILITIES}
    words: list[str] = []
    first: JsonPath | None = None
    for item in reader.items(at + ("accessibility",)):
        described = reader.text(item + ("description",))
        also = reader.peek(item + ("accessibility",))
        copied = isinstance(also, str) and also.strip() == described  # the UK profile's copy
        if copied:
            reader.take(item + ("accessibility",))
        match = re.fullmatch(r"(.+?):\s*(yes|no)\.?", described or "", re.IGNORECASE)
        if match and match[1].lower() in labels:
            record.put(f"venue.{labels[match[1].lower()]}", match[2].lower())
            continue
        said = None if copied else reader.text(item + ("accessibility",))
        for part in (described, said, reader.text(item + ("details",))):
            if part:
                words.append(part)
                first = first or item
    if words and first is not None:
        text = " ".join(words)
        record.put("venue.access_notes", record.check("venue.access_notes", text, first))


def _cost(reader: _Reader, record: _Record) -> None:
    """One price, from the first cost option with an amount; 'per family' (or child, adult,
    session) as its option; the help-with-cost option; anything else said in cost.covers."""
    priced = False
    for at in reader.items(("cost_options",)):
        option = reader.text(at + ("option",))
        amount = reader.number(at + ("amount",))
        about = reader.text(at + ("amount_description",))
        if option == HELP_OPTION and amount is None:
            if "cost.help_with_cost" in record.values:
                reader.note(
                    at, f"{_shown(about)}: help with the cost is given twice; only the first was used"
                )
            else:
                record.put(
                    "cost.help_with_cost",
                    record.check("cost.help_with_cost", about, at + ("amount_description",)),
                )
            continue
        said = "; ".join(_shown(t) for t in (option, about) if t)
        if amount is None:
            reader.note(at, f"has no amount ({said or 'nothing else'}): not carried over")
            continue
        if not 0 <= amount <= 9999.99:
            reader.note(
                at + ("amount",),
                f"{amount:g} is not a price a record can hold (0 to 9999.99): not carried over",
            )
            continue
        if priced:
            reader.note(
                at,
                f"a record has one price; this option (£{amount:.2f}{'; ' + said if said else ''}) was not carried over",
            )
            continue
        priced = True
        pence = round(amount * 100)
        if abs(amount * 100 - pence) > 1e-6:
            reader.note(at + ("amount",), f"{amount:g} was rounded to the penny")
        record.put("cost.price", "free" if pence == 0 else f"{pence // 100}.{pence % 100:02d}")
        per = re.fullmatch(r"per (family|child|adult|session)", option or "", re.IGNORECASE)
        if per:
            record.put("cost.per", per[1].lower())
        elif option:
            reader.note(
                at + ("option",),
                f"{_shown(option)}: a record has no field for who a price is for, so it starts cost.covers",
            )
        covers = ": ".join(t for t in ((None if per else option), about) if t) or None
        record.put(
            "cost.covers",
            record.check("cost.covers", covers, at + (("amount_description",) if about else ("option",))),
        )
    if not priced:
        record.fill("cost.price", ("cost_options",), "no cost option gives an amount")


def _booking_and_contact(reader: _Reader, record: _Record, fields: Given) -> None:
    given = _one(reader, fields, "booking.required")
    record.put("booking.required", record.check("booking.required", given[1], given[0]) if given else None)
    how = reader.text(("application_process",))
    record.put("booking.how", record.check("booking.how", how, ("application_process",)))
    if "booking.required" in record.values:
        record.values["booking.required"] = yes_no(record.values["booking.required"])
    else:
        record.fill("booking.required", ("attributes",), "nothing says whether families must book")
    if record.values["booking.required"] == "yes" and "booking.how" not in record.values:
        record.fill("booking.how", ("application_process",), "booking is needed but nothing says how")

    contacts = reader.items(("contacts",))
    named = next((c for c in contacts if reader.peek(c + ("name",))), None)
    if named:
        record.put(
            "contact.name", record.check("contact.name", reader.text(named + ("name",)), named + ("name",))
        )
    phones = [p + ("number",) for p in reader.items(("phones",))]
    phones += [p + ("number",) for c in contacts for p in reader.items(c + ("phones",))]
    for path in phones:
        phone = record.check("contact.phone", reader.text(path), path)
        if phone:
            record.put("contact.phone", phone)
            break
    emails = [("email",)] + [c + ("email",) for c in contacts]
    for path in emails:
        email = record.check("contact.email", reader.text(path), path)
        if email:
            record.put("contact.email", email)
            break
    record.put("contact.website", record.check("contact.website", reader.text(("url",)), ("url",)))


def _the_rest(reader: _Reader, record: _Record, fields: Given) -> None:
    """Feeding, siblings, languages, funding, keywords, status and the review date."""
    for name in ("feeding_friendly", "siblings_welcome"):
        given = _one(reader, fields, name)
        if given:
            known = record.check(name, given[1], given[0])
            record.put(name, None if known is None else yes_no(known))
    for list_name, at, key in (("languages", ("languages",), "name"), ("funding", ("funding",), "source")):
        found = []
        for item in reader.items(at):
            text = reader.text(item + (key,))
            if text is None:
                code = reader.peek(item + ("code",))
                reader.take(item + ("code",))
                reader.note(
                    item,
                    f"has no {key}"
                    + (f", only the code {_shown(code)}" if code else "")
                    + ": not carried over",
                )
                continue
            value = record.check(list_name, text, item + (key,))
            if value:
                found.append(value)
        _listed_values(reader, record, list_name, found, at)
    keywords = [record.check("keywords", value, path) for path, value in fields.get("keywords", [])]
    _listed_values(reader, record, "keywords", [k for k in keywords if k], ("attributes",))

    status_text = reader.text(("status",))
    status = STATUS_BACK.get((status_text or "").lower())
    if status_text is None:
        record.fill("status", ("status",), "the data does not say whether it is running")
    elif status is None:
        record.fill(
            "status",
            ("status",),
            f"{_shown(status_text)} is not active, inactive, temporarily closed or defunct",
        )
    if status and status != "running":
        record.put("status", status)
    record.put("status_note", record.check("status_note", reader.text(("alert",)), ("alert",)))
    if status in ("paused", "closed") and "status_note" not in record.values:
        record.fill("status_note", ("alert",), f"the service is {status_text} but no alert says why")
    since = _one(reader, fields, "status_since")
    if since:
        day = record.check("status_since", since[1], since[0])
        record.put("status_since", day.isoformat() if day else None)
    reviewed = _date_at(reader, ("assured_date",))
    if reviewed:
        record.put("last_reviewed", reviewed.isoformat())
    else:
        record.fill("last_reviewed", ("assured_date",), "no assured_date says when it was last checked")


def _listed_values(reader: _Reader, record: _Record, name: str, values: list[str], at: JsonPath) -> None:
    limit = KINDS[name].max_items  # type: ignore[attr-defined]
    if len(values) > limit:
        reader.note(
            at,
            f"has {len(values)} {name}; a record holds at most {limit}: {', '.join(values[limit:])} left out",
        )
    record.put(name, list(dict.fromkeys(values))[:limit])


# --- Writing the record ------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Text safe for a YAML comment: one line, printable characters only."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else " " for c in text)


def _scalar(kind: schema.Kind, value: Any) -> str:
    """A value as the sample records write it: words in double quotes, dates and numbers bare."""
    if isinstance(kind, schema.Choice) and re.fullmatch(r"[A-Za-z][A-Za-z ']*", value):
        return value
    if isinstance(kind, schema.Text | schema.Choice | schema.WebAddress | schema.Email | schema.Phone):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _yaml_fields(
    kind: schema.Object, values: dict[str, Any], prefix: str, indent: str, marked: dict[str, str]
) -> list[str]:
    lines: list[str] = []
    for spec in kind.fields:
        dotted = prefix + spec.name
        mark = f"  # {placeholders.MARK}: {_one_line(marked[dotted])}" if dotted in marked else ""
        if isinstance(spec.kind, schema.Object):
            inner = _yaml_fields(spec.kind, values, dotted + ".", indent + "  ", marked)
            if inner:
                lines += [f"{indent}{spec.name}:", *inner]
            continue
        if dotted not in values:
            continue
        value = values[dotted]
        if isinstance(spec.kind, schema.ListOf) and isinstance(spec.kind.item, schema.Object):
            lines.append(f"{indent}{spec.name}:")
            for index, item in enumerate(value):
                within = f"{dotted}[{index}]."
                marks = {k[len(within) :]: why for k, why in marked.items() if k.startswith(within)}
                inner = _yaml_fields(spec.kind.item, item, "", indent + "    ", marks)
                inner[0] = f"{indent}  - {inner[0].lstrip()}"
                lines += inner
        elif isinstance(spec.kind, schema.ListOf):
            listed = ", ".join(_scalar(spec.kind.item, v) for v in value)
            lines.append(f"{indent}{spec.name}: [{listed}]{mark}")
        elif isinstance(spec.kind, schema.Markdown):
            body = value.strip("\n").split("\n")
            lines.append(f"{indent}{spec.name}: |{'2' if body[0].startswith(' ') else ''}{mark}")
            lines += [f"{indent}  {line}" if line.strip() else "" for line in body]
        else:
            lines.append(f"{indent}{spec.name}: {_scalar(spec.kind, value)}{mark}")
    return lines


def _record_yaml(record: _Record, source: str, reader: _Reader) -> str:
    """The record's file: the modeline, where it came from, the notes, then the fields."""
    service_id = reader.peek(("id",))
    origin = f"{source}, service {service_id}" if isinstance(service_id, str) else source
    header = [
        MODELINE,
        _one_line(f"# Imported from Open Referral UK data ({origin}) by 'sitegen import openreferral'."),
        "# Check every value before publishing it. Values marked PLACEHOLDER were not in the data:",
        "# replace each with the service's own, then delete its mark. Until every mark is gone,",
        "# sitegen validate and sitegen build refuse this record (sitegen serve previews it).",
    ]
    if reader.notes:
        header.append("# What the import noted (JSONPath in the data: what happened):")
        header += [_one_line(f"#   {note}") for note in reader.notes]
    body = _yaml_fields(schema.SERVICE, record.values, "", "", record.placeholders)
    return "\n".join(header + body) + "\n"


def import_into(root: Path, file: Path, force: bool = False) -> ImportResult:
    """Import an Open Referral UK file into root/content/services/, one record per service.

    A record whose file is there already is left alone (and reported as skipped) unless
    ``force`` is true. Raises NotOpenReferral if the file is not Open Referral UK JSON, and
    OSError if it cannot be read.
    """
    from sitegen.load.files import RECORD_SUFFIXES, SERVICES_DIR

    records, notes, holding, warnings = _records(file.read_bytes(), file.name)
    folder = root / SERVICES_DIR
    written: list[Path] = []
    skipped: list[Path] = []
    unfinished: list[tuple[Path, int]] = []
    for slug, text in records.items():
        existing = [folder / f"{slug}{suffix}" for suffix in RECORD_SUFFIXES]
        path = next((p for p in existing if p.exists() or p.is_symlink()), existing[0])
        if path.is_symlink() or (path.exists() and not force):
            skipped.append(path)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(path)
        if holding[slug]:
            unfinished.append((path, holding[slug]))
    return ImportResult(tuple(written), tuple(skipped), tuple(notes), tuple(unfinished), tuple(warnings))
