"""Problems found in the content: plain values, collected and reported all at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one value in one file, said so that a volunteer can fix it."""

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    source_line: str = ""
    severity: str = "error"

    def headline(self) -> str:
        """``content/services/x.yml:14: sessions[1].end: 09:00 is before start 10:30``"""
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentError(Exception):
    """The content has problems; the build stops before writing anything."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = sorted(problems)

    def __reduce__(self):  # so that it comes back whole from a worker process
        return (ContentError, (self.problems,))
