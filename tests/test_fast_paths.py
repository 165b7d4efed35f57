"""The build's fast paths (issue 21's cold build work) give exactly what the plain code they
replaced gave: each test keeps the plain version, written with the standard library, as the oracle."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest

from sitegen import build as pipeline
from sitegen.model import issue_forms
from tests.conftest import TODAY

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    """The bundled site's 41 services and 300 synthetic ones (bench/synthetic.py)."""
    from bench.synthetic import make

    root = make(300, tmp_path_factory.mktemp("fast-paths"))
    return pipeline.check(PROJECT, TODAY).services + pipeline.check(root, TODAY).services


# ---------------------------------------------------------------------------------------------
# The prefilled 'Suggest a change' link
# ---------------------------------------------------------------------------------------------


def _plain_form_url(repository: str, template: str, title: str, values: dict[str, str]) -> str:
    """form_url as it was: urllib's encoding, the description's every byte encoded one by one."""
    pairs = {"template": template, "title": title}
    pairs.update((key, value) for key, value in values.items() if key != "description")
    url = f"{repository.rstrip('/')}/issues/new?" + urlencode(pairs)
    if "description" in values:
        url += "&description=" + "".join(f"%{byte:02X}" for byte in values["description"].encode("utf-8"))
    return url


def _plain_update_url(repository: str, service, limit: int) -> str:
    """update_url as it was: the whole address made again each time an answer is left out."""
    values = {issue_forms.RECORD_ID: service.source}
    values.update(
        (key, text)
        for key, text in issue_forms.answers_for(service).items()
        if issue_forms.BY_ID[key].shape not in ("choice", "choices")
    )
    title = f"Update a service: {service.name}"
    url = _plain_form_url(repository, issue_forms.UPDATE, title, values)
    for key in sorted(values, key=lambda k: (-len(values[k]), k)):
        if len(url) <= limit:
            break
        if key != issue_forms.RECORD_ID:
            del values[key]
            url = _plain_form_url(repository, issue_forms.UPDATE, title, values)
    return url


@pytest.mark.parametrize("limit", [issue_forms.MAX_LINK, 2500, 1200, 600, 10])
def test_the_update_link_is_the_address_the_plain_code_made(services, limit):
    repository = "https://github.com/example/children's services/"
    shortened = 0
    for service in services:
        made = issue_forms.update_url(repository, service, limit)
        assert made == _plain_update_url(repository, service, limit), service.source
        shortened += "description=" not in made
    if limit <= 1200:  # the limits below the usual exercise the leaving out
        assert shortened > 0


def test_the_still_correct_and_plain_form_links_are_the_addresses_the_plain_code_made(services):
    for service in services[:60]:
        values = {"record": service.source, "description": service.description, "name": service.name}
        assert issue_forms.form_url("https://x/r", "t.yml", "T & é", values) == _plain_form_url(
            "https://x/r", "t.yml", "T & é", values
        )
        assert issue_forms.still_correct_url("https://x/r", service) == _plain_form_url(
            "https://x/r",
            issue_forms.STILL_CORRECT,
            f"Still correct: {service.name}",
            {"record": service.source},
        )
