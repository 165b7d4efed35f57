"""The record formats as JSON Schema, for editors: field help, completion and errors while typing.

Made from the declarations in schema.py, so there is still one source of truth; the files in
schema/ are its published copy (``python -m sitegen.commands.jsonschema`` writes them, and a test fails
while they differ). Editors read YAML as YAML 1.2, where ``09:30``, ``yes`` and ``2026-09-07``
are strings and ``2.50`` is a number, so each kind says what it looks like there. sitegen's own
validation stays the judge: it is stricter (real dates, real postcodes) and explains itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sitegen.model import schema
from sitegen.model.schema import (
    Age,
    Choice,
    Date,
    Email,
    Field,
    Kind,
    ListOf,
    Maintainer,
    Markdown,
    Number,
    Object,
    Phone,
    Postcode,
    Price,
    Slug,
    Text,
    Time,
    WebAddress,
    YesNo,
)

FILES = {
    "service.schema.json": ("service", schema.SERVICE, "A service record (content/services/*.yml)"),
    "page.schema.json": ("page", schema.PAGE, "A guidance page's front matter (content/pages/*.md)"),
    "site.schema.json": ("site", schema.SITE, "The site's settings (site.yml)"),
    "term-dates.schema.json": ("term-dates", schema.TERM_DATES, "School term dates (term-dates.yml)"),
}


def kind_schema(kind: Kind) -> dict[str, Any]:
    """One kind of value as JSON Schema, as an editor reading YAML 1.2 would see it."""
    if isinstance(kind, Object):
        return object_schema(kind)
    if isinstance(kind, ListOf):
        items = kind_schema(kind.item)
        listed: dict[str, Any] = {"type": "array", "items": items}
        if kind.min_items:
            listed["minItems"] = kind.min_items
        listed["maxItems"] = kind.max_items
        if isinstance(kind.item, Object):
            return listed
        return {"anyOf": [listed, items]}  # one value where a list is expected is a list of one
    if isinstance(kind, Choice):
        return {"enum": list(kind.options)}
    if isinstance(kind, YesNo):
        return {"enum": [True, False, "yes", "no", "Yes", "No"]}
    if isinstance(kind, Number):
        number: dict[str, Any] = {"type": "integer" if kind.whole else "number"}
        if kind.low != float("-inf"):
            number["minimum"] = kind.low
        if kind.high != float("inf"):
            number["maximum"] = kind.high
        return number
    if isinstance(kind, Date):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if isinstance(kind, Time):
        return {"type": "string", "pattern": r"^([01]?\d|2[0-3])[:.][0-5]\d$"}
    if isinstance(kind, Postcode):
        return {"type": "string", "pattern": r"^\s*[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\s*$"}
    if isinstance(kind, WebAddress):
        return {"type": "string", "pattern": r"^https?://[^\s]+$"}
    if isinstance(kind, Maintainer):
        return {
            "type": "string",
            "pattern": r"^(@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}|[^@\s]+@[^@\s]+\.[^@\s]+)$",
        }
    if isinstance(kind, Email):
        return {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"}
    if isinstance(kind, Phone):
        return {"type": ["string", "integer"]}
    if isinstance(kind, Price):
        return {
            "anyOf": [
                {"enum": ["free", "Free"]},
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^£?\d{1,4}(\.\d{2})?$"},
            ]
        }
    if isinstance(kind, Age):
        return {"type": "string", "pattern": r"^\d{1,2}\s*(months?|years?)$"}
    if isinstance(kind, Slug):
        return {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
    if isinstance(kind, Text | Markdown):
        text: dict[str, Any] = {"type": "string", "minLength": 1}
        if kind.max_length:
            text["maxLength"] = kind.max_length
        return text
    raise TypeError(f"no JSON Schema for {kind!r}")  # a new kind must say how it looks here


def field_schema(spec: Field) -> dict[str, Any]:
    result = {"description": spec.help, **kind_schema(spec.kind)}
    if spec.example not in (None, {}, []):
        result["examples"] = [spec.example]
    return result


def object_schema(kind: Object) -> dict[str, Any]:
    result: dict[str, Any] = {
        "type": "object",
        "properties": {spec.name: field_schema(spec) for spec in kind.fields},
        "additionalProperties": False,
    }
    required = [spec.name for spec in kind.fields if spec.required]
    if required:
        result["required"] = required
    return result


def document(name: str) -> dict[str, Any]:
    slug, kind, title = FILES[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": "Made from sitegen/model/schema.py; see docs/record-format.md for every field with an example.",
        **object_schema(kind),
    }


def render(name: str) -> str:
    return json.dumps(document(name), indent=2, ensure_ascii=False) + "\n"


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        path = folder / name
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(__file__).resolve().parents[2] / "schema"):
        print(path)
