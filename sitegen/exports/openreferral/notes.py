"""What an import says about its input: a note (a JSONPath in the input, and what happened there),
and the refusal of a file that holds nothing to import."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

# A place in the input: the keys and list positions from the top of the file.
JsonPath = tuple[str | int, ...]


@dataclass(frozen=True)
class ImportNote:
    """A value that was not carried over, or was changed or filled in on the way: where it is
    in the input (a JSONPath such as ``$.service_at_locations[0].location.latitude``) and why."""

    json_path: str
    message: str

    def __str__(self) -> str:
        return f"{self.json_path}: {self.message}"


class NotOpenReferral(Exception):
    """The input is not JSON, or holds no Open Referral UK service in any shape the import reads."""

    def __init__(self, notes: list[ImportNote]):
        super().__init__("; ".join(str(note) for note in notes))
        self.notes = notes


def json_path(path: JsonPath) -> str:
    """``("service_at_locations", 0, "location")`` as ``$.service_at_locations[0].location``."""
    text = "$"
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            text += f".{part}"
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


def shown(value: Any) -> str:
    """A value as a note quotes it: text in quotes (cut at 60 characters), lists and objects named."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 60 else value[:60] + "…", ensure_ascii=False)
    return json.dumps(value)
