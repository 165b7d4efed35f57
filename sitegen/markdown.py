"""Markdown from records and pages into sanitised HTML, with the page's headings for contents lists.

python-markdown turns the text into HTML; nh3 (the Ammonia sanitiser) then keeps only an
allow-list of tags, attributes and URL schemes, so no script, event handler, style, frame or
``javascript:`` link survives, whatever the author wrote. Record descriptions sit under the
service page's own headings, so their headings start at level 3 and they may not show images
(an image from elsewhere would be a third-party request).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import markdown as python_markdown
import nh3

from sitegen.model import Heading

URL_SCHEMES = {"http", "https", "mailto", "tel"}

_COMMON_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "abbr"}
_HEADINGS = {"h2", "h3", "h4"}
_TABLES = {"table", "thead", "tbody", "tr", "th", "td", "caption"}


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]


def _keep_local_images(element: str, attribute: str, value: str) -> str | None:
    """Images may come only from the site itself: drop any src with a scheme or a host."""
    if element == "img" and attribute == "src" and (":" in value or value.startswith("//")):
        return None
    return value


def record_description(text: str) -> str:
    """A service's description: paragraphs, lists, links, emphasis and level 3-4 headings."""
    converter = python_markdown.Markdown(
        extensions=["sane_lists", "toc"], extension_configs={"toc": {"baselevel": 3}}
    )
    html = converter.convert(text)
    return nh3.clean(
        html,
        tags=_COMMON_TAGS | {"h3", "h4"},
        attributes={"a": {"href", "title"}, "abbr": {"title"}},
        url_schemes=URL_SCHEMES,
        strip_comments=True,
    )


def guidance_page(text: str) -> Rendered:
    """A guidance page: adds tables, local images and section ids for "on this page" links."""
    text = re.sub(r"^# ", "## ", text, flags=re.MULTILINE)  # the page's one h1 is its title
    converter = python_markdown.Markdown(
        extensions=["sane_lists", "tables", "toc"], extension_configs={"toc": {"toc_depth": "2-3"}}
    )
    html = converter.convert(text)
    html = nh3.clean(
        html,
        tags=_COMMON_TAGS | _HEADINGS | _TABLES | {"img", "hr"},
        attributes={
            "a": {"href", "title"},
            "abbr": {"title"},
            "img": {"src", "alt", "width", "height"},
            "th": {"scope"},
            "h2": {"id"},
            "h3": {"id"},
            "h4": {"id"},
        },
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_local_images,
        strip_comments=True,
    )
    headings = tuple(_flatten(converter.toc_tokens))  # type: ignore[attr-defined]
    return Rendered(html=html, headings=tuple(h for h in headings if h.level == 2))


def _flatten(tokens: list[dict]) -> list[Heading]:
    result: list[Heading] = []
    for token in tokens:
        result.append(Heading(level=token["level"], id=token["id"], text=_plain(token["name"])))
        result.extend(_flatten(token.get("children", [])))
    return result


def _plain(html: str) -> str:
    """toc's heading names are HTML-escaped text: back to plain text (Jinja escapes it again)."""
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))
