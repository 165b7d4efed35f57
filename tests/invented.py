"""Which values in an imported record the Open Referral data never gave: the oracle for import's marks.

It reads the record as plain text, line by line (not with sitegen's loader), and the data with
plain ``json``. A value is traced when the data holds it, as written or in one of the few ways
the record format must write it differently (a time without seconds, an age in years as months,
a price in pounds and pence, MO as Monday, a text shortened with an ellipsis). Whatever cannot
be traced was invented by the import, and must stand on a line marked ``# PLACEHOLDER``.

Run it as a script to count, for Open Referral UK files, the invented values marked and unmarked:
``python -m tests.invented FILE.json ...``
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from typing import Any

MARK = re.compile(r"\s#\s*PLACEHOLDER\b")
KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- )?(?P<key>[a-z_]+):(?P<rest>.*)$")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Value:
    line: int
    field: str
    text: str
    marked: bool


def _split_value(rest: str) -> tuple[str | list[str], bool]:
    """The value after 'key:' as the import writes it (JSON-quoted text, a [list] or a bare word),
    and whether a '# PLACEHOLDER' comment follows it."""
    rest = rest.strip()
    decoder = json.JSONDecoder()
    if rest.startswith('"'):
        value, end = decoder.raw_decode(rest)
        return value, bool(MARK.search(" " + rest[end:]))
    if rest.startswith("["):
        items: list[str] = []
        at = 1
        while rest[at] != "]":
            if rest[at] in ", ":
                at += 1
            elif rest[at] == '"':
                item, at = decoder.raw_decode(rest, at)
                items.append(item)
            else:
                word = re.match(r"[^,\]]+", rest[at:])[0]
                items.append(word.strip())
                at += len(word)
        return items, bool(MARK.search(" " + rest[at + 1 :]))
    found = MARK.search(" " + rest)
    return (rest[: found.start()] if found else rest).strip(), bool(found)


def record_values(text: str) -> list[Value]:
    """Every value of a record the import wrote, with its line and dotted field name."""
    lines = text.split("\n")
    values: list[Value] = []
    stack: list[tuple[int, str]] = []  # (indent, name) of the groups the line is in
    counts: dict[str, int] = {}
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        match = KEY_LINE.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        indent = len(match["indent"])
        if match["dash"]:  # a new item of the list named by the line above it
            stack = [s for s in stack if s[0] < indent]
            list_path = ".".join(s[1] for s in stack)
            counts[list_path] = counts.get(list_path, -1) + 1
            stack.append((indent + 1, f"[{counts[list_path]}]"))
            indent += 2
        stack = [s for s in stack if s[0] < indent]
        field = ".".join([s[1] for s in stack] + [match["key"]]).replace(".[", "[")
        rest = match["rest"]
        if not rest.strip():
            stack.append((indent, match["key"]))
            continue
        if re.match(r"\s*\|", rest):
            block = []
            while number < len(lines) and (
                not lines[number].strip() or lines[number].startswith(" " * (indent + 2))
            ):
                block.append(lines[number].strip())
                number += 1
            values.append(Value(number - len(block), field, " ".join(block), bool(MARK.search(rest))))
            continue
        value, marked = _split_value(rest)
        for item in value if isinstance(value, list) else [value]:
            values.append(Value(number, field, item, marked))
    return values


def _leaves(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [leaf for value in data.values() for leaf in _leaves(value)]
    if isinstance(data, list):
        return [leaf for value in data for leaf in _leaves(value)]
    return [data]


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


class Source:
    """The leaves of one Open Referral service, read with plain json."""

    def __init__(self, service: dict[str, Any]):
        leaves = _leaves(service)
        self.texts = [_normal(v) for v in leaves if isinstance(v, str)]
        self.numbers = [v for v in leaves if isinstance(v, int | float) and not isinstance(v, bool)]
        for text in self.texts:
            with contextlib.suppress(ValueError):
                self.numbers.append(float(text))
        self.dates = []
        for text in self.texts:
            with contextlib.suppress(ValueError):
                self.dates.append(dt.date.fromisoformat(text[:10]))

    def has_text(self, text: str) -> bool:
        """Said in the data: within one of its texts, or as several of them put together."""
        wanted = _normal(text).removesuffix("…").strip()
        if any(wanted in source for source in self.texts):
            return True
        for source in sorted(self.texts, key=len, reverse=True):
            if len(source) > 3:
                wanted = wanted.replace(source, " ")
        return not re.sub(r"[\s.,;:]", "", wanted)

    def traces(self, value: Value) -> bool:
        text, name = value.text, value.field.rsplit(".", 1)[-1].split("[")[0]
        if name in ("step_free", "parking", "baby_change", "buggy_storage", "accessible_toilet"):
            label = {"step_free": "step-free access", "baby_change": "baby changing"}.get(name, name)
            return self.has_text(f"{label.replace('_', ' ')}: {text}")
        if name == "term_time_only":
            return any(re.search(r"term[\s-]*time\s+only", t) for t in self.texts)
        if text in ("yes", "no"):  # only sitegen's own record attributes say yes or no
            return text in self.texts
        if name == "day":  # MO in an RRULE's byday, or Monday as a version 1 weekday
            return _normal(text) in self.texts or any(
                BYDAY[WEEKDAYS.index(text)] in t.upper() for t in self.texts if re.fullmatch(r"[\w, +-]+", t)
            )
        if name == "frequency":
            return {"fortnightly": 2, "monthly": "monthly", "weekly": "weekly"}[text] in [
                *self.numbers,
                *self.texts,
            ]
        if name == "week_of_month":
            ordinal = {"first": "1", "second": "2", "third": "3", "fourth": "4", "last": "-1"}[text]
            return any(re.search(rf"(^|,){re.escape(ordinal)}[a-z]{{2}}", t) for t in self.texts)
        if name == "status":
            return any(
                t
                in {
                    "running": ("active",),
                    "paused": ("inactive", "temporarily closed"),
                    "closed": ("defunct",),
                }[text]
                for t in self.texts
            )
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = dt.date.fromisoformat(text)
            if name == "starting":  # the first session on or after the schedule's start
                return any(0 <= (day - d).days < 14 for d in self.dates)
            if value.field.startswith("not_running"):  # a day within a closure's start and end dates
                return day in self.dates or any(
                    first < day < last and (last - first).days <= 31
                    for first in self.dates
                    for last in self.dates
                )
            return day in self.dates
        if re.fullmatch(r"\d{2}:\d{2}", text):
            return any(t.startswith(text) for t in self.texts)
        age = re.fullmatch(r"(\d+) (months|years)", text)
        if age and name in ("from", "to"):
            months = int(age[1]) * (12 if age[2] == "years" else 1)
            return _normal(text) in self.texts or any(round(n * 12) == months for n in self.numbers)
        if name == "price":
            pence = 0 if text == "free" else round(float(text) * 100)
            return any(round(n * 100) == pence for n in self.numbers)
        if name in ("latitude", "longitude"):
            return float(text) in self.numbers
        # text: each part of it said somewhere in the data ('option: description' is two parts)
        return all(self.has_text(part) for part in re.split(r"; |: ", text) if part.strip())


def services_of(document: Any) -> list[dict[str, Any]]:
    """The services in an Open Referral file, in the order the import reads them, one for each id
    (the first), each with what the file gives beside it: a service at a location whole (the
    location is the service's), a service in an organization with that organization."""
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        items = document["contents"]
    elif isinstance(document, list):
        items = document
    else:
        items = [document]
    found: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("services"), list):
            organization = {k: v for k, v in item.items() if k != "services"}
            found += [{"organization": organization, **s} for s in item["services"] if isinstance(s, dict)]
        else:
            found.append(item)
    ids: set[Any] = set()
    kept = []
    for service in found:
        service_id = (service.get("service") or service).get("id")
        if isinstance(service_id, str) and service_id in ids:
            continue
        ids.add(service_id)
        kept.append(service)
    return kept


def invented(record: str, service: dict[str, Any]) -> list[Value]:
    """The values of a record that its Open Referral service does not hold."""
    source = Source(service)
    return [value for value in record_values(record) if not source.traces(value)]


def main(files: list[str]) -> None:
    from sitegen.exports import openreferral

    total_marked = total_unmarked = total_values = 0
    for name in files:
        with open(name, "rb") as handle:
            data = handle.read()
        records, _ = openreferral.import_services(data, name)
        services = services_of(json.loads(data))
        marked = unmarked = count = 0
        for (slug, text), service in zip(records.items(), services, strict=True):
            found = invented(text, service)
            count += len(record_values(text))
            marked += sum(v.marked for v in found)
            unmarked += sum(not v.marked for v in found)
            for value in found:
                if not value.marked:
                    print(f"  unmarked: {slug}.yml:{value.line}: {value.field}: {value.text!r}")
        print(
            f"{name}: {len(records)} records, {count} values, invented: {marked} marked, {unmarked} unmarked"
        )
        total_marked += marked
        total_unmarked += unmarked
        total_values += count
    print(f"In all: {total_values} values, invented: {total_marked} marked, {total_unmarked} unmarked")


if __name__ == "__main__":
    main(sys.argv[1:])
