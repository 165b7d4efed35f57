"""Untrusted content in, a safe site out (issue 10).

Records and pages arrive by pull request from anyone. Whatever they hold, the build either stops
with problems that name the file, the line and the field, writing nothing, or builds a site in
which nothing a record says can run script, load a style, reach another site or leave output/.

- every case of the hostile corpus (tests/hostile/, its outcomes in tests/hostile/cases.py) through
  the real command, with the built pages checked for anything a browser would run;
- generated records and pages (hypothesis): any YAML mapping as a record, any Markdown as a page;
- the accepted hostile records built into one site and every page opened in Chromium with a trap
  for script and for Content Security Policy violations, and the bundled site's pages the same;
- the defences in depth: the policy on every page, links that open no window back to us, the
  preview server on this computer only, and a build killed part-way that loses nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sitegen.commands.cli import main
from tests.conftest import SMALL_SITE
from tests.hostile.cases import CASES, ERROR, HERE, PAGES, SAFE, SERVICES, Case

PROJECT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-24"
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)


# --- what a browser would run: every built page is checked for it ------------------------------------

# webcal: only in the calendar subscribe links the site makes from its own base URL (records'
# web addresses must start https:// or http://); a browser hands it to a calendar program
SCHEMES = {"http", "https", "mailto", "tel", "webcal"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "ping",
    "manifest",
    "codebase",
    "usemap",
}
FORBIDDEN_TAGS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "base",
    "style",
    "template",
    "portal",
    "audio",
    "video",
    "source",
    "track",
    "noscript",
    "xmp",
    "plaintext",
}
LINK_RELS = {"stylesheet", "icon", "canonical", "alternate"}


def scheme(url: str) -> str:
    """The scheme a browser reads from an attribute's (already unescaped) value: it first strips
    spaces and control characters from the ends and drops tabs and newlines anywhere."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(chr(c) for c in range(0x21))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return match[1].lower() if match else ""


def off_site(url: str) -> bool:
    """Whether a browser would fetch the (already unescaped) address from another site: the WHATWG
    URL parser strips spaces and control characters from its ends, drops tabs and newlines
    anywhere, and reads '\\' as '/' in a relative address, so '/<tab>/host' and '/\\host' are '//host'."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(chr(c) for c in range(0x21)))).replace("\\", "/")
    return bool(scheme(url)) or url.startswith("//")


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.data_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"[:200]
        values = {name: value or "" for name, value in attrs}
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"a {tag} element: {shown}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"an event handler: {shown}")
            elif name in ("style", "srcdoc", "formaction", "srcset"):
                self.found.append(f"a {name} attribute: {shown}")
            elif name in URL_ATTRIBUTES and scheme(value) and scheme(value) not in SCHEMES:
                self.found.append(f"a {scheme(value)}: address: {shown}")
        if tag == "script":
            if "src" in values:
                if off_site(values["src"]):
                    self.found.append(f"a script from elsewhere: {shown}")
            elif values.get("type") == "application/ld+json":
                self.data_script = True
            else:
                self.found.append(f"an inline script: {shown}")
        elif tag == "link":
            if values.get("rel") not in LINK_RELS:
                self.found.append(f"a link of an unexpected kind: {shown}")
            elif values.get("rel") != "canonical" and off_site(values.get("href", "")):
                self.found.append(f"a style or icon from elsewhere: {shown}")
        elif tag == "meta" and "http-equiv" in values:
            if values["http-equiv"].lower() != "content-security-policy" or values.get("content") != POLICY:
                self.found.append(f"a meta http-equiv: {shown}")
        elif tag == "img" and off_site(values.get("src", "")) and scheme(values.get("src", "")) != "data":
            self.found.append(f"an image from elsewhere: {shown}")
        elif tag == "form" and off_site(values.get("action", "")):
            self.found.append(f"a form sending elsewhere: {shown}")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self.data_script and "<" in data:
            self.found.append(f"'<' in JSON-LD: {data[:100]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.data_script = False


def unsafe_markup(html: str) -> list[str]:
    """Everything in a page that could run script, style it or reach another site unasked."""
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.found


def unsafe_pages(output: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted(output.rglob("*.html")):
        problems = unsafe_markup(path.read_text(encoding="utf-8"))
        if problems:
            found[path.relative_to(output).as_posix()] = problems
    return found


def test_the_checker_finds_what_a_browser_would_run():
    """The page checker itself, on markup that must never get through."""
    for html in (
        "<script>alert(1)</script>",
        "<script src='https://evil.example/x.js'></script>",
        "<img src=x onerror=alert(1)>",
        "<a href='jav&#x09;ascript:alert(1)'>x</a>",
        "<a href=' javascript:alert(1)'>x</a>",
        "<a href='data:text/html,x'>x</a>",
        "<p style='color:red'>x</p>",
        "<style>p{}</style>",
        "<svg></svg>",
        "<iframe src='https://example.org'></iframe>",
        "<meta http-equiv='refresh' content='0;url=https://evil.example'>",
        "<base href='https://evil.example/'>",
        "<img src='https://tracker.example/p.gif'>",
        "<img src='/\\tracker.example/p.gif'>",
        "<img src='\\\\tracker.example/p.gif'>",
        "<img src='/&#9;/tracker.example/p.gif'>",
        "<img src='/&#10;/tracker.example/p.gif'>",
        "<img src='/&NewLine;/tracker.example/p.gif'>",
        "<img src='&#13;//tracker.example/p.gif'>",
        "<form action='https://evil.example/'></form>",
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
    ):
        assert unsafe_markup(html), html
    assert unsafe_markup('<a href="https://example.org">x</a> <a href="../x/">y</a>') == []
    assert unsafe_markup('<img src="/assets/logo.png" alt=""> <img src="pictures/a.png" alt="">') == []


# --- running a case ----------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder, by path, as a digest of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# 'Suggest a change' on a service page: the update form, filled in with the record's answers as
# the record has them (its description as written, Markdown and all), each percent-encoded in the
# link's query, where no browser acts on it; the link's address is checked like any other
SUGGEST_A_CHANGE = re.compile(
    r'href="https://github\.com/example/children-services/issues/new\?template=update-service\.yml&[^"]*"'
)


def without_form_answers(html: str) -> str:
    """The page without its 'Suggest a change' link's answers: a hidden text may be one of them."""
    return SUGGEST_A_CHANGE.sub('href=""', html)


def everything_but_output(folder: Path) -> dict[str, str]:
    """Every file around the project but its output and sitegen's own cache folder of modelled
    records (sitegen/cache/models.py: what it may hold is tested in tests/test_model_cache.py)."""
    return {
        name: digest
        for name, digest in snapshot(folder).items()
        if not name.startswith(("site/output/", "site/.sitegen-cache/"))
    }


def install(case: Case, root: Path, outside: Path) -> None:
    """Put a case's file into a project, as a link to a copy outside it where the case says so."""
    target = root / case.target
    target.parent.mkdir(parents=True, exist_ok=True)
    if case.link == "file":
        secret = outside / case.file
        secret.parent.mkdir(parents=True, exist_ok=True)
        secret.write_bytes(case.content())
        target.symlink_to(secret)
    elif case.link == "folder":
        folder = outside / "pages"
        shutil.copytree(root / "content/pages", folder)
        (folder / case.file).write_bytes(case.content())
        shutil.rmtree(root / "content/pages")
        (root / "content/pages").symlink_to(folder, target_is_directory=True)
    else:
        target.write_bytes(case.content())


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory) -> Path:
    """output/ as the small site's last good build left it."""
    root = tmp_path_factory.mktemp("previous") / "site"
    shutil.copytree(SMALL_SITE, root)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["build", "--root", str(root), "--today", TODAY]) == 0
    return root / "output"


def test_the_corpus_has_a_case_for_every_file_and_enough_of_them():
    files = {p.name for p in HERE.iterdir() if p.is_file() and p.suffix in (".yml", ".md", ".csv")}
    named = [case.file for case in CASES]
    assert len(named) == len(set(named)), "a file has two cases"
    assert files == set(named), (
        f"files without a case: {files - set(named)}; cases without a file: {set(named) - files}"
    )
    assert len(CASES) >= 40
    assert {case.outcome for case in CASES} == {ERROR, SAFE}


@pytest.mark.parametrize("case", [c for c in CASES if c.outcome == ERROR], ids=str)
def test_a_hostile_file_is_refused_with_its_file_line_and_field(case, sitegen, site_dir, previous_build):
    outside = site_dir.parent / "outside"
    install(case, site_dir, outside)
    around = everything_but_output(site_dir.parent)

    result = sitegen("build", "--root", site_dir, "--today", TODAY)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    headline = f"{case.reported_as}:{case.line}: " + (f"{case.field}: " if case.field else "")
    lines = [line for line in result.err.splitlines() if headline in line]
    assert any(case.message in line for line in lines), f"no {headline!r}…{case.message!r} in:\n{result.err}"
    assert "Nothing was written; the previous site is unchanged." in result.err
    assert not (site_dir / "output").exists()

    # Again with a previous site in place: it is left exactly as it was.
    shutil.copytree(previous_build, site_dir / "output")
    assert sitegen("build", "--root", site_dir, "--today", TODAY).code == 1
    assert snapshot(site_dir / "output") == snapshot(previous_build)
    assert [p.name for p in site_dir.iterdir() if p.name.startswith(".output")] == []
    assert everything_but_output(site_dir.parent) == around, "the build wrote outside output/"
    assert not Path("/tmp/sitegen-pwned").exists()


@pytest.mark.parametrize("case", [c for c in CASES if c.outcome == SAFE], ids=str)
def test_a_hostile_file_is_built_harmless(case, sitegen, site_dir):
    install(case, site_dir, site_dir.parent / "outside")
    around = everything_but_output(site_dir.parent)

    result = sitegen("build", "--root", site_dir, "--today", TODAY)
    assert result.code == 0, result.err
    output = site_dir / "output"
    assert unsafe_pages(output) == {}
    built = {
        p.relative_to(output).as_posix(): p.read_bytes().decode("utf-8", "replace")
        for p in output.rglob("*")
        if p.is_file()
    }
    installed = Path(case.target)
    is_content = case.target.startswith((SERVICES, PAGES))  # not site.yml or a table such as places.csv
    if is_content and not installed.name.startswith("."):  # a hidden file is passed over
        folder = "services" if case.target.startswith(SERVICES) else "guidance"
        assert f"{folder}/{installed.stem}/index.html" in built, "the record was not published"
    for page, text in case.shows:
        assert text in built[page], f"{text!r} is not in {page}"
    for text in case.hides:
        pages = [
            name
            for name, body in built.items()
            if name.endswith(".html") and text in without_form_answers(body)
        ]
        assert not pages, f"{text!r} is on {pages}"
    assert everything_but_output(site_dir.parent) == around, "the build wrote outside output/"


# --- generated records and pages -----------------------------------------------------------------


def _run_cli(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, err.getvalue()


@contextlib.contextmanager
def _scratch_site():
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        shutil.copytree(SMALL_SITE, root)
        yield root


def _build_and_check(root: Path, name: str, raw: bytes, page: str) -> None:
    """Build with one generated file: a clean build, or problems naming the file; never a crash
    (an exception here fails the test), never part of a site, never script on a page."""
    output = root / "output"
    shutil.rmtree(output, ignore_errors=True)
    (root / name).write_bytes(raw)
    code, err = _run_cli("build", "--root", str(root), "--today", TODAY, "--jobs", "1")
    assert code in (0, 1), err
    event("built" if code == 0 else "refused")
    if code == 1:
        problems = [line for line in err.splitlines() if line.startswith("error: ")]
        assert problems and all(line.startswith(f"error: {name}:") for line in problems), err
        assert not output.exists()
        assert [p.name for p in root.iterdir() if p.name.startswith(".output")] == []
    else:
        assert (output / page).is_file()
        assert unsafe_pages(output) == {}


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["<script>alert(1)</script>", "javascript:alert(1)", "09:30", "2026-02-30", "0 months"])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=25,
)
# A valid record, every value kept as the text it is (BaseLoader): safe_load would make 09:30 a number.
_VALID = yaml.load(
    (HERE / "type-number-for-name.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader
) | {"name": "Generated Group"}


def _near_valid():
    """A valid record with up to three of its fields, or fields of its groups, replaced by anything."""

    def replace(record, paths, values):
        record = yaml.load(yaml.safe_dump(record), Loader=yaml.BaseLoader)
        for path, value in zip(paths, values, strict=False):
            holder = record
            for key in path[:-1]:
                holder = holder[key]
            holder[path[-1]] = value
        return record

    paths = [
        (key,) if not isinstance(value, dict) else (key, sub)
        for key, value in _VALID.items()
        for sub in (value if isinstance(value, dict) else [None])
    ]
    return st.builds(
        replace,
        st.just(_VALID),
        st.lists(st.sampled_from(paths), min_size=1, max_size=3),
        st.lists(_VALUES, min_size=3, max_size=3),
    )


_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.slow
@settings(_SETTINGS, max_examples=100)  # mostly refused early, so quick
@given(st.dictionaries(st.text(max_size=12) | st.integers(), _VALUES, max_size=8) | _near_valid())
def test_any_yaml_mapping_as_a_record_builds_or_is_refused_cleanly(record):
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    with _scratch_site() as root:
        _build_and_check(
            root, "content/services/generated.yml", text.encode(), "services/generated/index.html"
        )


_MARKDOWN_BITS = st.sampled_from(
    [
        "## ",
        "# ",
        "\n",
        "\n\n",
        "- [ ] ",
        "- [x] ",
        "> [!TIP]\n> ",
        "> [!NOTE]\n",
        "| a | b |\n| - | - |\n| 1 | 2 |\n",
        "[x](javascript:alert(1))",
        "![x](https://tracker.example/p.gif)",
        "[x](https://example.org)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '" onmouseover="alert(1)',
        "jav&#x09;ascript:",
        "<style>",
        "<!--",
        "`",
        "*",
        "---",
        "&",
        "\u202e",
        "\x00",
    ]
)
_MARKDOWN = st.lists(_MARKDOWN_BITS | st.text(max_size=20), max_size=30).map("".join)


@pytest.mark.slow
@_SETTINGS
@given(_MARKDOWN)
def test_any_markdown_as_a_guidance_page_builds_or_is_refused_cleanly(body):
    text = f"---\ntitle: Generated\nsummary: A generated page.\norder: 9\nlast_reviewed: 2026-10-01\n---\n{body}\n"
    with _scratch_site() as root:
        _build_and_check(
            root,
            "content/pages/generated.md",
            text.encode("utf-8", "surrogatepass"),
            "guidance/generated/index.html",
        )


_TEXT_FIELDS = (
    ("name",),
    ("summary",),
    ("description",),
    ("run_by", "organisation"),
    ("venue", "name"),
    ("venue", "address"),
    ("venue", "town"),
    ("cost", "covers"),
)


_TEXT = (
    st.lists(
        _MARKDOWN_BITS.filter(lambda bit: bit not in ("\x00", "\u202e"))
        | st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=10),
        min_size=1,
        max_size=5,
    )
    .map("".join)
    .filter(str.strip)
)


@pytest.mark.slow
@_SETTINGS
@given(st.fixed_dictionaries({field: _TEXT for field in _TEXT_FIELDS}))
def test_any_text_in_a_record_is_refused_or_shown_as_text(texts):
    """Records that build, which most of these do: whatever their text says, no page runs it."""
    record = yaml.load(yaml.safe_dump(_VALID), Loader=yaml.BaseLoader)
    for (*group, name), text in texts.items():
        holder = record[group[0]] if group else record
        holder[name] = text
    with _scratch_site() as root:
        _build_and_check(
            root,
            "content/services/generated.yml",
            yaml.safe_dump(record, allow_unicode=True, sort_keys=False).encode("utf-8", "surrogatepass"),
            "services/generated/index.html",
        )


# --- in the browser: nothing runs, nothing is blocked ----------------------------------------------

TRAP = """
(() => {
  const fired = (what) => { try { window.sgFired(String(what)); } catch (e) {} };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => fired(name + '(' + args.join(', ') + ')');
  }
  document.addEventListener('securitypolicyviolation', (e) => fired(
    'policy violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' in ' + e.sourceFile
    + ':' + e.lineNumber + ' ' + (e.sample || '')), true);
})();
"""
# Every event an injected handler might wait for, sent to every element of the page.
PROVOKE = """() => {
  const all = document.querySelectorAll('body *');
  for (const element of all) {
    for (const type of ['mouseover', 'mouseenter', 'pointerenter', 'focus', 'toggle', 'animationstart']) {
      element.dispatchEvent(new Event(type));
    }
  }
  return all.length;
}"""
RESULTS_COUNT = ".sg-results__count"


def visit(browser, base: str, paths: list[str]) -> dict[str, list[str]]:
    """Open each page with the site's policy in force and every way for script to show itself
    watched: alert and friends, policy violations, console errors, uncaught errors, and requests to
    anywhere but the site (refused). What each page gave away, by page."""
    context = browser.new_context(bypass_csp=False)
    heard: list[str] = []
    context.expose_function("sgFired", lambda what: heard.append(what))
    context.add_init_script(TRAP)
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base))

    def only_the_site(route) -> None:
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            heard.append(f"a request to {route.request.url}")
            route.abort()

    context.route("**/*", only_the_site)
    found: dict[str, list[str]] = {}
    page = context.new_page()
    page.on("console", lambda message: heard.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: heard.append(f"uncaught: {error}"))
    try:
        for path in paths:
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            if path.startswith("search/?"):
                page.locator(RESULTS_COUNT, has_text="found").wait_for()
            page.evaluate(PROVOKE)
            page.wait_for_timeout(20)
            page.evaluate("1")  # every message the page sent before this has arrived
            if heard:
                found[path] = heard[:]
                heard.clear()
    finally:
        context.close()
    return found


def html_paths(output: Path) -> list[str]:
    return [
        p.relative_to(output).as_posix().removesuffix("index.html") for p in sorted(output.rglob("*.html"))
    ]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The small site with every hostile file the build accepts, built and served under its base
    URL's path, as it is published: (folder, url)."""
    from tests.browser import serve

    root = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(SMALL_SITE, root)
    for case in CASES:
        if case.outcome == SAFE:
            install(case, root, root.parent / "outside")
    host = root.parent / "host"
    output = host / "children-services"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(["build", "--root", str(root), "--output", str(output), "--today", TODAY, "--jobs", "1"])
    assert code == 0, err.getvalue()
    with serve(host) as url:
        yield output, url + "children-services/"


@pytest.mark.slow
def test_no_hostile_record_runs_script_in_the_browser(browser, hostile_site):
    output, url = hostile_site
    paths = html_paths(output)
    assert "services/text-script-in-name/" in paths and "guidance/page-heading-tricks/" in paths
    searches = ["search/?q=hostile", "search/?q=script", "search/?q=onmouseover", "search/?q=%3Cscript%3E"]
    found = visit(browser, url, paths + searches)
    # Pages may name pictures of the site's own that are not there (<img src=x>): harmless.
    missing = "Failed to load resource: the server responded with a status of 404"
    assert {
        page: [what for what in heard if not what.startswith(missing)] for page, heard in found.items()
    } == {page: [] for page in found}


def test_the_trap_catches_script_and_policy_violations(browser, tmp_path):
    """The browser check can fail: an inline script and handler are blocked by the policy, which
    says so; a script file of the site's own that calls alert is caught; and where no policy
    stops it first, a request to another site is refused and reported."""
    from tests.browser import serve

    (tmp_path / "own.js").write_text("alert('own');\n")
    body = (
        "<title>x</title><script src='own.js'></script></head><body><script>alert(1)</script>"
        "<p onmouseover='alert(2)'>x</p><img src='https://tracker.example/p.gif' alt=''></body></html>"
    )
    policy = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    (tmp_path / "index.html").write_text(f'<!DOCTYPE html><html lang="en"><head>{policy}{body}')
    (tmp_path / "open.html").write_text(f'<!DOCTYPE html><html lang="en"><head>{body}')
    with serve(tmp_path) as url:
        found = visit(browser, url, ["", "open.html"])
    guarded, open_page = " ".join(found[""]), " ".join(found["open.html"])
    assert "alert(own)" in guarded and "alert(1)" not in guarded and "alert(2)" not in guarded
    assert "policy violation: script-src-elem" in guarded and "policy violation: script-src-attr" in guarded
    assert "policy violation: img-src blocked https://tracker.example/p.gif" in guarded
    assert "alert(1)" in open_page and "alert(2)" in open_page
    assert "a request to https://tracker.example/p.gif" in open_page


def bundled_paths(output: Path) -> list[str]:
    guidance = sorted(p.parent.name for p in (output / "guidance").glob("*/index.html"))
    service = sorted(p.parent.name for p in (output / "services").glob("*/index.html"))[0]
    area = sorted(p.parent.name for p in (output / "areas").glob("*/index.html"))[0]
    return [
        "",
        "services/",
        f"services/{service}/",
        "areas/",
        f"areas/{area}/",
        "types/",
        "days/",
        "days/monday/",
        "search/",
        "search/?q=stay",
        "shortlist/",
        "guidance/",
        *(f"guidance/{slug}/" for slug in guidance),
        "accessibility/",
        "open-data/",
        "404.html",
    ]


@pytest.mark.slow
def test_every_kind_of_page_of_the_bundled_site_keeps_to_its_policy(browser, bundled_site):
    output, url = bundled_site
    paths = bundled_paths(output)
    assert "guidance/whole-guide/" in paths and len(paths) > 20
    assert visit(browser, url, paths) == {}


def test_every_page_carries_the_policy_and_needs_nothing_it_forbids(bundled_site):
    output, _ = bundled_site
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    for path in sorted(output.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        head = html.split("<head>", 1)[1]
        # First in the head after the character set, so that it covers everything the page loads.
        assert head.split("\n")[2].strip() == meta, path
        assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in head, path
    assert unsafe_pages(output) == {}


# --- defences in depth ----------------------------------------------------------------------------


def test_links_in_markdown_never_hand_the_page_to_the_site_they_open():
    from sitegen.model.markdown import guidance_page, record_description

    text = (
        '[a](https://example.org) <https://example.org> <a href="https://example.org" target="_blank">b</a>'
    )
    for html in (record_description(text), guidance_page(text).html):
        links = re.findall(r"<a [^>]*>", html)
        assert len(links) == 3
        assert all('rel="noopener noreferrer"' in link and "target" not in link for link in links), links


def test_a_theme_that_links_out_of_the_project_is_refused(sitegen, site_dir, tmp_path):
    """site.yml may name a theme inside the project only, and not through a link that leads out:
    its static files would be published, and its templates run."""
    outside = tmp_path / "elsewhere"
    (outside / "static").mkdir(parents=True)
    (outside / "static" / "secret.txt").write_text("not for publishing")
    (site_dir / "themes").mkdir()
    (site_dir / "themes" / "local").symlink_to(outside, target_is_directory=True)
    with (site_dir / "site.yml").open("a", encoding="utf-8") as config:
        config.write("theme: themes/local\n")
    result = sitegen("build", "--root", site_dir, "--today", TODAY)
    assert result.code == 1
    assert (
        "site.yml:1: theme: the theme folder 'themes/local' is a link to a folder outside the project"
        in result.err
    )
    assert not (site_dir / "output").exists()


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("static/env.txt", "/proc/self/environ"),  # the build's environment: tokens, secrets
        ("static/docs", "OUTSIDE"),  # a folder of files from anywhere
        ("templates/base.html", "OUTSIDE/secret.txt"),  # a template that would include a file
    ],
)
def test_a_theme_holding_a_symbolic_link_is_refused(sitegen, site_dir, tmp_path, link, target):
    """Inside the project, a theme's files are published (static/) or run (templates/) as they
    are: a link among them could publish any file on the computer that builds the site."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for publishing")
    theme = site_dir / "themes" / "local"
    (theme / "static").mkdir(parents=True)
    (theme / "templates").mkdir()
    (theme / "static" / "ok.css").write_text("body { color: black; }")
    (theme / link).symlink_to(target.replace("OUTSIDE", str(outside)))
    with (site_dir / "site.yml").open("a", encoding="utf-8") as config:
        config.write("theme: themes/local\n")
    for command in ("build", "validate"):
        result = sitegen(command, "--root", site_dir, "--today", TODAY)
        assert result.code == 1, (command, result.out, result.err)
        assert f"themes/local/{link}:1: is a symbolic link" in result.err, result.err
        assert "Traceback" not in result.err
    assert not (site_dir / "output").exists()
    (theme / link).unlink()
    assert sitegen("build", "--root", site_dir, "--today", TODAY).code == 0
    assert (site_dir / "output/assets/ok.css").exists()


def test_the_preview_server_listens_on_this_computer_only_unless_told(sitegen, site_dir, monkeypatch):
    import threading

    import livereload

    heard: list[tuple[str, int]] = []

    class Server:  # stands in for livereload's, which would serve until stopped
        def watch(self, *args: object, **options: object) -> None:
            pass

        def serve(self, **options: object) -> None:
            heard.append((options["host"], options["port"]))

    monkeypatch.setattr(livereload, "Server", Server)
    before = set(threading.enumerate())
    assert sitegen("serve", "--root", site_dir, "--today", TODAY).code == 0
    assert (
        sitegen("serve", "--root", site_dir, "--today", TODAY, "--host", "0.0.0.0", "--port", "8001").code
        == 0
    )
    for thread in set(threading.enumerate()) - before:  # the search index, brought up to date
        thread.join(timeout=30)
    assert heard == [("127.0.0.1", 8000), ("0.0.0.0", 8001)]


# --- no data lost ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_the_previous_site_whole(tmp_path):
    """A large site is rebuilt for another date (so every service page changes) and killed at
    moments from reading to writing: each time output/ is whole, the previous build byte for byte,
    or, once the new site has been swapped in, the new one."""
    root = tmp_path / "site"
    subprocess.run(
        [sys.executable, "bench/synthetic.py", "1000", str(root)],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    command = [sys.executable, "-m", "sitegen", "build", "--root", str(root)]
    dates = (TODAY, "2026-12-01")
    subprocess.run([*command, "--today", dates[0]], cwd=PROJECT, check=True, capture_output=True)
    built = {dates[0]: snapshot(root / "output")}
    assert len(built[TODAY]) > 1000
    current = dates[0]

    def whole_build(today: str) -> dict[str, str]:
        """Every file a build for ``today`` writes, made the first time it is needed."""
        if today not in built:
            folder = tmp_path / today
            subprocess.run(
                [*command, "--today", today, "--output", str(folder)],
                cwd=PROJECT,
                check=True,
                capture_output=True,
            )
            built[today] = snapshot(folder)
        return built[today]

    def build_killed(today: str, after: str, delay: float) -> bool:
        """Build for ``today``; once a line saying ``after`` is on its stderr, wait ``delay``
        seconds and kill it and its workers. True if it was still running when killed."""
        process = subprocess.Popen(
            [*command, "--today", today],
            cwd=PROJECT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            for line in process.stderr:
                if after in line:
                    break
            time.sleep(delay)
            alive = process.poll() is None
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            process.stderr.close()
        return alive

    mid_write = 0
    for after, delay in (
        ("reading content", 0.3),
        ("making the search index", 0.0),
        ("writing output", 0.0),
        ("writing output", 0.01),
    ):
        target = dates[1] if current == dates[0] else dates[0]
        if not build_killed(target, after, delay):
            continue
        now = snapshot(root / "output")
        if now != built[current]:  # the new site went in before the kill: whole, too?
            assert now == whole_build(target), f"output/ is not whole after a kill {delay}s after {after!r}"
            current = target
        leftovers = [p for p in root.iterdir() if p.name.startswith(".output.")]
        mid_write += bool(leftovers) and current != target
        for folder in leftovers:  # a killed build's folder beside output/: never published
            shutil.rmtree(folder)
    assert mid_write >= 1, "no build was killed while it wrote"
