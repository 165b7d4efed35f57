"""What the commands print, made safe for a terminal.

Problems quote content: a record's line, a link's target, a file name. Printed raw, an escape
sequence in them (ESC ``[2J``, a carriage return, a right-to-left override) could clear the
reviewer's screen and print a fake "No problems", or reorder what a line says. Every command prints
through ``printable_output()``, which shows such characters as ``\\u001b`` instead: a form that is
also a valid escape inside the JSON that ``--format json`` prints, so that stays readable by tools.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from typing import TextIO

# C0 and C1 controls but the line end and tab, DEL, and the characters that change the direction
# or the lines of the text around them
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """The text with every character that could control a terminal written as ``\\uXXXX``."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


class PrintableStream:
    """A text stream that writes ``printable()`` text, and the sitegen's own control characters
    (the progress bar's carriage returns) through ``write_raw``."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text))

    def write_raw(self, text: str) -> int:
        return self.stream.write(text)

    def __getattr__(self, name: str):  # flush, isatty, fileno, encoding...
        return getattr(self.stream, name)


@contextlib.contextmanager
def printable_output() -> Iterator[None]:
    """Standard output and error made printable for as long as the block runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(out), PrintableStream(err)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
