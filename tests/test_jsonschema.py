"""The published JSON Schema agrees with sitegen's own validation, as an editor reading YAML 1.2 sees records."""

import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from sitegen.commands import jsonschema as published
from tests.conftest import SMALL_SITE

PROJECT = Path(__file__).resolve().parent.parent
SERVICE = published.document("service.schema.json")

_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def yaml_1_2(text: str):
    """Load YAML with the YAML 1.2 core schema's typing, as the YAML language server does."""

    def convert(node):
        if isinstance(node, yaml.MappingNode):
            return {convert(k): convert(v) for k, v in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [convert(item) for item in node.value]
        value = node.value
        if node.style:  # quoted or block: always a string
            return value
        if value in ("", "~", "null", "Null", "NULL"):
            return None
        if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return value.lower() == "true"
        if _INT.fullmatch(value):
            return int(value, 0) if value.startswith(("0o", "0x")) else int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
        return value

    return convert(yaml.compose(text, Loader=yaml.SafeLoader))


def test_published_schema_files_are_current():
    for name in published.FILES:
        committed = (PROJECT / "schema" / name).read_text(encoding="utf-8")
        assert committed == published.render(name), (
            f"schema/{name} is out of date: run python -m sitegen.commands.jsonschema"
        )


@pytest.mark.parametrize(
    "record",
    sorted([*(PROJECT / "content/services").glob("*.yml"), *(SMALL_SITE / "content/services").glob("*.yml")]),
    ids=lambda p: p.name,
)
def test_every_valid_record_passes_the_published_schema(record):
    jsonschema.validate(yaml_1_2(record.read_text(encoding="utf-8")), SERVICE)


def test_site_settings_and_term_dates_pass_their_schemas():
    jsonschema.validate(yaml_1_2((PROJECT / "site.yml").read_text()), published.document("site.schema.json"))
    jsonschema.validate(
        yaml_1_2((PROJECT / "term-dates.yml").read_text()), published.document("term-dates.schema.json")
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("last_reviewed: 2026-10-01", "last_reviewd: 2026-10-01"),
        ("summary: Toys and songs for babies and toddlers.\n", ""),
        ("  name: Village Hall", "  name: [Village, Hall]"),
        ("  step_free: yes", "  step_free: sometimes"),
        ("  kind: parish or town council", "  kind: parish council"),
        ("    start: 09:30", "    start: 9.30am"),
        ("last_reviewed: 2026-10-01", "last_reviewed: 1 October 2026"),
        ("  postcode: OX5 1AB", "  postcode: OX5 1A"),
        ("  latitude: 51.82", "  latitude: 48.85"),
        ("  phone: 01632 960002", '  website: "javascript:alert(1)"'),
        ("  price: free", "  price: two pounds"),
    ],
)
def test_mistakes_an_editor_can_see_are_flagged_by_both(sitegen, site_dir, old, new):
    path = site_dir / "content/services/acorns.yml"
    path.write_text(path.read_text().replace(old, new, 1))
    assert sitegen("validate", "--root", site_dir, "--today", "2026-11-24").code == 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml_1_2(path.read_text()), SERVICE)


def test_records_point_editors_at_the_schema():
    for record in (PROJECT / "content/services").glob("*.yml"):
        assert record.read_text().startswith(
            "# yaml-language-server: $schema=../../schema/service.schema.json"
        ), record
    assert (
        (PROJECT / "site.yml")
        .read_text()
        .startswith("# yaml-language-server: $schema=schema/site.schema.json")
    )
