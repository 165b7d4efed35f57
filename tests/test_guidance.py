"""Guidance for community groups: an ordered series, callouts and checklists, templates, the whole guide."""

import json
import re
from urllib.parse import parse_qs, urlsplit

from sitegen.commands.links import broken_links
from tests import search_data
from tests.conftest import TODAY, edit, write
from tests.jsrun import run_js

INSURANCE = """---
title: Insurance
summary: The cover your group needs.
order: 3
last_reviewed: 2026-09-01
---
## Public liability

You need it. See [safeguarding](../safeguarding/) and [a policy](../safeguarding/#a-policy).

> [!WARNING]
> Check that the hall's insurance covers **you**.

> [!TIP]
> Ask other groups who they use.

- [ ] You have public liability insurance
- [x] You have read the hall's hire agreement

## Employers' liability

Only if you employ anyone. Back to [public liability](#public-liability).
"""

REGISTER = """---
title: Session register
summary: A register to print for each session.
kind: template
order: 1
last_reviewed: 2026-09-01
---
## Register

| Child's first name | Adult's name | Phone |
| --- | --- | --- |
|  |  |  |
"""


def guide_site(site_dir):
    write(site_dir, "content/pages/insurance.md", INSURANCE)
    write(site_dir, "content/pages/session-register.md", REGISTER)
    return search_data.make_files_with_whole_index(site_dir, TODAY)


def text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode())).strip()


def test_guide_pages_form_an_ordered_series_with_step_x_of_y(site_dir):
    _, files = guide_site(site_dir)
    start = files["guidance/start-here/index.html"].decode()
    middle = files["guidance/safeguarding/index.html"].decode()
    last = files["guidance/insurance/index.html"].decode()
    assert "step 1 of 3" in start and "step 2 of 3" in middle and "step 3 of 3" in last
    assert 'rel="prev"' not in start and 'href="../../guidance/safeguarding/" rel="next"' in start
    assert 'href="../../guidance/start-here/" rel="prev"' in middle
    assert 'href="../../guidance/insurance/" rel="next"' in middle
    assert 'href="../../guidance/safeguarding/" rel="prev"' in last and 'rel="next"' not in last
    index = files["guidance/index.html"].decode()
    assert index.index("Start here") < index.index("Safeguarding") < index.index("Insurance")
    assert 'aria-current="page"' in middle


def test_each_page_has_on_this_page_links_summary_and_review_date(site_dir):
    _, files = guide_site(site_dir)
    page = files["guidance/insurance/index.html"].decode()
    assert '<a href="#public-liability">Public liability</a>' in page
    assert '<a href="#employers-liability">Employers&#39; liability</a>' in page
    assert "The cover your group needs." in page
    assert "Last reviewed on 1 September 2026." in page


def test_a_page_not_reviewed_for_over_a_year_says_so(site_dir):
    edit(site_dir, "content/pages/safeguarding.md", "last_reviewed: 2026-10-01", "last_reviewed: 2025-10-01")
    _, files = guide_site(site_dir)
    assert "This page may be out of date" in text(files["guidance/safeguarding/index.html"])
    assert "It was last reviewed 13 months ago" in text(files["guidance/safeguarding/index.html"])
    assert "This page may be out of date" not in text(files["guidance/insurance/index.html"])


def test_callouts_and_checklists_render_from_markdown(site_dir):
    _, files = guide_site(site_dir)
    page = files["guidance/insurance/index.html"].decode()
    assert (
        '<div class="sg-callout sg-callout--warning"><p class="sg-callout__title">Warning</p>'
        "<p>Check that the hall's insurance covers <strong>you</strong>.</p>"
    ) in page.replace("&#39;", "'")
    assert '<div class="sg-callout sg-callout--tip"><p class="sg-callout__title">Tip</p>' in page
    assert '<ul class="sg-checklist">' in page
    assert '<li class="sg-checklist__item">You have public liability insurance</li>' in page
    assert (
        '<li class="sg-checklist__item sg-checklist__item--done"><span class="sg-visually-hidden">Done: '
        "</span>You have read the hall's hire agreement</li>"
    ) in page.replace("&#39;", "'")


def test_an_unknown_callout_is_an_error_with_its_line(sitegen, site_dir):
    write(site_dir, "content/pages/insurance.md", INSURANCE.replace("> [!TIP]", "> [!NOTE]"))
    result = sitegen("validate", "--root", site_dir, "--today", "2026-11-24")
    assert result.code == 1
    assert "content/pages/insurance.md:14: [!NOTE] is not a kind of callout" in result.err
    assert "use one of: [!IMPORTANT], [!TIP], [!WARNING]" in result.err


def test_templates_are_printable_pages_outside_the_series(site_dir):
    _, files = guide_site(site_dir)
    register = files["guidance/session-register/index.html"].decode()
    assert "a template to print and fill in" in register
    assert (
        "step" not in text(files["guidance/session-register/index.html"]).split("Session register")[0].lower()
    )
    assert 'data-module="sg-print" data-label="Print this template"' in register
    assert "<th>Child's first name</th>" in register
    index = files["guidance/index.html"].decode()
    assert "Templates to print and fill in" in index
    assert 'href="../guidance/session-register/"' in index
    assert "The guide has 3 steps" in index


def test_whole_guide_holds_every_page_in_order_with_working_links(site_dir):
    _, files = guide_site(site_dir)
    whole = files["guidance/whole-guide/index.html"].decode()
    titles = [m for m in re.findall(r'<h2 class="sg-heading-l" id="([a-z0-9-]+)">', whole)]
    assert titles == ["start-here", "safeguarding", "insurance", "session-register", "sg-whole-help"]
    assert 'id="insurance--public-liability"' in whole  # headings keep unique ids
    # Links between pages, and within a page, stay inside the whole guide.
    assert re.search(r'<a href="#safeguarding"[^>]*>safeguarding</a>', whole)
    assert re.search(r'<a href="#safeguarding--a-policy"[^>]*>a policy</a>', whole)
    assert re.search(r'<a href="#insurance--public-liability"[^>]*>public liability</a>', whole)
    ids = re.findall(r' id="([^"]+)"', whole)
    assert len(ids) == len(set(ids))
    assert "sg-header__nav" in whole  # the page has navigation on screen; print CSS hides it
    assert broken_links(files, "/children-services/") == []


def test_print_stylesheet_hides_navigation_and_writes_out_link_addresses():
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "themes/default/static/site.css").read_text()
    print_rules = css[css.index("@media print") :]
    for hidden in (".sg-header__nav", ".sg-breadcrumbs", ".sg-pagination", ".sg-guide__contents"):
        assert hidden in print_rules
    assert 'content: " (" attr(href) ")"' in print_rules


def test_every_guidance_page_offers_to_report_a_problem(site_dir):
    _, files = guide_site(site_dir)
    page = files["guidance/insurance/index.html"].decode()
    link = re.search(r'<a href="([^"]+)">Report a problem with this page</a>', page)
    assert link
    issue = urlsplit(link[1].replace("&amp;", "&"))
    assert issue.path == "/example/children-services/issues/new"
    fields = parse_qs(issue.query)
    assert fields["title"] == ["Problem with page: Insurance"]
    assert "File: content/pages/insurance.md" in fields["body"][0]
    assert "mailto:info@example.gov.uk?subject=Problem%20with%20page%3A%20Insurance" in page


def test_every_guidance_page_shows_how_to_reach_a_coordinator(site_dir):
    _, files = guide_site(site_dir)
    for name in ("guidance/start-here/index.html", "guidance/insurance/index.html", "guidance/index.html"):
        page = files[name].decode()
        assert "co-ordinators@example.gov.uk" in page and 'href="tel:01632960001"' in page


def test_reserved_page_name_is_refused(sitegen, site_dir):
    write(site_dir, "content/pages/whole-guide.md", INSURANCE.replace("order: 3", "order: 4"))
    result = sitegen("validate", "--root", site_dir, "--today", "2026-11-24")
    assert (
        "content/pages/whole-guide.md:1: 'whole-guide' is the address of a page sitegen makes" in result.err
    )


def test_two_guide_pages_cannot_share_a_step_number(sitegen, site_dir):
    write(site_dir, "content/pages/insurance.md", INSURANCE.replace("order: 3", "order: 2"))
    result = sitegen("validate", "--root", site_dir, "--today", "2026-11-24")
    assert result.code == 1
    assert "order: 2 is also the order of content/pages/insurance.md" in result.err


def test_guidance_pages_are_in_the_site_search(site_dir):
    _, files = guide_site(site_dir)
    store = json.loads(files["search/columns.json"])
    found = run_js(
        """
        const index = lunr.Index.load(d.unpack(input.index));
        console.log(JSON.stringify(['insurance', 'public liability', 'register'].map(q =>
          d.search(index, q).map(m => +m.ref))));
        """,
        {"index": json.loads(files["search/index.json"])},
    )
    services = store["count"]
    pages = [p[0] for p in store["pages"]]
    assert [pages[r - services] for r in found[0]] == ["insurance"]
    assert [pages[r - services] for r in found[1]] == ["insurance"]
    assert [pages[r - services] for r in found[2]] == ["session-register"]


# --- the bundled guide: the framework that replaces the council's PDF -----------------------------

BUNDLED_GUIDE = [
    "start-here",
    "planning-a-service",
    "safeguarding",
    "premises-health-and-safety",
    "insurance",
    "ofsted-registration",
    "data-protection",
    "running-sessions",
    "working-with-health-and-family-centres",
    "transition-fund",
    "other-funding",
    "monitoring-and-impact",
    "talking-to-a-community-co-ordinator",
]
BUNDLED_TEMPLATES = ["risk-assessment-template", "session-register-template", "safeguarding-policy-template"]


def test_the_bundled_guide_covers_the_framework_in_order(bundled_site):
    folder, _ = bundled_site
    index = (folder / "guidance/index.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="\.\./guidance/([a-z-]+)/"|href="([a-z-]+)/"', index)
    order = [a or b for a, b in linked if (a or b) in BUNDLED_GUIDE + BUNDLED_TEMPLATES]
    assert [s for s in dict.fromkeys(order) if s in BUNDLED_GUIDE] == BUNDLED_GUIDE
    assert {s for s in order if s in BUNDLED_TEMPLATES} == set(BUNDLED_TEMPLATES)
    for step, slug in enumerate(BUNDLED_GUIDE, 1):
        html = (folder / f"guidance/{slug}/index.html").read_text(encoding="utf-8")
        assert f"step {step} of {len(BUNDLED_GUIDE)}" in html, slug
        sections = re.findall(r'<h2 id="([^"]+)"', html)
        assert len(sections) >= 4, slug  # sections, each listed under "On this page"
        for section in sections:
            assert f'href="#{section}"' in html, (slug, section)


def test_the_bundled_guide_says_what_matters_most(bundled_site):
    folder, _ = bundled_site

    def text(slug: str) -> str:
        html = (folder / f"guidance/{slug}/index.html").read_text(encoding="utf-8")
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    assert "call 999" in text("safeguarding") and "0808 800 5000" in text("safeguarding")
    assert "DBS" in text("safeguarding") and "designated safeguarding lead" in text("safeguarding")
    assert "stay with their children" in text("ofsted-registration")
    assert "ICO" in text("data-protection")
    assert "public liability" in text("insurance").lower()
    # the co-ordinators' contacts from site.yml, on the page about talking to them
    assert "community.north@example.gov.uk" in text("talking-to-a-community-co-ordinator")


def test_the_bundled_guide_shows_the_stale_notice_only_where_due(bundled_site):
    folder, _ = bundled_site
    for slug in BUNDLED_GUIDE + BUNDLED_TEMPLATES:
        html = (folder / f"guidance/{slug}/index.html").read_text(encoding="utf-8")
        assert ("This page may be out of date" in html) == (slug == "other-funding"), slug


def test_the_bundled_whole_guide_holds_every_page_and_its_links_stay_inside(bundled_site):
    folder, _ = bundled_site
    whole = (folder / "guidance/whole-guide/index.html").read_text(encoding="utf-8")
    positions = [whole.index(f'id="{slug}"') for slug in BUNDLED_GUIDE]
    assert positions == sorted(positions)
    assert not re.search(r'href="\.\./(' + "|".join(BUNDLED_GUIDE) + r")/", whole)


def test_the_bundled_guide_links_only_to_secure_addresses(bundled_site):
    folder, _ = bundled_site
    for slug in BUNDLED_GUIDE + BUNDLED_TEMPLATES:
        html = (folder / f"guidance/{slug}/index.html").read_text(encoding="utf-8")
        assert not re.search(r'href="http:', html), slug
