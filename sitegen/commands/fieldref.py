"""Write docs/record-format.md, the field-by-field reference, from the schema.

Run ``python -m sitegen.commands.fieldref > docs/record-format.md`` after changing sitegen/model/schema.py;
a test fails while the two disagree.
"""

from __future__ import annotations

from typing import Any

from sitegen.model import config, schema
from sitegen.model.schema import Field, ListOf, Object

INTRO = """\
# The record format

This page lists every field of a service record, a guidance page's front matter, `site.yml`
and `term-dates.yml`, with what to write and an example. It is made from `sitegen/model/schema.py`,
the one place the format is defined, so it is always up to date.

A few rules hold everywhere:

- Write times on the 24-hour clock: `09:30`, `13:15`. You do not need quotes.
- Write dates as `YYYY-MM-DD`: `2026-09-07`.
- Write yes or no for yes-or-no fields.
- Text with `: ` or ` #` in it needs double quotes: `notes: "Note: bring a towel"`.
- Indent with spaces, never tabs. Fields inside a group are indented by two spaces.
- A field that is not required can be left out altogether.
- A value with `# PLACEHOLDER` at the end of its line is a made-up example (`sitegen new` and
  `sitegen import` write them where only a person knows the answer): replace it and delete the
  mark. Until then `sitegen validate` and `sitegen build` refuse the record.

`sitegen validate` checks everything and tells you the file, the line and how to fix each
problem.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _example(value: Any) -> str:
    if value is None or value == {} or value == []:
        return ""
    if isinstance(value, list):
        return "`[" + ", ".join(str(v) for v in value) + "]`"
    return "`" + str(value).replace("\n", " ") + "`"


def _kind_words(spec: Field) -> str:
    kind = spec.kind
    if isinstance(kind, ListOf):
        inner = kind.item
        return "a list of groups" if isinstance(inner, Object) else "a list"
    if isinstance(kind, Object):
        return "a group of fields"
    return getattr(kind, "expected_text", None) or kind.expected


def table(kind: Object) -> str:
    rows = ["| Field | Required | What to write | Example |", "| --- | --- | --- | --- |"]
    for name, spec in schema.fields_in_order(kind):
        required = "yes" if spec.required else ""
        what = f"{spec.help} ({_kind_words(spec)})" if not isinstance(spec.kind, Object) else spec.help
        rows.append(f"| `{name}` | {required} | {_cell(what)} | {_cell(_example(spec.example))} |")
    return "\n".join(rows)


def reference(example_record: str) -> str:
    parts = [
        INTRO,
        "## A service record\n",
        "One file per service in `content/services/`, named for the page's address: "
        "`content/services/little-acorns-stay-and-play.yml` becomes "
        "`/services/little-acorns-stay-and-play/`. Use lowercase letters, digits and hyphens.\n",
        "A complete example:\n",
        "```yaml\n" + example_record.rstrip("\n") + "\n```\n",
        table(schema.SERVICE) + "\n",
        "## A guidance page\n",
        "One Markdown file per page in `content/pages/`, starting with front matter between two "
        '`---` lines. Use `##` for section headings: they become the page\'s "on this page" links.\n',
        table(schema.PAGE) + "\n",
        "## site.yml\n",
        table(schema.SITE) + "\n",
        "## term-dates.yml\n",
        "School terms, used by every session marked `term_time_only: yes`. Sessions in the "
        "breaks, and after the last term listed, are not shown as coming up. No two terms may "
        f"share a day; each is at most {schema.MAX_TERM_WEEKS} weeks long, with its breaks inside "
        f"it; and every term ends within {config.TERM_YEARS_AHEAD} years after the build date and "
        f"starts within {config.TERM_YEARS_BEHIND} years before it.\n",
        table(schema.TERM_DATES) + "\n",
    ]
    return "\n".join(parts)


def main() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    example = (root / "content/services/little-acorns-stay-and-play.yml").read_text(encoding="utf-8")
    print(reference(example), end="")


if __name__ == "__main__":
    main()
