"""Find internal links in built pages that lead nowhere, as the site would be served under its base URL."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the output file holding the link
    target: str  # the link as written


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "link", "script", "img", "form"):
                self.links.append(values[name] or "")
        if tag == "form" and values.get("action"):
            self.links.append(values["action"] or "")


def _page_url(base_path: str, file: str) -> str:
    """The URL a file is served at: 'services/x/index.html' at '/base/services/x/'."""
    if file == "index.html" or file.endswith("/index.html"):
        file = file[: -len("index.html")]
    return base_path + file


def broken_links(files: dict[str, bytes], base_path: str = "/") -> list[BrokenLink]:
    """Every link from an HTML page to a file or #fragment that the site does not have.

    Links are resolved as a browser would from the page's URL under ``base_path``, so a link that
    only works at the domain's root, not under a sub-path, is reported too. Other sites' links,
    mailto: and tel: are not checked.
    """
    parsed: dict[str, _LinkParser] = {}
    for name, data in files.items():
        if name.endswith(".html"):
            parser = _LinkParser()
            parser.feed(data.decode("utf-8"))
            parsed[name] = parser
    broken = []
    for name, parser in sorted(parsed.items()):
        page_url = _page_url(base_path, name)
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            if not parts.path:  # '#section' on this page
                if parts.fragment and parts.fragment not in parser.ids:
                    broken.append(BrokenLink(name, link))
                continue
            page_dir = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
            path = unquote(parts.path)
            target = path if path.startswith("/") else page_dir + path
            normal = posixpath.normpath(target)
            if target.endswith("/") and not normal.endswith("/"):
                normal += "/"
            if not normal.startswith(base_path):
                broken.append(BrokenLink(name, link))
                continue
            file = normal[len(base_path) :]
            if file == "" or file.endswith("/"):
                file += "index.html"
            if (
                file not in files
                or parts.fragment
                and file in parsed
                and parts.fragment not in parsed[file].ids
            ):
                broken.append(BrokenLink(name, link))
    return broken
