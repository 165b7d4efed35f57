"""Problems as text for people, as GitHub Actions annotations, or as JSON for other tools."""

from __future__ import annotations

import json

from sitegen.problems import Problem


def as_text(problems: list[Problem]) -> str:
    """Each problem with its line shown and the value marked, then a count."""
    blocks = []
    for problem in problems:
        lines = [f"{problem.severity}: {problem.headline()}"]
        if problem.source_line.strip():
            number = str(problem.line)
            pad = " " * len(number)
            shown = problem.source_line.replace("\t", " ")
            start = max(problem.column - 1, 0)
            value = shown[start:].split(" #")[0].rstrip() or " "
            marker = "^" * max(1, min(len(value), 60))
            lines.append(f"  {number} | {shown}")
            lines.append(f"  {pad} | {' ' * start}{marker}")
        if problem.hint:
            lines.append(f"  fix: {problem.hint}")
        blocks.append("\n".join(lines))
    files = len({p.file for p in problems})
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    counted = f"{errors} problem{'s' if errors != 1 else ''}"
    warned = f"{warnings} warning{'s' if warnings != 1 else ''}"
    if warnings:
        counted = f"{counted} and {warned}" if errors else warned
    summary = f"{counted} in {files} file{'s' if files != 1 else ''}."
    return "\n\n".join(blocks + [summary])


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands, so errors show on the pull request's lines."""
    lines = []
    for p in problems:
        message = p.message if not p.field else f"{p.field}: {p.message}"
        if p.hint:
            message += f" (fix: {p.hint})"
        props = f"file={_escape_property(p.file)},line={p.line},col={p.column}" if p.file else ""
        if p.field:
            props += ("," if props else "") + f"title={_escape_property(p.field)}"
        lines.append(f"::{p.severity}{' ' + props if props else ''}::{_escape_data(message)}")
    return "\n".join(lines)


def as_json(problems: list[Problem]) -> str:
    return json.dumps(
        [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "field": p.field,
                "message": p.message,
                "hint": p.hint,
                "severity": p.severity,
            }
            for p in problems
        ],
        indent=2,
        ensure_ascii=False,
    )


FORMATS = {"text": as_text, "github": as_github, "json": as_json}
