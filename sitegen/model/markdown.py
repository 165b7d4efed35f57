"""Markdown from records and pages into sanitised HTML, with the page's headings for contents lists.

python-markdown turns the text into HTML; nh3 (the Ammonia sanitiser) then keeps only an
allow-list of tags, attributes, classes and URL schemes, so no script, event handler, style,
frame or ``javascript:`` link survives, whatever the author wrote. Record descriptions sit under
the service page's own headings, so their headings start at level 3 and they may not show
images (an image from elsewhere would be a third-party request).

Guidance pages have two small extensions, in the syntax GitHub shows in its own preview:

    > [!IMPORTANT]            a callout: IMPORTANT, TIP or WARNING
    > If a child is in immediate danger, call 999.

    - [ ] You have a safeguarding policy       a checklist (- [x] for an item already done)
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown as python_markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from sitegen.model import Heading, simple_markdown

URL_SCHEMES = {"http", "https", "mailto", "tel"}

_COMMON_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "abbr"}
_HEADINGS = {"h2", "h3", "h4"}
_TABLES = {"table", "thead", "tbody", "tr", "th", "td", "caption"}


CALLOUTS = {"IMPORTANT": "Important", "TIP": "Tip", "WARNING": "Warning"}
CALLOUT_MARK = re.compile(r"^\s*>\s*\[!([A-Za-z]+)\]")
_CALLOUT_START = re.compile(r"^\[!([A-Z]+)\][ \t]*\n?")
_CHECK = re.compile(r"^\[( |x|X)\][ \t]+")

_CLASSES = {
    "div": {"sg-callout", *(f"sg-callout--{kind.lower()}" for kind in CALLOUTS)},
    "p": {"sg-callout__title"},
    "ul": {"sg-checklist"},
    "li": {"sg-checklist__item", "sg-checklist__item--done"},
    "span": {"sg-visually-hidden"},
}


class _GuidanceBlocks(Treeprocessor):
    """Turn '> [!TIP]' blockquotes into callouts and '- [ ]' list items into checklist items."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "blockquote":
                    self._callouts(parent, child)
                elif child.tag == "ul":
                    self._checklist(child)

    def _callouts(self, parent: etree.Element, quote: etree.Element) -> None:
        """Split a blockquote at each paragraph that starts '[!KIND]' (python-markdown joins
        quotes that only a blank line separates), making each such part a callout."""
        parts: list[tuple[str | None, list[etree.Element]]] = [(None, [])]
        for child in list(quote):
            match = _CALLOUT_START.match(child.text or "") if child.tag == "p" else None
            if match and match[1] in CALLOUTS:
                child.text = child.text[match.end() :]  # type: ignore[index]
                parts.append((match[1], [] if not child.text.strip() and not len(child) else [child]))
            else:
                parts[-1][1].append(child)
        if len(parts) == 1:
            return
        position = list(parent).index(quote)
        parent.remove(quote)
        made = []
        for kind, children in parts:
            if kind is None and not children:
                continue
            if kind is None:
                box = etree.Element("blockquote")
            else:
                box = etree.Element("div", {"class": f"sg-callout sg-callout--{kind.lower()}"})
                title = etree.SubElement(box, "p", {"class": "sg-callout__title"})
                title.text = CALLOUTS[kind]
            box.extend(children)
            box.tail = "\n"
            made.append(box)
        made[-1].tail = quote.tail
        for offset, box in enumerate(made):
            parent.insert(position + offset, box)

    def _checklist(self, items: etree.Element) -> None:
        found = False
        for item in items:
            holder = (
                item
                if item.text and item.text.strip()
                else (item[0] if len(item) and item[0].tag == "p" else item)
            )
            match = _CHECK.match(holder.text or "")
            if not match:
                continue
            found = True
            holder.text = holder.text[match.end() :]
            done = match[1] != " "
            item.set("class", "sg-checklist__item" + (" sg-checklist__item--done" if done else ""))
            if done:
                note = etree.Element("span", {"class": "sg-visually-hidden"})
                note.text = "Done: "
                note.tail = holder.text
                holder.text = ""
                holder.insert(0, note)
        if found:
            items.set("class", "sg-checklist")


class GuidanceExtension(Extension):
    def extendMarkdown(self, md: python_markdown.Markdown) -> None:  # noqa: N802 - python-markdown's name
        md.treeprocessors.register(_GuidanceBlocks(md), "sitegen-guidance-blocks", 1)


def unknown_callouts(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Lines whose '> [!KIND]' names a callout we do not have: (line number, kind)."""
    found = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        match = CALLOUT_MARK.match(line)
        if match and match[1] not in CALLOUTS:
            found.append((number, match[1]))
    return found


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]


# What a plain path on the site never holds: a scheme's ':', a backslash (which browsers read as
# '/', so '/\\host/x.png' is another site), whitespace or control characters (browsers drop tabs
# and newlines anywhere in an address, so '/<tab>/host/x.png' is '//host/x.png').
_NOT_A_PLAIN_PATH = re.compile(r"[:\\\x00-\x20\x7f-\x9f]|\s")


def _keep_local_images(element: str, attribute: str, value: str) -> str | None:
    """Images may come only from the site itself: drop any src that is not a plain path on it
    (no scheme, no host, nothing a browser would read as either)."""
    if (
        element == "img"
        and attribute == "src"
        and (_NOT_A_PLAIN_PATH.search(value) or value.startswith("//"))
    ):
        return None
    return value


@functools.cache
def _description_converter() -> python_markdown.Markdown:
    """One converter for every record: building one costs more than converting a description."""
    return python_markdown.Markdown(
        extensions=["sane_lists", "toc"], extension_configs={"toc": {"baselevel": 3}}
    )


def record_description(text: str) -> str:
    """A service's description: paragraphs, lists, links, emphasis and level 3-4 headings.

    Most descriptions use only paragraphs, lists, bold, italics and links: sitegen reads those
    itself (``simple_markdown``, several times faster, the same HTML), and python-markdown the rest.
    The sanitiser runs on both."""
    html = simple_markdown.to_html(text)
    return _sanitised_description(_python_markdown_description(text) if html is None else html)


def _python_markdown_description(text: str) -> str:
    """A description in python-markdown's HTML, before sanitising: the reading ``simple_markdown`` must match."""
    try:
        return _description_converter().reset().convert(text)
    except BaseException:  # its parser's state, cut short (RecursionError), would change the next
        _description_converter.cache_clear()
        raise


def _sanitised_description(html: str) -> str:
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
        extensions=["sane_lists", "tables", "toc", GuidanceExtension()],
        extension_configs={"toc": {"toc_depth": "2-3"}},
    )
    html = converter.convert(text)
    html = nh3.clean(
        html,
        tags=_COMMON_TAGS | _HEADINGS | _TABLES | {"img", "hr", "div", "span"},
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
        allowed_classes=_CLASSES,
        attribute_filter=_keep_local_images,
        strip_comments=True,
    )
    headings = tuple(_flatten(converter.toc_tokens))  # type: ignore[attr-defined]
    return Rendered(html=_scrollable_tables(html), headings=tuple(h for h in headings if h.level == 2))


_TABLE_OR_HEADING = re.compile(r'<h[2-4] id="([^"]+)">(.*?)</h[2-4]>|<table>|</table>', re.DOTALL)


def _scrollable_tables(html: str) -> str:
    """Each table in a box that scrolls sideways on a narrow screen, so that a wide table (a
    template's) never makes the whole page scroll sideways (WCAG 1.4.10). The box can take focus,
    so keyboard users can scroll it, and is named by the heading above the table (and its number,
    when one heading has several tables). Added after sanitising: this markup is ours."""
    parts, heading, heading_text, under_heading, position = [], "", "", 0, 0
    for match in _TABLE_OR_HEADING.finditer(html):
        parts.append(html[position : match.start()])
        if match[1]:
            # The heading's text is escaped for an element, not an attribute: its quotes are bare.
            heading_text = re.sub(r"<[^>]+>", "", match[2]).replace('"', "&quot;")
            heading, under_heading = match[1], 0
            parts.append(match[0])
        elif match[0] == "<table>":
            under_heading += 1
            if not heading:
                name = f'aria-label="Table {under_heading}"'
            elif under_heading == 1:
                name = f'aria-labelledby="{heading}"'
            else:
                name = f'aria-label="{heading_text}, table {under_heading}"'
            parts.append(f'<div class="sg-table-scroll" role="region" tabindex="0" {name}><table>')
        else:
            parts.append("</table></div>")
        position = match.end()
    parts.append(html[position:])
    return "".join(parts)


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


_ID = re.compile(r' (id|aria-labelledby)="([^"]+)"')
_HREF = re.compile(r' href="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([2-5])\b")


def for_whole_guide(html: str, slug: str, slugs: set[str]) -> str:
    """A guidance page's HTML made to sit inside the whole guide: its ids prefixed with its slug so
    no two pages clash, links between guide pages turned into links within the page, and its
    headings one level down (each page's title becomes a level 2 heading there)."""

    def anchor(match: re.Match[str]) -> str:
        if match[1] == "aria-labelledby":  # named by the page's title too, so names differ between pages
            return f' aria-labelledby="{slug} {slug}--{match[2]}"'
        return f' id="{slug}--{match[2]}"'

    def link(match: re.Match[str]) -> str:
        target = match[1]
        if target.startswith("#"):
            return f' href="#{slug}--{target[1:]}"'
        page = re.fullmatch(r"\.\./([a-z0-9-]+)/?(#(.*))?", target)
        if page and page[1] in slugs:
            return f' href="#{page[1]}--{page[3]}"' if page[3] else f' href="#{page[1]}"'
        return match[0]

    html = _ID.sub(anchor, html)
    html = _HREF.sub(link, html)
    return _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", html)
