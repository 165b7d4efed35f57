"""sitegen's own reading of plain descriptions gives python-markdown's HTML, byte for byte.

The oracle is python-markdown itself, set up as for every description, and the sanitiser after
it: whenever ``simple_markdown.to_html`` accepts a text, its HTML must be python-markdown's, and
the description the site shows (sanitised) the same bytes as before the fast path existed. It must
also accept the descriptions people write: every bundled record, the peers' corpus, and text made
only of paragraphs, lists, bold, italics and links.

The generated tests run a few hundred examples each, so that the suite stays quick; when changing
sitegen/model/simple_markdown.py, run many more (20,000 each were run when it was written):

    SIMPLE_MARKDOWN_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_simple_markdown.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.model import markdown, simple_markdown

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "tests" / "fixtures" / "markdown" / "peers-descriptions.json"
EXAMPLES = int(os.environ.get("SIMPLE_MARKDOWN_EXAMPLES", "400"))


def _python_markdown(text: str) -> str:
    return markdown._python_markdown_description(text)


def _plain_record_description(text: str) -> str:
    """The description as the site showed it before the fast path: python-markdown, then nh3."""
    return markdown._sanitised_description(_python_markdown(text))


def _same_as_python_markdown(text: str) -> bool:
    """True if the fast path accepts the text; fails the test if it then differs from the oracle."""
    fast = simple_markdown.to_html(text)
    if fast is None:
        return False
    assert fast == _python_markdown(text), text
    assert markdown.record_description(text) == _plain_record_description(text), text
    return True


def _bundled_descriptions() -> list[str]:
    found = []
    for file in sorted((ROOT / "content" / "services").glob("*.yml")) + sorted(
        (ROOT / "tests" / "fixtures").rglob("*.yml")
    ):
        try:
            record = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(record, dict) and isinstance(record.get("description"), str):
            found.append(record["description"])
    return found


def test_every_bundled_description_is_read_by_the_fast_path_exactly():
    descriptions = _bundled_descriptions()
    assert len(descriptions) >= 40
    accepted = [text for text in descriptions if _same_as_python_markdown(text)]
    assert len(accepted) == len(descriptions)


def test_the_peers_descriptions_are_read_by_the_fast_path_exactly():
    """300 descriptions from ../shared/bench/gen_corpus.py (80-250 words, lists, bold, links)."""
    descriptions = json.loads(PEERS.read_text(encoding="utf-8"))
    assert len(descriptions) == 300
    accepted = [text for text in descriptions if _same_as_python_markdown(text)]
    assert len(accepted) == len(descriptions)


def test_guidance_pages_agree_wherever_the_fast_path_reads_them():
    """The bundled guidance pages as descriptions: longer texts with headings, tables, quotes and
    checklists, which the fast path must refuse or read exactly (paragraph by paragraph, too)."""
    pages = [file.read_text(encoding="utf-8") for file in sorted((ROOT / "content" / "pages").glob("*.md"))]
    assert pages
    blocks = [block for page in pages for block in page.split("\n\n")]
    for text in pages:
        _same_as_python_markdown(text)
    accepted = sum(_same_as_python_markdown(block) for block in blocks)
    assert accepted > len(blocks) / 3  # the plain paragraphs among them


def test_ordinary_markdown_is_read_exactly():
    cases = [
        "One paragraph.",
        "Come and **play**.\n\n- Toys\n- Songs\n\n[Our site](https://example.org)",
        "Line one  \nline two, after a break",
        "Line one   \nthree spaces leave one",
        "Line one \nline two",
        "1. First\n2. Second\n\nThen:\n\n3. Third, a list of its own starting at 3",
        "Text\n\n\n\nafter three blank lines\n",
        "R&D, 5 & 6, *quietly*, **bold**, *a*b, a**b**c, 10.30am to 12.00",
        "[mail us](mailto:a_b@example.org) or [ring](tel:+441632960000)",
        "Ages 0-5 (and siblings), 50% off; £2 per family! Questions? 'Yes' \"no\"",
        "- A [link](https://example.org/a_b?c=d#e) in a list\n* a star item\n+ a plus item",
        "Ünïcödé, 日本語 and emoji 🙂 are text too",
    ]
    for text in cases:
        assert _same_as_python_markdown(text), text


def test_what_the_fast_path_cannot_be_sure_of_goes_to_python_markdown():
    refused = [
        "# A heading",
        "> a quote",
        "    code",
        "`code`",
        "a_b_c",
        "<b>html</b>",
        "&amp; an entity",
        "&#169;",
        "![an image](/a.png)",
        "[a reference][1]\n\n[1]: https://example.org",
        "Text\n- not a list without a blank line",
        "- a list\n\n- that python-markdown joins with the next",
        "***",
        "a\n---",
        "back\\slash",
        "\x02",
        "",
        "  \n",
    ]
    for text in refused:
        assert simple_markdown.to_html(text) is None, text
        assert markdown.record_description(text) == _plain_record_description(text)


# Pieces of text that mean something in Markdown, or in HTML, or are whitespace of other kinds.
_TRICKY = [
    "*", "**", "***", "_", "__", "[", "]", "(", ")", "<", ">", "&", "#", "\\", "`", "!", " ", "  ",
    "-", "+", "1.", "2)", "10.", ".", ":", "|", "=", "~", "@", "%", "/", "'", '"', "\n", "\n\n",
    "  \n", "\t", "\r", "\r\n", "\xa0", "\u2028", "\x02", "\x03", "\x00", "\x85", "\u3000", "é",
    "🙂", "a", "b", "word", "Ab", "12", "http://x.org/a_b", "mailto:a@b.c", "&amp;", "&#1;", "&x",
    "&;", "<b>", "</p>", "<!--", "<https://x.org>", "- ", "* ", "+ ", "1. ", "3. ", "# ", "> ",
    "---", "===", "    ", "[x](http://e.org)", "[x](/a)", "](", "**a**", "*a*", "[TOC]",
    "![i](/a.png)", "[a]: http://x", '[x](http://e.org "t")', "[x](<a b>)", "javascript:",
]  # fmt: skip
_tricky_text = st.lists(st.sampled_from(_TRICKY), max_size=30).map("".join)
_tricky_lines = st.lists(
    st.tuples(st.sampled_from(["", "", "", "- ", "* ", "+ ", "1. ", "2. ", "# ", "> ", " ", "    "]), _tricky_text).map(
        "".join
    ),
    max_size=8,
).flatmap(lambda lines: st.lists(st.sampled_from(["\n", "\n", "\n\n", "\n\n\n"]), min_size=len(lines), max_size=len(lines)).map(
    lambda breaks: "".join(line + gap for line, gap in zip(lines, breaks, strict=True))
))  # fmt: skip
_characters = st.text(
    alphabet=st.sampled_from(sorted(set("".join(_TRICKY)) | {"\u00e9", "\u2019"})), max_size=60
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_tricky_text, _tricky_lines, _characters))
def test_whatever_the_fast_path_accepts_it_reads_as_python_markdown_does(text):
    _same_as_python_markdown(text)


# Text as people write descriptions: sentences, bold, italics and links, in paragraphs and lists.
_word = st.sampled_from(["Come", "play", "sing", "Ages", "0-5,", "free;", "R&D", "10.30am", "(siblings)", "£2", "café", "it's", "50%", "you?", "OK!", "\"yes\"", "and/or", "a@b.org"])  # fmt: skip
_words = st.lists(_word, min_size=1, max_size=8).map(" ".join)
_inline = st.lists(
    st.one_of(
        _words,
        _words.map(lambda w: f"**{w}**"),
        _words.map(lambda w: f"*{w}*"),
        st.tuples(_words, st.sampled_from(["https://example.org/a_b", "/services/x", "mailto:a@b.org", "tel:+441632960000"])).map(
            lambda pair: f"[{pair[0]}]({pair[1]})"
        ),
    ),
    min_size=1,
    max_size=5,
).map(" ".join)  # fmt: skip
_paragraph = st.lists(_inline, min_size=1, max_size=3).flatmap(
    lambda lines: st.sampled_from(["\n", "  \n"]).map(lambda joint: joint.join(lines))
)
_bullets = st.lists(_inline, min_size=1, max_size=5).map(
    lambda items: "\n".join(f"- {item}" for item in items)
)
_numbers = st.lists(_inline, min_size=1, max_size=5).map(
    lambda items: "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))
)
_blocks = st.lists(st.one_of(_paragraph, _bullets, _numbers), min_size=1, max_size=6).map(
    # a list after a list is one loose list to python-markdown: the fast path leaves those to it
    lambda blocks: [block for n, block in enumerate(blocks) if not (n and blocks[n - 1][:2] in ("- ", "1.") and block[:2] in ("- ", "1."))]
)  # fmt: skip
_description = _blocks.map("\n\n".join)


@settings(max_examples=EXAMPLES, deadline=None)
@given(_description)
def test_descriptions_of_paragraphs_lists_bold_and_links_take_the_fast_path(text):
    assert _same_as_python_markdown(text), text


def _insert(text: str, pieces: list[tuple[int, str]]) -> str:
    for position, piece in pieces:
        position %= len(text) + 1
        text = text[:position] + piece + text[position:]
    return text


# Ordinary descriptions with a few tricky pieces put anywhere in them: the fast path's edges.
_nearly_ordinary = st.builds(
    _insert,
    _description,
    st.lists(st.tuples(st.integers(0, 2000), st.sampled_from(_TRICKY)), min_size=1, max_size=3),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_nearly_ordinary)
def test_ordinary_descriptions_with_a_tricky_piece_read_as_python_markdown_does_or_go_to_it(text):
    _same_as_python_markdown(text)


def test_links_the_fast_path_reads_are_still_sanitised():
    """The fast path writes whatever plain address it is given; nh3, after it, drops the dangerous ones."""
    for text in ["[x](javascript:alert%281%29)", "[x](JaVaScRiPt:alert)", "[x](data:text/html;base64,PHNj)"]:
        assert simple_markdown.to_html(text) is not None, text
        html = markdown.record_description(text)
        assert html == '<p><a rel="noopener noreferrer">x</a></p>', html
        assert html == _plain_record_description(text)
