"""Count what a browser downloads, byte by byte as it crosses the network, from a site served gzipped.

Two pieces, used by bench/search_budget.py and checked by tests/test_wire.py:

- ``serve_gzip(folder)``: a static HTTP server that compresses text responses with gzip at level 6
  when the browser accepts gzip, and lets the browser keep files for 10 minutes, as static hosts
  (GitHub Pages, Netlify, Cloudflare Pages) do.
- ``Traffic(context)``: Chromium's own network events for one browser context, its pages' and their
  workers' (Pagefind searches in a web worker): every request, its kind, the bytes of its body as
  sent, and whether any request is still under way.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.browser import serving

GZIP_LEVEL = 6
# what static hosts compress: text of every kind, scripts, data, SVG and WebAssembly; never images,
# fonts or files of unknown type (Pagefind's index chunks are gzip files already, served as such)
COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/wasm",
    "application/manifest+json",
    "application/geo+json",
    "text/calendar",
)
MAX_AGE = 600  # seconds a browser may keep a file without asking again: GitHub Pages' figure
TYPES = {
    ".js": "application/javascript",
    ".mjs": "application/javascript",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".ics": "text/calendar",
    ".css": "text/css",
}


def content_type(path: Path) -> str:
    return TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def compressible(kind: str) -> bool:
    return kind.startswith(COMPRESSED_TYPES)


def gzipped(data: bytes) -> bytes:
    """What the server sends for a compressible file: gzip level 6, no timestamp."""
    return gzip.compress(data, GZIP_LEVEL, mtime=0)


class _GzipHandler(http.server.BaseHTTPRequestHandler):
    root: Path
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - the base class's name
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        file = (self.root / path.lstrip("/")).resolve()
        if self.root not in file.parents and file != self.root:
            return self._fail(403)
        if file.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                return self.end_headers()
            file = file / "index.html"
        if not file.is_file():
            return self._fail(404)
        data, kind = file.read_bytes(), content_type(file)
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        if compressible(kind):
            self.send_header("Vary", "Accept-Encoding")
            if accepted:
                data = gzipped(data)
                self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _fail(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@contextmanager
def serve_gzip(folder: Path) -> Iterator[str]:
    """Serve a folder on a free loopback port, gzipping text for browsers that accept it; yields its base URL."""
    with serving(type("Handler", (_GzipHandler,), {"root": Path(folder).resolve()})) as url:
        yield url


@dataclass
class Transfer:
    """One request as the network saw it."""

    url: str
    kind: str  # Playwright's resource type: document, stylesheet, script, fetch, xhr, image, font, other...
    status: int = 0
    body: int = 0  # bytes of the body as sent (compressed when the server compressed it)
    headers: int = 0  # bytes of the response's status line and headers, not counted in body
    done: bool = False
    failed: bool = False
    from_header: bool = False  # the body's size is the response's Content-Length, Chromium said none

    @property
    def part(self) -> str:
        """What the bytes are for: 'page' (HTML, CSS, images, fonts), 'scripts' (JavaScript and
        WebAssembly: the search engine's code) or 'data' (everything the scripts fetch)."""
        name = urlsplit(self.url).path.rsplit("/", 1)[-1]
        if (
            self.kind == "script"
            or name.endswith((".js", ".mjs", ".wasm"))
            or (name.startswith("wasm.") and name.endswith(".pagefind"))
        ):
            return "scripts"
        if self.kind in ("fetch", "xhr"):
            return "data"
        return "page"


class Traffic:
    """Every request a browser context makes (its pages' and their workers'), in the order they
    started, from Chromium's network events as Playwright reports them: a body's size is Chromium's
    encodedDataLength for the response less its headers' bytes (Playwright's ``request.sizes()``),
    so a response answered from the browser's cache counts 0."""

    def __init__(self, context: object):
        self._requests: list[tuple[object, Transfer]] = []
        self._open: set[int] = set()
        self._lock = threading.Lock()
        self._last_event = time.monotonic()
        context.on("request", self._sent)  # type: ignore[attr-defined]
        context.on("requestfinished", self._finished)  # type: ignore[attr-defined]
        context.on("requestfailed", self._failed)  # type: ignore[attr-defined]

    def _sent(self, request: object) -> None:
        with self._lock:
            self._requests.append((request, Transfer(url=request.url, kind=request.resource_type)))  # type: ignore[attr-defined]
            self._open.add(id(request))
            self._last_event = time.monotonic()

    def _finished(self, request: object) -> None:
        with self._lock:
            self._open.discard(id(request))
            self._last_event = time.monotonic()

    def _failed(self, request: object) -> None:
        with self._lock:
            self._open.discard(id(request))
            for seen, transfer in self._requests:
                if seen is request:
                    transfer.failed = True
            self._last_event = time.monotonic()

    def mark(self) -> int:
        """A point in the traffic: ``since(mark)`` gives the requests started after it."""
        with self._lock:
            return len(self._requests)

    def since(self, mark: int = 0) -> list[Transfer]:
        """The requests started since ``mark``, with their sizes (call when the network is quiet)."""
        with self._lock:
            requests = list(self._requests)
        seen: set[str] = set()
        for request, transfer in requests:
            if not (transfer.done or transfer.failed or id(request) in self._open):
                self._measure(request, transfer, transfer.url in seen)
            seen.add(transfer.url)
        return [transfer for _, transfer in requests[mark:]]

    @staticmethod
    def _measure(request: object, transfer: Transfer, seen_before: bool) -> None:
        response = request.response()  # type: ignore[attr-defined]
        if response is None:
            transfer.failed = True
            return
        sizes = request.sizes()  # type: ignore[attr-defined]
        transfer.status = response.status
        # from the cache, Chromium reports no bytes received at all: the size then works out below 0
        transfer.body = max(sizes["responseBodySize"], 0)
        transfer.headers = sizes["responseHeadersSize"]
        transfer.done = True
        # Chromium reports a worker's own script (Pagefind's pagefind-worker.js) with no bytes at all:
        # the first fetch of an address cannot have come from the cache, so its bytes are the ones the
        # server said it sent (serve_gzip always says, compressed or not)
        if transfer.body == 0 and response.status == 200 and not seen_before:
            transfer.body = int(response.headers.get("content-length", 0))
            transfer.from_header = transfer.body > 0

    def wait_quiet(self, page: object, quiet_ms: int = 400, timeout_ms: int = 60_000) -> None:
        """Wait until no request is under way and none has started or ended for ``quiet_ms``."""
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            page.wait_for_timeout(50)  # type: ignore[attr-defined]  # lets Playwright deliver the events
            with self._lock:
                if not self._open and (time.monotonic() - self._last_event) * 1000 >= quiet_ms:
                    return
        with self._lock:
            waiting = [transfer.url for request, transfer in self._requests if id(request) in self._open]
        raise TimeoutError(f"the network did not go quiet in {timeout_ms} ms: still waiting for {waiting}")
