"""WCAG 1.4.10 Reflow: at 320 CSS pixels wide, no page of the bundled site scrolls sideways, with
every disclosure open.

Wide tables (the guidance templates') scroll inside their own focusable box instead, which the
criterion allows for data tables; the service timetable stacks its rows."""

from __future__ import annotations

import pytest

# Every disclosure open first: a closed <details> hides what is too wide (the search page's filters)
WIDEST_ELEMENTS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('[aria-expanded="false"]').forEach(b => b.click());
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.sg-table-scroll'))
    .slice(0, 3).map(el => el.outerHTML.slice(0, 120));
}"""


@pytest.mark.slow
def test_no_page_scrolls_sideways_at_320_pixels(browser, bundled_site):
    folder, url = bundled_site
    paths = sorted(str(p.relative_to(folder).parent) + "/" for p in folder.rglob("index.html"))
    paths = ["" if p == "./" else p for p in paths] + ["404.html"]
    assert len(paths) > 100
    page = browser.new_page(viewport={"width": 320, "height": 640})
    too_wide = {}
    for path in paths:
        page.goto(url + path)
        found = page.evaluate(WIDEST_ELEMENTS)
        if found:
            too_wide[path] = found
    page.close()
    assert too_wide == {}


def test_a_wide_template_table_scrolls_in_a_named_box_that_keyboards_reach(browser, bundled_site):
    _, url = bundled_site
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(url + "guidance/risk-assessment-template/")
    boxes = page.locator(".sg-table-scroll")
    wide = boxes.evaluate_all("all => all.findIndex(el => el.scrollWidth > el.clientWidth)")
    assert wide >= 0  # the hazards table is wider than a phone
    box = boxes.nth(wide)
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    named_by = box.get_attribute("aria-labelledby")
    assert named_by and page.locator(f"#{named_by}").count() == 1
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle())
    page.close()


@pytest.mark.parametrize("width", [320, 360])
def test_the_search_page_with_every_filter_chosen_stays_inside_a_phone(browser, bundled_site, width):
    """The filters open, each select on its longest option (a "Run by" name is over 400 px wide)."""
    _, url = bundled_site
    page = browser.new_page(viewport={"width": width, "height": 640})
    page.goto(url + "search/?q=play&near=OX4")
    page.wait_for_selector(".sg-results__count:not(:empty)")
    page.evaluate(
        """() => document.querySelectorAll('#sg-filters select').forEach(select => {
             const longest = [...select.options].sort((a, b) => b.text.length - a.text.length)[0];
             select.value = longest.value;
             select.dispatchEvent(new Event('change', { bubbles: true }));
           })"""
    )
    # as a shared link with every choice in it (read from the page itself: Playwright's page.url
    # can lag behind history.replaceState): the filters open themselves
    page.wait_for_function("location.search.includes('runby=')")
    page.goto(page.evaluate("location.href"))
    page.wait_for_selector(".sg-results__count:not(:empty)")
    assert page.locator("#sg-filters").evaluate("d => d.open")
    assert page.evaluate(WIDEST_ELEMENTS) == []
    page.close()
