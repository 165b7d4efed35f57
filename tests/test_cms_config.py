"""The optional Decap/Sveltia CMS configuration: made from the schema, every field in it, as Decap
expects a configuration to be, and accepting the bundled records as they are."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitegen.commands import cms_config
from sitegen.model import schema
from sitegen.model.schema import Choice, Date, ListOf, Time, YesNo
from tests.conftest import write

PROJECT = Path(__file__).resolve().parent.parent
SITEGEN = Path(sys.executable).parent / "sitegen"
RELAY = "https://cms-auth.example.gov.uk"

# Decap CMS's own widgets (decapcms.org/docs/widgets): a config naming any other fails to load
DECAP_WIDGETS = {
    "boolean",
    "code",
    "color",
    "datetime",
    "file",
    "hidden",
    "image",
    "list",
    "map",
    "markdown",
    "number",
    "object",
    "relation",
    "select",
    "string",
    "text",
}
DECAP_FORMATS = {"yml", "yaml", "toml", "json", "frontmatter", "yaml-frontmatter", "toml-frontmatter"}


def _generated(kind: str, root: Path = PROJECT) -> dict[str, Any]:
    done = subprocess.run(
        [SITEGEN, "cms-config", "--kind", kind, "--relay", RELAY, "--root", root],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"# {kind.capitalize()} CMS configuration, made by 'sitegen cms-config")
    return yaml.safe_load(done.stdout)


def _decap_problems(fields: list[dict], at: str) -> list[str]:
    """What Decap's loader (its config schema) would refuse in a list of fields."""
    problems = []
    names = [f.get("name") for f in fields]
    if len(names) != len(set(names)):
        problems.append(f"{at}: a field name is used twice")
    for spec in fields:
        where = f"{at}.{spec.get('name')}"
        if not isinstance(spec.get("name"), str) or not spec.get("label"):
            problems.append(f"{where}: needs a name and a label")
        if spec.get("widget") not in DECAP_WIDGETS:
            problems.append(f"{where}: unknown widget {spec.get('widget')!r}")
        if not isinstance(spec.get("required"), bool):
            problems.append(f"{where}: says nothing about required (Decap's default is required)")
        if spec.get("widget") == "select" and not spec.get("options"):
            problems.append(f"{where}: a select needs options")
        if spec.get("widget") == "object" and not spec.get("fields"):
            problems.append(f"{where}: an object needs fields")
        if spec.get("widget") == "list":
            if ("field" in spec) == ("fields" in spec):
                problems.append(f"{where}: a list takes either field or fields")
            problems += _decap_problems(spec.get("fields") or [spec.get("field", {})], where)
        if spec.get("widget") == "object":
            problems += _decap_problems(spec["fields"], where)
        if "pattern" in spec:
            pattern = spec["pattern"]
            if not (
                isinstance(pattern, list) and len(pattern) == 2 and all(isinstance(p, str) for p in pattern)
            ):
                problems.append(f"{where}: a pattern is [regular expression, message]")
            else:
                re.compile(pattern[0])
    return problems


def _dotted(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    """Every field of the configuration by the schema's dotted name ('sessions[].day')."""
    result = {}
    for spec in fields:
        name = prefix + spec["name"]
        result[name] = spec
        if spec["widget"] == "object":
            result |= _dotted(spec["fields"], name + ".")
        elif spec["widget"] == "list" and "fields" in spec:
            result |= _dotted(spec["fields"], name + "[].")
    return result


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


@pytest.mark.parametrize("kind", cms_config.KINDS)
def test_the_configuration_is_one_decap_can_load(kind):
    config = _generated(kind)
    assert config["backend"] == {
        "name": "github",
        "repo": "example-council/children-services",  # from site.yml's repository
        "branch": "main",
        "base_url": RELAY,
        **({"open_authoring": True} if kind == "decap" else {}),
    }
    assert config["media_folder"]
    for collection in config["collections"]:
        assert {"name", "label", "folder", "fields"} <= collection.keys()
        assert collection["format"] in DECAP_FORMATS and (PROJECT / collection["folder"]).is_dir()
        assert collection["identifier_field"] in [f["name"] for f in collection["fields"]]
        assert _decap_problems(collection["fields"], collection["name"]) == []


def test_decap_makes_pull_requests_and_sveltia_commits():
    assert _generated("decap")["publish_mode"] == "editorial_workflow"
    assert "publish_mode" not in _generated("sveltia")


@pytest.mark.parametrize(("collection", "format_"), [("services", schema.SERVICE), ("pages", schema.PAGE)])
def test_every_field_of_the_schema_is_in_the_form_required_as_the_schema_says(collection, format_):
    fields = _dotted(_collection(_generated("decap"), collection)["fields"])
    wanted = dict(schema.fields_in_order(format_))
    if collection == "pages":
        assert fields.pop("body")["widget"] == "markdown"  # the page itself, after its front matter
    assert set(fields) == set(wanted)  # nothing missing, nothing the schema does not know
    for name, spec in wanted.items():
        assert fields[name]["required"] is spec.required, name
        assert fields[name]["hint"] == spec.help, name


def test_each_kind_of_value_has_the_widget_for_it():
    fields = _dotted(_collection(_generated("decap"), "services")["fields"])
    for name, spec in schema.fields_in_order(schema.SERVICE):
        made = fields[name]
        if isinstance(spec.kind, Choice):
            assert made["widget"] == "select" and made["options"] == list(spec.kind.options), name
        elif isinstance(spec.kind, ListOf) and isinstance(spec.kind.item, Choice):
            assert made["multiple"] is True and made["options"] == list(spec.kind.item.options), name
        elif isinstance(spec.kind, Date):
            assert (made["widget"], made["date_format"], made["time_format"]) == (
                "datetime",
                "YYYY-MM-DD",
                False,
            )
        elif isinstance(spec.kind, Time):
            assert (made["widget"], made["date_format"], made["time_format"]) == ("datetime", False, "HH:mm")
        elif isinstance(spec.kind, YesNo):
            assert made["widget"] == "boolean", name
    assert fields["sessions"]["widget"] == "list" and fields["sessions"]["max"] == 20
    assert fields["types"]["min"] == 1


def _accepts(spec: dict, value: Any) -> bool:
    """Whether the form takes a record's value as it is written."""
    widget = spec["widget"]
    if widget == "select":
        values = value if isinstance(value, list) else [value]
        return all(v in spec["options"] for v in values)
    if widget == "boolean":
        return isinstance(value, bool) or str(value).lower() in ("yes", "no", "true", "false")
    if "pattern" in spec:
        return re.search(spec["pattern"][0], str(value)) is not None
    return True


def _values(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        return [pair for key, value in data.items() for pair in _values(value, f"{prefix}{key}.")]
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return [pair for item in data for pair in _values(item, prefix[:-1] + "[].")]
    return [(prefix[:-1], data)]


def test_the_form_accepts_every_bundled_record_as_it_is():
    """A person opening an existing record in the editor is not told its good values are wrong."""
    fields = _dotted(_collection(_generated("decap"), "services")["fields"])
    records = sorted((PROJECT / "content/services").glob("*.yml"))
    assert len(records) > 20
    checked = 0
    for record in records:
        # the records' own YAML 1.1 reading (times and dates as text), as the editor shows them
        data = yaml.load(record.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for name, value in _values(data):
            assert _accepts(fields[name], value), f"{record.name}: {name}: {value!r}"
            checked += 1
    assert checked > 500


def test_a_text_longer_than_the_schema_allows_is_refused_by_the_form():
    fields = _dotted(_collection(_generated("decap"), "services")["fields"])
    assert _accepts(fields["summary"], "x" * 200)
    assert not _accepts(fields["summary"], "x" * 201)
    assert not _accepts(fields["venue.postcode"], "not a postcode")


def test_a_relay_that_is_not_a_web_address_is_a_usage_error():
    done = subprocess.run(
        [SITEGEN, "cms-config", "--kind", "decap", "--relay", "javascript:alert(1)", "--root", PROJECT],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "only https:// and http://" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_repository_not_on_github_is_said_plainly(site_dir):
    site = (site_dir / "site.yml").read_text(encoding="utf-8")
    site = re.sub(r"(?m)^repository: .*$", "repository: https://gitlab.com/example/children-services", site)
    write(site_dir, "site.yml", site)
    done = subprocess.run(
        [SITEGEN, "cms-config", "--kind", "sveltia", "--relay", RELAY, "--root", site_dir],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "is not a GitHub repository's address" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_broken_site_yml_is_a_problem_with_its_line(site_dir):
    write(site_dir, "site.yml", "title: x\nbase_url: nowhere\n")
    done = subprocess.run(
        [SITEGEN, "cms-config", "--kind", "decap", "--relay", RELAY, "--root", site_dir],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "site.yml:2" in done.stderr and "base_url" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_guide_is_optional_and_its_commands_are_the_real_ones():
    guide = (PROJECT / "docs/cms.md").read_text(encoding="utf-8")
    assert "**Most councils do not need this page.**" in guide and "OAuth relay" in guide
    commands = re.findall(r"^\s*(sitegen cms-config .*)$", guide, re.MULTILINE)
    assert commands
    for command in commands:
        done = subprocess.run(
            [SITEGEN, *command.split()[1:], "--root", PROJECT], capture_output=True, text=True
        )
        assert done.returncode == 0, (command, done.stderr)
