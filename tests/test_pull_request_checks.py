"""The pull request checks: the workflows are what GitHub accepts, a content-only change skips the
tests and nothing else, and the content job's steps run quickly on a fresh copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((PROJECT / ".github/workflows").glob("*.yml"))
PULL_REQUEST = PROJECT / ".github/workflows/pull-request.yml"
BIN = Path(sys.executable).parent


def _workflow() -> dict:
    return yaml.safe_load(PULL_REQUEST.read_text(encoding="utf-8"))


def _step(job: dict, name_start: str) -> dict:
    return next(step for step in job["steps"] if step.get("name", "").startswith(name_start))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_matches_githubs_published_workflow_schema(path):
    """SchemaStore's schema for workflow files, as check-jsonschema ships it: a misspelt key, a
    job without runs-on or a wrong 'needs' fails here rather than on GitHub."""
    done = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_refuses_a_broken_workflow(tmp_path):
    """The check above can fail: a job with no runs-on and a step with two actions is refused."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  check:\n    steps:\n      - uses: actions/checkout@v4\n"
        "        run: make test\n        with: {fetch-depth: 2}\n    timeout: 5\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "'runs-on' is a required property" in done.stdout, done.stdout


def _scope(stdin: str, cwd: Path = PROJECT) -> tuple[str, str]:
    done = subprocess.run(
        [sys.executable, str(PROJECT / "tools/pr_scope.py")],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=True,
    )
    return done.stdout, done.stderr


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["content/services/little-acorns-stay-and-play.yml"], "content"),
        (["content/pages/safeguarding.md", "content/services/oak-tots.yml", "term-dates.yml"], "content"),
        (["content/places.csv", "content/search-synonyms.yml"], "content"),
        (["term-dates.yml"], "content"),
        (["content/services/oak-tots.yml", "sitegen/build.py"], "code"),
        (["themes/default/templates/service.html"], "code"),
        (["site.yml"], "code"),
        ([".github/workflows/pull-request.yml"], "code"),
        (["tools/pr_scope.py"], "code"),
        (["Makefile", "content/services/oak-tots.yml"], "code"),
        # names that only look like content
        (["contents/services/x.yml"], "code"),
        (["content"], "code"),
        (["tests/fixtures/small/content/services/x.yml"], "code"),
        (["term-dates.yml.bak"], "code"),
        (["docs/term-dates.yml"], "code"),
        # nothing listed: run everything
        ([], "code"),
    ],
)
def test_the_decision_step_runs_the_tests_unless_every_file_is_content(paths, expected):
    for joined in ("\0".join(paths) + ("\0" if paths else ""), "\n".join(paths) + "\n"):
        out, _ = _scope(joined)
        assert out == f"scope={expected}\n", (paths, joined)


def test_the_decision_step_names_the_files_that_are_not_content():
    _, said = _scope("content/services/a.yml\0sitegen/build.py\0Makefile\0")
    assert "sitegen/build.py, Makefile" in said and "content/services/a.yml" not in said


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"content/services/ünïcode café.yml": "name: x\n"}, "content"),  # git would quote it without -z
        ({"content/services/a.yml": None}, "content"),  # a record deleted
        ({"content/services/a.yml": None, "content/services/b.yml": "name: a\n"}, "content"),  # renamed
        ({"content/services/a.yml": None, "sitegen/a.py": "name: a\n"}, "code"),  # moved out of content
        ({"term-dates.yml": "terms: []\n", "README.md": "more\n"}, "code"),
    ],
)
def test_the_workflows_own_decision_step_on_a_real_merge_commit(tmp_path, change, expected):
    """The step's own shell line, run in a repository whose HEAD is a merge commit as GitHub's
    checkout of a pull request is: its first parent is the base branch."""
    repo = tmp_path / "repo"
    (repo / "tools").mkdir(parents=True)
    shutil.copy(PROJECT / "tools/pr_scope.py", repo / "tools/pr_scope.py")
    (repo / "content/services").mkdir(parents=True)
    (repo / "content/services/a.yml").write_text("name: a\n", encoding="utf-8")
    (repo / "term-dates.yml").write_text("terms: [x]\n", encoding="utf-8")
    (repo / "README.md").write_text("readme\n", encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-q", "-b", "change")
    for name, text in change.items():
        if text is None:
            (repo / name).unlink()
        else:
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "change")
    _git(repo, "checkout", "-q", "main")
    (repo / "README.md").write_text("the base moved on\n", encoding="utf-8")  # base changed meanwhile
    _git(repo, "commit", "-qam", "base moves")
    _git(repo, "merge", "-q", "--no-ff", "-X", "theirs", "change", "-m", "merge")
    step = _step(_workflow()["jobs"]["changes"], "Which files changed")
    output = tmp_path / "github_output"
    subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=repo,
        env={**os.environ, "GITHUB_OUTPUT": str(output)},
        check=True,
        capture_output=True,
    )
    assert output.read_text(encoding="utf-8") == f"scope={expected}\n"


def test_only_a_content_change_skips_the_tests_and_one_check_reports_on_every_pull_request():
    jobs = _workflow()["jobs"]
    assert jobs["changes"]["outputs"]["scope"] == "${{ steps.scope.outputs.scope }}"
    assert jobs["tests"]["needs"] == "changes"
    assert jobs["tests"]["if"] == "needs.changes.outputs.scope != 'content'"
    assert [step["run"] for step in jobs["tests"]["steps"] if "run" in step][-1] == "make test"
    # the content job runs on every pull request, and has nothing to wait for
    assert "if" not in jobs["content"] and "needs" not in jobs["content"]
    # the check to require waits for every other job, runs even when one was skipped or failed,
    # and fails if any failed or was cancelled
    final = jobs["all-checks"]
    assert set(final["needs"]) == set(jobs) - {"all-checks"} and final["if"] == "always()"
    failing = _step(final, "A job above failed")
    assert failing["run"] == "exit 1"
    assert failing["if"] == "contains(needs.*.result, 'failure') || contains(needs.*.result, 'cancelled')"


def test_the_content_job_installs_only_what_building_needs_and_attaches_the_site():
    steps = _workflow()["jobs"]["content"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs[:4] == [
        "make install-content",
        ".venv/bin/sitegen validate --format github",
        ".venv/bin/sitegen check --format github",
        ".venv/bin/sitegen build",
    ]
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip" and python["with"]["cache-dependency-path"] == "pyproject.toml"
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "output"
    note = _step({"steps": steps}, "Say how to look at the preview")
    assert f"steps.{upload['id']}.outputs.artifact-url" in note["run"]
    assert note["run"].endswith('>> "$GITHUB_STEP_SUMMARY"')
    said = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "tools/preview_note.py"),
            "https://github.com/o/r/actions/runs/1/artifacts/2",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"[**{upload['with']['name']}**](https://github.com/o/r/actions/runs/1/artifacts/2)" in said
    assert "python3 -m http.server 8000" in said and "<http://127.0.0.1:8000/>" in said


def test_the_preview_note_refuses_a_missing_address():
    done = subprocess.run(
        [sys.executable, str(PROJECT / "tools/preview_note.py"), ""], capture_output=True, text=True
    )
    assert done.returncode == 1 and "usage" in done.stderr


# Measured on a fresh clone (bench/content_checks.py, median of 3): about 8 s in all, 6 s of it the
# install. The ceiling leaves room for a busy machine; the workflow's job must stay under 2 minutes
# with a runner's start, the checkout and the upload on top.
CONTENT_STEPS_CEILING = 75.0


@pytest.mark.slow
def test_the_content_jobs_steps_run_quickly_on_a_fresh_copy_without_test_tools(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(
        PROJECT,
        copy,
        ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "output", "output.*", "__pycache__"),
    )
    start = time.perf_counter()
    for command in (
        ["make", "install-content"],
        [".venv/bin/sitegen", "validate", "--format", "github"],
        [".venv/bin/sitegen", "check", "--format", "github"],
        [".venv/bin/sitegen", "build"],
    ):
        done = subprocess.run(command, cwd=copy, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    took = time.perf_counter() - start
    assert took < CONTENT_STEPS_CEILING, f"the content-only steps took {took:.0f} s"
    assert (copy / "output/index.html").is_file()
    assert not (copy / "node_modules").exists()
    for test_tool in ("pytest", "playwright", "ruff", "hypothesis"):
        found = subprocess.run([copy / ".venv/bin/python", "-c", f"import {test_tool}"], capture_output=True)
        assert found.returncode != 0, f"{test_tool} was installed"


def test_the_contributor_guide_names_the_check_and_preview_the_workflow_has():
    """The guide tells a first-time contributor and a maintainer what GitHub shows them: the names
    it uses must be the workflow's, and its link to the approval section must lead there."""
    guide = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    jobs = _workflow()["jobs"]
    upload = next(
        s for s in jobs["content"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert f"**{jobs['all-checks']['name']}**" in guide
    assert f"**{upload['with']['name']}**" in guide
    assert "**Approve and run**" in guide and "about 2 minutes" in guide
    anchor = "#your-first-pull-request-the-checks-wait-for-approval"
    assert f"]({anchor})" in guide and "\n## Your first pull request: the checks wait for approval\n" in guide
