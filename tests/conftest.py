"""Shared fixtures: a small site copied into a temporary folder, and the CLI run in-process."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.commands.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SMALL_SITE = FIXTURES / "small"
TODAY = dt.date(2026, 11, 24)


# Fixtures that make a test slow on their own: a test that uses one is marked 'slow' too.
SLOW_FIXTURES = {"large_site"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium 'browser', and every one that builds a large site
    'slow', so that 'make test-fast' (pytest -m "not browser and not slow") can leave them out;
    run the slow ones first."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if names & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
    # the slow tests first, so that with several processes (make test) the longest start at
    # once instead of leaving one process working alone at the end
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True, scope="session")
def _cache_key_away_from_home(tmp_path_factory: pytest.TempPathFactory):
    """The key that signs the build's cache files (sitegen/cache/models.py) in a temporary folder,
    not the user's own cache folder."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/small that a test may change."""
    root = tmp_path / "site"
    shutil.copytree(SMALL_SITE, root)
    return root


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def edit(root: Path, name: str, old: str, new: str) -> Path:
    """Replace one exact piece of a fixture file, failing loudly if it is not there."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def placeholder_lines(text: str) -> dict[int, str]:
    """The lines of a record that end in a '# PLACEHOLDER' mark, read as plain text, each with the
    name of its field: {13: 'summary', 38: 'day', ...}. Switched-off lines (starting '#') are notes."""
    found = {}
    for number, line in enumerate(text.split("\n"), 1):
        if "# PLACEHOLDER" in line and not line.lstrip().startswith("#"):
            found[number] = line.lstrip(" -").split(":", 1)[0]
    return found


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def sitegen(capsys: pytest.CaptureFixture[str]):
    """Run the sitegen command in-process: sitegen('validate', '--root', dir)."""

    def run(*args: str | Path) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run, its pages past the site's Content Security Policy
    (see tests.browser.PastThePolicy); tests/test_hostile.py checks the policy itself."""
    from tests.browser import PastThePolicy, chromium

    with chromium() as launched:
        yield PastThePolicy(launched)


@pytest.fixture(scope="session")
def small_site_url(tmp_path_factory):
    """The small fixture site, built for 24 November 2026 and served over HTTP."""
    from sitegen.build import build
    from tests.browser import serve

    out = tmp_path_factory.mktemp("small-site-output")
    build(SMALL_SITE, out, TODAY)
    with serve(out) as url:
        yield url


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory):
    """The project's own site (every guidance page, 41 services), built for TODAY and served under
    its base URL's path (/children-services/), as it is published: (folder, url)."""
    from sitegen.build import build
    from tests.browser import serve

    root = tmp_path_factory.mktemp("bundled-site-host")
    out = root / "children-services"
    build(Path(__file__).resolve().parent.parent, out, TODAY)
    with serve(root) as url:
        yield out, url + "children-services/"


@pytest.fixture(scope="session")
def large_site(tmp_path_factory):
    """A synthetic directory of 600 services (bench/synthetic.py), large enough for lists that go
    over several pages and an 'All services' page that lists areas, built and served: (folder, url)."""
    from bench.synthetic import make
    from sitegen.build import build
    from tests.browser import serve

    root = make(600, tmp_path_factory.mktemp("large-site"))
    (root / "node_modules").symlink_to(Path(__file__).resolve().parent.parent / "node_modules")
    host = tmp_path_factory.mktemp("large-site-host")
    build(root, host / "children-services", TODAY)
    with serve(host) as url:
        yield host / "children-services", url + "children-services/"


@pytest.fixture
def page(browser):
    """A fresh page (own storage) that fails the test on any script error."""
    context = browser.new_context()
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield opened
    context.close()
    assert errors == [], errors
