"""What a build is doing, as it does it: a bar on a terminal, plain lines in a log (CI)."""

from __future__ import annotations

import shutil
import sys
from typing import TextIO


class BuildProgress:
    """Called with (stage, done, total) by the build. On a terminal, one line redrawn in place
    with a bar for stages that count; elsewhere, one plain line per stage, so logs stay readable."""

    def __init__(self, stream: TextIO | None = None, interactive: bool | None = None):
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.stage = ""
        self.shown = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.interactive:
            if stage != self.stage:
                self.stage = stage
                count = f" ({total:,})" if total else ""
                print(f"sitegen: {stage}{count}", file=self.stream, flush=True)
            return
        percent = done * 100 // total if total else 0
        if stage == self.stage and percent == self.shown:
            return
        self.stage, self.shown = stage, percent
        width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
        if total:
            label = f"{stage} {done:,}/{total:,} "
            room = max(width - len(label) - 2, 10)
            filled = room * done // total
            line = f"{label}[{'#' * filled}{'.' * (room - filled)}]"
        else:
            line = f"{stage}..."
        self._write_raw("\r" + line[:width].ljust(width))
        self.stream.flush()

    def _write_raw(self, text: str) -> None:
        """The bar's own carriage returns, past a stream that shows others' as text (terminal.py)."""
        getattr(self.stream, "write_raw", self.stream.write)(text)

    def finish(self) -> None:
        """Clear the bar so the summary that follows starts on a clean line."""
        if self.interactive and self.stage:
            width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
            self._write_raw("\r" + " " * width + "\r")
            self.stream.flush()
