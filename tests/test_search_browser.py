"""Families search in a real browser: type, filter, sort by distance, save a shortlist; or browse with no script."""

from urllib.parse import parse_qs, urlsplit

COUNT = ".sg-results__count"
RESULTS = ".sg-results__list > li"


def wait_for_results(page):
    page.wait_for_function(f"document.querySelector('{COUNT}')?.textContent.includes('found')")


def result_names(page) -> list[str]:
    return page.locator(f"{RESULTS} .sg-card__title").all_inner_texts()


def test_typing_a_query_shows_results_and_opens_one(page, small_site_url):
    page.goto(small_site_url)
    page.get_by_label("Find a service for your family").fill("stay and play")
    page.get_by_role("button", name="Search").click()  # the home page's form lands on the search page
    wait_for_results(page)
    # the words name a type of service: it becomes the type filter, shown as a choice to remove
    assert page.locator(COUNT).inner_text() == "1 service found (Stay and play)."
    assert page.locator("#sg-choices button").count() == 1
    assert page.get_by_role("button", name="Remove Stay and play").count() == 1
    assert page.locator("#sg-type").input_value() == "0"
    assert page.locator(COUNT).get_attribute("role") == "status"
    assert result_names(page) == ["Acorns Stay and Play"]
    card = page.locator(RESULTS).first.inner_text()
    assert "Testville" in card and "Free" in card and "Next session" in card
    page.get_by_role("link", name="Acorns Stay and Play").click()
    page.wait_for_url("**/services/acorns/")
    assert page.locator("h1").inner_text() == "Acorns Stay and Play"


def test_results_update_as_you_type(page, small_site_url):
    page.goto(small_site_url + "search/")
    wait_for_results(page)
    assert page.locator(COUNT).inner_text() == "2 services found."
    page.locator("#sg-search-q").press_sequentially("clin", delay=30)
    page.wait_for_function(f"document.querySelector('{COUNT}')?.textContent.startsWith('1 service')")
    assert result_names(page) == ["Oak Baby Clinic"]


def test_search_state_lives_in_the_url(page, small_site_url):
    page.goto(small_site_url + "search/")
    wait_for_results(page)
    page.locator("#sg-search-q").fill("oak")
    page.get_by_text("Filter by type, day, age, cost or who runs it").click()
    page.select_option("#sg-day", label="Wednesday")
    page.check("#sg-free")
    page.locator("#sg-search-q").press("Enter")
    page.wait_for_function("location.search.includes('day=2')")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["oak"], "day": ["2"], "free": ["yes"]}
    assert result_names(page) == ["Oak Baby Clinic"]
    page.reload()
    wait_for_results(page)
    assert page.locator("#sg-filters").get_attribute("open") is not None  # filters in use are shown
    assert page.locator("#sg-search-q").input_value() == "oak"
    assert page.locator("#sg-day").input_value() == "2"
    assert page.locator("#sg-free").is_checked()
    assert result_names(page) == ["Oak Baby Clinic"]


def test_filters_narrow_the_results(page, small_site_url):
    page.goto(small_site_url + "search/?day=0")
    wait_for_results(page)
    assert result_names(page) == ["Acorns Stay and Play"]
    page.goto(small_site_url + "search/?age=preschool")
    wait_for_results(page)
    assert result_names(page) == ["Acorns Stay and Play"]  # the clinic is for babies under 1
    page.goto(small_site_url + "search/?runby=6")  # NHS
    wait_for_results(page)
    assert result_names(page) == ["Oak Baby Clinic"]
    page.goto(small_site_url + "search/?q=nothing+like+this")
    wait_for_results(page)
    assert page.locator(COUNT).inner_text().startswith("No services found for “nothing like this”")


def test_near_a_postcode_sorts_by_distance_and_shows_it(page, small_site_url):
    page.goto(small_site_url + "search/?near=OX5+1AB")
    wait_for_results(page)
    assert page.locator(COUNT).inner_text() == "2 services found, nearest to OX5 1AB first."
    first, second = page.locator(RESULTS).all_inner_texts()
    assert "Acorns Stay and Play" in first and "miles away" in first
    assert "Oak Baby Clinic" in second and "miles away" not in second  # no coordinates: listed last
    page.fill("#sg-near", "Atlantis")
    page.locator("#sg-near").press("Enter")
    page.wait_for_function(
        "document.getElementById('sg-near-message').textContent.includes('could not find')"
    )


def test_use_my_location_sorts_by_distance_without_sending_it_anywhere(browser, small_site_url):
    context = browser.new_context(
        geolocation={"latitude": 51.8201, "longitude": -1.2911}, permissions=["geolocation"]
    )
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(small_site_url + "search/")
    page.get_by_role("button", name="Use my location").click()
    page.wait_for_function(f"document.querySelector('{COUNT}')?.textContent.includes('your location')")
    assert "miles away" in page.locator(RESULTS).first.inner_text()
    assert all(url.startswith(small_site_url) for url in requests), requests
    context.close()


def test_without_javascript_the_search_page_points_to_the_browse_pages(browser, small_site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(small_site_url + "search/?q=stay")
    assert "Search needs JavaScript" in page.locator("main").inner_text()
    assert page.locator("#sg-type").is_hidden()
    for name in ("Testville", "Stay and play", "Monday"):
        assert page.get_by_role("link", name=name).first.is_visible()
    page.get_by_role("link", name="Monday").first.click()
    assert "Acorns Stay and Play" in page.locator("main").inner_text()
    context.close()


def test_search_is_usable_from_the_keyboard(page, small_site_url):
    page.goto(small_site_url + "search/")
    wait_for_results(page)
    page.locator("#sg-search-q").focus()
    page.keyboard.type("acorns")
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('{COUNT}')?.textContent.startsWith('1 service')")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Acorns Stay and Play":
            break
    else:
        raise AssertionError("the result link is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/acorns/")


def test_shortlist_is_kept_on_the_device_printed_and_shared(browser, small_site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(small_site_url + "services/acorns/")
    save = page.get_by_role("button", name="Save to your shortlist: Acorns Stay and Play")
    save.click()
    assert (
        page.get_by_role("button", name="Saved to your shortlist: Acorns Stay and Play").get_attribute(
            "aria-pressed"
        )
        == "true"
    )
    page.goto(small_site_url + "shortlist/")
    page.wait_for_function(
        "document.querySelector('.sg-shortlist__count')?.textContent.includes('1 service')"
    )
    assert page.locator(".sg-shortlist__list .sg-card__title").all_inner_texts() == ["Acorns Stay and Play"]
    page.get_by_role("button", name="Copy a link to share").click()
    link = page.locator("#sg-share-link").input_value()
    assert link.endswith("shortlist/?ids=acorns")
    assert page.get_by_role("button", name="Print your shortlist").is_visible()

    stranger = browser.new_context()
    shared = stranger.new_page()
    shared.goto(small_site_url + "shortlist/?ids=acorns")
    shared.wait_for_function("document.querySelector('.sg-shortlist__count')?.textContent.includes('shared')")
    shared.get_by_role("button", name="Save these to your shortlist").click()
    assert shared.evaluate("localStorage.getItem('sg-shortlist')") == '["acorns"]'
    stranger.close()
    context.close()
