"""Find the values in a record that a person must still replace: its placeholders.

'sitegen new' and 'sitegen import' write a value wherever only a person knows the answer, so
that a new record previews at once, and mark each with a '# PLACEHOLDER' comment at the end of
its line. A value is a placeholder if its line carries that mark (the loader finds the marks),
or if it is one of the texts below, which no real service would say, in case someone deleted the
mark but not the text. Each is a Problem: 'sitegen validate', 'build' and 'check' refuse the
record, and 'sitegen serve' shows it marked unfinished. This module is the one place that decides.
"""

from __future__ import annotations

import re
from typing import Any

from sitegen.load.source import MARK, Document, Path
from sitegen.model import schema
from sitegen.problems import Problem

# What 'sitegen new' (and 'sitegen import', where the data has nothing) writes in fields only a
# person can fill in. Each reads as an instruction, so nobody takes it for a real service's.
TEXTS = {
    "name": "Imported service",
    "summary": "Say in one sentence what the service is and who it is for.",
    "description": "Say more about the service here: what happens, who runs it, what to bring.",
    "run_by.organisation": "The name of the group that runs it",
    "venue.name": "The name of the building",
    "venue.address": "The street address",
    "venue.town": "The town or village",
    "contact.phone": "020 7946 0000",
    "contact.email": "name@example.org",
    "booking.how": "Say how families book, or how they are referred.",
    "status_note": "Say what has happened and what families can do instead.",
}

# What to write instead, where the schema's own description does not read well after 'write'.
ADVICE = {
    "name": "write the service's name as families know it",
    "summary": "write one sentence saying what the service is and who it is for",
    "description": "write more about the service: what happens, who runs it, what to bring",
    "run_by.organisation": "write the name of the group that runs it",
    "sessions[].week_of_month": "write which week of the month it runs: first, second, third, fourth or last",
    "venue.area": "write the neighbourhood families know it by, if that is not the town",
    "venue.latitude": "write the venue's latitude: right-click the place on openstreetmap.org and "
    "choose 'Show address'",
    "venue.longitude": "write the venue's longitude: right-click the place on openstreetmap.org and "
    "choose 'Show address'",
    "cost.price": "write free, or the price in pounds and pence, such as 2.50",
    "cost.help_with_cost": "write what help there is with the cost, so that nobody stays away",
    "contact.phone": "write the phone number families should ring",
    "contact.email": "write the email address families should write to",
    "status_note": "write what has happened and what families can do instead",
    "venue.name": "write the building's name as families know it",
    "venue.address": "write the venue's street address, without the town or postcode",
    "venue.postcode": "write the venue's own full postcode",
    "sessions": "write each regular session's day and times, or delete the sessions if it is by "
    "appointment only",
    "sessions[].start": "write the time it starts, on the 24-hour clock, such as 09:30",
    "sessions[].end": "write the time it ends, on the 24-hour clock, such as 11:30",
    "last_reviewed": "write the date you checked every detail with the service, such as 2026-11-24",
}

FIELDS = dict(schema.fields_in_order(schema.SERVICE))


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


_KNOWN = {_folded(text): text for text in TEXTS.values()}
_KNOWN_DESCRIPTION = _folded(TEXTS["description"])
_PHONE = "".join(c for c in TEXTS["contact.phone"] if c.isdigit())
# A value with a letter of the alphabet in it is no phone number: found in C, this spares looking
# at every character of every description (most of the time 'find' took at 10,000 records).
_ASCII_LETTER = re.compile("[A-Za-z]")


def known_text(value: object) -> str | None:
    """The placeholder text a value is, or holds (a description may have more around it)."""
    if not isinstance(value, str):
        return None
    folded = _folded(value)
    if folded in _KNOWN:
        return _KNOWN[folded]
    if (
        not _ASCII_LETTER.search(value)
        and "".join(c for c in value if c.isdigit()) == _PHONE
        and not any(c.isalpha() for c in value)
    ):
        return TEXTS["contact.phone"]
    if _KNOWN_DESCRIPTION in folded:
        return TEXTS["description"]
    return None


def _field_name(path: Path) -> str:
    """The field a value belongs to, as the schema names it: ("sessions", 0, "day") is
    'sessions[].day'; an item of a plain list, ("types", 0), belongs to 'types'."""
    name = "".join(f".{part}" if isinstance(part, str) else "[]" for part in path).lstrip(".")
    while name.endswith("[]"):
        name = name[:-2]
    return name


def advice(path: Path) -> str:
    """What to write in place of the placeholder at ``path``."""
    name = _field_name(path)
    if name in ADVICE:
        return ADVICE[name]
    spec = FIELDS.get(name)
    if spec is None:
        return "write the service's own details"
    words = spec.help.rstrip(".")
    return "write " + (words if words[1:2].isupper() else words[0].lower() + words[1:])


def _origin(document: Document) -> str:
    """Which command wrote the file, from its first lines: ' that sitegen new wrote', or ''."""
    head = "\n".join(document.text_lines[:4])
    if "'sitegen new service'" in head:
        return " that sitegen new wrote"
    if "'sitegen import openreferral'" in head:
        return " that sitegen import wrote"
    return ""


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    text = " ".join(str(value).split())
    return repr(text if len(text) <= 60 else text[:60] + "…")


def _values(
    data: Any, path: Path = (), found: list[tuple[Path, Any]] | None = None
) -> list[tuple[Path, Any]]:
    """Every value in the data with its path, groups and lists before what they hold."""
    if found is None:
        found = []
    if path:
        found.append((path, data))
    if isinstance(data, dict):
        for key, value in data.items():
            _values(value, path + (key,), found)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _values(value, path + (index,), found)
    return found


def count(document: Document) -> int:
    """How many placeholders a loaded record holds: as many as ``find`` gives problems, without
    working out what each should say (the import counts those of every record it writes)."""
    return sum(
        1 for path, value in _values(document.data) if path in document.marks or known_text(value) is not None
    )


def find(document: Document) -> list[Problem]:
    """Every placeholder in a loaded record, each as a Problem at its line, saying what to write."""
    problems = []
    origin = _origin(document)
    for path, value in _values(document.data):
        marked = path in document.marks
        text = known_text(value)
        if not marked and text is None:
            continue
        spec = FIELDS.get(_field_name(path))
        optional = spec is not None and not spec.required
        what = advice(path)
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
            message = f"is marked {MARK}: every value in it may be an example{origin}"
            what = "replace every example value in it with the service's own"
        elif text is not None:
            message = f"still holds the placeholder {text!r}{origin}"
        elif value is None:
            message = f"is empty and marked {MARK}"
        else:
            message = f"{_shown(value)} is a placeholder{origin}"
        why = document.marks.get(path)
        if why:
            message += f" ({why})"
        if optional:
            what += ", or delete the field if it does not apply"
        if marked:
            what += f"; then delete the '# {MARK}' mark at the end of the line"
        problems.append(document.problem(path, message, what))
    return problems
