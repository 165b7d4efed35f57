"""Long lists go over numbered pages of 50, so every page stays light on a phone however large the
directory; 'All services' lists areas once there are more than 200 services."""

import posixpath
import re

import pytest

from sitegen.commands.links import broken_links
from sitegen.site.plan import LIST_PAGE_SIZE, Pagination
from tests import search_data
from tests.test_accessibility import assert_no_axe_violations_at_phone_and_desktop

CARD = re.compile(r'<h2 class="sg-card__title"><a class="sg-card__link" href="[^"]*services/([a-z0-9-]+)/"')


def pages_of(folder, first: str) -> list[str]:
    """Every page of a list, in order, by following its 'Next' links."""
    found, path = [], first
    while path:
        html = (folder / path / "index.html").read_text(encoding="utf-8")
        found.append(html)
        following = re.search(r'<a href="([^"]+)" rel="next">', html)
        path = posixpath.normpath(posixpath.join(path, following[1])) + "/" if following else None
    return found


def test_a_long_list_shows_every_service_once_over_pages_of_fifty(large_site):
    folder, _ = large_site
    listed = search_data.services(search_data.read(folder))
    mondays = [s["slug"] for s in listed if any(session[0] == 0 for session in s["sessions"])]
    assert len(mondays) > 2 * LIST_PAGE_SIZE
    pages = pages_of(folder, "days/monday/")
    shown = [slug for html in pages for slug in CARD.findall(html)]
    assert sorted(shown) == sorted(mondays) and len(shown) == len(set(shown))
    assert all(len(CARD.findall(html)) <= LIST_PAGE_SIZE for html in pages)
    assert len(pages) == -(-len(mondays) // LIST_PAGE_SIZE)
    second = pages[1]
    assert f"Showing 51 to 100 (page 2 of {len(pages)})" in second
    assert f"<title>Services on Mondays (page 2 of {len(pages)})" in second
    assert 'aria-current="page" aria-label="Page 2, this page"' in second
    # page 2 leads back to the list's first page, in the breadcrumbs too
    back = "../../../days/monday/"
    assert f'<a href="{back}" rel="prev">' in second and f'<a href="{back}">Services on Mondays</a>' in second


def test_every_page_of_a_large_site_is_light_and_its_links_work(large_site):
    folder, _ = large_site
    sizes = {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*.html")}
    heavy = {
        path: size for path, size in sizes.items() if size > 120_000 and not path.startswith("guidance/")
    }
    assert heavy == {}
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert broken_links(files, "/children-services/") == []


def test_all_services_lists_areas_when_there_are_many(large_site):
    folder, _ = large_site
    html = (folder / "services/index.html").read_text(encoding="utf-8")
    assert CARD.findall(html) == [] and "600 services in" in html
    assert '<a href="../areas/banbury/">Banbury</a>' in html


def test_page_numbers_shown_around_this_page():
    def window(number, total):
        return Pagination(number, total, "days/monday/", total * LIST_PAGE_SIZE).window

    assert window(1, 1) == (1,)
    assert window(1, 3) == (1, 2, 3)
    assert window(5, 20) == (1, None, 3, 4, 5, 6, 7, None, 20)
    assert window(20, 20) == (1, None, 18, 19, 20)
    assert window(4, 7) == (1, 2, 3, 4, 5, 6, 7)
    assert Pagination(3, 3, "x/", 120).url(3) == "x/page-3/" and Pagination(3, 3, "x/", 120).end == 120


@pytest.mark.parametrize("path", ["days/monday/", "days/monday/page-3/", "services/"])
def test_pages_of_a_long_list_have_no_axe_violations(path, browser, large_site):
    _, url = large_site
    assert assert_no_axe_violations_at_phone_and_desktop(browser, url + path).status == 200
