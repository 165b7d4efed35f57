"""The record formats (service, guidance page, site config, term dates) and their validation.

Each format is declared once, as data: an ``Object`` of ``Field``s, each with a kind, whether it
is required, a plain-English description and an example. From that one declaration come the
validation (``validate``), the field reference in ``docs/record-format.md`` and, later, the
published JSON Schema and ``sitegen new``'s template. Values arrive as text from ``source`` and
leave typed: times as ``datetime.time``, dates as ``datetime.date``, prices in pence.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitegen.load.source import Document, Path
from sitegen.problems import Problem

# ---------------------------------------------------------------------------------------------
# Kinds of value
# ---------------------------------------------------------------------------------------------


class Invalid(Exception):
    """A value is not of its kind. Raised inside a kind's ``parse``; turned into a Problem."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text[:60] + "…") if len(text) > 60 else repr(text)


@dataclass(frozen=True)
class Kind:
    """What a field holds. ``parse`` takes the text from YAML and returns the typed value."""

    expected: str = "a value"

    def parse(self, text: str) -> Any:
        return text

    def check(self, value: Any, path: Path, doc: Document, problems: list[Problem]) -> Any:
        if isinstance(value, dict | list):
            problems.append(
                doc.problem(
                    path,
                    f"found {_shown(value)}, expected {self.expected}",
                    "write a single value after the colon",
                )
            )
            return None
        try:
            return self.parse(value)
        except Invalid as bad:
            problems.append(doc.problem(path, bad.message, bad.hint))
            return None


@dataclass(frozen=True)
class Text(Kind):
    expected: str = "text"
    max_length: int = 300

    def parse(self, text: str) -> str:
        text = " ".join(text.split())
        if not text:
            raise Invalid("is empty, expected text", "write something, or remove the field")
        if len(text) > self.max_length:
            raise Invalid(
                f"is {len(text)} characters long; at most {self.max_length} fit here",
                "shorten it; longer text belongs in the description",
            )
        if _CONTROL.search(text):
            raise Invalid("contains control characters", "retype the text; it was probably pasted")
        return text


@dataclass(frozen=True)
class Markdown(Kind):
    expected: str = "text (Markdown)"
    max_length: int = 20_000

    def parse(self, text: str) -> str:
        if not text.strip():
            raise Invalid("is empty, expected text", "write something, or remove the field")
        if len(text) > self.max_length:
            raise Invalid(f"is {len(text):,} characters long; at most {self.max_length:,} fit here")
        if _CONTROL.search(text.replace("\n", "").replace("\t", "")):
            raise Invalid("contains control characters", "retype the text; it was probably pasted")
        return text.strip("\n")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


_CONTROL_NAMES = {"\t": "TAB", "\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE"}


def _hidden_characters(text: str) -> str:
    """What in a web address, email or phone number would not show as itself: control characters,
    bidirectional marks (U+202E shows 'exe.pdf' for 'fdp.exe'), zero-width and other invisible
    characters, and spaces other than the plain one. Empty if there are none."""
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Co", "Cn", "Zl", "Zp") or (category == "Zs" and char != " "):
            name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "a control character")
            return f"the invisible character U+{ord(char):04X} ({name})"
    return ""


@dataclass(frozen=True)
class Choice(Kind):
    options: tuple[str, ...] = ()

    @property
    def expected_text(self) -> str:
        return "one of: " + ", ".join(self.options)

    def match(self, text: str) -> str | None:
        """The option the text names (case, hyphens and spacing aside), or None."""
        wanted = _fold(text)
        return next((option for option in self.options if _fold(option) == wanted), None)

    def parse(self, text: str) -> str:
        chosen = self.match(text)
        if chosen is not None:
            return chosen
        wanted = _fold(text)
        close = difflib.get_close_matches(wanted, [_fold(o) for o in self.options], n=1, cutoff=0.6)
        hint = (
            f"did you mean {self.options[[_fold(o) for o in self.options].index(close[0])]!r}?"
            if close
            else ""
        )
        raise Invalid(f"{_shown(text)} is not one of: {', '.join(self.options)}", hint)


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("-", " ").lower().split())


@dataclass(frozen=True)
class YesNo(Kind):
    expected: str = "yes or no"

    def parse(self, text: str) -> bool:
        folded = text.strip().lower()
        if folded in ("yes", "true", "y"):
            return True
        if folded in ("no", "false", "n"):
            return False
        raise Invalid(f"found {_shown(text)}, expected yes or no")


@dataclass(frozen=True)
class Number(Kind):
    expected: str = "a number"
    low: float = float("-inf")
    high: float = float("inf")
    whole: bool = False
    range_hint: str = ""

    def parse(self, text: str) -> float | int:
        # int() and float() would also take other scripts' digits, '1_000', 'inf' and 'nan'
        if not re.fullmatch(
            r"[+-]?[0-9]+" if self.whole else r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", text.strip()
        ):
            raise Invalid(f"found {_shown(text)}, expected {self.expected}")
        number = int(text) if self.whole else float(text)
        if number != number or not self.low <= number <= self.high:  # NaN, or out of range
            raise Invalid(
                f"{text.strip()} is outside {self.range_hint or 'the allowed range'}",
                f"expected {self.expected} from {self.low:g} to {self.high:g}",
            )
        return number


# Dates and times as one object for each value: records repeat them (days off, times of day), and a
# big directory holds each service's in memory, in every process that reads it (build.py); the same
# object for equal values keeps that smaller, and its pickles too (see schedule.one_copy)
_date = functools.lru_cache(maxsize=8192)(dt.date.fromisoformat)
_time = functools.lru_cache(maxsize=2048)(dt.time)


@dataclass(frozen=True)
class Date(Kind):
    expected: str = "a date written YYYY-MM-DD, such as 2026-09-07"

    def parse(self, text: str) -> dt.date:
        text = text.strip()
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise Invalid(f"found {_shown(text)}, expected {self.expected}")
        try:
            return _date(text)
        except ValueError:
            raise Invalid(f"{text} is not a real date", "check the month and the day") from None


@dataclass(frozen=True)
class Time(Kind):
    expected: str = "a 24-hour time such as 09:30 or 13:15"

    def parse(self, text: str) -> dt.time:
        text = text.strip()
        match = re.fullmatch(r"([0-9]{1,2})[:.]([0-9]{2})", text)
        if not match:
            hint = "write 24-hour times with a colon: 9.30am is 09:30, 2pm is 14:00"
            raise Invalid(f"found {_shown(text)}, expected {self.expected}", hint)
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise Invalid(f"{text} is not a time of day", "hours go from 00 to 23, minutes to 59")
        return _time(hour, minute)


_POSTCODE = re.compile(
    r"(GIR 0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y])"
    r" [0-9][ABD-HJLNP-UW-Z]{2})"
)


@dataclass(frozen=True)
class Postcode(Kind):
    expected: str = "a UK postcode such as OX4 3QP"

    def parse(self, text: str) -> str:
        compact = "".join(text.split()).upper()
        normal = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 4 else compact
        if not _POSTCODE.fullmatch(normal):
            raise Invalid(
                f"{_shown(text)} is not a UK postcode", "write the full postcode, for example OX4 3QP"
            )
        return normal


@dataclass(frozen=True)
class WebAddress(Kind):
    expected: str = "a web address starting https://"

    def parse(self, text: str) -> str:
        text = text.strip()
        if hidden := _hidden_characters(text):
            raise Invalid(
                f"contains {hidden}, which a browser would not show but would follow",
                "retype the address, or copy it again from the browser's address bar",
            )
        match = re.fullmatch(r"(https?)://([A-Za-z0-9.-]+\.[A-Za-z]{2,})(:[0-9]+)?([/?#][^\s<>\"]*)?", text)
        if not match:
            scheme = text.split(":", 1)[0].lower() if ":" in text else ""
            if scheme and scheme not in ("http", "https"):
                raise Invalid(
                    f"{_shown(text)} is not allowed: only https:// and http:// web addresses can be linked",
                    "copy the address from the browser's bar",
                )
            raise Invalid(
                f"found {_shown(text)}, expected {self.expected}",
                "copy the whole address from the browser's address bar",
            )
        return text


@dataclass(frozen=True)
class Email(Kind):
    expected: str = "an email address such as hello@example.org.uk"

    def parse(self, text: str) -> str:
        text = text.strip()
        if not re.fullmatch(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", text):
            raise Invalid(f"found {_shown(text)}, expected {self.expected}")
        return text


_GITHUB_USERNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


@dataclass(frozen=True)
class Maintainer(Kind):
    """Who looks after a record: a GitHub username written ``@name``, or a contact email. Returned
    as written (``@name`` or the address), so the two stay apart downstream."""

    expected: str = "a GitHub username such as @sarah-jones, or an email address"

    def parse(self, text: str) -> str:
        text = text.strip()
        if text.startswith("@"):
            name = text[1:]
            if len(name) > 39 or not _GITHUB_USERNAME.fullmatch(name):
                raise Invalid(
                    f"{_shown(text)} is not a GitHub username",
                    "a username has 1 to 39 letters, digits and single hyphens, and does not start "
                    "or end with a hyphen",
                )
            return text
        if "@" in text:
            return Email().parse(text)
        raise Invalid(
            f"found {_shown(text)}, expected {self.expected}",
            "write a GitHub username with @ in front, such as @sarah-jones",
        )


@dataclass(frozen=True)
class Phone(Kind):
    expected: str = "a UK phone number such as 01865 123456"

    def parse(self, text: str) -> str:
        text = " ".join(text.split())
        digits = re.sub(r"[ ()-]", "", text)
        # ASCII digits only: other scripts' digits (and mathematical ones that look exactly like
        # 0-9) would show one number and dial another
        if not re.fullmatch(r"(\+44|0)[0-9]{9,10}", digits):
            raise Invalid(
                f"found {_shown(text)}, expected {self.expected}",
                "write the number with its area code, digits and spaces only",
            )
        return text


@dataclass(frozen=True)
class Price(Kind):
    expected: str = "free, or an amount in pounds such as 2.50"

    def parse(self, text: str) -> int:
        folded = text.strip().lower()
        if folded == "free":
            return 0
        match = re.fullmatch(r"£?\s*([0-9]{1,4})(?:\.([0-9]{2}))?", folded)
        if not match:
            raise Invalid(
                f"found {_shown(text)}, expected {self.expected}",
                "write just the amount (2.50) and say what it covers under 'covers'",
            )
        return int(match[1]) * 100 + int(match[2] or 0)


@dataclass(frozen=True)
class Age(Kind):
    expected: str = "an age such as '0 months', '18 months' or '4 years'"

    def parse(self, text: str) -> int:
        match = re.fullmatch(r"([0-9]{1,2})\s*(months?|years?)", text.strip().lower())
        if not match:
            raise Invalid(f"found {_shown(text)}, expected {self.expected}")
        months = int(match[1]) * (12 if match[2].startswith("year") else 1)
        if months > 25 * 12:
            raise Invalid(f"{text.strip()} is older than this directory covers")
        return months


@dataclass(frozen=True)
class ProjectPath(Text):
    """A file or folder inside the project, written from the project folder: never a path that
    could lead out of it (an absolute path, '..', a drive or a backslash)."""

    def parse(self, text: str) -> str:
        text = super().parse(text)
        parts = text.split("/")
        if text.startswith(("/", "~")) or "\\" in text or ":" in text or ".." in parts:
            raise Invalid(
                f"{_shown(text)} leads outside the project folder",
                "give the path from the project folder, such as themes/local, without '..' or a leading '/'",
            )
        return text


@dataclass(frozen=True)
class SiteAddress(WebAddress):
    """The address the site or its repository is at. Pages link their assets from the site's path
    and 'suggest a change' from the repository's, so a path with '//' (which a browser reads as
    another host: '//evil.example/assets/'), '..' (another repository) or a query or fragment
    would send them somewhere else."""

    def parse(self, text: str) -> str:
        text = super().parse(text)
        path = re.sub(r"^https?://[^/?#]*", "", text)
        segments = path.split("/")
        if "//" in path or "?" in path or "#" in path or "\\" in path or ".." in segments or "." in segments:
            raise Invalid(
                f"{_shown(text)} has '//', '..', '?' or '#' in its path",
                "give just the address itself, with single slashes, as the browser's address bar shows it",
            )
        return text


@dataclass(frozen=True)
class Branch(Text):
    """A git branch name as 'suggest a change' links put it in the repository's address: no '..'
    (which would lead to another repository), no spaces and nothing git itself refuses."""

    expected: str = "a branch name such as main"
    max_length: int = 60

    def parse(self, text: str) -> str:
        text = super().parse(text)
        parts = text.split("/")
        if (
            not re.fullmatch(r"[A-Za-z0-9._/-]+", text)
            or ".." in text
            or any(not part or part.startswith(".") or part.endswith(".lock") for part in parts)
            or text.startswith("-")
            or text.endswith(".")
        ):
            raise Invalid(
                f"{_shown(text)} is not a branch name",
                "give the branch's name as GitHub shows it, such as main (letters, digits, '-', '_', '.' and '/')",
            )
        return text


@dataclass(frozen=True)
class Slug(Kind):
    expected: str = "lowercase letters, digits and hyphens"

    def parse(self, text: str) -> str:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text.strip()) or len(text) > 80:
            raise Invalid(
                f"{_shown(text)} is not a valid name for a page address",
                f"use {self.expected}, such as little-acorns",
            )
        return text.strip()


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind = field(default_factory=Text)
    min_items: int = 0
    max_items: int = 100
    too_many: str = ""  # the hint when there are more than max_items

    @property
    def expected_text(self) -> str:
        return f"a list of {_expected(self.item)}"

    def check(self, value: Any, path: Path, doc: Document, problems: list[Problem]) -> Any:
        if value is not None and not isinstance(value, list):
            if isinstance(self.item, Object) or isinstance(value, dict):
                problems.append(
                    doc.problem(
                        path,
                        f"found {_shown(value)}, expected a list",
                        "start each item on its own line with '- '",
                    )
                )
                return None
            value = [value]  # one value where a list is expected: a list of one
        items = value or []
        if len(items) < self.min_items:
            problems.append(
                doc.problem(
                    path,
                    f"needs at least {self.min_items} item(s)",
                    "start each item on its own line with '- '",
                )
            )
            return None
        if len(items) > self.max_items:
            problems.append(
                doc.problem(
                    path, f"has {len(items)} items; at most {self.max_items} are allowed", self.too_many
                )
            )
            return None
        result = []
        for index, item in enumerate(items):
            if item is None:
                problems.append(
                    doc.problem(path + (index,), "is empty", "remove the '-' line or write a value after it")
                )
                continue
            result.append(self.item.check(item, path + (index,), doc, problems))
        return result


Rule = Callable[[dict[str, Any], Path, Document, list[Problem]], None]


@dataclass(frozen=True)
class Field:
    """One named field of a record: its kind, whether it must be there, and how to fill it in."""

    name: str
    kind: Kind
    help: str
    example: Any = None
    required: bool = False


@dataclass(frozen=True)
class Object(Kind):
    expected: str = "a group of fields"
    fields: tuple[Field, ...] = ()
    rules: tuple[Rule, ...] = ()

    def field_named(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def check(self, value: Any, path: Path, doc: Document, problems: list[Problem]) -> Any:
        if not isinstance(value, dict):
            first = ", ".join(f.name for f in self.fields if f.required)[:80]
            problems.append(
                doc.problem(
                    path,
                    f"found {_shown(value) if value is not None else 'nothing'}, "
                    f"expected a group of fields" + (f" ({first})" if first else ""),
                    "put each field on its own line below, indented by two spaces",
                )
            )
            return None
        known = {f.name for f in self.fields}
        for name in value:
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else "the fields here are: " + ", ".join(f.name for f in self.fields)
                )
                problems.append(doc.problem(path + (name,), f"{name!r} is not a field here", hint))
        clean: dict[str, Any] = {}
        before = len(problems)
        for spec in self.fields:
            raw = value.get(spec.name)
            if raw is None:
                if spec.required:
                    problems.append(
                        doc.problem(
                            path + (spec.name,),
                            f"is missing; expected {_expected(spec.kind)}",
                            f"add it, for example '{spec.name}: {_example_text(spec)}'",
                            at=path,
                        )
                    )
                clean[spec.name] = None
                continue
            clean[spec.name] = spec.kind.check(raw, path + (spec.name,), doc, problems)
        if len(problems) == before:  # rules see only values that are each valid
            for rule in self.rules:
                rule(clean, path, doc, problems)
        return clean


def _expected(kind: Kind) -> str:
    return getattr(kind, "expected_text", None) or kind.expected


def _example_text(spec: Field) -> str:
    example = spec.example
    if isinstance(example, list):
        return "[" + ", ".join(str(e) for e in example) + "]"
    return "…" if isinstance(example, dict) or example is None else str(example)


def validate(kind: Kind, doc: Document) -> tuple[Any, list[Problem]]:
    """Check a loaded document against a format. Returns the typed data and every problem."""
    problems: list[Problem] = []
    clean = kind.check(doc.data, (), doc, problems)
    return clean, problems


# ---------------------------------------------------------------------------------------------
# Controlled lists
# ---------------------------------------------------------------------------------------------

SERVICE_TYPES: tuple[str, ...] = (
    "stay and play",
    "baby group",
    "toddler group",
    "rhyme time and music",
    "messy and creative play",
    "outdoor play",
    "health visiting clinic",
    "breastfeeding support",
    "family support",
    "parenting course",
    "SEND support",
    "speech and language",
    "dads' group",
    "young parents",
    "antenatal",
)

PROVIDER_KINDS: tuple[str, ...] = (
    "community group",
    "parents' group",
    "parish or town council",
    "faith group",
    "charity",
    "council children and family centre",
    "NHS",
    "library",
)

WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

FREQUENCIES: tuple[str, ...] = ("weekly", "fortnightly", "monthly")
WEEKS_OF_MONTH: tuple[str, ...] = ("first", "second", "third", "fourth", "last")
STATUSES: tuple[str, ...] = ("running", "paused", "closed")
COST_PER: tuple[str, ...] = ("family", "child", "adult", "session")
PAGE_KINDS: tuple[str, ...] = ("guide", "template")


# ---------------------------------------------------------------------------------------------
# Cross-field rules
# ---------------------------------------------------------------------------------------------


def _end_after_start(clean: dict, path: Path, doc: Document, problems: list[Problem]) -> None:
    start, end = clean["start"], clean["end"]
    if start and end and end <= start:
        problems.append(
            doc.problem(
                path + ("end",),
                f"{end:%H:%M} is before start {start:%H:%M}"
                if end < start
                else f"{end:%H:%M} is the same as the start",
                "the end time must be later than the start time (24-hour clock)",
            )
        )


def _session_dates(clean: dict, path: Path, doc: Document, problems: list[Problem]) -> None:
    if clean["frequency"] == "fortnightly" and not clean["starting"]:
        problems.append(
            doc.problem(
                path + ("frequency",),
                "a fortnightly session needs 'starting'",
                "add 'starting: YYYY-MM-DD', the date of one session, so that the right weeks are shown",
            )
        )
    if clean["frequency"] == "monthly" and not clean["week_of_month"]:
        problems.append(
            doc.problem(
                path + ("frequency",),
                "a monthly session needs 'week_of_month'",
                "add 'week_of_month: first' (or second, third, fourth, last)",
            )
        )
    if clean["week_of_month"] and clean["frequency"] != "monthly":
        problems.append(
            doc.problem(
                path + ("week_of_month",),
                "only monthly sessions have a week of the month",
                "remove it, or set 'frequency: monthly'",
            )
        )
    starting, ending = clean["starting"], clean["ending"]
    if starting and ending and ending < starting:
        problems.append(doc.problem(path + ("ending",), f"{ending} is before starting {starting}"))
    if starting and clean["day"] and WEEKDAYS[starting.weekday()] != clean["day"]:
        problems.append(
            doc.problem(
                path + ("starting",),
                f"{starting} is a {WEEKDAYS[starting.weekday()]}, not a {clean['day']}",
                "give the date of a day the session runs",
            )
        )


def _ages_in_order(clean: dict, path: Path, doc: Document, problems: list[Problem]) -> None:
    if clean["from"] is not None and clean["to"] is not None and clean["to"] <= clean["from"]:
        problems.append(
            doc.problem(
                path + ("to",), "is not older than 'from'", "'to' is the oldest age the service is for"
            )
        )


def _coordinates_together(clean: dict, path: Path, doc: Document, problems: list[Problem]) -> None:
    if (clean["latitude"] is None) != (clean["longitude"] is None):
        missing = "longitude" if clean["longitude"] is None else "latitude"
        problems.append(
            doc.problem(path, f"{missing} is missing", "give both latitude and longitude, or neither")
        )


def _area_has_an_address(clean: dict, path: Path, doc: Document, problems: list[Problem]) -> None:
    """The area and the town each name a page, /areas/NAME/ (a town's lists its areas' services
    too): with no letter or digit to make NAME from, that page would be the list of all areas,
    and replace it."""
    for named in ("area", "town"):
        if clean[named] and not re.search(r"[A-Za-z0-9]", clean[named]):
            problems.append(
                doc.problem(
                    path + (named,),
                    f"{_shown(clean[named])} has no letters A to Z or digits to make the "
                    f"{'area' if named == 'area' else 'town'}'s page address from",
                    "write the name in English letters, as it is on a map",
                )
            )


def _booking_how(clean: dict, path: Path, doc: Document, problems: list[Problem]) -> None:
    if clean["required"] and not clean["how"]:
        problems.append(
            doc.problem(
                path + ("required",),
                "booking is required but 'how' is missing",
                "add 'how:' to tell families how to book",
            )
        )


def _status_note(clean: dict, path: Path, doc: Document, problems: list[Problem]) -> None:
    if clean["status"] in ("paused", "closed") and not clean["status_note"]:
        problems.append(
            doc.problem(
                path + ("status",),
                f"a {clean['status']} service needs 'status_note'",
                "add 'status_note:' telling families what has happened and what they can do instead",
            )
        )


# ---------------------------------------------------------------------------------------------
# The service record
# ---------------------------------------------------------------------------------------------

SESSION = Object(
    expected="a session",
    fields=(
        Field("day", Choice(options=WEEKDAYS), "The day of the week it runs.", "Monday", required=True),
        Field("start", Time(), "When it starts, 24-hour clock.", "09:30", required=True),
        Field("end", Time(), "When it ends, 24-hour clock.", "11:30", required=True),
        Field(
            "frequency",
            Choice(options=FREQUENCIES),
            "How often: weekly (the default), fortnightly or monthly.",
            "weekly",
        ),
        Field(
            "week_of_month",
            Choice(options=WEEKS_OF_MONTH),
            "For monthly sessions: which week (first, second, third, fourth or last).",
            "first",
        ),
        Field(
            "term_time_only",
            YesNo(),
            "yes if it only runs in school term time (the term dates are in term-dates.yml).",
            "yes",
        ),
        Field(
            "starting",
            Date(),
            "The date of the first session, if it has not started yet, or any "
            "one session date for a fortnightly session.",
            "2026-09-07",
        ),
        Field("ending", Date(), "The date of the last session, if it stops on a known date.", "2027-07-16"),
        Field(
            "notes",
            Text(max_length=200),
            "Anything families should know about this session.",
            "Quiet session for babies under 1 in the small hall.",
        ),
    ),
    rules=(_end_after_start, _session_dates),
)

NOT_RUNNING = Object(
    expected="a date the service is not running",
    fields=(
        Field("date", Date(), "A date when there is no session.", "2026-12-24", required=True),
        Field("reason", Text(max_length=100), "Why, in a few words.", "Christmas Eve"),
    ),
)

VENUE = Object(
    fields=(
        Field(
            "name", Text(max_length=120), "The name of the building.", "St Mary's Church Hall", required=True
        ),
        Field(
            "address",
            Text(max_length=200),
            "Street address, without the town or postcode.",
            "12 Church Street",
            required=True,
        ),
        Field("town", Text(max_length=60), "The town or village.", "Kidlington", required=True),
        Field(
            "area",
            Text(max_length=60),
            "The neighbourhood families know it by, if that is not the "
            "town (for example Blackbird Leys in Oxford). Used to group services by area.",
            "Blackbird Leys",
        ),
        Field("postcode", Postcode(), "The full postcode.", "OX5 2BB", required=True),
        Field(
            "latitude",
            Number(expected="a latitude such as 51.8231", low=49.8, high=60.95, range_hint="the UK"),
            "Where the venue is: latitude (north). Find it by right-clicking the place on "
            "openstreetmap.org and choosing 'Show address'.",
            51.8231,
        ),
        Field(
            "longitude",
            Number(expected="a longitude such as -1.2871", low=-8.7, high=1.8, range_hint="the UK"),
            "Where the venue is: longitude (east; negative west of Greenwich).",
            -1.2871,
        ),
        Field("step_free", YesNo(), "yes if you can get in and around without steps.", "yes"),
        Field("parking", YesNo(), "yes if there is parking at or next to the venue.", "yes"),
        Field("baby_change", YesNo(), "yes if there is a baby changing area.", "yes"),
        Field("buggy_storage", YesNo(), "yes if there is somewhere to leave buggies.", "yes"),
        Field("accessible_toilet", YesNo(), "yes if there is an accessible toilet.", "yes"),
        Field(
            "access_notes",
            Text(max_length=300),
            "Anything else about getting there and getting in.",
            "Ramp at the side door; the car park is shared with the library.",
        ),
    ),
    rules=(_coordinates_together, _area_has_an_address),
)

SERVICE = Object(
    expected="a service record",
    fields=(
        Field(
            "name",
            Text(max_length=100),
            "The service's name, as families know it.",
            "Little Acorns Stay and Play",
            required=True,
        ),
        Field(
            "summary",
            Text(max_length=200),
            "One sentence saying what it is and who it is for.",
            "A friendly stay and play for babies and toddlers with their parents and carers.",
            required=True,
        ),
        Field(
            "description",
            Markdown(),
            "More about the service, in Markdown (blank lines between "
            "paragraphs, '- ' for lists, [text](https://address) for links).",
            "Come along for toys, songs and a cuppa.\n\nEveryone is welcome.",
        ),
        Field(
            "types",
            ListOf(item=Choice(options=SERVICE_TYPES), min_items=1, max_items=5),
            "What kind of service it is: one or more of " + ", ".join(SERVICE_TYPES) + ".",
            ["stay and play"],
            required=True,
        ),
        Field(
            "run_by",
            Object(
                fields=(
                    Field(
                        "organisation",
                        Text(max_length=120),
                        "Who runs it.",
                        "Kidlington Parish Council",
                        required=True,
                    ),
                    Field(
                        "kind",
                        Choice(options=PROVIDER_KINDS),
                        "What kind of organisation: one of " + ", ".join(PROVIDER_KINDS) + ".",
                        "parish or town council",
                        required=True,
                    ),
                    Field(
                        "website",
                        WebAddress(),
                        "The organisation's own website, if it has one.",
                        "https://www.kidlington-pc.gov.uk",
                    ),
                )
            ),
            "Who runs the service.",
            {},
            required=True,
        ),
        Field(
            "ages",
            Object(
                fields=(
                    Field("from", Age(), "The youngest age it is for.", "0 months", required=True),
                    Field(
                        "to",
                        Age(),
                        "The oldest age it is for ('5 years' means up to a child's fifth birthday).",
                        "5 years",
                        required=True,
                    ),
                    Field(
                        "note",
                        Text(max_length=150),
                        "Anything else about who can come.",
                        "Bumps welcome; older siblings welcome in the holidays.",
                    ),
                ),
                rules=(_ages_in_order,),
            ),
            "Who it is for.",
            {},
            required=True,
        ),
        Field(
            "sessions",
            ListOf(item=SESSION, max_items=20),
            "When it runs: one item per regular session. Leave out for services by "
            "appointment only, and say how to get an appointment under booking.",
            [],
        ),
        Field(
            "not_running",
            ListOf(item=NOT_RUNNING, max_items=60),
            "Dates when a session that would normally run will not.",
            [],
        ),
        Field("venue", VENUE, "Where it happens.", {}, required=True),
        Field(
            "cost",
            Object(
                fields=(
                    Field("price", Price(), "free, or the amount in pounds.", "2.50", required=True),
                    Field(
                        "per",
                        Choice(options=COST_PER),
                        "What the price is for: family, child, adult or session.",
                        "family",
                    ),
                    Field(
                        "covers",
                        Text(max_length=150),
                        "What the price includes.",
                        "Tea and coffee, and a snack for children.",
                    ),
                    Field(
                        "help_with_cost",
                        Text(max_length=150),
                        "If nobody need stay away because of cost, say so here.",
                        "Pay what you can: no one is turned away.",
                    ),
                )
            ),
            "What it costs.",
            {},
            required=True,
        ),
        Field(
            "booking",
            Object(
                fields=(
                    Field(
                        "required",
                        YesNo(),
                        "yes if families must book; no if they can just turn up.",
                        "no",
                        required=True,
                    ),
                    Field(
                        "how",
                        Text(max_length=200),
                        "How to book, or how to be referred.",
                        "Book online or ring Sarah on 01632 960123.",
                    ),
                ),
                rules=(_booking_how,),
            ),
            "Whether families need to book.",
            {},
            required=True,
        ),
        Field(
            "contact",
            Object(
                fields=(
                    Field("name", Text(max_length=80), "Who to ask for.", "Sarah Jones"),
                    Field("phone", Phone(), "A phone number.", "01632 960123"),
                    Field("email", Email(), "An email address.", "hello@littleacorns.org.uk"),
                    Field("website", WebAddress(), "The service's web page.", "https://littleacorns.org.uk"),
                )
            ),
            "How families get in touch. Every part is optional.",
            {},
        ),
        Field(
            "feeding_friendly",
            YesNo(),
            "yes if breastfeeding and bottle feeding are welcome anywhere at the session.",
            "yes",
        ),
        Field(
            "siblings_welcome", YesNo(), "yes if older or younger brothers and sisters can come too.", "yes"
        ),
        Field(
            "languages",
            ListOf(item=Text(max_length=40), max_items=20),
            "Languages spoken by the people running it.",
            ["English", "Polish"],
        ),
        Field(
            "funding",
            ListOf(item=Text(max_length=100), max_items=10),
            "Who pays for it, for example the council's Transition Fund.",
            ["Transition Fund"],
        ),
        Field(
            "keywords",
            ListOf(item=Text(max_length=40), max_items=20),
            "Other words families might search for.",
            ["toddlers", "playgroup"],
        ),
        Field("status", Choice(options=STATUSES), "running (the default), paused or closed.", "running"),
        Field(
            "status_note",
            Text(max_length=300),
            "For a paused or closed service: what has happened and what families can do instead.",
            "Paused while the hall is repaired; back in January.",
        ),
        Field("status_since", Date(), "The date it paused or closed.", "2026-10-01"),
        Field(
            "last_reviewed",
            Date(),
            "When someone last checked every detail of this record.",
            "2026-10-01",
            required=True,
        ),
        Field(
            "maintainers",
            ListOf(item=Maintainer(), max_items=10),
            "Who looks after this record: GitHub usernames written with @ in front and in quotes "
            '("@sarah-jones"), or email addresses. They are asked to check the listing when its review is 10 months old. Not '
            "shown on the site, in the open data or in the reminders (an email is only seen by "
            "people reading this file, so use one its owner agreed to share).",
            ["@sarah-jones", "hello@littleacorns.org.uk"],
        ),
    ),
    rules=(_status_note,),
)

# ---------------------------------------------------------------------------------------------
# A guidance page's front matter
# ---------------------------------------------------------------------------------------------

PAGE = Object(
    expected="front matter",
    fields=(
        Field("title", Text(max_length=100), "The page's title.", "Safeguarding children", required=True),
        Field(
            "summary",
            Text(max_length=300),
            "One or two sentences saying what the page covers.",
            "How to keep children safe at your sessions.",
            required=True,
        ),
        Field(
            "kind",
            Choice(options=PAGE_KINDS),
            "guide (the default) for a step of the guide, or template for a form or outline that "
            "groups print and fill in, such as a session register.",
            "guide",
        ),
        Field(
            "order",
            Number(expected="a whole number such as 3", low=0, high=999, whole=True),
            "Where the page comes in the guide (1 first), or in the list of templates.",
            3,
            required=True,
        ),
        Field(
            "last_reviewed",
            Date(),
            "When someone last checked the page was right.",
            "2026-09-01",
            required=True,
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# The site's configuration (site.yml) and the school term dates
# ---------------------------------------------------------------------------------------------

COORDINATOR = Object(
    fields=(
        Field(
            "name",
            Text(max_length=80),
            "Their name or team name.",
            "Community co-ordinators (North)",
            required=True,
        ),
        Field("area", Text(max_length=120), "The area they cover.", "Banbury, Bicester and villages"),
        Field("email", Email(), "Email address.", "community.north@example.gov.uk"),
        Field("phone", Phone(), "Phone number.", "01632 960100"),
    ),
)

SITE = Object(
    expected="the site's settings",
    fields=(
        Field(
            "title", Text(max_length=100), "The site's name.", "Children's services directory", required=True
        ),
        Field(
            "council",
            Text(max_length=100),
            "The council that publishes it.",
            "Oxfordshire County Council",
            required=True,
        ),
        Field(
            "county",
            Text(max_length=60),
            "The county the services are in, written in every venue's address in the Open Referral UK "
            "export (its state_province). Default: the venue's town.",
            "Oxfordshire",
        ),
        Field(
            "base_url",
            SiteAddress(),
            "The address the site is published at, with any sub-path.",
            "https://example.github.io/children-services/",
            required=True,
        ),
        Field("language", Text(max_length=20), "The language of the pages, as a language tag.", "en-GB"),
        Field(
            "description",
            Text(max_length=300),
            "One sentence for the home page and search engines.",
            "Find stay and play, baby groups, clinics and support for families with children under 5.",
        ),
        Field("sample_data", YesNo(), "yes while the records are examples, not real services.", "yes"),
        Field(
            "repository",
            SiteAddress(),
            "The repository on GitHub holding the content, for 'suggest a change' links.",
            "https://github.com/example/children-services",
            required=True,
        ),
        Field("branch", Branch(), "The repository's main branch.", "main"),
        Field(
            "coordinators",
            ListOf(item=COORDINATOR, min_items=1, max_items=20),
            "The council's community co-ordinators, who help groups run services.",
            [],
            required=True,
        ),
        Field(
            "contact_email",
            Email(),
            "Where to send questions about the directory.",
            "familyinfo@example.gov.uk",
        ),
        Field(
            "term_dates", ProjectPath(max_length=200), "The file holding school term dates.", "term-dates.yml"
        ),
        Field(
            "postcode_districts",
            ProjectPath(max_length=200),
            "The table of postcode district centres that 'near me' searches use "
            "(district,latitude,longitude). Default: content/postcode-districts.csv.",
            "content/postcode-districts.csv",
        ),
        Field(
            "places",
            ProjectPath(max_length=200),
            "The table of the county's towns, villages and neighbourhoods, with where each is and "
            "the town a neighbourhood is part of (name,latitude,longitude,town,source), that 'near' "
            "searches and town pages use. Default: content/places.csv.",
            "content/places.csv",
        ),
        Field(
            "synonyms",
            ProjectPath(max_length=200),
            "The groups of words that mean the same to a family searching (mums and tots, parent and "
            "toddler...). Default: content/search-synonyms.yml; without that file, search has none.",
            "content/search-synonyms.yml",
        ),
        Field(
            "theme",
            ProjectPath(max_length=200),
            "A folder of your own templates and styles that override "
            "the default theme's, one file at a time.",
            "themes/local",
        ),
        Field(
            "stale_after_months",
            Number(expected="a whole number of months", low=1, high=60, whole=True),
            "After how many months without a review a record is flagged as maybe out of date.",
            12,
        ),
        Field(
            "accessibility",
            Object(
                fields=(
                    Field(
                        "prepared",
                        Date(),
                        "When the accessibility statement was first prepared.",
                        "2026-11-24",
                        required=True,
                    ),
                    Field("reviewed", Date(), "When the statement was last reviewed.", "2026-11-24"),
                    Field(
                        "compliance",
                        Choice(options=("fully", "partially", "not")),
                        "How far the site meets WCAG 2.2 AA, as you have tested it: fully, partially "
                        "(list the problems) or not.",
                        "fully",
                        required=True,
                    ),
                    Field(
                        "problems",
                        ListOf(item=Text(max_length=400), max_items=30),
                        "Each part of the site that does not meet the standard: what, and which "
                        "WCAG success criterion.",
                        ["Some older PDF forms are not tagged for screen readers (WCAG 1.3.1)."],
                    ),
                    Field(
                        "tested",
                        Text(max_length=600),
                        "How the site was tested, beyond the automated checks sitegen runs.",
                        "Council staff tested the site with NVDA, VoiceOver and keyboard only in October 2026.",
                    ),
                    Field(
                        "contact_email",
                        Email(),
                        "Where to report an accessibility problem or ask for another format. "
                        "Default: contact_email.",
                        "accessibility@example.gov.uk",
                    ),
                    Field("contact_phone", Phone(), "A phone number for the same.", "01632 960200"),
                    Field(
                        "response_days",
                        Number(expected="a whole number of days such as 10", low=1, high=60, whole=True),
                        "How many working days you take to reply.",
                        10,
                    ),
                )
            ),
            "The accessibility statement that UK public sector websites must publish.",
            {},
        ),
        Field(
            "quick_exit",
            YesNo(),
            "yes to put an 'Exit this page' button on every page, for families who may be "
            "looking for help somewhere unsafe.",
            "yes",
        ),
        Field(
            "show_freshness",
            YesNo(),
            "yes to show on the home page how many listings were checked within stale_after_months "
            "and which have waited longest, for the council and the people who keep the directory. "
            "Default: no.",
            "no",
        ),
        Field(
            "quick_exit_url",
            WebAddress(),
            "Where 'Exit this page' goes: a neutral site. Default: the BBC weather page.",
            "https://www.bbc.co.uk/weather",
        ),
        Field(
            "openreferral",
            Object(
                fields=(
                    Field(
                        "json_copies",
                        YesNo(),
                        "yes (the default) to write each service a second time as "
                        "openreferral/services/ID.json and the list as openreferral/services.json, "
                        "the addresses the feed had before it followed the standard's API (the API's "
                        "own addresses, openreferral/services/ID and openreferral/services/, are "
                        "always written); no takes about 40% off the feed's size, for a large directory whose "
                        "consumers use the API's addresses.",
                        "no",
                    ),
                    Field(
                        "index_files",
                        Choice(options=("both", "json", "htm")),
                        "Which file answers a folder of the feed (openreferral/, services/ and the "
                        "other lists): both (the default), json (index.json only: enough for GitHub "
                        "Pages, and for Netlify, S3, nginx and Apache set up as docs/publishing.md "
                        "says) or htm (index.htm only: a server that looks for index.htm by itself).",
                        "json",
                    ),
                )
            ),
            "What the Open Referral UK feed writes besides the API itself: docs/publishing.md says "
            "when a large directory wants less.",
            {},
        ),
        Field(
            "data_licence",
            Text(max_length=120),
            "The licence the directory's open data is published under. Default: Open Government "
            "Licence v3.0.",
            "Open Government Licence v3.0",
        ),
        Field(
            "data_licence_url",
            WebAddress(),
            "Where the licence can be read. Default: the Open Government Licence's page.",
            "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        ),
    ),
)

# Bounds on the term dates file, so that no file can make a build's work grow without end: every
# date inside a term is worked out once, and each calendar event lists the holidays up to the last
# term's end. The limits relative to the build date are in model/config.py (TERM_YEARS_AHEAD).
# The longest school term in England is about 16 weeks (early September to the Christmas
# holidays); 26 weeks leaves ten weeks of room for unusual school years, yet refuses a mistyped
# year, which adds 52 weeks.
MAX_TERM_WEEKS = 26
# Six terms a school year: ten years of them, more than a council ever publishes at once.
MAX_TERMS = 60


def _term_in_order_and_short(clean: dict, path: Path, doc: Document, problems: list[Problem]) -> None:
    starts, ends = clean["starts"], clean["ends"]
    if ends < starts:
        problems.append(
            doc.problem(
                path + ("ends",),
                f"{ends} is before the term starts ({starts})",
                "check both dates: 'starts' is the first day of term, 'ends' the last",
            )
        )
    elif (ends - starts).days + 1 > MAX_TERM_WEEKS * 7:
        weeks = ((ends - starts).days + 1) // 7
        problems.append(
            doc.problem(
                path + ("ends",),
                f"the term {clean['name']!r} is {weeks} weeks long ({starts} to {ends}); a term is at "
                f"most {MAX_TERM_WEEKS} weeks long",
                "check the year of both dates; write each term (autumn, spring, summer) on its own",
            )
        )


def _breaks_inside_term(clean: dict, path: Path, doc: Document, problems: list[Problem]) -> None:
    starts, ends = clean["starts"], clean["ends"]
    if ends < starts:
        return  # said by _term_in_order_and_short
    hint = (
        "a break is days off inside its term: the holidays between one term's end and the next "
        "term's start need no break"
    )
    for index, each in enumerate(clean["breaks"] or []):
        at = path + ("breaks", index)
        if each["ends"] < each["starts"]:
            problems.append(
                doc.problem(
                    at + ("ends",),
                    f"{each['ends']} is before the break starts ({each['starts']})",
                    "check both dates: 'starts' is the first day off, 'ends' the last",
                )
            )
        elif each["starts"] < starts:
            problems.append(
                doc.problem(
                    at + ("starts",),
                    f"{each['starts']} is before the term {clean['name']!r} starts ({starts})",
                    hint,
                )
            )
        elif each["ends"] > ends:
            problems.append(
                doc.problem(
                    at + ("ends",),
                    f"{each['ends']} is after the term {clean['name']!r} ends ({ends})",
                    hint,
                )
            )


TERM = Object(
    fields=(
        Field("name", Text(max_length=60), "The term's name.", "Autumn 2026", required=True),
        Field("starts", Date(), "First day of term.", "2026-09-03", required=True),
        Field("ends", Date(), "Last day of term.", "2026-12-18", required=True),
        Field(
            "breaks",
            ListOf(
                item=Object(
                    fields=(
                        Field("name", Text(max_length=60), "What the break is.", "Half term", required=True),
                        Field("starts", Date(), "First day off.", "2026-10-26", required=True),
                        Field("ends", Date(), "Last day off.", "2026-10-30", required=True),
                    )
                ),
                max_items=10,
            ),
            "Half terms and other days off inside the term.",
            [],
        ),
    ),
    rules=(_term_in_order_and_short, _breaks_inside_term),
)


def _terms_apart(clean: dict, path: Path, doc: Document, problems: list[Problem]) -> None:
    """No day in two terms: each term is compared with the one, of those starting before it, that
    ends last (sorted once, so a file of many terms is checked in a single pass)."""
    terms = sorted(enumerate(clean["terms"]), key=lambda each: (each[1]["starts"], each[0]))
    latest: tuple[int, dict] | None = None
    for index, term in terms:
        if latest is not None and term["starts"] <= latest[1]["ends"]:
            other_index, other = latest
            line = doc.position(path + ("terms", other_index))[0]
            problems.append(
                doc.problem(
                    path + ("terms", index, "starts"),
                    f"the term {term['name']!r} ({term['starts']} to {term['ends']}) overlaps the term "
                    f"{other['name']!r} ({other['starts']} to {other['ends']}, line {line})",
                    "each school day belongs to one term: check the dates of both, or remove the one "
                    "written twice",
                )
            )
        if latest is None or term["ends"] > latest[1]["ends"]:
            latest = (index, term)


TERM_DATES = Object(
    expected="the school term dates",
    fields=(
        Field(
            "terms",
            ListOf(
                item=TERM,
                min_items=1,
                max_items=MAX_TERMS,
                too_many="remove the terms that ended more than a school year ago: only the current "
                "school year's terms and those after it are used",
            ),
            "School terms, in any order.",
            [],
            required=True,
        ),
    ),
    rules=(_terms_apart,),
)

SYNONYMS = Object(
    expected="the search synonyms",
    fields=(
        Field(
            "groups",
            ListOf(item=ListOf(item=Text(max_length=40), min_items=2, max_items=20), max_items=300),
            "Groups of words or phrases that mean the same to a family searching: typing any one of a "
            "group finds the services that say any other.",
            [["mums and tots", "parent and toddler", "stay and play"]],
            required=True,
        ),
    ),
)

FORMATS: dict[str, Object] = {
    "service": SERVICE,
    "page": PAGE,
    "site": SITE,
    "term dates": TERM_DATES,
    "search synonyms": SYNONYMS,
}


def fields_in_order(kind: Object, prefix: str = "") -> Sequence[tuple[str, Field]]:
    """Every field of a format, depth first, with its dotted name: for docs and templates."""
    result: list[tuple[str, Field]] = []
    for spec in kind.fields:
        name = f"{prefix}{spec.name}"
        result.append((name, spec))
        inner = spec.kind.item if isinstance(spec.kind, ListOf) else spec.kind
        if isinstance(inner, Object):
            result.extend(fields_in_order(inner, name + ("[]." if isinstance(spec.kind, ListOf) else ".")))
    return result
