"""The GitHub issue forms: made from the schema (and pass GitHub's issue-form schema), turned
into records by 'sitegen from-issue' from real issue bodies, and opened prefilled from every
service page."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from sitegen.load.source import load_yaml
from sitegen.model import issue_forms, schema
from sitegen.model.schema import Choice, ListOf, Object, YesNo
from tests.conftest import TODAY, write

PROJECT = Path(__file__).resolve().parent.parent
FORMS = PROJECT / ".github/ISSUE_TEMPLATE"
ISSUES = PROJECT / "tests/fixtures/issues"
SITEGEN = Path(sys.executable).parent / "sitegen"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def _form(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


def _ids(name: str) -> set[str]:
    return {element["id"] for element in _form(name)["body"] if "id" in element}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's own content (41 records) that a test may change."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("site.yml", "term-dates.yml"):
        shutil.copy(PROJECT / name, root / name)
    shutil.copytree(PROJECT / "content", root / "content")
    return root


def _from_issue(root: Path, fixture: str, labels: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SITEGEN, "from-issue", "--root", root, "--today", TODAY.isoformat()]
        + ["--body-file", ISSUES / fixture, "--labels", labels, *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )


# ---------------------------------------------------------------------------------------------
# The forms
# ---------------------------------------------------------------------------------------------


def test_the_committed_forms_are_what_sitegen_forms_writes(project):
    written = subprocess.run(
        [SITEGEN, "forms", "--root", project], capture_output=True, text=True, timeout=60
    )
    assert written.returncode == 0, written.stderr
    made = sorted(p.name for p in (project / ".github/ISSUE_TEMPLATE").iterdir())
    assert made == sorted(p.name for p in FORMS.iterdir())
    for name in made:
        assert (project / ".github/ISSUE_TEMPLATE" / name).read_text(encoding="utf-8") == (
            FORMS / name
        ).read_text(encoding="utf-8"), f"{name} differs from the schema: run 'sitegen forms' and commit it"


@pytest.mark.parametrize(
    "name", ["add-service.yml", "update-service.yml", "still-correct.yml", "report-problem.yml"]
)
def test_each_form_passes_githubs_issue_form_schema(name):
    checked = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-issue-forms", FORMS / name],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_forms_config_passes_githubs_schema_and_says_the_private_email():
    checked = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-issue-config", FORMS / "config.yml"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    email = yaml.safe_load((PROJECT / "site.yml").read_text(encoding="utf-8"))["contact_email"]
    link = _form("config.yml")["contact_links"][0]
    assert email in link["name"] and email in link["about"] and "public" in link["about"]
    for name in ("add-service.yml", "update-service.yml", "still-correct.yml", "report-problem.yml"):
        assert email in _form(name)["body"][0]["attributes"]["value"]


def _leaves(kind: Object, prefix: tuple[str, ...] = (), required: bool = True):
    """Every field a person fills in, read from the schema here and not from the forms' code."""
    for spec in kind.fields:
        path = prefix + (spec.name,)
        if isinstance(spec.kind, Object):
            yield from _leaves(spec.kind, path, required and spec.required)
        else:
            yield path, spec, required and spec.required


def test_every_field_of_the_record_format_is_asked_with_its_help_and_choices():
    add = {e["id"]: e for e in _form("add-service.yml")["body"] if "id" in e}
    update = {e["id"]: e for e in _form("update-service.yml")["body"] if "id" in e}
    leaves = [leaf for leaf in _leaves(schema.SERVICE) if leaf[0] != ("last_reviewed",)]
    assert len(leaves) == len(add) == len(update) - 1  # the update form also asks which listing
    for path, spec, required in leaves:
        element = add["-".join(path)]
        assert spec.help in element["attributes"]["description"]
        assert element["validations"]["required"] is required
        assert update["-".join(path)]["validations"]["required"] is False
        inner = spec.kind.item if isinstance(spec.kind, ListOf) else spec.kind
        if isinstance(inner, Choice | YesNo):
            assert element["type"] == "dropdown"
            options = list(inner.options) if isinstance(inner, Choice) else ["yes", "no"]
            assert element["attributes"]["options"] == options
            assert element["attributes"].get("multiple", False) is isinstance(spec.kind, ListOf)
        else:
            assert element["type"] in ("input", "textarea")
    assert add["name"]["validations"]["required"] and add["venue-postcode"]["validations"]["required"]
    assert not add["contact-email"]["validations"]["required"]  # contact is optional as a whole
    assert "Tuesday 09:30-11:30, term time" in add["sessions"]["attributes"]["description"]


# ---------------------------------------------------------------------------------------------
# Issues into records
# ---------------------------------------------------------------------------------------------


def test_an_add_a_service_issue_becomes_the_record_it_describes(project):
    run = _from_issue(project, "add-service.md", "add-service")
    assert run.returncode == 0, run.stdout + run.stderr
    record = yaml.safe_load(
        (project / "content/services/woodstock-baby-massage.yml").read_text(encoding="utf-8")
    )
    assert record == {  # what the issue says, read with plain PyYAML
        "name": "Woodstock Baby Massage",
        "summary": "Gentle baby massage for babies from 6 weeks until they crawl, with their parents and carers.",
        "description": "A calm hour of baby massage, led by a trained instructor.\n\n- Bring a towel\n- Oil is provided",
        "types": ["baby group", "breastfeeding support"],
        "run_by": {
            "organisation": "Woodstock Methodist Church",
            "kind": "faith group",
            "website": "https://woodstockmethodist.example.org",
        },
        "ages": {"from": "1 month", "to": "1 year"},
        "sessions": [
            {"day": "Wednesday", "start": "10:00", "end": "11:00", "term_time_only": "yes"},
            {
                "day": "Friday",
                "start": "13:30",
                "end": "14:30",
                "frequency": "fortnightly",
                "starting": "2026-12-04",
                "notes": "Dads and carers' session, all welcome.",
            },
        ],
        "not_running": [{"date": "2026-12-23", "reason": "Christmas"}],
        "venue": {
            "name": "Woodstock Methodist Church Hall",
            "address": "1 High Street",
            "town": "Woodstock",
            "postcode": "ox20 1tf",
            "step_free": "yes",
            "baby_change": "yes",
        },
        "cost": {"price": "3.50", "per": "family"},
        "booking": {"required": "yes", "how": "Ring Anna on 01632 960444 to book a place."},
        "contact": {"name": "Anna Green", "phone": "01632 960444"},
        "feeding_friendly": "yes",
        "languages": ["English", "French"],
        "keywords": ["massage", "bonding"],
        "last_reviewed": TODAY.isoformat(),
    }
    assert "content/services/woodstock-baby-massage.yml" in run.stdout
    validated = subprocess.run(
        [SITEGEN, "validate", "--root", project, "--today", TODAY.isoformat()], timeout=120
    )
    assert validated.returncode == 0


def _unchanged_lines(before: str, after: str) -> set[str]:
    return set(before.splitlines()) & set(after.splitlines())


def test_an_update_issue_changes_only_the_answers_given(project):
    file = project / "content/services/little-acorns-stay-and-play.yml"
    before_text = file.read_text(encoding="utf-8")
    before = yaml.safe_load(before_text)
    run = _from_issue(project, "update-service.md", "update-service")
    assert run.returncode == 0, run.stdout + run.stderr
    after_text = file.read_text(encoding="utf-8")
    after = yaml.safe_load(after_text)
    assert after["cost"] == {
        **before["cost"],
        "price": "2.50",
        "covers": "Tea and coffee, fruit and a biscuit for children.",
    }
    assert after["sessions"][2] == {
        "day": "Friday",
        "start": "09:30",
        "end": "11:00",
        "term_time_only": "yes",
        "notes": "New Friday morning session.",
    }
    assert len(after["sessions"]) == 3
    assert {k: v for k, v in after.items() if k not in ("cost", "sessions")} == {
        k: v for k, v in before.items() if k not in ("cost", "sessions")
    }
    # the lines of every field the issue left alone, and the comments, are as they were
    kept = (
        before_text.split("sessions:")[0]
        + "not_running:"
        + before_text.split("not_running:")[1].split("cost:")[0]
    )
    assert kept in after_text.replace(
        after_text[after_text.index("sessions:") : after_text.index("not_running:")], ""
    )
    assert after_text.endswith(before_text[before_text.index("booking:") :])


def test_a_still_correct_issue_moves_only_last_reviewed(project):
    file = project / "content/services/adderbury-rhyme-time.yml"
    before = file.read_text(encoding="utf-8")
    run = _from_issue(project, "still-correct.md", "still-correct")
    assert run.returncode == 0, run.stdout + run.stderr
    after = file.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [(re.search(r"^last_reviewed:.*$", before, re.M)[0], f"last_reviewed: {TODAY}")]
    again = _from_issue(project, "still-correct.md", "still-correct")
    assert again.returncode == 0 and "nothing to change" in again.stdout
    assert file.read_text(encoding="utf-8") == after


def test_an_issue_with_mistakes_gets_a_comment_naming_each_question_and_nothing_is_written(project):
    before = sorted(p.name for p in (project / "content/services").iterdir())
    run = _from_issue(
        project, "add-service-with-mistakes.md", "add-service", "--outcome", project / "comment.md"
    )
    assert run.returncode == 1
    expected = (ISSUES / "add-service-with-mistakes.comment.md").read_text(encoding="utf-8")
    assert run.stdout == expected
    assert (project / "comment.md").read_text(encoding="utf-8") == expected
    assert sorted(p.name for p in (project / "content/services").iterdir()) == before


def test_an_issue_for_a_listing_that_is_not_there_says_so(project, tmp_path):
    body = write(
        tmp_path,
        "issue.md",
        "### Which listing\n\ncontent/services/no-such-group.yml\n\n### What you checked\n\n- [X] I have checked\n",
    )
    run = subprocess.run(
        [SITEGEN, "from-issue", "--root", project, "--body-file", body, "--labels", "still-correct"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "**Which listing**: no listing content/services/no-such-group.yml was found" in run.stdout


def test_an_add_issue_for_a_name_already_listed_is_refused_and_the_record_kept(project):
    body = (
        (ISSUES / "add-service.md")
        .read_text(encoding="utf-8")
        .replace("Woodstock Baby Massage", "Little Acorns Stay and Play")
    )
    write(project, "issue.md", body)
    file = project / "content/services/little-acorns-stay-and-play.yml"
    before = file.read_text(encoding="utf-8")
    run = subprocess.run(
        [
            SITEGEN,
            "from-issue",
            "--root",
            project,
            "--body-file",
            project / "issue.md",
            "--labels",
            "add-service",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1 and "is there already" in run.stdout
    assert file.read_text(encoding="utf-8") == before


def test_the_github_event_gives_the_issue_and_the_pull_request_closes_it(project):
    import json

    event = {
        "issue": {
            "number": 42,
            "title": "Still correct: Adderbury Rhyme Time",
            "body": (ISSUES / "still-correct.md").read_text(encoding="utf-8"),
            "labels": [{"name": "still-correct"}],
        }
    }
    write(project, "event.json", json.dumps(event))
    run = subprocess.run(
        [
            SITEGEN,
            "from-issue",
            "--root",
            project,
            "--today",
            TODAY.isoformat(),
            "--event",
            project / "event.json",
        ]
        + ["--outcome", project / "outcome.md"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert (project / "outcome.md").read_text(encoding="utf-8").rstrip().endswith("Closes #42")


# ---------------------------------------------------------------------------------------------
# Links that open a form prefilled
# ---------------------------------------------------------------------------------------------


def _issue_body(form: str, values: dict[str, str]) -> str:
    """The body GitHub writes when the form is submitted with these answers."""
    blocks = []
    for element in _form(form)["body"]:
        if element["type"] == "markdown":
            continue
        blocks.append(
            f"### {element['attributes']['label']}\n\n{values.get(element['id']) or '_No response_'}"
        )
    return "\n\n".join(blocks)


def _links(html: str, template: str) -> list[str]:
    import html as entities

    return [
        entities.unescape(href)
        for href in re.findall(r'href="([^"]*)"', html)
        if f"template={template}" in entities.unescape(href)
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("forms-built")
    subprocess.run(
        [SITEGEN, "build", "--root", PROJECT, "--output", out, "--today", TODAY.isoformat()],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def test_every_service_page_links_both_forms_with_only_their_field_ids(built):
    pages = sorted((built / "services").glob("*/index.html"))
    assert len(pages) == len(list((PROJECT / "content/services").glob("*.yml")))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for template in ("update-service.yml", "still-correct.yml"):
            (link,) = _links(html, template)
            assert link.startswith("https://github.com/example-council/children-services/issues/new?")
            assert len(link) < 8000
            keys = [key for key, _ in parse_qsl(urlsplit(link).query)]
            assert set(keys) - {"template", "title"} <= _ids(template), page
            assert (
                dict(parse_qsl(urlsplit(link).query))["record"] == f"content/services/{page.parent.name}.yml"
            )


def test_no_link_carries_who_looks_after_a_record(built):
    """maintainers (usernames or emails) are never published: not even in a prefilled link."""
    maintainers = [
        who
        for path in (PROJECT / "content/services").glob("*.yml")
        for who in (yaml.safe_load(path.read_text(encoding="utf-8")).get("maintainers") or [])
    ]
    assert maintainers  # the bundled records name some
    for page in sorted((built / "services").glob("*/index.html")):
        for link in _links(page.read_text(encoding="utf-8"), "update-service.yml"):
            values = dict(parse_qsl(urlsplit(link).query))
            assert "maintainers" not in values
            assert not any(who in value for who in maintainers for value in values.values()), page


def test_the_prefilled_update_changes_nothing_when_submitted_as_it_is(built, project, sitegen):
    """Each bundled record, opened in the update form from its page and submitted unchanged,
    converts back to the same record: the link's text and the converter's reading agree. (The
    command runs in this process: starting Python 41 times was two thirds of the test's time.)"""
    for page in sorted((built / "services").glob("*/index.html")):
        (link,) = _links(page.read_text(encoding="utf-8"), "update-service.yml")
        values = dict(parse_qsl(urlsplit(link).query))
        file = f"content/services/{page.parent.name}.yml"
        before = (project / file).read_bytes()
        write(project, "issue.md", _issue_body("update-service.yml", values))
        run = sitegen(
            "from-issue", "--root", project, "--today", TODAY.isoformat(),
            "--body-file", project / "issue.md", "--labels", "update-service",
        )  # fmt: skip
        assert run.code == 0, run.out
        old = schema.validate(schema.SERVICE, load_yaml(file, before)[0])[0]
        new = schema.validate(schema.SERVICE, load_yaml(file, (project / file).read_bytes())[0])[0]
        assert new == old, file


def test_a_long_record_s_link_leaves_out_its_longest_answers_and_stays_under_githubs_limit(site_dir):
    from sitegen import build as pipeline

    text = (site_dir / "content/services/acorns.yml").read_text(encoding="utf-8")
    long = "".join(f"  Paragraph {n}: {'about the group ' * 40}\n\n" for n in range(25))
    write(
        site_dir,
        "content/services/acorns.yml",
        re.sub(r"^description: \|\n", lambda _: "description: |\n" + long, text, flags=re.M),
    )
    site = pipeline.check(site_dir, TODAY)
    service = next(s for s in site.services if s.source.endswith("acorns.yml"))
    assert len(service.description) > 8000
    link = site.config.update_url(service)
    values = dict(parse_qsl(urlsplit(link).query))
    assert len(link) <= issue_forms.MAX_LINK
    assert (
        "description" not in values and values["name"] == service.name and values["record"] == service.source
    )
    assert "long answer" in _form("update-service.yml")["body"][0]["attributes"]["value"]


# ---------------------------------------------------------------------------------------------
# The workflow
# ---------------------------------------------------------------------------------------------

WORKFLOW = PROJECT / ".github/workflows/issue-to-pull-request.yml"


def test_the_issue_workflow_passes_githubs_workflow_schema():
    checked = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", WORKFLOW],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_issue_workflow_runs_on_the_forms_labels_then_opens_a_pull_request_or_comments():
    from sitegen.commands import forms

    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow[True]["issues"]["types"] == ["opened", "edited", "labeled"]  # 'on' is True in YAML 1.1
    (job,) = workflow["jobs"].values()
    for form in (issue_forms.ADD, issue_forms.UPDATE, issue_forms.STILL_CORRECT):
        label = forms.LABELS[form]
        assert f"'{label}'" in job["if"] and _form(form)["labels"] == [label]
    assert f"'{forms.LABELS[issue_forms.REPORT]}'" not in job["if"]
    steps = {step.get("id", step.get("uses", step.get("name"))): step for step in job["steps"]}
    assert steps["convert"]["run"].startswith('.venv/bin/sitegen from-issue --event "$GITHUB_EVENT_PATH"')
    opened = steps["peter-evans/create-pull-request@v7"]
    assert opened["if"] == "steps.convert.outcome == 'success'"
    assert opened["with"]["body-path"].endswith("outcome.md")
    commented = steps["actions/github-script@v7"]
    assert commented["if"] == "steps.convert.outcome == 'failure'"
    assert "createComment" in commented["with"]["script"]


# ---------------------------------------------------------------------------------------------
# The sessions' line form, both ways
# ---------------------------------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sitegen.model.directory import Session  # noqa: E402

_notes = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=60).map(
    lambda text: " ".join(text.split())
)


@given(
    day=st.sampled_from(schema.WEEKDAYS),
    start=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    end=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    frequency=st.sampled_from(schema.FREQUENCIES),
    week=st.none() | st.sampled_from(schema.WEEKS_OF_MONTH),
    term_time=st.booleans(),
    starting=st.none() | st.dates(),
    ending=st.none() | st.dates(),
    notes=st.none() | _notes.filter(bool),
)
def test_a_session_written_as_a_line_reads_back_as_the_same_session(
    day, start, end, frequency, week, term_time, starting, ending, notes
):
    session = Session(day, 0, start, end, frequency, week, term_time, starting, ending, notes)
    read = issue_forms.read_session(issue_forms.session_line(session))
    assert read == {
        "day": day,
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
        **({"frequency": frequency} if frequency != "weekly" else {}),
        **({"week_of_month": week} if week else {}),
        **({"term_time_only": "yes"} if term_time else {}),
        **({"starting": starting.isoformat()} if starting else {}),
        **({"ending": ending.isoformat()} if ending else {}),
        **({"notes": notes} if notes else {}),
    }


@pytest.mark.parametrize(
    "line",
    [
        "every other Tuesday",
        "Tuesday 09:30-11:30, weekdays",
        "Tuesday 09:30-11:30, fortnightly, with a break",
    ],
)
def test_a_session_line_in_no_known_form_is_unreadable_with_a_fix(line):
    with pytest.raises(issue_forms.Unreadable) as caught:
        issue_forms.read_session(line)
    message, hint = caught.value.args
    assert repr(line.split(", ")[-1] if ", " in line else line) in message
    assert hint
