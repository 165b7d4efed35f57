"""The theme's components: each macro's documented parameters and examples, made into pages with the real code.

The format of macros/*.yaml, and how each parameter type is written in an example, is in
themes/default/templates/macros/README.md. Records and settings in examples become model objects
through the code a build uses (content.model_service, config.site_config, pages, feedback), so an
example can only show what a real record or site.yml could make.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2 import nodes
from markupsafe import Markup

from sitegen.commands import scaffold
from sitegen.load import home, vendor
from sitegen.load.source import load_yaml, load_yaml_text
from sitegen.model import Service, Site, SiteConfig, config, content, groups, slugify
from sitegen.site import feedback, render
from sitegen.site import plan as pages

MACROS = home.path("themes/default/templates/macros")
TODAY = dt.date(2026, 11, 24)  # the examples' date (README.md), the tests' TODAY too
PAGE_TEMPLATE = "components/example.html"
PAGE = """{% extends "base.html" %}
{% block main %}
<h1 class="sg-heading-xl">{{ page.title }}</h1>
<h2 class="sg-heading-m">{{ example_name }}</h2>
{{ example }}
{% endblock %}
"""


@dataclass(frozen=True)
class Signature:
    """A macro as its template defines it: parameter names, which have defaults, whether it calls caller()."""

    params: tuple[str, ...]
    optional: frozenset[str]
    uses_caller: bool


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Example:
    name: str
    arguments: dict[str, Any]
    caller: str | None = None


@dataclass(frozen=True)
class Component:
    """One macro and its documentation, from NAME.yaml beside NAME.html."""

    file: str  # the template, 'macros/notice.html'
    macro: str
    description: str
    params: tuple[Param, ...]
    examples: tuple[Example, ...]
    caller: str | None = None
    inside: str | None = None

    @property
    def types(self) -> dict[str, str]:
        return {p.name: p.type for p in self.params}

    @property
    def slug(self) -> str:
        return self.macro.replace("_", "-")


def signatures(template: Path) -> dict[str, Signature]:
    """Every macro a template defines, read with Jinja's own parser."""
    tree = jinja2.Environment().parse(template.read_text(encoding="utf-8"))
    found = {}
    for macro in tree.find_all(nodes.Macro):
        names = tuple(arg.name for arg in macro.args)
        optional = frozenset(names[len(names) - len(macro.defaults) :])
        uses_caller = any(n.name == "caller" for n in macro.find_all(nodes.Name))
        found[macro.name] = Signature(names, optional, uses_caller)
    return found


def documented(path: Path) -> dict[str, Any]:
    """A component file read as records are: sitegen's loader, nothing typed by guesswork."""
    document, problems = load_yaml_text(path.name, path.read_text(encoding="utf-8"))
    assert document is not None and not problems, problems
    return document.data


def components(folder: Path = MACROS) -> list[Component]:
    found = []
    for path in sorted(folder.glob("*.yaml")):
        for macro, doc in documented(path).items():
            examples = tuple(
                Example(e["name"], e.get("arguments") or {}, e.get("caller"))
                for e in doc.get("examples") or ()
            )
            params = tuple(_param(p) for p in doc.get("params") or ())
            found.append(
                Component(
                    file=f"macros/{path.stem}.html",
                    macro=macro,
                    description=doc["description"],
                    params=params,
                    examples=examples,
                    caller=doc.get("caller"),
                    inside=doc.get("inside"),
                )
            )
    return found


def _param(doc: dict[str, Any]) -> Param:
    assert set(doc) == {"name", "type", "required", "description"}, doc
    return Param(
        doc["name"], doc["type"], BOOLEANS[doc["required"].lower()], " ".join(doc["description"].split())
    )


# --- example values into what the macro gets ---------------------------------------------------


def _record_yaml(data: dict[str, Any]) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")


def _new_record(name: str) -> dict[str, Any]:
    document, _ = load_yaml_text("new.yml", scaffold.service_record(name, TODAY))
    return document.data


def service(fields: dict[str, Any]) -> Service:
    """A service record's fields over those 'sitegen new service' starts with, modelled as a build does."""
    name = fields.get("name", "Example Stay and Play")
    record = _new_record(name) | fields
    file = f"content/services/{slugify(name)}.yml"
    terms = _terms()
    made, problems = content.model_service(file, _record_yaml(record), terms, TODAY, 12)
    assert made is not None, [str(p) for p in problems]
    return made


def site_config(fields: dict[str, Any]) -> SiteConfig:
    """site.yml's fields over those 'sitegen init' writes, checked as a build does."""
    text = scaffold.SITE_TEMPLATE.format(
        title='"Testshire Families"', council='"Testshire County Council"', today=TODAY.isoformat()
    )
    document, _ = load_yaml_text("site.yml", text)
    settings, problems = load_yaml("site.yml", _record_yaml(document.data | fields))
    made, more = config.site_config(settings)
    problems += more
    assert made is not None, [str(p) for p in problems]
    return made


def _terms():
    terms, problems = config.term_dates("term-dates.yml", home.path("term-dates.yml").read_bytes(), TODAY)
    assert not problems, problems
    return terms


BOOLEANS = {"yes": True, "true": True, "no": False, "false": False}
GROUPINGS = {
    "areas": groups.areas,
    "towns": lambda services: groups.towns(groups.areas(services)),
    "types": groups.service_types,
    "days": groups.weekdays,
}


def _url(address: str) -> Callable[[str], str]:
    return lambda target: render.relative_url(address, target)


def arguments(component: Component, example: Example) -> dict[str, Any]:
    """The example's arguments as the macro gets them, each made by its parameter's type."""
    made: dict[str, Any] = {}
    later = {}
    for name, value in example.arguments.items():
        kind = component.types[name]
        if value is None:
            made[name] = None
        elif kind == "string":
            made[name] = str(value)
        elif kind == "integer":
            made[name] = int(value)
        elif kind == "boolean":
            made[name] = BOOLEANS[value.lower()]
        elif kind == "function":
            made[name] = _url(value)
        elif kind == "Service":
            made[name] = service(value)
        elif kind == "list of Service":
            made[name] = tuple(service(v) for v in value)
        elif kind == "list of Session":
            made[name] = service({"sessions": value}).sessions
        elif kind == "SiteConfig":
            made[name] = site_config(value)
        elif kind == "Pagination":
            cut = pages.paginate(tuple(range(int(value["items"]))), value["list"])
            made[name] = cut[int(value["page"]) - 1][1]
        elif kind == "list of Group":
            made[name] = GROUPINGS[value["by"]](service(v) for v in value["services"])
        elif kind == "list of Report":
            later[name] = value  # made from the example's site and service
        else:
            raise ValueError(f"{component.macro}: {name} has a type no example can be made of: {kind!r}")
    for name, value in later.items():
        made[name] = feedback.listing_reports(made["site"], made["s"], value["page"])
    return made


# --- rendering ------------------------------------------------------------------------------------


def environment() -> jinja2.Environment:
    """The default theme's environment, as a build has it, that also knows the example page."""
    env = render.Theme.for_site(Path("."), None).environment()
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({PAGE_TEMPLATE: PAGE}), env.loader])
    return env


def render_example(env: jinja2.Environment, component: Component, example: Example) -> str:
    macro = getattr(env.get_template(component.file).module, component.macro)
    kwargs = arguments(component, example)
    if example.caller is not None:
        kwargs["caller"] = lambda: Markup(example.caller)
    html = str(macro(**kwargs))
    if component.inside:
        tag = component.inside[1:].split(None, 1)[0].rstrip(">")
        html = f"{component.inside}{html}</{tag}>"
    return html


def example_pages(env: jinja2.Environment | None = None) -> Iterator[tuple[str, str, str]]:
    """(address, title, html) of a page of the site for each example, in the real base page."""
    env = env or environment()
    files = render.Theme.for_site(Path("."), None).static_files() | vendor.files()
    prints = render.fingerprints(files)
    site = Site(site_config({}), (), (), _terms(), TODAY)
    for component in components():
        for number, example in enumerate(component.examples, 1):
            address = f"components/{component.slug}/{number}/"
            page = pages.PlannedPage(
                url=address,
                template=PAGE_TEMPLATE,
                title=f"Component: {component.macro}",
                data={
                    "example": Markup(render_example(env, component, example)),
                    "example_name": example.name,
                },
            )
            yield address, f"{component.macro}: {example.name}", render.render_page(env, site, page, prints)


def write_pages(folder: Path) -> list[tuple[str, str]]:
    """Every example's page, the theme's files and an index page into ``folder``: (address, title)."""
    files = render.Theme.for_site(Path("."), None).static_files() | vendor.files()
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    made = []
    for address, title, html in example_pages():
        (folder / address).mkdir(parents=True, exist_ok=True)
        (folder / address / "index.html").write_text(html, encoding="utf-8")
        made.append((address, title))
    items = "\n".join(f'<li><a href="{a}">{Markup.escape(t)}</a></li>' for a, t in made)
    (folder / "index.html").write_text(
        f'<!DOCTYPE html>\n<html lang="en-GB"><meta charset="utf-8"><title>Components</title>'
        f'<link rel="stylesheet" href="assets/site.css"><main class="sg-width"><h1>Components</h1>'
        f"<ul>{items}</ul></main></html>\n",
        encoding="utf-8",
    )
    return made
