"""Links anyone can craft, and a device's storage gone bad, leave a family's page whole in real Chromium.

A shared shortlist link or a search address can carry any text: ids and places that are the
names of JavaScript's own properties (``constructor``, ``__proto__``), right-to-left overrides,
thousands of ids. What the family sees is checked: no script error, the services the link or
the device really names and no others, no "NaN", a plain message for a place nobody knows, and
the sentences that repeat text from the address still reading in their own order on screen.
"""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import SMALL_SITE, TODAY
from tests.shortlist_rule import MOST, kept_ids

SHORTLIST_COUNT = ".sg-shortlist__count"
SHORTLIST_NAMES = ".sg-shortlist__list .sg-card__title"
COUNT = ".sg-results__count"
NEAR_MESSAGE = "#sg-near-message"
RESULTS = ".sg-results__list > li"
ACORNS, OAK = "Acorns Stay and Play", "Oak Baby Clinic"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: shows the text after it backwards, up to the paragraph's end
PROTOTYPE_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]


@pytest.fixture
def watched(browser):
    """A fresh page (own storage) and the list of its script errors and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield opened, errors
    context.close()


def settle(page, errors: list[str], selector: str, words: str) -> str:
    """Wait until ``selector``'s text has ``words`` in it; a script error fails at once, by name."""
    try:
        page.wait_for_function(
            "([selector, words]) => (document.querySelector(selector).textContent || '').includes(words)",
            arg=[selector, words],
            timeout=10_000,
        )
    except Exception as error:  # noqa: BLE001 - a timeout says less than the page's own error
        raise AssertionError(f"{selector} never said {words!r}; script errors: {errors}") from error
    assert errors == [], errors
    return page.locator(selector).inner_text()


def page_text_has_no_nan(page) -> None:
    text = page.locator("body").inner_text()
    assert "NaN" not in text and "undefined" not in text, text


# ---- A shared shortlist link ----


@pytest.mark.parametrize(
    ("ids", "shown"),
    [
        ("constructor", []),
        ("__proto__", []),
        (",".join(PROTOTYPE_NAMES), []),
        ("constructor,acorns,__proto__", [ACORNS]),
        ("acorns,acorns,oak-clinic,acorns", [ACORNS, OAK]),  # each service once
        ("oak-clinic,nothing-like-this,acorns", [OAK, ACORNS]),  # the link's order
    ],
)
def test_a_shared_link_shows_the_services_it_names_and_ignores_the_rest(watched, small_site_url, ids, shown):
    page, errors = watched
    page.goto(small_site_url + "shortlist/?ids=" + ids)
    settle(page, errors, SHORTLIST_COUNT, "shar" if shown else "link")
    assert page.locator(SHORTLIST_NAMES).all_inner_texts() == shown
    page_text_has_no_nan(page)
    if shown:
        page.get_by_role("button", name="Save these to your shortlist").click()
        assert json.loads(page.evaluate("localStorage.getItem('sg-shortlist')")) == [
            {ACORNS: "acorns", OAK: "oak-clinic"}[name] for name in shown
        ]
    else:  # nothing to save: the family is told so, not offered an empty shortlist
        assert (
            page.locator(SHORTLIST_COUNT).inner_text()
            == "None of the services in this link are in the directory now."
        )
        assert page.get_by_role("button", name="Save these to your shortlist").is_hidden()
    assert errors == [], errors


def test_a_shared_link_of_many_thousand_ids_opens_at_once(watched, small_site_url):
    page, errors = watched
    ids = ",".join(["constructor", "acorns"] + [f"service-{n}" for n in range(4_000)] + ["oak-clinic"])
    page.goto(small_site_url + "shortlist/?ids=" + ids)  # 50 KB: Python's test server takes no more
    settle(page, errors, SHORTLIST_COUNT, "shar")
    # only the first SHARED_MOST ids are read, so the clinic at the far end is not among them
    assert page.locator(SHORTLIST_NAMES).all_inner_texts() == [ACORNS]
    page.get_by_role("button", name="Copy a link to share").click()
    assert page.locator("#sg-share-link").input_value().endswith("shortlist/?ids=acorns")


# ---- A shortlist on the device that is not what shortlist.js wrote ----

POISONED = [
    pytest.param('["constructor","acorns"]', ["acorns"], id="constructor"),
    pytest.param('["__proto__","acorns","toString"]', ["acorns"], id="proto-and-toString"),
    pytest.param('["acorns","acorns","oak-clinic","acorns"]', ["acorns", "oak-clinic"], id="duplicates"),
    pytest.param('[1,null,{"a":1},["acorns"],true,"oak-clinic"]', ["oak-clinic"], id="not-text"),
    pytest.param('{"0":"acorns","length":1}', [], id="not-a-list"),
    pytest.param('"acorns"', [], id="a-string"),
    pytest.param("[acorns", [], id="not-json"),
    pytest.param('["' + "x" * 81 + '","acorns"]', ["acorns"], id="too-long-to-be-an-id"),
    pytest.param(
        json.dumps(["acorns"] + [f"gone-{n}" for n in range(50_000)] + ["oak-clinic"]), ["acorns"], id="huge"
    ),
]


def poison(page, base_url: str, stored: str) -> None:
    page.goto(base_url)  # any page of the site: its storage is the site's
    page.evaluate("value => localStorage.setItem('sg-shortlist', value)", stored)


def stored_shortlist(page):
    return json.loads(page.evaluate("localStorage.getItem('sg-shortlist')"))


@pytest.mark.parametrize(("stored", "kept"), POISONED)
def test_a_poisoned_shortlist_is_cleaned_and_keeps_its_services(watched, small_site_url, stored, kept):
    page, errors = watched
    poison(page, small_site_url, stored)
    page.goto(small_site_url + "shortlist/")
    settle(page, errors, SHORTLIST_COUNT, "shortlist")
    names = {"acorns": ACORNS, "oak-clinic": OAK}
    assert page.locator(SHORTLIST_NAMES).all_inner_texts() == [names[slug] for slug in kept]
    assert stored_shortlist(page) == kept  # rewritten clean, so the next page reads it whole
    page_text_has_no_nan(page)
    assert errors == [], errors


@pytest.mark.parametrize(("stored", "kept"), POISONED)
def test_a_service_page_still_saves_with_a_poisoned_shortlist(watched, small_site_url, stored, kept):
    """A service page does not load the directory, so it keeps every id shaped like one (the
    shortlist page drops those of services it does not have); it must still save and unsave."""
    page, errors = watched
    poison(page, small_site_url, stored)
    try:
        on_device = kept_ids(json.loads(stored))
    except json.JSONDecodeError:
        on_device = []
    page.goto(small_site_url + "services/oak-clinic/")
    saved = "oak-clinic" in on_device
    button = page.get_by_role("button", name=("Saved" if saved else "Save") + f" to your shortlist: {OAK}")
    assert button.get_attribute("aria-pressed") == ("true" if saved else "false")
    assert stored_shortlist(page) == on_device
    button.click()
    if saved:
        assert stored_shortlist(page) == [slug for slug in on_device if slug != "oak-clinic"]
    elif len(on_device) < MOST:
        assert stored_shortlist(page) == [*on_device, "oak-clinic"]
    else:  # the huge list: full, and the family is told so instead of the save vanishing
        assert stored_shortlist(page) == on_device
        assert button.inner_text() == "Your shortlist is full: remove a service from it to save this one"
    assert errors == [], errors


# ---- Places and filters in a search address ----


@pytest.mark.parametrize("near", [*PROTOTYPE_NAMES, "CONSTRUCTOR", "Constructor", "__PROTO__"])
def test_a_place_named_like_a_javascript_property_is_an_unknown_place(watched, small_site_url, near):
    page, errors = watched
    page.goto(small_site_url + "search/?near=" + near)
    settle(page, errors, COUNT, "found")
    assert page.locator(COUNT).inner_text() == "2 services found."  # not sorted by a made-up distance
    message = page.locator(NEAR_MESSAGE)
    assert message.inner_text().startswith(f"We could not find “{near}”.")
    assert message.locator("bdi").inner_text() == near
    assert "miles away" not in page.locator(".sg-results__list").inner_text()
    page_text_has_no_nan(page)


def test_filters_that_name_javascript_properties_are_ignored(watched, small_site_url):
    page, errors = watched
    page.goto(
        small_site_url + "search/?type=constructor&day=__proto__&age=constructor&runby=toString&free=valueOf"
    )
    settle(page, errors, COUNT, "found")
    assert page.locator(COUNT).inner_text() == "2 services found."
    page_text_has_no_nan(page)


def test_a_real_place_still_sorts_by_distance(watched, small_site_url):
    page, errors = watched
    page.goto(small_site_url + "search/?near=testville")
    settle(page, errors, COUNT, "found")
    assert page.locator(COUNT).inner_text() == "2 services found, nearest to testville first."
    assert "miles away" in page.locator(RESULTS).first.inner_text()
    assert page.locator(NEAR_MESSAGE).inner_text() == ""


@pytest.fixture(scope="module")
def constructor_site_url(tmp_path_factory):
    """The small site with one more service whose id is 'constructor', in a town called Constructor."""
    from sitegen.build import build
    from tests.browser import serve

    root = tmp_path_factory.mktemp("constructor-site") / "site"
    shutil.copytree(SMALL_SITE, root)
    acorns = (root / "content" / "services" / "acorns.yml").read_text(encoding="utf-8")
    record = acorns.replace("Acorns Stay and Play", "Constructor Club").replace("Testville", "Constructor")
    (root / "content" / "services" / "constructor.yml").write_text(
        record.replace("latitude: 51.82", "latitude: 51.9"), encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("constructor-site-output")
    build(root, out, TODAY)
    with serve(out) as url:
        yield url


def test_a_service_and_a_town_really_called_constructor_are_found(watched, constructor_site_url):
    page, errors = watched
    page.goto(constructor_site_url + "shortlist/?ids=__proto__,constructor,toString")
    settle(page, errors, SHORTLIST_COUNT, "shar")
    assert page.locator(SHORTLIST_NAMES).all_inner_texts() == ["Constructor Club"]
    page.goto(constructor_site_url + "search/?near=constructor")
    settle(page, errors, COUNT, "found")
    # the third (at Testville) is over 5 miles away: behind the "further away" button
    assert (
        page.locator(COUNT).inner_text() == "2 services found within 5 miles of constructor, nearest first."
    )
    first = page.locator(RESULTS).first.inner_text()
    assert "Constructor Club" in first and "0.0 miles away" in first
    page_text_has_no_nan(page)


# ---- Text from the address repeated in the page's sentences ----


def reads_in_order(page, selector: str, pieces: list[str]) -> None:
    """Each piece of the sentence (in the order it is written) stands to the right of the one
    before it on screen: what a reader sees, whichever markup isolates the echoed text."""
    lefts = page.evaluate(
        """([selector, pieces]) => {
          const node = document.querySelector(selector), text = node.textContent, walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
          const nodes = []; let at = 0;
          for (let t = walker.nextNode(); t; t = walker.nextNode()) { nodes.push([t, at]); at += t.data.length; }
          let from = 0;
          return pieces.map(piece => {
            const start = text.indexOf(piece, from);
            if (start < 0) return 'missing: ' + piece;
            from = start + piece.length;
            const [holder, offset] = nodes.filter(([t, begins]) => begins <= start).pop();
            const range = document.createRange();
            range.setStart(holder, start - offset);
            range.setEnd(holder, Math.min(holder.data.length, start - offset + piece.length));
            return range.getBoundingClientRect().left;
          });
        }""",
        [selector, pieces],
    )
    assert all(isinstance(left, float | int) for left in lefts), lefts
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts), (pieces, lefts)


def test_a_query_with_a_right_to_left_override_cannot_reverse_the_sentence(watched, small_site_url):
    page, errors = watched
    page.goto(small_site_url + "search/?q=%E2%80%AEplay")
    sentence = settle(page, errors, COUNT, "found")
    assert sentence == f"1 service found for “{RLO}play”."
    assert page.locator(f"{COUNT} bdi").inner_text() == f"{RLO}play"
    reads_in_order(page, COUNT, ["1 service", "found", "for", "play", "”."])
    page.goto(small_site_url + "search/?q=%E2%80%AEnothing+like+this")
    settle(page, errors, COUNT, "found")
    reads_in_order(page, COUNT, ["No services", "for", "nothing", "”.", "Try fewer words", "filters."])


def test_a_place_with_a_right_to_left_override_cannot_reverse_the_sentence(watched, small_site_url):
    page, errors = watched
    page.goto(small_site_url + "search/?near=%E2%80%AEOX9")
    settle(page, errors, NEAR_MESSAGE, "could not find")
    assert page.locator(f"{NEAR_MESSAGE} bdi").inner_text() == f"{RLO}OX9"
    reads_in_order(page, NEAR_MESSAGE, ["We could not find", "OX9", "”.", "Try a postcode", "or a town."])
    page.goto(small_site_url + "search/?near=Testville%E2%80%AE")  # a known town, override and all
    settle(page, errors, COUNT, "nearest")
    assert page.locator(f"{COUNT} bdi").inner_text() == f"Testville{RLO}"
    reads_in_order(page, COUNT, ["2 services found", "nearest to", "Testville", "first."])
    page_text_has_no_nan(page)
    assert errors == [], errors
