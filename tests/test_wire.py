"""The byte counter behind bench/search_budget.py, checked against the files themselves gzipped by hand."""

from __future__ import annotations

import gzip
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from bench.wire import Traffic, serve_gzip

# what a static host compresses, by name: the files a sitegen site's search page fetches are all text
TEXT = (".html", ".css", ".js", ".json", ".svg")


def gzip6(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def on_disk(url: str, base: str, folder: Path) -> Path:
    relative = unquote(urlsplit(url).path).removeprefix(urlsplit(base).path)
    return folder / relative / "index.html" if relative.endswith("/") or not relative else folder / relative


def fetch(url: str, encoding: str) -> tuple[dict[str, str], bytes]:
    with urllib.request.urlopen(
        urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    ) as response:
        return dict(response.headers), response.read()


def test_the_server_gzips_text_for_browsers_that_accept_it_and_nothing_else(tmp_path: Path):
    text = (
        "<!doctype html><title>Acorns</title>" + "<p>Stay and play at the Acorns centre.</p>" * 200
    ).encode()
    (tmp_path / "services" / "acorns").mkdir(parents=True)
    (tmp_path / "services" / "acorns" / "index.html").write_bytes(text)
    (tmp_path / "photo.png").write_bytes(b"\x89PNG" + bytes(range(256)) * 4)
    with serve_gzip(tmp_path) as base:
        headers, body = fetch(base + "services/acorns/", "gzip, deflate, br")
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == text
        assert int(headers["Content-Length"]) == len(body) == gzip6(text) < len(text) / 10
        headers, body = fetch(base + "services/acorns/", "identity")
        assert "Content-Encoding" not in headers and body == text
        headers, body = fetch(base + "photo.png", "gzip")  # images are compressed already
        assert "Content-Encoding" not in headers and body == (tmp_path / "photo.png").read_bytes()
        with pytest.raises(urllib.error.HTTPError, match="403"):
            fetch(base + "services/../../etc/passwd", "gzip")


@pytest.mark.slow
def test_the_counter_counts_each_file_of_a_first_search_as_its_gzipped_size(browser, bundled_site):
    out, _ = bundled_site
    with serve_gzip(out.parent) as host:
        base = host + out.name + "/"
        context = browser.new_context()
        page = context.new_page()
        traffic = Traffic(context)
        page.goto(base + "search/?q=stay%20and%20play")
        page.wait_for_function("document.querySelector('.sg-results__count')?.textContent.includes('found')")
        traffic.wait_quiet(page)
        first = traffic.since()
        mark = traffic.mark()
        page.goto(
            base + "search/?q=stay+and+play"
        )  # the same search again: its scripts and data from the cache
        page.wait_for_function("document.querySelector('.sg-results__count')?.textContent.includes('found')")
        traffic.wait_quiet(page)
        again = traffic.since(mark)
        context.close()

    files = [on_disk(t.url, base, out) for t in first]
    # the page, its CSS, lunr.js, the search scripts, the data
    assert len(set(files)) >= 8, [t.url for t in first]
    assert {t.part for t in first} == {"page", "scripts", "data"}
    assert {f.name for f, t in zip(files, first, strict=True) if t.part == "data"} >= {
        "columns.json",
        "manifest.json",
        "places.json",
    }
    seen = set()
    for file, transfer in zip(files, first, strict=True):
        data = file.read_bytes()
        assert (transfer.status, transfer.from_header) == (200, False), transfer
        # a file fetched twice (the favicon) comes the second time from the cache
        expected = 0 if file in seen else gzip6(data) if file.suffix in TEXT else len(data)
        assert transfer.body == expected, (file, transfer)
        seen.add(file)
    # a second search page's scripts and data come from the cache: nothing over the network
    cached = [t for t in again if t.part != "page"]
    assert len(cached) >= 5 and all(t.body == 0 for t in cached), again
