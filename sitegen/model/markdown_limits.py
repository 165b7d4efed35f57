"""The Markdown no build converts: a linear pre-scan for what would make python-markdown slow or too deep.

python-markdown reads some marks by scanning ahead from each one: a '[' to its ']', a link's '('
to its ')', a '<' to its '>', a run of backticks to its twin, a '*' to its partner. Text full of
such marks that never close makes that work grow with the square of the paragraph's length (a
record's 20,000 '[' took over a minute and a half), and lists, quotes and links nested hundreds deep
exhaust Python's recursion. So before any Markdown is converted, one pass over it (linear in its
length) checks it against limits far above what real text needs, and each limit it passes names
the line and says in plain words what to change:

- lists and quotes inside each other, at most ``MAX_NESTING`` deep on any line;
- links inside links, or '[' never closed, at most ``MAX_BRACKET_DEPTH`` in a paragraph, and
  emphasis inside emphasis at most ``MAX_EMPHASIS_DEPTH`` deep;
- in each paragraph, its length times the marks it holds (the work the scanning ahead can take)
  at most ``MAX_PARAGRAPH_WORK``, and over the whole text at most ``MAX_WORK``;
- at most ``MAX_LINES`` lines, ``MAX_TABLE_CELLS`` table cells, ``MAX_HEADINGS`` headings and
  dividing lines (each heading's id is made unique by counting up through the ids before it)
  and ``MAX_HTML_TAGS`` HTML tags (an unclosed one makes the HTML reader read on to the end).

tests/test_markdown_limits.py checks that the bundled pages, twice over on one page, and
generated ordinary Markdown stay within them, and that whatever passes converts quickly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import markdown as python_markdown

MAX_NESTING = 10
MAX_BRACKET_DEPTH = 5
MAX_EMPHASIS_DEPTH = 10
MAX_PARAGRAPH_WORK = 4_000_000
MAX_WORK = 10_000_000
MAX_LINES = 5_000
MAX_HEADINGS = 300
MAX_HTML_TAGS = 300
MAX_TABLE_CELLS = 5_000


@dataclass(frozen=True)
class Overrun:
    """One limit the text goes past: ``line`` counts from 0 at the text's first line."""

    line: int
    message: str
    hint: str


# A list marker or a quote mark at the start of a line (what remains after it may hold another).
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$))[ \t]?")
_INDENT = re.compile(r"[ \t]*")
_HEADING_OR_RULE = re.compile(r"#|(?:[-=*_][ \t]*)+$")
_HTML_TAG = re.compile(r"<[A-Za-z/!?]")
# The marks python-markdown scans ahead from; a run of '*', '_' or '`' is one mark.
_MARK = re.compile(r"[\[<&\\(]|\*+|_+|`+|  \n")
_BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)
_EMPHASIS = re.compile(r"\*+|_+")


# The start of a line that may sit deeper than MAX_NESTING: a list or quote mark after any
# indentation, or more indentation than MAX_NESTING levels can take (a level is at least one
# character: a tab, or four spaces).
_MAYBE_DEEP = re.compile(rf"^(?:[ \t]*[>*+\-0-9]|[ \t]{{{MAX_NESTING + 1}}})", re.MULTILINE)
_MARK_CHARACTERS = "[<&\\(*_`"


def overruns(text: str, tables: bool = False) -> list[Overrun]:
    """Each limit the text goes past, once, at the line where it first does; [] if none.
    ``tables``: the text is converted with python-markdown's tables extension (guidance pages)."""
    if within_by_counting(text, tables):
        return []
    return scanned(text, tables)


def within_by_counting(text: str, tables: bool = False) -> bool:
    """Whether counting characters shows the text within every limit, without reading it line by
    line and paragraph by paragraph as ``scanned`` does (nine times quicker on a record's
    description, most of the time ``overruns`` took). Each count bounds what ``scanned`` measures:
    - lines: no more than MAX_HEADINGS, so no more headings, nor lines;
    - HTML tags: each starts with '<'; links and emphasis inside each other: each level opens
      with a '[', or a run of '*' or '_';
    - a paragraph's work (its marks, plus one, times its length): its marks are at most its mark
      characters and its lines but one (two spaces ending a line), so the marks plus one are at
      most its mark characters and its lines; all paragraphs' work together is at most the whole
      text's mark characters and lines times the whole length;
    - table cells: at most one for each '|', plus one for each row;
    - nesting: measured (_nesting) on the lines that start with a list or quote mark, or are
      indented more than MAX_NESTING characters; any other line is no deeper than its indentation.
    False says nothing: ``scanned`` decides. tests/test_markdown_limits.py checks, on generated
    Markdown and every bundled text, that whatever this passes ``scanned`` finds within the limits."""
    lines = text.count("\n") + 1
    if (
        lines > MAX_HEADINGS
        or text.count("<") > MAX_HTML_TAGS
        or text.count("[") > MAX_BRACKET_DEPTH
        or text.count("*") + text.count("_") > MAX_EMPHASIS_DEPTH
        or (tables and text.count("|") + lines > MAX_TABLE_CELLS)
    ):
        return False
    marks = sum(text.count(character) for character in _MARK_CHARACTERS)
    if (marks + lines) * len(text) > MAX_PARAGRAPH_WORK:
        return False
    for start in _MAYBE_DEEP.finditer(text):
        end = text.find("\n", start.start())
        if _nesting(text[start.start() : end if end >= 0 else len(text)])[0] > MAX_NESTING:
            return False
    return True


def scanned(text: str, tables: bool = False) -> list[Overrun]:
    """``overruns`` found by reading the text line by line, then paragraph by paragraph."""
    found: dict[str, Overrun] = {}

    def note(kind: str, line: int, message: str, hint: str) -> None:
        found.setdefault(kind, Overrun(line, message, hint))

    lines = text.split("\n")
    if len(lines) > MAX_LINES:  # the one problem to fix first: the rest is read line by line
        return [
            Overrun(
                MAX_LINES,
                f"the text has {len(lines):,} lines, more than the {MAX_LINES:,} sitegen reads",
                "shorten it, or split the page into several pages",
            )
        ]
    headings = html_tags = 0
    for number, line in enumerate(lines):
        depth, rest = _nesting(line)
        if depth > MAX_NESTING:
            note(
                "nesting",
                number,
                f"this line puts lists or quotes {depth} deep inside each other, more than "
                f"the {MAX_NESTING} sitegen reads",
                "start fewer lines with '-', '*', '1.' or '>' inside each other, or put a "
                "backslash before a mark you mean as text: \\-",
            )
        if _HEADING_OR_RULE.match(rest):
            headings += 1
            if headings > MAX_HEADINGS:
                note(
                    "headings",
                    number,
                    f"the text has more than {MAX_HEADINGS} headings and dividing lines",
                    "use fewer headings and dividing lines (---), or split the page into several pages",
                )
        html_tags += len(_HTML_TAG.findall(line))
        if html_tags > MAX_HTML_TAGS:
            note(
                "html",
                number,
                f"the text has more than {MAX_HTML_TAGS} HTML tags ('<' then a letter, '/', '!' or '?')",
                "write the text in Markdown instead of HTML, or write '&lt;' for a '<' you mean as text",
            )

    work = cells = 0
    for start, paragraph, row in _paragraphs(lines, tables):
        cells += paragraph.count("|") + 1 if row else 0
        if cells > MAX_TABLE_CELLS:
            note(
                "cells",
                start,
                f"the tables in the text have more than {MAX_TABLE_CELLS:,} cells",
                "split the tables, or the text, into several pages",
            )
        marks = len(_MARK.findall(paragraph)) + 1
        paragraph_work = marks * len(paragraph)
        work += paragraph_work
        if paragraph_work > MAX_PARAGRAPH_WORK:
            note(
                "work",
                start,
                f"this paragraph is {len(paragraph):,} characters long and holds {marks - 1:,} "
                "Markdown marks ([ ( < & * _ ` \\ and line breaks): more than sitegen can read "
                "in good time",
                "split it into shorter paragraphs, with a blank line between them, and remove "
                "marks that are not meant as links or emphasis",
            )
        elif work > MAX_WORK:
            note(
                "work",
                start,
                "up to this paragraph the text holds more Markdown marks ([ ( < & * _ ` \\ and "
                "line breaks), for the length of its paragraphs, than sitegen can read in good time",
                "remove marks that are not meant as links or emphasis, or split the page into several pages",
            )
        _brackets(paragraph, start, note)
        _emphasis(paragraph, start, note)
    # where one line goes past several limits, the plainest first: the work a paragraph's marks take last
    return [overrun for kind, overrun in sorted(found.items(), key=lambda k: (k[1].line, k[0] == "work"))]


def _nesting(line: str) -> tuple[int, str]:
    """How deep a line's start puts it in lists and quotes (each marker, and each 4 columns of
    indentation, one level), stopping once past the limit; and what follows them."""
    indent = _INDENT.match(line)[0]  # type: ignore[index]
    depth, position = len(indent.expandtabs(4)) // 4, 0
    while depth <= MAX_NESTING:
        match = _CONTAINER.match(line, position)
        if not match or match.end() == position:
            break
        depth, position = depth + 1, match.end()
    return depth, line[position:].lstrip(" \t")


def _paragraphs(lines: list[str], tables: bool) -> Iterator[tuple[int, str, bool]]:
    """(first line, text, whether it is a table's row) of each stretch of lines between blank
    lines, the largest pieces python-markdown reads inline marks in; with ``tables``, a table's
    rows one by one, as it reads each on its own. A stretch counts as a table only where
    python-markdown's own test says so and no other reading comes first (an indented code block)."""
    first = 0
    for number, line in enumerate([*lines, ""]):
        if line.strip(" \t"):
            continue
        if first < number:
            rows = lines[first:number]
            block = "\n".join(rows)
            if tables and not rows[0].startswith(("    ", "\t")) and _is_table(block):
                for number_in_table, row in enumerate(rows, start=first):
                    yield number_in_table, row, True
            else:
                yield first, block, False
        first = number + 1


@functools.cache
def _table_test() -> Callable[[None, str], bool]:
    return python_markdown.Markdown(extensions=["tables"]).parser.blockprocessors["table"].test


def _is_table(block: str) -> bool:
    return _table_test()(None, block)


def _line_at(paragraph: str, start: int, index: int) -> int:
    return start + paragraph.count("\n", 0, index)


Note = Callable[[str, int, str, str], None]


def _brackets(paragraph: str, start: int, note: Note) -> None:
    """Links inside links, and '[' that never close (which are inside each other too): from each
    '[' python-markdown reads on to its ']', or to the paragraph's end, once for each kind of link."""
    opened: list[int] = []
    for match in _BRACKET.finditer(paragraph):
        if match[0] == "[":
            opened.append(match.start())
            if len(opened) > MAX_BRACKET_DEPTH:
                break
        elif match[0] == "]" and opened:
            opened.pop()
    else:
        return
    never_closed = paragraph.count("[") - paragraph.count("]")
    if never_closed > MAX_BRACKET_DEPTH:
        note(
            "brackets",
            _line_at(paragraph, start, opened[0]),
            f"this paragraph has {never_closed:,} '[' that are never closed with ']', more than "
            f"the {MAX_BRACKET_DEPTH} sitegen reads",
            "a '[' starts a link, written [words](address): close each one, or put a backslash "
            "before a bracket you mean as text: \\[",
        )
    else:
        note(
            "brackets",
            _line_at(paragraph, start, opened[-1]),
            f"this line puts links or '[' brackets more than {MAX_BRACKET_DEPTH} deep inside each other",
            "close each '[' with ']' before the next, or put a backslash before a bracket you mean "
            "as text: \\[",
        )


def _emphasis(paragraph: str, start: int, note: Note) -> None:
    """Emphasis inside emphasis: a '*' or '_' that opens (after a space or punctuation, before a
    letter) counts one deeper until one that closes; python-markdown reads each level by recursion."""
    depth = 0
    for match in _EMPHASIS.finditer(paragraph):
        before = paragraph[match.start() - 1] if match.start() else " "
        after = paragraph[match.end()] if match.end() < len(paragraph) else " "
        if not before.isalnum() and not after.isspace():
            depth += 1
            if depth > MAX_EMPHASIS_DEPTH:
                note(
                    "emphasis",
                    _line_at(paragraph, start, match.start()),
                    f"this line puts emphasis ('*' or '_') more than {MAX_EMPHASIS_DEPTH} deep "
                    "inside emphasis",
                    "close each '*' or '_' before opening another, or put a backslash before a "
                    "mark you mean as text: \\*",
                )
                return
        elif not before.isspace() and not after.isalnum():
            depth = max(0, depth - 1)
