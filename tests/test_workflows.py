"""The GitHub workflows parse and call only commands that exist; the contributor guide's example
record is a valid record."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitegen.commands.cli import parser
from tests.conftest import TODAY, write

PROJECT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((PROJECT / ".github/workflows").glob("*.yml"))


def _make_targets() -> set[str]:
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE))


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_is_a_workflow_for_pull_requests_and_one_for_publishing():
    triggers = {}
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        # PyYAML reads the key 'on' as True (YAML 1.1); GitHub reads it as 'on'
        triggers[path.name] = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers["pull-request.yml"]
    assert triggers["publish.yml"]["push"]["branches"] == ["main"]
    # GitHub turns a scheduled workflow off after 60 days without activity, every trigger of it:
    # publishing on push must not live in the same file as the daily schedule
    assert "schedule" not in triggers["publish.yml"] and "workflow_call" in triggers["publish.yml"]
    daily = yaml.safe_load((PROJECT / ".github/workflows/daily.yml").read_text(encoding="utf-8"))
    assert triggers["daily.yml"]["schedule"] == [{"cron": "30 4 * * *"}]
    assert [job["uses"] for job in daily["jobs"].values()] == ["./.github/workflows/publish.yml"]
    assert {"pages": "write", "id-token": "write"}.items() <= daily["permissions"].items()
    publish = yaml.safe_load((PROJECT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    uses = [step.get("uses", "") for step in _steps(publish)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_step_calls_a_command_that_exists(path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    targets = _make_targets()
    steps = _steps(workflow)
    called = [job["uses"] for job in workflow["jobs"].values() if "uses" in job]
    for uses in called:  # a job that runs another workflow of this repository
        assert uses.startswith("./.github/workflows/") and (PROJECT / uses).is_file(), uses
    assert steps or called
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]), step["uses"]
            continue
        for line in step["run"].strip().splitlines():
            for words in _commands(line):
                _command_exists(path.name, words, targets)


def _commands(line: str) -> list[list[str]]:
    """The commands of a shell line: those joined by '|', each without its '>> FILE'."""
    words = shlex.split(line)
    commands: list[list[str]] = [[]]
    for word in words:
        if word == "|":
            commands.append([])
        else:
            commands[-1].append(word)
    for redirect in (">>", ">"):  # its output saved for the next step
        commands = [
            command[: command.index(redirect)] if redirect in command else command for command in commands
        ]
    return commands


def _command_exists(workflow: str, words: list[str], targets: set[str]) -> None:
    line = " ".join(words)
    if words[0] == "make":
        assert set(words[1:]) <= targets, f"{workflow}: {line}"
    elif words[0] == ".venv/bin/sitegen":
        parser().parse_args(words[1:])  # argparse exits (fails the test) on a wrong option
    elif words[0] == "python3":  # a script of this repository, run with the runner's own Python
        assert (PROJECT / words[1]).is_file() and words[1].startswith("tools/"), f"{workflow}: {line}"
    elif words[:2] == ["git", "diff"] or words[0] == "echo" or words == ["exit", "1"]:
        pass
    else:
        pytest.fail(f"{workflow}: unexpected command {line!r}")


def test_every_workflow_passes_githubs_workflow_schema():
    """SchemaStore's schema of GitHub workflows, as check-jsonschema ships it."""
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("check-jsonschema")),
            "--builtin-schema",
            "vendor.github-workflows",
        ]
        + [str(path) for path in WORKFLOWS],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_review_reminders_run_weekly_with_only_the_rights_they_need():
    workflow = yaml.safe_load((PROJECT / ".github/workflows/freshness.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["schedule"] == [{"cron": "0 6 * * 1"}] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    steps = _steps(workflow)
    runs = [step["run"] for step in steps if "run" in step]
    assert (
        ".venv/bin/sitegen freshness --format json --open-issues open-issues.json > freshness-plan.json"
        in runs
    )
    scripts = [step["with"]["script"] for step in steps if step.get("uses") == "actions/github-script@v7"]
    listing, acting = scripts
    assert 'labels: "freshness"' in listing and "open-issues.json" in listing
    assert "freshness-plan.json" in acting and "plan.label" in acting
    for call in ("issues.create", "issues.update", "issues.createComment"):
        assert call in acting


def test_the_pull_request_workflow_validates_with_annotations_then_builds_and_tests():
    workflow = yaml.safe_load((PROJECT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    runs = [step["run"] for step in _steps(workflow) if "run" in step]
    assert runs.index(".venv/bin/sitegen validate --format github") < runs.index(".venv/bin/sitegen build")
    assert "make test" in runs


def test_the_contributing_guides_worked_example_is_a_valid_record(site_dir, sitegen):
    guide = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(name: .*?)```", guide, re.DOTALL)
    assert example
    write(site_dir, "content/services/little-acorns.yml", example[1])
    result = sitegen("validate", "--root", site_dir, "--today", TODAY)
    assert result.code == 0, result.err


def test_the_codeowners_example_names_an_owner_for_every_line():
    for line in (PROJECT / "docs/CODEOWNERS.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            assert owners and all(o.startswith("@") for o in owners), line
