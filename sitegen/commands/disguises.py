"""Links in descriptions and guidance pages that say one thing and do another, for 'sitegen check'.

The sanitiser makes a link safe to publish; it cannot tell whether it is honest. A link whose text
is a web address, an email address or a phone number is one a family trusts without looking at its
target, so each is compared with where the link really goes:

- ``[https://www.oxfordshire.gov.uk/](https://lookalike.example/login)``: another site;
- ``[hello@group.org.uk](mailto:someone@else.example)``: another address;
- ``[01632 960115](tel:01632960999)``: another number;
- ``[Email the group](mailto:hello@group.org.uk?bcc=someone@else.example)``: a hidden copy;
- ``[call us](tel:**21*01632960115%23)``: a dialling code (here, divert all calls).

Each is a warning for the reviewer, naming the file and the line the link is on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, unquote, urlsplit

from sitegen.commands import health
from sitegen.model import Site
from sitegen.problems import Problem

# the endings of names that are web addresses in link text, as against file names ('leaflet.pdf')
# and abbreviations ('Mr.Smith'): an address with https:// or www. counts whatever it ends with
_ADDRESS_ENDINGS = frozenset(
    [
        "uk",
        "com",
        "org",
        "net",
        "gov",
        "nhs",
        "io",
        "info",
        "co",
        "ac",
        "sch",
        "me",
        "app",
        "dev",
        "eu",
        "edu",
        "online",
        "site",
        "website",
        "xyz",
        "link",
        "click",
        "top",
        "shop",
        "biz",
        "us",
        "de",
        "fr",
        "ie",
        "scot",
        "wales",
        "cymru",
        "london",
        "example",
        "test",
    ]
)
_ADDRESS = re.compile(
    r"(?P<scheme>https?://)?(?P<host>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?=[/:?#\s]|$)", re.I
)
_EMAIL = re.compile(r"[a-z0-9._%+'-]+@(?:[a-z0-9-]+\.)+[a-z0-9-]+", re.I)
_PHONE = re.compile(r"(?:\+|\b)[0-9][0-9 ()-]{8,}[0-9]")
_DIALLED = re.compile(r"[0-9+ ().-]*")  # what a tel: link may hold: no *, #, pauses or letters


@dataclass(frozen=True)
class Link:
    href: str
    text: str


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open.append((dict(attrs).get("href") or "", []))

    def handle_data(self, data: str) -> None:
        for _, words in self._open:
            words.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, words = self._open.pop()
            self.links.append(Link(href, "".join(words)))


def links_in(html: str) -> list[Link]:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.links


def _host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _same_site(shown: str, opened: str) -> bool:
    """One host is the other or inside it: 'oxfordshire.gov.uk' and 'www.oxfordshire.gov.uk' or
    'news.oxfordshire.gov.uk' are the same site; 'oxfordshire.gov.uk.lookalike.example' is not."""
    a, b = _host(shown), _host(opened)
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _phone_digits(text: str) -> str:
    digits = re.sub(r"[^0-9+]", "", text)
    return "0" + digits[3:] if digits.startswith("+44") else digits


def _recipients(href: str) -> list[str]:
    parts = urlsplit(href)
    found = [a for a in re.split(r"[,;]", unquote(parts.path)) if a.strip()]
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name.lower() in ("to", "cc", "bcc"):
            found += [a for a in re.split(r"[,;]", value) if a.strip()]
    return [a.strip().lower() for a in found]


def disguise(link: Link) -> str:
    """What is wrong with a link, said for the reviewer, or '' if nothing is."""
    href = link.href.strip()
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    text = unicodedata.normalize("NFKC", link.text)  # full-width letters read as the ones they look like
    if scheme == "mailto":
        recipients = _recipients(href)
        if len(recipients) > 1:
            return f"the email link sends to {len(recipients)} addresses ({', '.join(recipients)})"
    if scheme == "tel":
        number = unquote(href[4:])
        if not _DIALLED.fullmatch(number):
            return f"the phone link dials {number!r}, which holds more than a phone number (a code such as * or #)"
    if email := _EMAIL.search(text):
        shown = email[0].lower()
        if scheme != "mailto" or _recipients(href) != [shown]:
            return f"the link's text shows the email address {shown} but the link opens {href}"
        return ""
    if phone := _PHONE.search(text):
        if scheme == "tel" and _phone_digits(unquote(href[4:])) == _phone_digits(phone[0]):
            return ""
        if len(re.sub(r"[^0-9]", "", phone[0])) >= 10:
            return f"the link's text shows the phone number {phone[0].strip()} but the link opens {href}"
    for address in _ADDRESS.finditer(text):
        host = address["host"]
        if not (
            address["scheme"]
            or host.lower().startswith("www.")
            or host.lower().rsplit(".", 1)[1] in _ADDRESS_ENDINGS
        ):
            continue
        opened = urlsplit(href).hostname or ""
        if scheme not in ("http", "https") or not _same_site(host, opened):
            return f"the link's text shows the web address {host} but the link opens {href}"
    return ""


def _line(source: str, href: str, fallback: int) -> tuple[int, str]:
    """The line of the Markdown that holds the link (found by its address, as written or encoded)."""
    lines = source.splitlines()
    for wanted in (href, unquote(href), href.split(":", 1)[-1][:40]):
        for number, line in enumerate(lines, start=1):
            if wanted and wanted in line:
                return number, line
    return fallback, lines[fallback - 1] if 0 < fallback <= len(lines) else ""


def findings(site: Site, sources: dict[str, str]) -> list[Problem]:
    """A warning for each disguised link in the services' descriptions and the guidance pages."""
    found = []
    made = [(s.source, s.description_html, "description") for s in site.services]
    made += [(p.source, p.html, "") for p in site.pages]
    for file, html, field in made:
        source = sources.get(file, "")
        for link in links_in(html):
            if said := disguise(link):
                line, source_line = _line(source, link.href, health.line_of(source, field)[0] if field else 1)
                found.append(
                    Problem(
                        file,
                        line,
                        1,
                        field,
                        said,
                        "make the link's text say where it really goes, or link the address it shows; "
                        "if you did not write this link, ask who did before merging",
                        source_line,
                        severity="warning",
                    )
                )
    return found
