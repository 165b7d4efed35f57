"""Write the GitHub issue forms in .github/ISSUE_TEMPLATE/ from the record format and site.yml.

``sitegen forms`` writes them; a test fails while the committed forms differ from what it would
write. Four forms (add a service, update a service, this listing is still correct, report a
problem) and config.yml, which offers the private route: the site's contact email.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sitegen.model.issue_forms import ADD, QUESTIONS, RECORD_ID, REPORT, STILL_CORRECT, UPDATE, Question

FOLDER = ".github/ISSUE_TEMPLATE"

HEADER = (
    "# Made by 'sitegen forms' from sitegen/model/schema.py and site.yml: do not edit by hand.\n"
    "# Change the schema or site.yml, then run 'sitegen forms' and commit what it writes.\n"
)

# The labels that tell the issue-to-pull-request workflow which form an issue came from.
LABELS = {
    ADD: "add-service",
    UPDATE: "update-service",
    STILL_CORRECT: "still-correct",
    REPORT: "report-problem",
}


def _private(email: str | None) -> str:
    if not email:
        return "Everything you write here can be read by anyone."
    return (
        f"Everything you write here can be read by anyone. If you would rather not say it in "
        f"public, email {email} instead."
    )


def _element(question: Question, update: bool) -> dict[str, Any]:
    help_text = question.help
    if update:
        help_text += " Leave it empty to keep it as it is."
    attributes: dict[str, Any] = {"label": question.label, "description": help_text}
    if question.shape in ("choice", "choices"):
        attributes["options"] = list(question.options)
        if question.shape == "choices":
            attributes["multiple"] = True
        kind = "dropdown"
    else:
        kind = "textarea" if question.shape in ("text", "sessions", "dates", "lines") else "input"
        if question.spec.example not in (None, {}, []) and question.shape in ("value", "text"):
            attributes["placeholder"] = str(question.spec.example)
    return {
        "type": kind,
        "id": question.id,
        "attributes": attributes,
        "validations": {"required": question.required and not update},
    }


def _record_question(required: bool) -> dict[str, Any]:
    return {
        "type": "input",
        "id": RECORD_ID,
        "attributes": {
            "label": "Which listing",
            "description": "The listing's page address, or its file (content/services/NAME.yml). "
            "The link on the listing's page fills this in.",
            "placeholder": "content/services/little-acorns-stay-and-play.yml",
        },
        "validations": {"required": required},
    }


def forms(contact_email: str | None, site_url: str) -> dict[str, dict[str, Any]]:
    """Every form by its file name, as the data GitHub reads."""
    private = _private(contact_email)
    add = {
        "name": "Add a service",
        "description": "List a new service for families with young children.",
        "title": "Add a service: ",
        "labels": [LABELS[ADD]],
        "body": [
            {
                "type": "markdown",
                "attributes": {
                    "value": "Tell us about the service. Questions marked with a star must be "
                    "answered; leave the others empty if they do not apply. When you submit, a "
                    "helper turns your answers into a change to the directory for the council's "
                    "team to check, or replies here saying what to fix (edit this issue to fix "
                    f"it). {private}"
                },
            },
            *(_element(q, update=False) for q in QUESTIONS),
        ],
    }
    update = {
        "name": "Update a service",
        "description": "Change what a listing says.",
        "title": "Update a service: ",
        "labels": [LABELS[UPDATE]],
        "body": [
            {
                "type": "markdown",
                "attributes": {
                    "value": "Change the answers that are wrong. Only the questions you answer "
                    "change; an empty one keeps what the listing says now. The link on a listing's "
                    "page fills in its current details, except the choices (pick those only to "
                    "change them) and any very long answer, which is left out to keep the link "
                    "short enough: copy it from the listing's page if you want to change it. To "
                    f"remove a detail, say so in the issue's comments. {private}"
                },
            },
            _record_question(required=True),
            *(_element(q, update=True) for q in QUESTIONS),
        ],
    }
    still = {
        "name": "This listing is still correct",
        "description": "Say that you have checked a listing and every detail is still right.",
        "title": "Still correct: ",
        "labels": [LABELS[STILL_CORRECT]],
        "body": [
            {
                "type": "markdown",
                "attributes": {
                    "value": "Thank you for checking. When you submit, a helper records today as "
                    "the date the listing was last checked, and changes nothing else. If anything "
                    f"is wrong, use 'Update a service' instead. {private}"
                },
            },
            _record_question(required=True),
            {
                "type": "checkboxes",
                "id": "checked",
                "attributes": {
                    "label": "What you checked",
                    "options": [
                        {
                            "label": "I have checked every detail of this listing and it is all correct.",
                            "required": True,
                        }
                    ],
                },
            },
        ],
    }
    report = {
        "name": "Report a problem",
        "description": "Tell us something is wrong on the site or in a listing.",
        "title": "Problem: ",
        "labels": [LABELS[REPORT]],
        "body": [
            {"type": "markdown", "attributes": {"value": f"Tell us what is wrong. {private}"}},
            _record_question(required=False),
            {
                "type": "textarea",
                "id": "problem",
                "attributes": {
                    "label": "What is wrong",
                    "description": (
                        "What is wrong or missing, and what it should say now. If the service has"
                        " closed: how do you know, and since when? Is anything running in its place?"
                        " If you have more to add: for example times, costs, access or languages."
                    ),
                },
                "validations": {"required": True},
            },
        ],
    }
    result = {ADD: add, UPDATE: update, STILL_CORRECT: still, REPORT: report}
    config: dict[str, Any] = {"blank_issues_enabled": True}
    if contact_email:  # GitHub takes only https:// links here, so the address is said in words
        config["contact_links"] = [
            {
                "name": f"Tell the council privately: email {contact_email}",
                "url": site_url,
                "about": f"Issues here are public: anyone can read them. To tell us something "
                f"privately, email {contact_email} instead of opening an issue.",
            }
        ]
    result["config.yml"] = config
    return result


def render(form: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(form, sort_keys=False, allow_unicode=True, width=100)


def write(root: Path, contact_email: str | None, site_url: str) -> list[Path]:
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, form in forms(contact_email, site_url).items():
        path = folder / name
        path.write_text(render(form), encoding="utf-8")
        written.append(path)
    return written
