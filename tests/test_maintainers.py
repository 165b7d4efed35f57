"""Who looks after a record (maintainers:): checked like every field, and never published."""

from __future__ import annotations

import pytest

from sitegen.build import build
from tests.conftest import TODAY, edit


def _with_maintainers(site_dir, lines: str) -> None:
    edit(
        site_dir,
        "content/services/acorns.yml",
        "last_reviewed: 2026-10-01\n",
        f"last_reviewed: 2026-10-01\n{lines}",
    )


@pytest.mark.parametrize(
    "value",
    ['"@a"', '"@sarah-jones"', '"@S4rah-J-0nes"', '"@' + "a" * 39 + '"', "jo.smith@example.org.uk"],
)
def test_a_username_or_an_email_is_a_maintainer(site_dir, sitegen, value):
    _with_maintainers(site_dir, f"maintainers: [{value}]\n")
    result = sitegen("validate", "--root", site_dir, "--today", TODAY)
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ('"@-sarah"', "'@-sarah' is not a GitHub username"),
        ('"@sarah-"', "'@sarah-' is not a GitHub username"),
        ('"@sarah--jones"', "'@sarah--jones' is not a GitHub username"),
        ('"@sarah_jones"', "'@sarah_jones' is not a GitHub username"),
        ('"@' + "a" * 40 + '"', "is not a GitHub username"),
        ('"@"', "'@' is not a GitHub username"),
        (
            '"sarah-jones"',
            "found 'sarah-jones', expected a GitHub username such as @sarah-jones, or an email",
        ),
        ('"jo@example"', "found 'jo@example', expected an email address"),
    ],
)
def test_anything_else_is_refused_with_the_line_and_field(site_dir, sitegen, value, said):
    _with_maintainers(site_dir, f"maintainers:\n  - {value}\n")
    result = sitegen("validate", "--root", site_dir, "--today", TODAY)
    assert result.code == 1
    assert "content/services/acorns.yml:39: maintainers[0]: " in result.err and said in result.err


def test_an_unquoted_username_is_told_to_be_quoted(site_dir, sitegen):
    _with_maintainers(site_dir, "maintainers:\n  - @sarah-jones\n")
    result = sitegen("validate", "--root", site_dir, "--today", TODAY)
    assert result.code == 1
    assert "acorns.yml:39: this is not valid YAML" in result.err
    assert 'fix: a value starting with @ must be in quotes, such as "@sarah-jones"' in result.err


def test_maintainers_appear_on_no_page_and_in_no_export(site_dir, tmp_path):
    _with_maintainers(site_dir, 'maintainers: ["@sarah-jones", "volunteer.private@example.org"]\n')
    out = tmp_path / "out"
    build(site_dir, out, TODAY)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name == "index.html" and "acorns" in str(p) for p in files)
    for path in files:
        data = path.read_bytes()
        assert b"sarah-jones" not in data and b"volunteer.private" not in data, path
