"""Start new content: a commented service record, a guidance page, or a whole new site.

Every starting file is written from schema.py, so that it names every field the format has and
explains each one with the same words as docs/record-format.md. Nothing here overwrites a file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

from sitegen.load import home
from sitegen.load.files import PAGES_DIR, SERVICES_DIR
from sitegen.model import placeholders, record_file_slug, schema

# Optional fields that a new service record starts with filled in, because nearly every service
# has them; every other optional field starts commented out, for the author to turn on.
FILLED_OPTIONAL = {"description", "sessions", "contact", "contact.phone", "contact.email"}

# What a new record says where only its author knows the answer; every other value is the
# schema's example. Each is valid, so the new record previews at once, and every one but the name
# is marked '# PLACEHOLDER', so that 'sitegen validate' and 'build' refuse the record until its
# author has replaced them all (placeholders.py).
PLACEHOLDERS = {
    name: placeholders.TEXTS[name]
    for name in (
        "summary",
        "description",
        "run_by.organisation",
        "venue.name",
        "venue.address",
        "venue.town",
        "contact.phone",
        "contact.email",
    )
}
NOT_INVENTED = {"name"}  # the title given to 'sitegen new'
MARK = f"  # {placeholders.MARK}"


class Refused(Exception):
    """What was asked cannot be done without losing or inventing something: said for people."""


def file_slug(title: str) -> str:
    """A file name from a title, or Refused if the title has nothing to make one from."""
    slug = record_file_slug(title)
    if not slug:
        raise Refused(
            f"{title!r} has no letters or digits to make a file name from; "
            'give the name as families know it, for example "Little Acorns Stay and Play"'
        )
    return slug


def _write_new(path: Path, text: str, root: Path) -> Path:
    """Create ``path`` with ``text``; refuse if anything is there already."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        raise Refused(
            f"{shown} already exists, and sitegen new never overwrites a file. "
            "Edit that file, or choose a different name."
        ) from None
    return path


# --- YAML written from the schema -------------------------------------------------------------


def _scalar(kind: schema.Kind, value: object) -> str:
    """An example value as YAML the way the sample records write it."""
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(kind.item, v) for v in value) + "]"  # type: ignore[attr-defined]
    text = str(value)
    if isinstance(kind, (schema.Text, schema.Choice, schema.WebAddress, schema.Email, schema.Maintainer)):
        return json.dumps(text, ensure_ascii=False)
    return text


def _comment(spec: schema.Field, indent: str) -> list[str]:
    need = "Required." if spec.required else "" if "optional" in spec.help.lower() else "Optional."
    return [f"{indent}# {spec.help} {need}".rstrip()]


def _field_lines(
    spec: schema.Field, name: str, indent: str, filled: bool, values: dict[str, object]
) -> list[str]:
    """One field, its comment above it; commented out when ``filled`` is false. Its value is
    marked PLACEHOLDER, switched on or not, so that it stays marked when someone switches it on."""
    off = "" if filled else "# "
    mark = "" if name in NOT_INVENTED else MARK
    lines = _comment(spec, indent)
    kind = spec.kind
    if isinstance(kind, schema.Object):
        lines.append(f"{indent}{off}{spec.name}:")
        lines.extend(_object_lines(kind, name + ".", indent + "  ", filled, values))
    elif isinstance(kind, schema.ListOf) and isinstance(kind.item, schema.Object):
        lines.append(f"{indent}{off}{spec.name}:")
        inner = indent + "    "
        for position, sub in enumerate(kind.item.fields):
            sub_name = f"{name}[].{sub.name}"
            on = filled and (sub.required or sub_name.replace("[]", "") in FILLED_OPTIONAL)
            sub_lines = _field_lines(sub, sub_name, inner, on, values)
            if position == 0:  # the item's first field carries the list's dash
                dash = (inner, indent + "  - ") if on else (inner + "# ", indent + "  # - ")
                sub_lines[-1] = sub_lines[-1].replace(*dash, 1)
            lines.extend(sub_lines)
    elif isinstance(kind, schema.Markdown):
        lines.append(f"{indent}{off}{spec.name}: |{mark}")
        text = str(values.get(name, spec.example))
        lines.extend(f"{indent}{off}  {line}".rstrip() for line in text.split("\n"))
    else:
        value = values.get(name, spec.example)
        lines.append(f"{indent}{off}{spec.name}: {_scalar(kind, value)}{mark}")
    return lines


def _object_lines(
    kind: schema.Object, prefix: str, indent: str, filled: bool, values: dict[str, object]
) -> list[str]:
    lines: list[str] = []
    for spec in kind.fields:
        name = prefix + spec.name
        plain = name.replace("[]", "")
        on = filled and (spec.required or plain in FILLED_OPTIONAL)
        lines.extend(_field_lines(spec, name, indent, on, values))
    return lines


def service_record(title: str, today: dt.date) -> str:
    """A new service record: every field, each with its explanation; optional ones commented out."""
    values: dict[str, object] = {"name": title, "last_reviewed": today.isoformat(), **PLACEHOLDERS}
    header = [
        "# yaml-language-server: $schema=../../schema/service.schema.json",
        f"# A new service record, started with 'sitegen new service' on {today.isoformat()}.",
        f"# Every value marked '# {placeholders.MARK}' is an example: replace it with the service's own,",
        "# then delete the mark. Until every mark is gone, sitegen validate and sitegen build refuse",
        "# this record (sitegen serve previews it, marked unfinished). Lines starting with # are notes",
        "# and switched-off fields: delete the '# ' at the start of a field's line (and of the",
        "# lines below it that belong to it) to use it. Every field is described, with an example,",
        "# in docs/record-format.md. Check your work with: sitegen validate",
        "",
    ]
    return "\n".join(header + _object_lines(schema.SERVICE, "", "", True, values)) + "\n"


PAGE_BODY = """\
Start with a short paragraph that says who this page is for and what it helps them do.
Write for a busy volunteer: short sentences, everyday words, and "you".

## First thing to know

Each heading that starts with two hashes (##) becomes a section, listed under
"On this page". Link to another guidance page like this: [safeguarding](../safeguarding/).

> [!IMPORTANT]
> A box for something nobody should miss. [!TIP] and [!WARNING] work the same way.

## What to do

- [ ] A checklist item that groups tick off.
- [ ] Another thing to check.
"""


def guidance_page(title: str, today: dt.date, order: int) -> str:
    """A new guidance page: its front matter and a body that shows each thing an author can use."""
    front = [
        "---",
        f"# A new guidance page, started with 'sitegen new page' on {today.isoformat()}.",
        "# The fields are described in docs/record-format.md; the body below is Markdown.",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        'summary: "One or two sentences saying what the page covers."',
        "kind: guide",
        f"order: {order}",
        f"last_reviewed: {today.isoformat()}",
        "---",
    ]
    return "\n".join(front) + "\n" + PAGE_BODY


_ORDER = re.compile(rb"^order:\s*(\d+)\s*$", re.MULTILINE)


def next_order(root: Path) -> int:
    """One after the highest 'order' of the guide's pages, so a new page comes last."""
    orders = [0]
    for path in (root / PAGES_DIR).glob("*.md"):
        found = _ORDER.search(path.read_bytes()[:2000])
        if found:
            orders.append(int(found[1]))
    return max(orders) + 1


def new_service(root: Path, title: str, today: dt.date) -> Path:
    path = root / SERVICES_DIR / f"{file_slug(title)}.yml"
    return _write_new(path, service_record(title, today), root)


def new_page(root: Path, title: str, today: dt.date) -> Path:
    path = root / PAGES_DIR / f"{file_slug(title)}.md"
    return _write_new(path, guidance_page(title, today, next_order(root)), root)


# --- a new site ---------------------------------------------------------------------------------

SITE_TEMPLATE = """\
# yaml-language-server: $schema=schema/site.schema.json
# The site's settings. Every field is described in docs/record-format.md.
title: {title}
council: {council}
description: >-
  Find stay and play sessions, baby groups, health visiting clinics and support for families
  with children under 5, run by community groups and the council.
# The address the site will be published at, ending in /.
base_url: https://example.org/children-services/
language: en-GB
# yes until the records are real services: every page then says the data are examples.
sample_data: yes
# The GitHub repository that holds this folder: "report a problem" and "suggest a change" use it.
repository: https://github.com/your-council/children-services
branch: main
contact_email: family.info@example.gov.uk
term_dates: term-dates.yml
stale_after_months: 12
# Your own templates and styles go here: a file in themes/local/templates or themes/local/static
# replaces the default theme's file of the same name.
theme: themes/local
coordinators:
  - name: Community co-ordinators
    area: The whole county
    email: community@example.gov.uk
    phone: 01632 960100
# The accessibility statement at /accessibility/: date it, and say how far the site complies
# once you have tested it (fully, partially or not), listing any problems.
accessibility:
  prepared: {today}
  compliance: partially
  problems:
    - "This site has not yet been tested by disabled people: until it has, do not claim full compliance."
# An "Exit this page" button on every page, for families looking for help somewhere unsafe.
quick_exit: yes
"""

SITE_README = """\
# {title}

The children's services directory for {council}, built with sitegen.

- `site.yml`: the site's settings (title, address, contacts).
- `content/services/`: one YAML record per service. Start one with
  `sitegen new service "Name of the service"`.
- `content/pages/`: the guidance for community groups, in Markdown. Start one with
  `sitegen new page "Title"`. The pages here came with sitegen: read them, and change what
  differs for your council.
- `term-dates.yml`: school term dates, for term-time-only sessions. The dates here are
  examples: replace them with your council's.
- `content/postcode-districts.csv`: where each postcode district is, for "near me" searches.
- `content/search-synonyms.yml`: words that mean the same to a family searching ("mums and
  tots" finds "parent and toddler" groups). Add the words people in your area use.
- `content/places.csv`: the county's towns, villages and neighbourhoods, for "near" searches
  and town pages (Oxfordshire's, from GeoNames: replace them with your county's).
- `themes/local/`: your own templates and styles, which win over sitegen's default theme.
- `schema/`: the record formats as JSON Schema, so that editors can help while you type.

Check everything with `sitegen validate`, preview with `sitegen serve`, build the site into
`output/` with `sitegen build`, and look for out-of-date records with `sitegen check`.
"""

THEME_README = """\
# Your theme

Files here win over sitegen's default theme (themes/default in sitegen). To change a page's
layout, copy the template you want from sitegen's themes/default/templates/ into
templates/ here, with the same name, and edit the copy. To add styles, put a file at
static/local.css and link it from a copy of templates/base.html.
"""


def init_site(target: Path, title: str, council: str, today: dt.date) -> list[Path]:
    """A new site in ``target``: settings, one example record, the guidance pages, an empty theme.

    ``target`` must be empty or not exist yet, so nothing of anyone's can be overwritten.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise Refused(
            f"{target} is not an empty folder; sitegen init only writes into a new or empty folder."
        )
    made: list[Path] = []
    fields = {
        "title": json.dumps(title, ensure_ascii=False),
        "council": json.dumps(council, ensure_ascii=False),
        "today": today.isoformat(),
    }
    made.append(_write_new(target / "site.yml", SITE_TEMPLATE.format(**fields), target))
    made.append(_write_new(target / "README.md", SITE_README.format(title=title, council=council), target))
    made.append(_write_new(target / "themes/local/README.md", THEME_README, target))
    for name in (
        "term-dates.yml",
        "content/postcode-districts.csv",
        "content/places.csv",
        "content/search-synonyms.yml",
    ):
        made.append(_write_new(target / name, home.path(name).read_text(encoding="utf-8"), target))
    for folder in ("schema", PAGES_DIR):
        for path in sorted(home.path(folder).iterdir()):
            if path.is_file():
                copied = target / folder / path.name
                copied.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, copied)
                made.append(copied)
    made.append(new_service(target, "Example Stay and Play", today))
    return made
