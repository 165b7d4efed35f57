"""Markdown that would make python-markdown slow or too deep is refused first, by a pre-scan whose
limits no real text reaches (sitegen/model/markdown_limits.py; the hostile corpus runs the worst
cases through the real command, tests/test_hostile.py the time they take)."""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.commands import serve
from sitegen.commands.preview import IncrementalBuild
from sitegen.load.source import split_front_matter
from sitegen.model import content, markdown
from sitegen.model.markdown_limits import (
    MAX_BRACKET_DEPTH,
    MAX_EMPHASIS_DEPTH,
    MAX_HEADINGS,
    MAX_HTML_TAGS,
    MAX_LINES,
    MAX_NESTING,
    MAX_PARAGRAPH_WORK,
    MAX_TABLE_CELLS,
    overruns,
    scanned,
    within_by_counting,
)
from tests.conftest import TODAY
from tests.hostile.cases import CASES, HERE

PROJECT = Path(__file__).resolve().parent.parent
TEXTS = sorted(
    [*PROJECT.glob("content/pages/*.md"), *PROJECT.glob("tests/fixtures/*/content/pages/*.md")]
    + [*PROJECT.glob("content/services/*.yml"), *PROJECT.glob("tests/fixtures/*/content/services/*.yml")]
)


def markdown_of(path: Path) -> str:
    if path.suffix == ".md":
        return split_front_matter(path.name, path.read_bytes())[1]
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("description") or ""


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_the_bundled_pages_and_descriptions_are_within_every_limit(path):
    assert overruns(markdown_of(path), tables=path.suffix == ".md") == []


def test_the_bundled_pages_would_fit_twice_over_on_one_page():
    """Real text is far from the limits: every bundled page run together on one page, twice, fits
    (only its count of headings, which one page never has so many of, is left out)."""
    pages = "\n\n".join(markdown_of(p) for p in PROJECT.glob("content/pages/*.md")) + "\n\n"
    found = overruns(pages * 2, tables=True)
    assert [o for o in found if "headings" not in o.message] == []


def messages(text: str, tables: bool = True) -> list[tuple[int, str]]:
    return [(o.line, o.message) for o in overruns(text, tables)]


def test_each_limit_names_the_line_it_is_passed_on():
    intro = "Come and play.\n\n"
    assert messages(intro + "- " * (MAX_NESTING + 1) + "x") == [
        (
            2,
            f"this line puts lists or quotes {MAX_NESTING + 1} deep inside each other, more than the 10 sitegen reads",
        )
    ]
    assert messages(intro + "> " * MAX_NESTING + "x") == []
    deep_indent = "".join("    " * level + "1. x\n" for level in range(MAX_NESTING + 1))
    assert [line for line, _ in messages(intro + deep_indent)] == [2 + MAX_NESTING]
    assert "'[' brackets more than 5 deep" in messages(intro + "[" * 6 + "x" + "](y)" * 6)[0][1]
    assert messages(intro + "[" * MAX_BRACKET_DEPTH + "x" + "](y)" * MAX_BRACKET_DEPTH) == []
    unclosed = "a [b " * (MAX_BRACKET_DEPTH + 1)
    assert messages(intro + "Line.\n" + unclosed) == [
        (3, "this paragraph has 6 '[' that are never closed with ']', more than the 5 sitegen reads")
    ]
    emphasis = "*a " * (MAX_EMPHASIS_DEPTH + 1) + "x" + " b*" * (MAX_EMPHASIS_DEPTH + 1)
    assert "emphasis" in messages(intro + emphasis)[0][1]
    assert messages(intro + "*a " * MAX_EMPHASIS_DEPTH + "x" + " b*" * MAX_EMPHASIS_DEPTH) == []
    assert messages("## Same\n" * (MAX_HEADINGS + 1))[0][0] == MAX_HEADINGS
    assert messages("<b>x</b>\n" * (MAX_HTML_TAGS // 2 + 1))[0][0] == MAX_HTML_TAGS // 2
    assert messages("x\n" * MAX_LINES)[0][0] == MAX_LINES
    table = "| a | b |\n| - | - |\n" + "| x | y |\n" * (MAX_TABLE_CELLS // 4)
    assert "cells" in messages(table)[0][1]


def test_a_paragraph_dense_with_marks_is_refused_and_one_split_into_paragraphs_is_not():
    dense = "[x](y " * 1000
    assert "more than sitegen can read in good time" in messages(dense)[0][1]
    assert messages("\n\n".join(["[x](y) " * 10] * 100)) == []


def test_marks_in_a_table_are_counted_row_by_row_as_python_markdown_reads_them():
    """A template's table of '________' blanks is many marks in one stretch of lines, but each
    row is read on its own: on a page, not in a description (which has no tables), and not where
    python-markdown would not read the lines as a table (here: a rule of three cells under two)."""
    rows = "| Hazard ________ | Who ________ | Done ________ |\n" * 300
    assert messages("| a | b | c |\n| --- | --- | --- |\n" + rows) == []
    assert messages("| a | b | c |\n| --- | --- | --- |\n" + rows, tables=False) != []
    links = "\n".join(["[x](" * 350] * 5)
    assert messages("a | b\n| --- | --- | --- |\n" + links) != []
    assert messages("| a | b | c |\n| --- | --- | --- |\n" + links) == []


# --- ordinary Markdown: never refused --------------------------------------------------------------

_WORD = st.sampled_from(["play", "Songs", "toddlers", "hall's", "£2", "09:30", "(free)", "e.g.", "—", "&"])
_INLINE = st.one_of(
    _WORD,
    _WORD.map(lambda w: f"**{w}**"),
    _WORD.map(lambda w: f"*{w}*"),
    _WORD.map(lambda w: f"_{w}_"),
    _WORD.map(lambda w: f"`{w}`"),
    _WORD.map(lambda w: f"[{w}](https://example.org/{len(w)})"),
    _WORD.map(lambda w: f"[{w}](../start-here/#{len(w)})"),
    _WORD.map(lambda w: f"![{w}](/images/{len(w)}.png)"),
    _WORD.map(lambda w: f"<abbr title='x'>{w}</abbr>"),
)
_SENTENCE = st.lists(_INLINE, min_size=1, max_size=40).map(" ".join)
_BLOCK = st.one_of(
    _SENTENCE,
    st.tuples(st.sampled_from(["## ", "### ", "#### "]), _SENTENCE).map("".join),
    st.lists(st.tuples(st.integers(0, 3), _SENTENCE), min_size=1, max_size=30).map(
        lambda items: "\n".join("    " * level + f"- {text}" for level, text in items)
    ),
    st.lists(_SENTENCE, min_size=1, max_size=20).map(
        lambda items: "\n".join(f"{n}. {text}" for n, text in enumerate(items, 1))
    ),
    st.lists(_SENTENCE, min_size=1, max_size=10).map(lambda items: "\n".join(f"- [ ] {t}" for t in items)),
    st.tuples(st.sampled_from(["TIP", "IMPORTANT", "WARNING"]), _SENTENCE).map(
        lambda kind_text: f"> [!{kind_text[0]}]\n> {kind_text[1]}"
    ),
    st.tuples(st.integers(1, 3), _SENTENCE).map(lambda d: "> " * d[0] + d[1]),
    st.lists(st.tuples(_WORD, _SENTENCE), min_size=1, max_size=40).map(
        lambda rows: "| What | Notes |\n| --- | --- |\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    ),
    st.just("---"),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BLOCK, min_size=1, max_size=60).map("\n\n".join))
def test_ordinary_markdown_is_never_refused(text):
    assert overruns(text, tables=True) == []
    assert overruns(text.replace("|", "/")) == []  # a description, whose tables are not tables


# --- what passes the pre-scan converts quickly, whatever it is --------------------------------------

_HOSTILE_PIECES = st.sampled_from(
    ["[", "]", "(", ")", "![", "](", "<", ">", "<a ", "&", "&#", "*", "**", "_", "`", "``", "\\", "- ", "1. ",
     "> ", "    ", "\n", "\n\n", "#", "|", "---", "x", " ", "  \n", '"', "'", "[!TIP]", "- [ ] "]
)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(st.tuples(_HOSTILE_PIECES, st.integers(1, 2000)), min_size=1, max_size=12))
def test_whatever_passes_the_limits_converts_in_well_under_a_second(runs):
    """Runs of the marks that made python-markdown quadratic, mixed: each text the pre-scan lets
    through converts, as a page and as a description, without running out of recursion and in
    well under a second (the ceiling is generous; quadratic work on 20,000 marks takes minutes)."""
    text = "".join(piece * count for piece, count in runs)[:20_000]
    start = time.perf_counter()
    if not overruns(text, tables=True):
        markdown.guidance_page(text)
    if not overruns(text):
        markdown.record_description(text)
    assert time.perf_counter() - start < 2


# --- the shortcut: what counting lets through, the line-by-line scan finds within every limit ----------

# Texts each just past one limit, or just within it, where the counts come nearest to the scan's
_AT_THE_LIMITS = [
    "> " * MAX_NESTING + "x",
    "> " * (MAX_NESTING + 1) + "x",
    "Intro.\n\n" + "".join("  " + "    " * level + "- x\n" for level in range(MAX_NESTING + 1)),
    "\t" * MAX_NESTING + "x",
    "\t" * (MAX_NESTING + 1) + "x",
    " " * (4 * MAX_NESTING + 3) + "x",
    " " * (4 * MAX_NESTING + 4) + "x",
    "- " * (MAX_NESTING + 1) + "x",
    "1. " * (MAX_NESTING + 1) + "x",
    "[" * MAX_BRACKET_DEPTH + "x" + "]" * MAX_BRACKET_DEPTH,
    "[" * (MAX_BRACKET_DEPTH + 1) + "x",
    " ".join(["*x"] * MAX_EMPHASIS_DEPTH),
    " ".join(["*x"] * (MAX_EMPHASIS_DEPTH + 1)),
    "\n".join(["# x"] * MAX_HEADINGS),
    "\n".join(["# x"] * (MAX_HEADINGS + 1)),
    "<b>" * MAX_HTML_TAGS,
    "<b>" * (MAX_HTML_TAGS + 1),
    "(" * 1_999 + "x",
    "(" * 2_000 + "x",
    "word &amp; `code` \\( " * 130,
    "x" * MAX_PARAGRAPH_WORK,
    "x" * (MAX_PARAGRAPH_WORK + 1),
    "a  \n" * 1_000,
    "a  \n" * 1_001,
]


@pytest.mark.parametrize("text", _AT_THE_LIMITS, ids=lambda t: repr(t[:12]))
@pytest.mark.parametrize("tables", [False, True])
def test_texts_at_the_limits_pass_the_count_only_if_the_scan_passes_them(text, tables):
    if within_by_counting(text, tables):
        assert scanned(text, tables) == []
    assert overruns(text, tables) == scanned(text, tables)


def test_the_count_lets_ordinary_descriptions_through_and_the_scan_agrees():
    """The shortcut is there for what records hold: every bundled and fixture text, and the
    hostile corpus's records and pages, get the same answer as from the scan; the descriptions
    that are ordinary text pass by counting."""
    texts = [(markdown_of(path), path.suffix == ".md") for path in TEXTS]
    texts += [(markdown_of(HERE / case.file), case.file.endswith(".md")) for case in CASES if _readable(case)]
    for text, tables in texts:
        assert overruns(text, tables) == scanned(text, tables)
        if within_by_counting(text, tables):
            assert scanned(text, tables) == []
    descriptions = [text for text, tables in texts if not tables and text]
    assert sum(within_by_counting(text) for text in descriptions) >= len(descriptions) * 0.8


def _readable(case) -> bool:
    """A hostile file whose Markdown the test can read as a record or page (not bytes meant to be unreadable)."""
    if not case.file.endswith((".yml", ".md")) or case.file.startswith("site-"):
        return False
    try:
        text = markdown_of(HERE / case.file)
    except Exception:  # noqa: BLE001 - bytes or YAML meant not to load: another test's business
        return False
    return isinstance(text, str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_HOSTILE_PIECES, st.integers(1, 14)), min_size=1, max_size=30), st.booleans())
def test_whatever_passes_the_count_passes_the_scan(runs, tables):
    """Markdown's marks in runs short enough that counting often lets the text through, near the
    limits (nesting, brackets, emphasis): it never lets through what the scan refuses."""
    text = "".join(piece * count for piece, count in runs)
    if within_by_counting(text, tables):
        assert scanned(text, tables) == []


# --- the safety net: recursion that runs out anyway is a problem, not a traceback ---------------------


@contextlib.contextmanager
def only_frames_to_spare(frames: int):
    """Python's recursion limit set just above the current depth, as on a smaller stack."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def test_recursion_that_runs_out_in_markdown_is_a_problem_with_the_line_and_field():
    record = (HERE / "md-breakout.yml").read_text(encoding="utf-8")
    description = re.search(r"description: \|\n(  .*\n|\n)*", record)[0]  # type: ignore[index]
    nested = "".join("  " + "    " * level + "- x\n" for level in range(MAX_NESTING - 1))
    raw = record.replace(description, "description: |\n  Come and play.\n\n" + nested).encode()
    today = dt.date(2026, 12, 2)

    service, problems = content.model_service("content/services/x.yml", raw, (), today, 12)
    assert service is not None and problems == []  # within the limits: converted as usual
    sample = 'Come and *play*.\n\n- [x](https://example.org)\n\n<img src=x onerror="alert(1)">'
    before = markdown.record_description(sample)
    outcomes = set()
    for frames in range(20, 200, 10):  # from too few to convert to enough
        with only_frames_to_spare(frames):
            service, problems = content.model_service("content/services/x.yml", raw, (), today, 12)
        outcomes.add("converted" if service else "refused")
        assert service or [p.headline() for p in problems] == [
            "content/services/x.yml:4: description: the Markdown holds lists, quotes, links or "
            "emphasis nested too deeply for sitegen to read"
        ]
    assert outcomes == {"converted", "refused"}
    assert markdown.record_description(sample) == before  # the converter is as good as new


# --- the time budget: the worst cases through the real commands, on the bundled site --------------

BUDGET = 10  # seconds: generous for a build of the bundled site; quadratic work here takes minutes
WORST = {
    "the bundled site alone": (),
    "20,000 '[' in a description": ("md-bounds-unclosed-brackets.yml",),
    "a 256 KB page of '['": ("page-bounds-brackets.md",),
    "nested lists": (
        "md-bounds-nested-list.yml",
        "md-bounds-nested-numbers.yml",
        "page-bounds-indented-lists.md",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize(
    "command", [("build",), ("validate",), ("validate", "--format", "github"), ("check",)], ids=" ".join
)
@pytest.mark.parametrize("files", WORST.values(), ids=WORST.keys())
def test_the_worst_markdown_ends_in_seconds_with_its_file_and_line(tmp_path, files, command):
    """Each command, in a fresh process as a publishing job runs it, ends within the budget: a
    clean run of the bundled site, or exit 1 with a problem naming each hostile file and line."""
    root = tmp_path / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    for name in ("site.yml", "term-dates.yml"):
        shutil.copy(PROJECT / name, root / name)
    cases = [case for case in CASES if case.file in files]
    for case in cases:
        (root / case.target).write_bytes(case.content())

    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", *command, "--root", str(root), "--today", "2026-12-02"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=BUDGET * 6,
    )
    took = time.monotonic() - start
    said = done.stdout + done.stderr
    assert "Traceback" not in said
    assert took < BUDGET, f"{took:.1f} s"
    assert done.returncode == (1 if cases else 0), said
    for case in cases:
        github = f"file={case.target},line={case.line},"
        assert f"{case.target}:{case.line}: " in said or github in said, said


def test_the_preview_shows_the_problems_and_keeps_the_last_good_site(site_dir, tmp_path, capsys):
    out = tmp_path / "preview"
    builder = IncrementalBuild(site_dir, out)
    assert serve.rebuild(builder, TODAY.isoformat(), first=True)
    before = (out / "services/acorns/index.html").read_bytes()
    cases = [c for c in CASES if c.file in ("md-bounds-nested-list.yml", "page-bounds-brackets.md")]
    for case in cases:
        (site_dir / case.target).write_bytes(case.content())

    assert not serve.rebuild(builder, TODAY.isoformat())
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for case in cases:
        assert f"{case.target}:{case.line}: " in err
    assert "the preview still shows the last good site" in err
    assert (out / "services/acorns/index.html").read_bytes() == before
