"""The Markdown most descriptions use, turned into the HTML python-markdown would make, without it.

Most service descriptions hold nothing but paragraphs, bullet or numbered lists, bold, italics,
links and line breaks. python-markdown reads them with a dozen block processors and some twenty
inline patterns, each a pass over the text; at 10,000 records that was a sixth of a cold build.
``to_html`` reads only that subset, in one pass per block, and gives exactly the HTML
python-markdown gives it (``sane_lists`` and ``toc``, as ``markdown.record_description`` sets it
up), or None for any text with anything else in it, or anything it is not sure of: then
python-markdown converts it. Either way, the sanitiser runs on the result.

It accepts a text only if:

- every line starts with something that cannot start a block of another kind (no indentation,
  no '#', '>', '=', '-', '+', '_', '|', '<', no '1.' or '1)' except as a list's marker, and a '*'
  only as bold or italics);
- each block (lines between blank lines) is a paragraph, or a list whose every line is an item
  ('- ', '* ', '+ ', or '1. ' for a numbered one), and no list follows another (python-markdown
  would join them into one list of paragraphs);
- inline, it holds only plain text, ``[words](address)`` with a plain address, ``**bold**`` and
  ``*italics*`` around plain words, and line breaks (two spaces at a line's end). Plain text has
  no backslash, backtick, '_', '*', '<', '>', '[', ']', no '&' that could start an entity ('&'
  then '#' or a letter or digit) and no control character.

tests/test_simple_markdown.py holds it to python-markdown's output on every record and page we
have, the peers' corpus, and text generated from the characters that mean something in Markdown.
"""

from __future__ import annotations

import re

# What the text may not hold anywhere: a backslash, a backtick, '<' or '>', an '&' that could
# start an entity, and control characters (python-markdown uses \x02 and \x03 itself).
_REFUSED = re.compile(r"[\\`<>\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_ENTITY = re.compile(r"&(?:#|[A-Za-z0-9]+;)")
# What plain text may not hold, outside bold, italics and links.
_MARK = re.compile(r"[\[\]*_]")
# Words inside bold, italics or a link: on one line, with no marks, not starting or ending with whitespace.
_WORDS = r"(?:[^\[\]*_\s](?:[^\[\]*_\n]*[^\[\]*_\s])?)"
_ADDRESS = r"[A-Za-z0-9\-._~:/?#@!$+,;=%]+"
_INLINE = re.compile(
    rf"(?<!!)\[(?P<label>{_WORDS})\]\((?P<href>{_ADDRESS})\)"
    rf"|(?<!\*)\*\*(?P<strong>{_WORDS})\*\*(?!\*)"
    rf"|(?<!\*)\*(?P<em>{_WORDS})\*(?!\*)"
    r"|(?P<br>  \n)"
)
_INLINE_START = re.compile(r"[\[*_]|  \n")
# A line that starts a paragraph's line: none of the marks that begin another kind of block.
_LINE_START = re.compile(r"(?![\s#>=\-+_|<]|[0-9]+[.)](?:\s|$)|\*(?:\s|\*\s|\*?$))")
_BULLET = re.compile(r"[-*+] (?=\S)")
_NUMBER = re.compile(r"([0-9]+)\. (?=\S)")


def to_html(text: str) -> str | None:
    """The HTML python-markdown makes of ``text``, or None where the text is not plain enough to be sure."""
    if not text.strip(" \n") or _REFUSED.search(text) or ("&" in text and _ENTITY.search(text)):
        return None  # blank, or blank but for other whitespace: python-markdown's reading is its own
    text = text.replace("&", "&amp;")  # no address, tag or attribute below holds an '&'
    html: list[str] = []
    previous_was_list = False
    for block in _blocks(text):
        first = block[0]
        if _BULLET.match(first):
            if previous_was_list:
                return None
            items = _list_items(block, _BULLET)
            if items is None:
                return None
            html.append("<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>")
            previous_was_list = True
        elif number := _NUMBER.match(first):
            if previous_was_list:
                return None
            items = _list_items(block, _NUMBER)
            if items is None:
                return None
            start = number[1]
            opening = "<ol>\n" if start == "1" else f'<ol start="{start}">\n'
            html.append(opening + "".join(f"<li>{item}</li>\n" for item in items) + "</ol>")
            previous_was_list = True
        else:
            if any(not _LINE_START.match(line) for line in block) or block[-1][-1:].isspace():
                return None
            paragraph = _inline("\n".join(block))
            if paragraph is None:
                return None
            html.append(f"<p>{paragraph}</p>")
            previous_was_list = False
    return "\n".join(html)


def _blocks(text: str) -> list[list[str]]:
    """The text's lines in runs between empty lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _list_items(block: list[str], marker: re.Pattern[str]) -> list[str] | None:
    """Each line's item as HTML, if every line is an item with that kind of marker and plain content."""
    items = []
    for line in block:
        match = marker.match(line)
        if not match:
            return None
        content = line[match.end() :]
        if not _LINE_START.match(content) or content[-1].isspace():
            return None
        item = _inline(content)
        if item is None:
            return None
        items.append(item)
    return items


def _inline(text: str) -> str | None:
    """A paragraph's or an item's text as HTML, or None if it holds marks other than the plain ones."""
    if not _INLINE_START.search(text):
        return text
    parts = []
    position = 0
    for match in _INLINE.finditer(text):
        plain = text[position : match.start()]
        if _MARK.search(plain):
            return None
        parts.append(plain)
        if match["label"] is not None:
            parts.append(f'<a href="{match["href"]}">{match["label"]}</a>')
        elif match["strong"] is not None:
            parts.append(f"<strong>{match['strong']}</strong>")
        elif match["em"] is not None:
            parts.append(f"<em>{match['em']}</em>")
        else:
            parts.append("<br />\n")
        position = match.end()
    plain = text[position:]
    if _MARK.search(plain):
        return None
    parts.append(plain)
    return "".join(parts)
