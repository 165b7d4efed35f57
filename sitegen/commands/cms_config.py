"""Make a Decap CMS or Sveltia CMS ``config.yml`` from the record schema.

Optional: a browser editor for the records, for councils that can run the OAuth relay it needs to
sign people in with GitHub (docs/cms.md). Made from the declarations in schema.py, as the field
reference and the JSON Schemas are, so a field added there appears in the editor's form with its
help text: a choice as a drop-down (``select``), sessions and other repeated groups as a ``list``
of fields, dates and times as ``datetime`` pickers that write ``2026-09-07`` and ``09:30``, yes or
no as a tick box, every optional field marked ``required: false`` (the editors' default is
required). sitegen's own validation stays the judge: the pull request checks run on every change
the editor makes.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

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
    Text,
    Time,
    WebAddress,
    YesNo,
)

KINDS = ("decap", "sveltia")

# Patterns the editor checks as people type (JavaScript regular expressions), with the message it
# shows; each accepts what the kind's own parse accepts, or a little more (sitegen then explains).
PATTERNS: dict[type[Kind], tuple[str, str]] = {
    Postcode: (r"^\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\s*$", "a UK postcode such as OX4 3QP"),
    WebAddress: (r"^https?://\S+$", "a web address starting https://"),
    Email: (r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "an email address such as hello@example.org.uk"),
    Phone: (r"^[0-9 ()+-]{10,20}$", "a UK phone number such as 01865 123456"),
    Price: (r"^([Ff]ree|£?[0-9]{1,4}(\.[0-9]{2})?)$", "free, or an amount in pounds such as 2.50"),
    Age: (r"^[0-9]{1,2}\s*(months?|years?)$", "an age such as 18 months or 4 years"),
    Maintainer: (
        r"^(@[A-Za-z0-9](-?[A-Za-z0-9]){0,38}|[^@\s]+@[^@\s]+\.[^@\s]+)$",
        "a GitHub username such as @sarah-jones, or an email address",
    ),
}


def label(name: str) -> str:
    """A field's name as a form label: 'term_time_only' is 'Term time only'."""
    return name.replace("_", " ").capitalize()


def widget(kind: Kind) -> dict[str, Any]:
    """The editor's widget and its options for one kind of value."""
    if isinstance(kind, Object):
        return {"widget": "object", "collapsed": False, "fields": [field(spec) for spec in kind.fields]}
    if isinstance(kind, ListOf):
        sized = {"min": kind.min_items} if kind.min_items else {}
        sized["max"] = kind.max_items
        if isinstance(kind.item, Choice):
            return {"widget": "select", "multiple": True, "options": list(kind.item.options), **sized}
        if isinstance(kind.item, Object):
            return {
                "widget": "list",
                "fields": [field(spec) for spec in kind.item.fields],
                **sized,
            }
        return {
            "widget": "list",
            "field": {"label": "Item", "name": "item", "required": True, **widget(kind.item)},
            **sized,
        }
    if isinstance(kind, Choice):
        return {"widget": "select", "options": list(kind.options)}
    if isinstance(kind, YesNo):
        return {"widget": "boolean"}
    if isinstance(kind, Number):
        number: dict[str, Any] = {"widget": "number", "value_type": "int" if kind.whole else "float"}
        if kind.low != float("-inf"):
            number["min"] = kind.low
        if kind.high != float("inf"):
            number["max"] = kind.high
        return number
    if isinstance(kind, Date):
        # picker_utc: the date a person picks is the date written, wherever their computer is
        return {
            "widget": "datetime",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "picker_utc": True,
            "default": "",
        }
    if isinstance(kind, Time):
        return {"widget": "datetime", "date_format": False, "time_format": "HH:mm", "default": ""}
    if isinstance(kind, Markdown):
        return {"widget": "markdown"}
    for kind_type, (pattern, message) in PATTERNS.items():
        if isinstance(kind, kind_type):
            return {"widget": "string", "pattern": [pattern, message]}
    if isinstance(kind, Text):
        # longer text gets a box of several lines; every text has its length checked as it is typed
        return {
            "widget": "text" if kind.max_length > 200 else "string",
            "pattern": [f"^[\\s\\S]{{1,{kind.max_length}}}$", f"at most {kind.max_length} characters"],
        }
    raise TypeError(f"no editor widget for {kind!r}")  # a new kind must say how it is edited


def field(spec: Field) -> dict[str, Any]:
    """One schema field as the editor's field: label, name, help as the hint, required or not."""
    return {
        "label": label(spec.name),
        "name": spec.name,
        "required": spec.required,
        "hint": spec.help,
        **widget(spec.kind),
    }


def repository_name(repository: str) -> str:
    """'owner/name' from the repository's address, as the editors' github backend wants it."""
    match = re.fullmatch(r"https?://github\.com/([^/]+/[^/]+?)(\.git)?/?", repository)
    if not match:
        raise ValueError(f"{repository} is not a GitHub repository's address")
    return match[1]


def config(kind: str, repository: str, branch: str, relay: str) -> dict[str, Any]:
    """The whole config.yml for Decap (changes become pull requests, forks for people without
    write access) or Sveltia (changes are committed to the branch: council staff only)."""
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not one of {', '.join(KINDS)}")
    backend: dict[str, Any] = {
        "name": "github",
        "repo": repository_name(repository),
        "branch": branch,
        "base_url": relay,
    }
    result: dict[str, Any] = {"backend": backend}
    if kind == "decap":
        # every change a pull request, checked like any other; people without write access work in
        # a fork of their own, as with GitHub's web editor
        backend["open_authoring"] = True
        result["publish_mode"] = "editorial_workflow"
    result["media_folder"] = "content/media"  # both editors insist on one; records hold no images
    result["collections"] = [
        {
            "name": "services",
            "label": "Services",
            "label_singular": "Service",
            "description": "One record per service: its sessions, venue, cost and how to get in touch.",
            "folder": "content/services",
            "extension": "yml",
            "format": "yml",
            "create": True,
            "delete": False,
            "slug": "{{slug}}",
            "identifier_field": "name",
            "summary": "{{name}}",
            "fields": [field(spec) for spec in schema.SERVICE.fields],
        },
        {
            "name": "pages",
            "label": "Guidance pages",
            "label_singular": "Guidance page",
            "description": "The guide for community groups, one page each.",
            "folder": "content/pages",
            "extension": "md",
            "format": "frontmatter",
            "create": True,
            "delete": False,
            "slug": "{{slug}}",
            "identifier_field": "title",
            "fields": [
                *(field(spec) for spec in schema.PAGE.fields),
                {
                    "label": "Body",
                    "name": "body",
                    "required": True,
                    "hint": "The page, in Markdown: '## ' starts a section, '- ' a list item.",
                    "widget": "markdown",
                },
            ],
        },
    ]
    return result


def render(kind: str, repository: str, branch: str, relay: str) -> str:
    """config.yml's text, with a first line saying where it came from."""
    head = (
        f"# {kind.capitalize()} CMS configuration, made by 'sitegen cms-config --kind {kind}' from "
        "sitegen/model/schema.py.\n# Make it again after changing the record format; docs/cms.md "
        "says what it is for.\n"
    )
    data = config(kind, repository, branch, relay)
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
