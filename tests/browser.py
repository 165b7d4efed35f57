"""Real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) and a built site served over HTTP.

A browser that cannot start is a test failure, never a skip: CI must prove the site in a browser.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serving(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Run an HTTP request handler on a free loopback port, in a thread; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on a free loopback port; yields its base URL."""
    with serving(functools.partial(_QuietHandler, directory=str(folder))) as url:
        yield url


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class PastThePolicy:
    """A browser whose new contexts and pages ignore the pages' Content Security Policy unless told
    ``bypass_csp=False``. The policy allows only the site's own script files, so it blocks what the
    tests bring in themselves: axe-core (an injected script), Playwright's wait_for_function (it
    evaluates a string) and a larger text size (an injected style)."""

    def __init__(self, browser: object):
        self._browser = browser

    def new_context(self, **options: object) -> object:
        return self._browser.new_context(**({"bypass_csp": True} | options))  # type: ignore[attr-defined]

    def new_page(self, **options: object) -> object:
        return self._browser.new_page(**({"bypass_csp": True} | options))  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._browser, name)
