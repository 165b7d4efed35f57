"""Journeys families make, in a real browser, the way some of them have to make them: keyboard
only, with JavaScript off, with text at 200%; and the quick exit for families who are not safe."""

from __future__ import annotations

import re

FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {lost: true};
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== 'none' || style.backgroundColor === 'rgb(255, 221, 0)';
  const x = rect.left + Math.min(rect.width / 2, 8), y = rect.top + rect.height / 2;
  const top = document.elementFromPoint(x, y);
  return {lost: false, tag: el.tagName, text: (el.innerText || el.value || '').trim().slice(0, 80),
          href: el.getAttribute('href') || '', visible,
          obscured: !(top && (top === el || el.contains(top) || top.contains(el)))};
}"""


def tab_until(page, wanted, limit=120) -> dict:
    """Press Tab until ``wanted(focus)`` holds, checking at every stop that focus is on something,
    can be seen, and is not hidden under anything (WCAG 2.4.7 and 2.4.11)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        assert not focus["lost"], "focus fell back to the page"
        assert focus["visible"], f"no visible focus on {focus}"
        assert not focus["obscured"], f"focus hidden under something: {focus}"
        if wanted(focus):
            return focus
    raise AssertionError("never reached it by keyboard")


def test_keyboard_only_search_filter_open_and_phone(browser, bundled_site):
    _, url = bundled_site
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url)
    tab_until(page, lambda f: f["tag"] == "INPUT")
    page.keyboard.type("stay and play")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=stay+and+play*")
    page.wait_for_function("document.querySelector('.sg-results__count')?.textContent.includes('found')")

    tab_until(page, lambda f: f["text"].startswith("Filter by"))
    page.keyboard.press("Enter")  # opens the filters
    tab_until(page, lambda f: f["tag"] == "SELECT" and "Any day" in f["text"] and "Monday" in f["text"])
    page.keyboard.press("ArrowDown")  # the first day after "any day": Monday
    page.wait_for_function("location.search.includes('day=0')")
    page.wait_for_function("document.querySelector('.sg-results__count')?.textContent.includes('found')")
    count = page.locator(".sg-results__count").inner_text()
    assert re.match(r"\d+ services? found", count), count

    first = page.locator(".sg-results__list > li .sg-card__title a").first
    name = first.inner_text()
    tab_until(page, lambda f: f["tag"] == "A" and f["text"] == name)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name
    assert "Monday" in page.locator(".sg-table").inner_text()
    phone = tab_until(page, lambda f: f["href"].startswith("tel:"))
    assert re.fullmatch(r"tel:\+?\d{10,13}", phone["href"])
    context.close()


def test_without_javascript_a_monday_session_in_banbury_by_browsing(browser, bundled_site):
    _, url = bundled_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    page.get_by_role("link", name="By area").first.click()
    page.get_by_role("link", name="Banbury", exact=True).click()
    assert "Banbury" in page.locator("h1").inner_text()
    mondays = page.locator(".sg-card").filter(has_text="Monday")
    assert mondays.count() >= 1
    mondays.first.locator(".sg-card__title a").click()
    assert "Monday" in page.locator(".sg-table").inner_text()
    assert "Banbury" in page.locator("main").inner_text()
    context.close()


def test_text_at_200_percent_loses_nothing(browser, bundled_site):
    """Text-only zoom to 200% (the root font size doubled, as browsers' text zoom does): no page
    scrolls sideways at a desktop width, and no text is cut off inside a box."""
    _, url = bundled_site
    clipped = """() => [...document.querySelectorAll('main *, header *, footer *')].filter(el => {
        const s = getComputedStyle(el);
        return (s.overflowX === 'hidden' || s.overflowY === 'hidden' || s.textOverflow === 'ellipsis')
          && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
          && !el.classList.contains('sg-visually-hidden') && !el.closest('.sg-visually-hidden, .sg-skip-link');
      }).map(el => el.outerHTML.slice(0, 100))"""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    for path in (
        "",
        "services/little-acorns-stay-and-play/",
        "search/?q=baby",
        "areas/banbury/",
        "guidance/safeguarding/",
        "guidance/risk-assessment-template/",
        "accessibility/",
    ):
        page.goto(url + path)
        page.add_style_tag(content="html { font-size: 200% !important; }")
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), path
        assert page.evaluate(clipped) == [], path
    page.close()


# --- Exit this page -----------------------------------------------------------------------------

NEUTRAL = "https://www.bbc.co.uk/weather"


def neutral_site(context):
    context.route(
        NEUTRAL + "*",
        lambda route: route.fulfill(body="<title>Weather</title>Weather", content_type="text/html"),
    )


def test_every_page_has_an_exit_button_that_leaves_at_once(browser, bundled_site):
    folder, url = bundled_site
    for file in ("index.html", "services/index.html", "guidance/safeguarding/index.html", "404.html"):
        html = (folder / file).read_text(encoding="utf-8")
        assert f'class="sg-exit__button" href="{NEUTRAL}"' in html, file
    context = browser.new_context()
    neutral_site(context)
    page = context.new_page()
    page.goto(url + "search/?q=family+support")
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert "family" not in page.url  # the directory's page was replaced in the history
    context.close()


def test_pressing_shift_three_times_exits_but_typing_capitals_does_not(browser, bundled_site):
    _, url = bundled_site
    context = browser.new_context()
    neutral_site(context)
    page = context.new_page()
    page.goto(url + "search/")
    page.locator("#sg-search-q").click()
    page.keyboard.type("Stay And Play In Banbury")  # Shift with other keys: not an exit
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    assert page.locator(".sg-exit__status").inner_text() == "Shift, press 1 more time to exit."
    assert "/search/" in page.url
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)
    context.close()


def test_without_javascript_the_exit_button_is_a_plain_link(browser, bundled_site):
    _, url = bundled_site
    context = browser.new_context(java_script_enabled=False)
    neutral_site(context)
    page = context.new_page()
    page.goto(url)
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(NEUTRAL)
    context.close()


def test_no_exit_button_unless_site_yml_asks(site_dir):
    from sitegen.build import make_files
    from tests.conftest import TODAY

    _, files = make_files(site_dir, TODAY)
    assert "sg-exit" not in files["index.html"].decode()
