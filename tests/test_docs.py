"""The docs say what the code does: the field reference is the schema's, and the README's commands exist."""

import re
from pathlib import Path

from sitegen.commands import fieldref
from sitegen.model import schema

PROJECT = Path(__file__).resolve().parent.parent


def test_record_format_reference_matches_the_schema():
    example = (PROJECT / "content/services/little-acorns-stay-and-play.yml").read_text(encoding="utf-8")
    committed = (PROJECT / "docs/record-format.md").read_text(encoding="utf-8")
    assert committed == fieldref.reference(example), (
        "docs/record-format.md is out of date: run python -m sitegen.commands.fieldref > docs/record-format.md"
    )


def test_every_service_field_is_documented_with_an_example():
    for name, spec in schema.fields_in_order(schema.SERVICE):
        assert spec.help, name
        grouped = isinstance(spec.kind, schema.Object) or (
            isinstance(spec.kind, schema.ListOf) and isinstance(spec.kind.item, schema.Object)
        )
        if not grouped:
            assert spec.example not in (None, "", [], {}), f"{name} has no example"


def test_readme_commands_are_make_targets():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    commands = re.findall(r"^make ([a-z-]+)$", readme, flags=re.MULTILINE)
    assert {"serve", "test"} <= set(commands)
    for target in commands:
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target


def test_ci_runs_the_readme_test_command():
    assert "make test" in (PROJECT / ".ci/run").read_text(encoding="utf-8")
