"""Read YAML and front matter safely into plain data, keeping the line and column of every value.

YAML's implicit typing is where volunteers get hurt: PyYAML reads an unquoted ``11:30`` as the
base-60 integer 690, ``no`` as ``False`` and a phone number ``01865 ...`` with its zero lost.
So this loader types nothing: every scalar comes back as the text that was written (or ``None``
for an empty value), and the schema, which knows what each field is, does the typing. Duplicate
keys, anchors and aliases, explicit tags, oversized files and deep nesting are reported as
problems, never as exceptions or silent surprises.

The loader also notes which values carry a ``# PLACEHOLDER`` comment on their line: the mark
'sitegen new' and 'sitegen import' put on every value they made up. Where a comment starts is
taken from the parser's own marks (where each value ends), so a '#' inside a quoted value is
never mistaken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from sitegen.problems import Problem

try:  # libyaml's parser is several times faster; the pure-Python one behaves the same.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 12
MAX_VALUES = 20_000

Path = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}

# The comment that marks a made-up value, after the value on its line, with an optional reason:
# 'postcode: OX5 2BB  # PLACEHOLDER: the location gives no usable postcode'.
MARK = "PLACEHOLDER"
_MARK_AFTER = r"\s*#\s*" + MARK + r"\b:?\s*(?P<why>.*?)\s*$"
_AFTER_VALUE = re.compile(_MARK_AFTER, re.IGNORECASE)
_AFTER_KEY = re.compile(r"\s*:" + _MARK_AFTER, re.IGNORECASE)  # 'venue:  # PLACEHOLDER'
_AFTER_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*\s" + _MARK_AFTER, re.IGNORECASE)  # 'description: |  # ...'
# Each pattern above needs this on one line; a text without it anywhere has no marks to look for.
_ANY_MARK = re.compile(r"#\s*" + MARK, re.IGNORECASE)


@dataclass
class Document:
    """A loaded YAML document: its data, where each value stood, and the text it came from."""

    file: str
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    text_lines: list[str] = field(default_factory=list)
    line_offset: int = 0
    # The values whose line ends in a '# PLACEHOLDER' comment, with the reason it gives ('' if none).
    marks: dict[Path, str] = field(default_factory=dict)

    def position(self, path: Path) -> tuple[int, int]:
        """The (line, column) of a value, or of its nearest enclosing value if it is missing."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1 + self.line_offset, 1))

    def problem(self, path: Path, message: str, hint: str = "", at: Path | None = None) -> Problem:
        """A problem with the value at ``path``, shown at ``at`` (for a missing value, its parent)."""
        line, column = self.position(path if at is None else at)
        return Problem(
            file=self.file,
            line=line,
            column=column,
            field=format_path(path),
            message=message,
            hint=hint,
            source_line=self.source_line(line),
        )

    def source_line(self, line: int) -> str:
        return _line(self.text_lines, line)


def format_path(path: Path) -> str:
    """``("sessions", 1, "end")`` as ``sessions[1].end``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class _TooBig(Exception):
    def __init__(self, node: yaml.Node, path: Path, message: str, hint: str):
        super().__init__(message)
        self.node, self.path, self.message, self.hint = node, path, message, hint


_CORE = "tag:yaml.org,2002:"
# Tags the composer gives plain scalars by itself; we keep their text either way.
_IMPLICIT_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value")}


class _TextLoader(_Loader):
    """The loader, with every value the document does not tag itself tagged as text, a list or a
    mapping straight away, but for a plain ``<<`` (a merge key, refused). PyYAML's resolver tries
    its patterns (numbers, dates, booleans, null) on every plain scalar to choose its tag; the
    converter keeps the text of every such scalar whatever that tag is, so the patterns were
    tried for nothing (70 times a record)."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _CORE + ("merge" if value == "<<" and implicit[0] else "str")
        return _CORE + ("seq" if kind is yaml.SequenceNode else "map")


class _Converter:
    """Turns a composed YAML node tree into plain dicts, lists, strings and None."""

    def __init__(self, file: str, text_lines: list[str], line_offset: int, marked: bool = True):
        self.file, self.text_lines, self.line_offset = file, text_lines, line_offset
        self.marked = marked  # whether the text may hold a PLACEHOLDER mark at all
        self.positions: dict[Path, tuple[int, int]] = {}
        self.marks: dict[Path, str] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.count = 0

    def where(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def refuse(self, node: yaml.Node, path: Path, message: str, hint: str) -> None:
        line, column = self.where(node)
        self.problems.append(
            Problem(
                self.file,
                line,
                column,
                format_path(path),
                message,
                hint,
                _line(self.text_lines, line - self.line_offset),
            )
        )

    def _after(self, mark: yaml.Mark, pattern: re.Pattern[str]) -> str | None:
        """The reason of a PLACEHOLDER comment that follows ``mark`` on its line, or None."""
        line = self.text_lines[mark.line] if mark.line < len(self.text_lines) else ""
        found = pattern.match(line, mark.column)
        return found["why"] if found else None

    def note_mark(self, node: yaml.Node, path: Path, key: yaml.Node | None = None) -> None:
        """Remember ``path`` if its value's line carries the PLACEHOLDER comment: after the value
        (a line's own comment starts where the parser says the value ends), after a block text's
        '|' or '>', or, for a group or list that starts on the next line, after its key."""
        if not self.marked:
            return
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            why = self._after(node.start_mark, _AFTER_BLOCK_HEADER)
        elif isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
            why = self._after(node.end_mark, _AFTER_VALUE)
        elif key is not None:
            why = self._after(key.end_mark, _AFTER_KEY)
        else:
            why = None
        if why is not None:
            self.marks[path] = why

    def convert(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooBig(
                node,
                path,
                f"the file holds more than {MAX_VALUES:,} values",
                "split it up; a service record needs far fewer",
            )
        if len(path) > MAX_DEPTH:
            raise _TooBig(
                node,
                path,
                f"values are nested more than {MAX_DEPTH} levels deep",
                "records are at most a few levels deep: check the indentation",
            )
        if id(node) in self.seen:  # the composer gives an alias the very node it names
            self.refuse(
                node,
                path,
                "aliases (*name) are not allowed",
                "write the value out in full where it is needed",
            )
            return None
        self.seen.add(id(node))
        self.positions[path] = self.where(node)
        self.note_mark(node, path)
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _IMPLICIT_SCALAR_TAGS:
                self.refuse(
                    node,
                    path,
                    f"the tag {node.tag!r} is not allowed",
                    "remove the tag (the part that starts with !)",
                )
                return None
            if not node.style and node.value.strip() in _NULLS:  # plain: None (PyYAML) or '' (libyaml)
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _CORE + "seq":
                self.refuse(
                    node,
                    path,
                    f"the tag {node.tag!r} is not allowed",
                    "remove the tag (the part that starts with !)",
                )
                return None
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _CORE + "map":
                self.refuse(
                    node,
                    path,
                    f"the tag {node.tag!r} is not allowed",
                    "remove the tag (the part that starts with !)",
                )
                return None
            return self.convert_mapping(node, path)
        self.refuse(node, path, "this kind of YAML value is not supported", "write it out as text")
        return None

    def convert_mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _IMPLICIT_SCALAR_TAGS:
                self.refuse(
                    key_node,
                    path,
                    "a field name must be plain text",
                    "write 'name: value' with a plain word before the colon",
                )
                continue
            key = key_node.value
            if key == "<<":
                self.refuse(key_node, path, "merge keys (<<) are not allowed", "write the fields out in full")
                continue
            if key in result:
                first = self.positions[path + (key,)][0]
                self.refuse(
                    key_node,
                    path + (key,),
                    f"{key!r} appears twice (first on line {first})",
                    "keep one of them: YAML would otherwise silently use the last",
                )
                continue
            result[key] = self.convert(value_node, path + (key,))
            if isinstance(value_node, yaml.MappingNode | yaml.SequenceNode) and not value_node.flow_style:
                self.note_mark(value_node, path + (key,), key=key_node)
            # A scalar is shown where its value stands; a group or list where its key does.
            if not isinstance(value_node, yaml.ScalarNode) or value_node.value == "":
                self.positions[path + (key,)] = self.where(key_node)
        return result


def load_yaml(file: str, raw: bytes, line_offset: int = 0) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document from bytes. Returns the document, or None and its problems."""
    text_or_problem = decode(file, raw)
    if isinstance(text_or_problem, Problem):
        return None, [text_or_problem]
    return load_yaml_text(file, text_or_problem, line_offset)


def load_yaml_text(file: str, text: str, line_offset: int = 0) -> tuple[Document | None, list[Problem]]:
    text_lines = text.split("\n")
    document = Document(file=file, data=None, text_lines=text_lines)
    too_deep = _too_deep(file, text, text_lines, line_offset)
    if too_deep:
        return None, [too_deep]
    try:
        node = yaml.compose(text, Loader=_TextLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        what = error.problem or error.context or "the YAML could not be read"
        shown = _line(text_lines, line - line_offset)
        hint = (
            "YAML needs spaces for indentation, not tabs"
            if "\t" in shown
            else _yaml_hint(what, shown[column - 1 : column])
        )
        return None, [Problem(file, line, column, "", f"this is not valid YAML: {what}", hint, shown)]
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports all with marks
        return None, [Problem(file, 1 + line_offset, 1, "", f"this is not valid YAML: {error}")]
    except RecursionError:
        return None, [
            Problem(
                file,
                1 + line_offset,
                1,
                "",
                "values are nested far too deeply",
                "records are at most a few levels deep",
            )
        ]
    if node is None:
        document.data = None
        return document, []
    converter = _Converter(file, text_lines, line_offset, marked=_ANY_MARK.search(text) is not None)
    try:
        document.data = converter.convert(node, ())
    except _TooBig as bad:
        converter.refuse(bad.node, bad.path, bad.message, bad.hint)
    if converter.problems:
        return None, converter.problems
    document.positions = converter.positions
    document.marks = converter.marks
    if line_offset:
        document.text_lines = [""] * line_offset + text_lines
    return document, []


# Every level of nesting takes at least one character, so text shorter than this cannot nest
# deeply enough to matter; longer text is checked event by event before it is composed.
_SHALLOW_ENOUGH = 4096


def _too_deep(file: str, text: str, text_lines: list[str], line_offset: int) -> Problem | None:
    """A problem if values nest more than MAX_DEPTH deep, found without building the node tree.

    libyaml's composer recurses in C once per level: some tens of thousands of '[' (a 100 KB file)
    overflow its stack and kill the process outright, before the converter could count the depth.
    The parser's events come without recursion, so counting them is safe at any depth.
    """
    if len(text) < _SHALLOW_ENOUGH:
        return None

    def too_deep(mark: yaml.Mark) -> Problem:
        line = mark.line + 1 + line_offset
        return Problem(
            file,
            line,
            mark.column + 1,
            "",
            f"values are nested more than {MAX_DEPTH} levels deep",
            "records are at most a few levels deep: check the indentation",
            _line(text_lines, line - line_offset),
        )

    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the document itself is the first level
                    return too_deep(event.start_mark)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # PyYAML 6.0.4 and later stop very deep nesting themselves, while scanning ahead
        if "nesting depth" in (error.problem or "") and error.problem_mark:
            return too_deep(error.problem_mark)
        return None  # composing reports it, with its line
    except yaml.YAMLError:
        return None
    return None


def split_front_matter(file: str, raw: bytes) -> tuple[Document | None, str, list[Problem]]:
    """Split a Markdown file into its YAML front matter (as a Document) and its body text."""
    text_or_problem = decode(file, raw)
    if isinstance(text_or_problem, Problem):
        return None, "", [text_or_problem]
    text = text_or_problem
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return (
            None,
            "",
            [
                Problem(
                    file,
                    1,
                    1,
                    "",
                    "the page has no front matter",
                    "start the file with a line '---', then title: and summary:, then another '---'",
                    _line(lines, 1),
                )
            ],
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        return (
            None,
            "",
            [
                Problem(
                    file,
                    1,
                    1,
                    "",
                    "the front matter is never closed",
                    "add a line '---' after the last front matter field",
                    _line(lines, 1),
                )
            ],
        )
    front = "\n".join(lines[1:end])
    document, problems = load_yaml_text(file, front, line_offset=1)
    if document is not None:
        document.text_lines = lines
    body = "\n".join(lines[end + 1 :])
    return document, body, problems


def decode(file: str, raw: bytes) -> str | Problem:
    """Bytes to text: UTF-8 (with or without a BOM), CRLF folded; a clear problem otherwise."""
    if len(raw) > MAX_FILE_BYTES:
        return Problem(
            file,
            1,
            1,
            "",
            f"the file is {len(raw) // 1024:,} KB, more than the "
            f"{MAX_FILE_BYTES // 1024} KB a record or page may be",
            "make it shorter, or split a guidance page into several pages",
        )
    if b"\x00" in raw:
        return Problem(
            file,
            1,
            1,
            "",
            "the file is not text (it contains NUL bytes)",
            "records are plain text YAML files; remove this file",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(
            file,
            line,
            1,
            "",
            "the file is not valid UTF-8 text",
            "save the file as UTF-8 (most editors have this under 'Save as' or 'Encoding')",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line(lines: list[str], line: int) -> str:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return text if len(text) <= 160 else text[:160] + "…"


def _yaml_hint(what: str, first: str = "") -> str:
    if "cannot start any token" in what and first in ("@", "`"):
        return f'a value starting with {first} must be in quotes, such as "{first}sarah-jones"'
    if "mapping values are not allowed" in what:
        return "a value with ': ' in it must be quoted: put it in double quotes"
    if "could not find expected ':'" in what:
        return "each line should be 'field: value'; check the line above for a missing ':'"
    if "did not find expected key" in what or "expected <block end>" in what:
        return "check the indentation: fields at the same level must line up"
    if "found unexpected end of stream" in what or "while scanning a quoted scalar" in what:
        return "a quote is opened but never closed"
    return "check the indentation and that text containing ': ' or '#' is in quotes"
