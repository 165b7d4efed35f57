"""Turn an issue made from one of the forms into a record file, checked as 'sitegen validate' checks.

The issue's body is the Markdown GitHub writes from a form: '### Question' then the answer, and
'_No response_' for one left empty. An 'add a service' issue becomes a new record; 'update a
service' changes only the answers given in an existing record; 'still correct' moves only the
record's last_reviewed. The record is then checked with the same code as 'sitegen validate'; if
it has problems, the file is put back as it was and the problems are said in plain words, each
with the question to change, for the workflow to post on the issue.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitegen import build as pipeline
from sitegen.commands import forms
from sitegen.load.source import load_yaml
from sitegen.model import issue_forms
from sitegen.model.directory import record_file_slug
from sitegen.model.issue_forms import BY_LABEL, NO_RESPONSE, Unreadable
from sitegen.problems import ContentError, Problem

SERVICES = "content/services"
HEADER = (
    "# yaml-language-server: $schema=../../schema/service.schema.json\n"
    "# A service record. Every field is described, with an example, in docs/record-format.md.\n"
)


@dataclass(frozen=True)
class Outcome:
    """What became of an issue: the record written, or the problems to post as a comment."""

    file: str  # the record's path from the project folder
    changed: bool  # False when the record already said what the issue says
    message: str  # the pull request's text, or the comment saying what to fix
    problems: tuple[str, ...] = ()


def answers(body: str) -> dict[str, str]:
    """The form's answers by question: '### Label' headings, each followed by its answer."""
    result: dict[str, str] = {}
    parts = re.split(r"^###[ \t]+(.+?)[ \t]*$", body.replace("\r\n", "\n"), flags=re.MULTILINE)
    for label, text in zip(parts[1::2], parts[2::2], strict=True):
        text = text.strip("\n")
        result[label.strip()] = "" if text.strip() == NO_RESPONSE else text
    return result


def form_of(labels: list[str]) -> str | None:
    """The form an issue came from, by its labels ('update-service' -> 'update-service.yml')."""
    for name, label in forms.LABELS.items():
        if label in labels and name != "report-problem.yml":
            return name
    return None


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the records are written by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def record_text(data: dict[str, Any]) -> str:
    """The record as YAML: every value a string (quoted where YAML would read it as anything else)."""
    return HEADER + _dump(issue_forms.in_schema_order(data))


def _blocks(text: str) -> tuple[str, dict[str, str]]:
    """A record's text cut at its top-level fields: what comes before the first, and each field's
    lines (with the comment lines just above it) by its name."""
    head, blocks, name, lines, pending = [], {}, None, [], []
    for line in text.splitlines(keepends=True):
        key = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\s*:", line)
        if key:
            if name is not None:
                blocks[name] = "".join(lines)
            name, lines, pending = key[1], pending + [line], []
        elif name is None:
            head.append(line)
        elif line.startswith("#") or not line.strip():
            pending.append(line)
        else:
            lines, pending = lines + pending + [line], []
    if name is not None:
        blocks[name] = "".join(lines + pending)
    return "".join(head), blocks


def updated_text(before: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """The record with the fields that changed written anew and every other field's lines, and
    the comments, kept as they were: the pull request shows only what the issue changes."""
    head, blocks = _blocks(before)
    parts = [head]
    for name, value in issue_forms.in_schema_order(new).items():
        unchanged = name in blocks and old.get(name) == value
        parts.append(blocks[name] if unchanged else _dump({name: value}))
    text = "".join(parts)
    return text if text.endswith("\n") else text + "\n"


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        inner = data.get(part)
        if not isinstance(inner, dict):
            inner = data[part] = {}
        data = inner
    data[path[-1]] = value


def _read(given: dict[str, str], problems: list[str], lines: dict[str, list[int]]) -> dict[str, Any]:
    """The record's values the answers give; an answer's lines that cannot be read are problems
    (and the others are kept, so that they are checked too)."""
    data: dict[str, Any] = {}
    for label, text in given.items():
        question = BY_LABEL.get(label)
        if question is None or not text.strip():
            continue
        if question.shape in ("sessions", "dates"):
            items, numbers = [], []
            for number, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    items += issue_forms.read_answer(question, line)
                    numbers.append(number)
                except Unreadable as bad:
                    message, hint = bad.args
                    problems.append(f"**{label}, line {number}**: {message}. Fix: {hint}")
            lines[question.path[0]] = numbers
            _set(data, question.path, items)
            continue
        _set(data, question.path, issue_forms.read_answer(question, text))
    return data


def _existing(root: Path, slug: str) -> tuple[str, dict[str, Any] | None]:
    file = f"{SERVICES}/{slug}.yml"
    path = root / file
    if not slug or not path.is_file():
        return file, None
    document, _ = load_yaml(file, path.read_bytes())
    return file, document.data if document and isinstance(document.data, dict) else None


def _question_for(problem: Problem, lines: dict[str, list[int]]) -> str:
    """The form's question a problem is about: 'venue.postcode' -> 'Venue: postcode', and
    'sessions[1].end' -> 'Sessions, line 2' (the line of the answer that session came from)."""
    dotted = problem.field.split("[", 1)[0]
    for question in issue_forms.QUESTIONS:
        if ".".join(question.path) == dotted:
            index = re.match(r"[a-z_]+\[(\d+)\]", problem.field)
            if not index:
                return question.label
            numbers = lines.get(question.path[0], [])
            at = int(index[1])
            return f"{question.label}, line {numbers[at] if at < len(numbers) else at + 1}"
    return problem.field or "The listing"


def _in_form_words(hint: str, field: str) -> str:
    """A hint as the form says it: "add 'how:' to tell families how to book" on booking.required
    becomes "answer 'Booking: how' to tell families how to book"."""
    group = tuple(field.split("[", 1)[0].split(".")[:-1])

    def question(match: re.Match[str]) -> str:
        asked = issue_forms.BY_ID.get("-".join(group + (match[2],)))
        return f"answer '{asked.label}'" if asked else match[0]

    return re.sub(r"(add )?'([a-z_]+):[^']*'", question, hint)


def _check(root: Path, file: str, today: dt.date, lines: dict[str, list[int]]) -> list[str]:
    try:
        pipeline.check(root, today)
    except ContentError as error:
        return [
            f"**{_question_for(p, lines)}**: {p.message}"
            + (f". Fix: {_in_form_words(p.hint, p.field)}" if p.hint else "")
            for p in error.problems
            if p.file == file and p.severity == "error"
        ]
    return []


def _comment(file: str, problems: list[str]) -> str:
    listed = "\n".join(f"- {line}" for line in problems)
    return (
        f"Thank you. Before this can become a change to the directory ({file}), please edit this "
        f"issue (the '...' menu at its top, then 'Edit') to fix:\n\n{listed}\n\n"
        "When you save the issue, it is checked again."
    )


def convert(root: Path, body: str, title: str, labels: list[str], today: dt.date) -> Outcome:
    """Write the record the issue asks for, check it, and put it back if it has problems."""
    form = form_of(labels)
    given = answers(body)
    problems: list[str] = []
    lines: dict[str, list[int]] = {}  # the lines of the issue's answer each session or date came from
    if form is None:
        return Outcome("", False, "This issue did not come from a form that changes a listing.", ("no form",))
    if form == "add-service.yml":
        name = " ".join(given.get(BY_LABEL_NAME, "").split()) or title.split(":", 1)[-1].strip()
        slug = record_file_slug(name)
        file, old = _existing(root, slug)
        if not slug:
            problems.append(f"**{BY_LABEL_NAME}**: has no letters or digits to name the listing's file by")
        elif old is not None or (root / file).exists():
            problems.append(
                f"**{BY_LABEL_NAME}**: a listing named {name!r} is there already ({file}). Fix: to change "
                "it, use 'Update a service' from its page; if it is another service, give a name "
                "families can tell apart"
            )
        data = _read(given, problems, lines)
        data["last_reviewed"] = today.isoformat()
        before = None
    else:
        slug = issue_forms.record_slug(given.get("Which listing", ""))
        file, data = _existing(root, slug)
        if data is None:
            return Outcome(
                file,
                False,
                _comment(
                    file,
                    [
                        f"**Which listing**: no listing {file} was found. Fix: give the address "
                        "of the listing's page, or use the link on that page"
                    ],
                ),
                ("no record",),
            )
        before = (root / file).read_text(encoding="utf-8")
        old = copy.deepcopy(data)
        if form == "update-service.yml":
            for path_value in _flatten(_read(given, problems, lines)):
                _set(data, *path_value)
    if problems and form == "add-service.yml" and (not slug or (root / file).exists()):
        return Outcome(file, False, _comment(file, problems), tuple(problems))
    path = root / file
    if form == "still-correct.yml":
        text, found = re.subn(
            r"^last_reviewed:.*$",
            f"last_reviewed: {today.isoformat()}",
            before or "",
            count=1,
            flags=re.MULTILINE,
        )
        if not found:
            text = (before or "").rstrip("\n") + f"\nlast_reviewed: {today.isoformat()}\n"
    elif before is None:
        text = record_text(data)
    else:
        text = updated_text(before, old, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    problems += _check(root, file, today, lines)  # what could be read is checked too: every fix at once
    if problems:
        if before is None:
            path.unlink()
        else:
            path.write_text(before, encoding="utf-8")
        return Outcome(file, False, _comment(file, problems), tuple(problems))
    what = {
        "add-service.yml": "Adds the listing",
        "update-service.yml": "Updates the listing",
        "still-correct.yml": "Marks as checked today the listing",
    }[form]
    if text == before:
        return Outcome(file, False, f"{file} already says what the issue asks: there is nothing to change.")
    return Outcome(file, True, f"{what} {file}, as the issue asks. It passes sitegen validate.")


BY_LABEL_NAME = issue_forms.BY_ID["name"].label


def _flatten(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    result = []
    for name, value in data.items():
        if isinstance(value, dict):
            result += _flatten(value, prefix + (name,))
        else:
            result.append((prefix + (name,), value))
    return result
