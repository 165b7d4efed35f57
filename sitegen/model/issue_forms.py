"""The GitHub issue forms' questions, made from the service record's schema, and their text.

One question per field of a service record (a group's fields each their own, a list of sessions
or dates as lines of text), with the field's help, its choices as a dropdown and whether it is
required. The same questions say how a record's values read as the forms' answers (for links
that open a form already filled in) and how answers read back as a record's values (for the
converter that turns an issue into a record). ``commands/forms.py`` writes the forms from them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from sitegen.model import schema
from sitegen.model.percent import quote_plus
from sitegen.model.schema import Choice, Field, ListOf, Markdown, Object, YesNo

# The answer GitHub writes for a question left empty.
NO_RESPONSE = "_No response_"

# Fields the forms do not ask: the converter sets the date a record was last checked.
NOT_ASKED = ("last_reviewed",)

RECORD_ID = "record"

# Fields asked but never put in a link: a service page is public, and who looks after a record
# (maintainers: usernames or emails) is not published.
NOT_PREFILLED = ("maintainers",)

# The forms' files in .github/ISSUE_TEMPLATE/, which a link names as its template.
ADD, UPDATE, STILL_CORRECT, REPORT = (
    "add-service.yml",
    "update-service.yml",
    "still-correct.yml",
    "report-problem.yml",
)

# GitHub refuses a new issue's address much over 8,000 characters: prefilled links leave out
# their longest answers to stay under this (the update form says so).
MAX_LINK = 7500


@dataclass(frozen=True)
class Question:
    """One question of a form: the field it fills, and how its answer is written."""

    id: str  # the form's field id: the dotted name with '-' for '.', 'venue-postcode'
    path: tuple[str, ...]  # where the value goes in the record: ('venue', 'postcode')
    label: str
    help: str
    spec: Field
    required: bool  # in the form for a new service
    shape: str  # 'value', 'text' (several lines), 'choice', 'choices', 'lines', 'sessions', 'dates'

    @property
    def options(self) -> tuple[str, ...]:
        kind = self.spec.kind.item if isinstance(self.spec.kind, ListOf) else self.spec.kind
        if isinstance(kind, YesNo):
            return ("yes", "no")
        return kind.options if isinstance(kind, Choice) else ()


SESSION_HELP = (
    "One session a line: the day, the times on the 24-hour clock, then any of these, with commas: "
    "'term time' (only in school term time), 'fortnightly' or 'monthly', 'first week' (to 'last "
    "week', for monthly ones), 'from 2026-09-07' (the first date, or any one date of a fortnightly "
    "session), 'until 2027-07-16' (the last date), and last 'notes: ' with anything families "
    "should know. For example: 'Tuesday 09:30-11:30, term time' or 'Thursday 13:30-15:00, "
    "fortnightly, from 2026-09-10, notes: Baby session'."
)
DATES_HELP = (
    "One date a line, written YYYY-MM-DD, then why in a few words. For example: '2026-12-24 Christmas Eve'."
)
LINES_HELP = "One a line."

_LABELS = {"run_by": "Run by", "ages": "Ages", "venue": "Venue", "cost": "Cost", "booking": "Booking"}


def _label(path: tuple[str, ...]) -> str:
    words = [_LABELS.get(part, part.replace("_", " ")) for part in path]
    first = words[0][0].upper() + words[0][1:]
    return first + "".join(f": {word}" for word in words[1:])


def _shape(spec: Field) -> str:
    kind = spec.kind
    if isinstance(kind, ListOf):
        if kind.item is schema.SESSION:
            return "sessions"
        if kind.item is schema.NOT_RUNNING:
            return "dates"
        return "choices" if isinstance(kind.item, Choice) else "lines"
    if isinstance(kind, Choice | YesNo):
        return "choice"
    return "text" if isinstance(kind, Markdown) else "value"


def _questions(kind: Object, prefix: tuple[str, ...], required: bool) -> list[Question]:
    result = []
    for spec in kind.fields:
        path = prefix + (spec.name,)
        if path[0] in NOT_ASKED:
            continue
        if isinstance(spec.kind, Object):
            result += _questions(spec.kind, path, required and spec.required)
            continue
        shape = _shape(spec)
        extra = {"sessions": SESSION_HELP, "dates": DATES_HELP, "lines": LINES_HELP}.get(shape, "")
        group = "" if not prefix else kind_help(prefix)
        help_text = " ".join(part for part in (group, spec.help, extra) if part)
        result.append(
            Question("-".join(path), path, _label(path), help_text, spec, required and spec.required, shape)
        )
    return result


def kind_help(prefix: tuple[str, ...]) -> str:
    """The group's own help, said once before its fields' ('Who runs the service.')."""
    return f"({schema.SERVICE.field_named(prefix[0]).help})" if len(prefix) == 1 else ""


QUESTIONS: tuple[Question, ...] = tuple(_questions(schema.SERVICE, (), True))
BY_ID = {q.id: q for q in QUESTIONS}
BY_LABEL = {q.label: q for q in QUESTIONS}


# ---------------------------------------------------------------------------------------------
# A record's values as the forms' answers
# ---------------------------------------------------------------------------------------------

_ATTRIBUTES = {"run_by": "provider", "from": "from_months", "to": "to_months", "price": "pence"}


def age_text(months: int) -> str:
    if months and months % 12 == 0:
        return f"{months // 12} year{'s' if months != 12 else ''}"
    return f"{months} month{'s' if months != 1 else ''}"


def price_text(pence: int) -> str:
    return "free" if pence == 0 else f"{pence // 100}.{pence % 100:02d}"


def session_line(session: Any) -> str:
    """A session as one line of the sessions question: 'Tuesday 09:30-11:30, term time'."""
    parts = [f"{session.day} {session.start:%H:%M}-{session.end:%H:%M}"]
    if session.frequency != "weekly":
        parts.append(session.frequency)
    if session.week_of_month:
        parts.append(f"{session.week_of_month} week")
    if session.term_time_only:
        parts.append("term time")
    if session.starting:
        parts.append(f"from {session.starting.isoformat()}")
    if session.ending:
        parts.append(f"until {session.ending.isoformat()}")
    if session.notes:
        parts.append(f"notes: {session.notes}")
    return ", ".join(parts)


def _text(question: Question, value: Any) -> str:
    if value is None or value == () or value == "":
        return ""
    if question.shape == "sessions":
        return "\n".join(session_line(s) for s in value)
    if question.shape == "dates":
        return "\n".join(f"{c.date.isoformat()} {c.reason or ''}".rstrip() for c in value)
    if question.shape == "choices":
        return ", ".join(getattr(v, "name", v) for v in value)
    if question.shape == "lines":
        return "\n".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if question.path == ("cost", "price"):
        return price_text(value)
    if question.path[0] == "ages" and question.path[1] in ("from", "to"):
        return age_text(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def answers_for(service: Any) -> dict[str, str]:
    """What a service's record says, as the text of each question that has a value."""
    result = {}
    for question in QUESTIONS:
        if question.path[0] in NOT_PREFILLED:
            continue
        value = service
        for part in question.path:
            value = getattr(value, _ATTRIBUTES.get(part, part), None)
        if question.path == ("venue", "area") and value == service.venue.town:
            value = None  # the model fills the area in from the town when the record has none
        text = _text(question, value)
        if text:
            result[question.id] = text
    return result


# ---------------------------------------------------------------------------------------------
# The forms' answers as a record's values (text, as a YAML file holds them)
# ---------------------------------------------------------------------------------------------


class Unreadable(ValueError):
    """An answer the converter cannot read (a session line in no known form); its message says why."""


_SESSION_START = re.compile(r"\s*(\S+)\s+(\S+?)\s*(?:-|–|—|\bto\b)\s*([^,\s]+)\s*(?:,(.*))?$", re.IGNORECASE)
_WEEK = re.compile(r"(first|second|third|fourth|last) week", re.IGNORECASE)


def read_session(line: str) -> dict[str, str]:
    """One line of the sessions question as a session's fields (text, for the schema to judge)."""
    match = _SESSION_START.match(line)
    if not match:
        raise Unreadable(
            f"{line.strip()!r} does not start with a day and two times",
            "start the line with the day and the times, such as 'Tuesday 09:30-11:30'",
        )
    session = {"day": match[1], "start": match[2], "end": match[3]}
    rest = match[4] or ""
    notes_at = re.search(r"(?:^|,)\s*notes:", rest, re.IGNORECASE)
    if notes_at:
        session_notes = rest[notes_at.end() :].strip()
        rest = rest[: notes_at.start()]
    else:
        session_notes = ""
    for part in (p.strip() for p in rest.split(",")):
        folded = " ".join(part.lower().split())
        if not folded:
            continue
        if folded in ("term time", "term time only", "term-time", "term-time only"):
            session["term_time_only"] = "yes"
        elif folded in schema.FREQUENCIES:
            session["frequency"] = folded
        elif week := _WEEK.fullmatch(folded):
            session["week_of_month"] = week[1].lower()
        elif folded.startswith("from "):
            session["starting"] = part.split(None, 1)[1]
        elif folded.startswith("until "):
            session["ending"] = part.split(None, 1)[1]
        else:
            raise Unreadable(
                f"{part!r} in {line.strip()!r} is not something a session line can say",
                "after the day and times, write any of: term time, fortnightly, monthly, first week, "
                "from YYYY-MM-DD, until YYYY-MM-DD, notes: ...",
            )
    if session_notes:
        session["notes"] = session_notes
    return session


def read_date_line(line: str) -> dict[str, str]:
    date, _, reason = line.strip().partition(" ")
    return {"date": date, "reason": reason.strip()} if reason.strip() else {"date": date}


def read_answer(question: Question, text: str) -> Any:
    """The record's value for an answer (text, a list or a list of groups); raises Unreadable."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if question.shape == "sessions":
        return [read_session(line) for line in lines]
    if question.shape == "dates":
        return [read_date_line(line) for line in lines]
    if question.shape == "lines":  # quotes a person wrote as the help of a YAML field asks are not part of it
        return [
            line[1:-1].strip() if line[:1] == line[-1:] and line[:1] in "\"'" and len(line) > 1 else line
            for line in lines
        ]
    if question.shape == "choices":
        return [part.strip() for part in text.split(",") if part.strip()]
    if question.shape == "text":
        return text.strip("\n")
    return " ".join(text.split())


def in_schema_order(data: dict[str, Any], kind: Object = schema.SERVICE) -> dict[str, Any]:
    """The record's fields in the order the schema lists them (unknown ones last, as they were)."""
    ordered: dict[str, Any] = {}
    for spec in kind.fields:
        if spec.name in data:
            value = data[spec.name]
            if isinstance(spec.kind, Object) and isinstance(value, dict):
                value = in_schema_order(value, spec.kind)
            ordered[spec.name] = value
    ordered.update((name, value) for name, value in data.items() if name not in ordered)
    return ordered


def record_slug(text: str) -> str:
    """The record a 'which listing' answer names: its file, page address or name as a file name."""
    text = text.strip().rstrip("/")
    match = re.search(r"([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.yml)?$", text)
    return match[1] if match else ""


# ---------------------------------------------------------------------------------------------
# Links that open a form already filled in
# ---------------------------------------------------------------------------------------------


@functools.cache
def _key(key: str) -> str:
    """A question's id as it starts its answer in a form's address: '&key=' (the same few ids on
    every page, encoded once)."""
    return f"&{quote_plus(key)}="


def _encoded_answers(values: dict[str, str]) -> dict[str, str]:
    """Each answer as it stands in a form's address ('&key=value', encoded); the description last."""
    encoded = {key: _key(key) + quote_plus(value) for key, value in values.items() if key != "description"}
    if "description" in values:
        encoded["description"] = "&description=" + quote_plus(values["description"])
    return encoded


def encoded_answers(values: dict[str, str]) -> str:
    """The answers as they end a form's address (``form_url``), for a caller that gives the same
    answers to several forms (a listing's four reports) to encode once."""
    return "".join(_encoded_answers(values).values())


def _form_start(repository: str, template: str, title: str) -> str:
    return f"{repository.rstrip('/')}/issues/new?template={quote_plus(template)}&title={quote_plus(title)}"


def form_url(repository: str, template: str, title: str, values: dict[str, str] | str) -> str:
    """A new issue from a form, its title and answers given (or ``encoded_answers``' of them):
    GitHub fills each question whose id is a key of the address's query. The description is
    Markdown as written, links and markup included, encoded as every answer is: no markup of it
    can act in the page (its reserved characters are all percent-encoded), and the form shows it
    as the record has it."""
    answers = values if isinstance(values, str) else encoded_answers(values)
    return _form_start(repository, template, title) + answers


def still_correct_url(repository: str, service: Any) -> str:
    """The 'this listing is still correct' form for a service, naming its record."""
    return form_url(repository, STILL_CORRECT, f"Still correct: {service.name}", {RECORD_ID: service.source})


def update_url(repository: str, service: Any, limit: int = MAX_LINK) -> str:
    """The 'update a service' form filled in with what the record says now. Choices are left out
    (a dropdown is changed only by picking it); so are the longest answers while the address
    is over ``limit`` characters. Each answer is encoded once, and the address's length worked
    out from the parts' lengths as answers are left out (the same address as ``form_url`` gives
    for the answers kept)."""
    values = {RECORD_ID: service.source}
    values.update(
        (key, text)
        for key, text in answers_for(service).items()
        if BY_ID[key].shape not in ("choice", "choices")
    )
    start = _form_start(repository, UPDATE, f"Update a service: {service.name}")
    encoded = _encoded_answers(values)
    length = len(start) + sum(map(len, encoded.values()))
    for key in sorted(values, key=lambda k: (-len(values[k]), k)):
        if length <= limit:
            break
        if key != RECORD_ID:
            length -= len(encoded.pop(key))
    return start + "".join(encoded.values())
