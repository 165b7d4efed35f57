"""The theme's components, as GOV.UK Frontend tests its own: every macro documented, every example rendered and checked with axe."""

from __future__ import annotations

import json

import pytest

from tests import components
from tests.browser import serve
from tests.test_accessibility import axe_violations_at_phone_and_desktop

ALL = components.components()
EXAMPLES = [(c, e) for c in ALL for e in c.examples]
TYPES = {
    "string",
    "integer",
    "boolean",
    "function",
    "Service",
    "list of Service",
    "list of Session",
    "SiteConfig",
    "Pagination",
    "list of Group",
    "list of Report",
}


def _id(value: object) -> str:
    return getattr(value, "macro", None) or getattr(value, "name", "")


def test_every_macro_has_its_documentation_and_every_documented_macro_exists():
    defined = {
        (f"macros/{path.name}", name)
        for path in sorted(components.MACROS.glob("*.html"))
        for name in components.signatures(path)
    }
    assert defined, "no macros found"
    assert {(c.file, c.macro) for c in ALL} == defined


@pytest.mark.parametrize("component", ALL, ids=_id)
def test_every_parameter_is_documented_as_the_signature_has_it(component):
    signature = components.signatures(components.MACROS / component.file.removeprefix("macros/"))[
        component.macro
    ]
    assert tuple(p.name for p in component.params) == signature.params
    for param in component.params:
        assert param.type in TYPES, param.name
        assert param.description, param.name
        assert param.required == (param.name not in signature.optional), (
            f"{param.name}: the signature {'gives no' if param.required else 'gives a'} default"
        )
    # a macro that calls caller() says what its {% call %} body is, and only such a macro
    assert (component.caller is not None) == signature.uses_caller
    assert component.description.strip()


@pytest.mark.parametrize("component", ALL, ids=_id)
def test_every_example_gives_each_required_parameter_and_no_unknown_one(component):
    assert component.examples, "at least one example"
    required = {p.name for p in component.params if p.required}
    for example in component.examples:
        given = set(example.arguments)
        assert required <= given, f"{example.name}: missing {required - given}"
        assert given <= set(component.types), (
            f"{example.name}: not parameters: {given - set(component.types)}"
        )
        assert example.caller is None or component.caller is not None, example.name


@pytest.mark.parametrize(
    ("component", "example"), EXAMPLES, ids=[f"{c.macro}: {e.name}" for c, e in EXAMPLES]
)
def test_every_example_renders(component, example):
    html = components.render_example(components.environment(), component, example)
    assert "Undefined" not in html and "None" not in html
    if not example.name.endswith("which shows nothing"):
        assert html.strip()


def test_the_examples_are_what_a_build_makes_of_them():
    """An example's record is modelled by the build's own code: a paused service is paused, a
    fortnightly session is fortnightly, a site without contact_email offers no email."""
    card = next(c for c in ALL if c.macro == "service_card")
    paused = next(e for e in card.examples if e.name.startswith("Paused"))
    made = components.arguments(card, paused)
    assert made["service"].status == "paused" and made["heading"] == 3
    env = components.environment()
    assert "sg-card--paused" in components.render_example(env, card, paused)
    problem = next(c for c in ALL if c.macro == "report_problem")
    for example in problem.examples:
        html = components.render_example(env, problem, example)
        assert ("mailto:" in html) == (example.arguments["site"].get("contact_email", "") is not None)


@pytest.mark.slow
def test_no_axe_violations_in_any_example_at_phone_and_desktop_widths(browser, tmp_path):
    made = components.write_pages(tmp_path)
    assert len(made) == len(EXAMPLES)
    found = {}
    with serve(tmp_path) as url:
        context = browser.new_context()
        page = context.new_page()
        for address, title in made:
            response, at_widths = axe_violations_at_phone_and_desktop(page, url + address)
            assert response.status == 200
            found |= {f"{title} at {width}px": v for width, v in at_widths.items() if v}
        context.close()
    assert found == {}, json.dumps(found, indent=1)
