"""The search synonyms file is checked like every other file, and reaches the search page whole."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from sitegen.exports.search.index import words
from tests.conftest import TODAY, write

SYNONYMS = "content/search-synonyms.yml"


def test_the_shipped_synonyms_reach_the_search_store_as_search_words(site_dir, sitegen, tmp_path):
    own = Path(SYNONYMS).read_text(encoding="utf-8")  # the repository's own file
    shipped = yaml.safe_load(own)["groups"]
    write(site_dir, SYNONYMS, own)
    assert sitegen("build", "--root", site_dir, "--today", TODAY, "--output", tmp_path / "out").code == 0
    store = json.loads((tmp_path / "out/search/columns.json").read_text(encoding="utf-8"))
    assert store["synonyms"] == [[words(phrase) for phrase in group] for group in shipped]
    assert ["breast", "feeding"] in store["synonyms"][1] and ["breastfeeding"] in store["synonyms"][1]


def test_without_a_synonyms_file_search_has_sitegens_and_an_empty_table_has_none(site_dir, sitegen, tmp_path):
    assert not (site_dir / SYNONYMS).exists()
    assert sitegen("build", "--root", site_dir, "--today", TODAY, "--output", tmp_path / "out").code == 0
    shipped = yaml.safe_load(Path(SYNONYMS).read_text(encoding="utf-8"))["groups"]
    store = json.loads((tmp_path / "out/search/columns.json").read_text(encoding="utf-8"))
    assert store["synonyms"] == [[words(phrase) for phrase in group] for group in shipped]
    write(site_dir, SYNONYMS, "groups: []\n")
    assert sitegen("build", "--root", site_dir, "--today", TODAY, "--output", tmp_path / "out").code == 0
    assert json.loads((tmp_path / "out/search/columns.json").read_text(encoding="utf-8"))["synonyms"] == []


def test_a_phrase_in_two_groups_is_named_with_both_lines(site_dir, sitegen):
    write(site_dir, SYNONYMS, "groups:\n  - [dad, father]\n  - [mum, mother]\n  - [daddy, Father]\n")
    result = sitegen("validate", "--root", site_dir, "--today", TODAY)
    assert result.code == 1
    assert f"{SYNONYMS}:4: groups[2][1]: 'Father' is also in the group on line 2" in result.err
    assert "join the two groups" in result.err


def test_bad_synonym_groups_are_refused_with_file_line_and_field(site_dir, sitegen):
    write(site_dir, SYNONYMS, "groups:\n  - [dad]\n  - [mum, '!!!']\n  - just one\n")
    err = sitegen("validate", "--root", site_dir, "--today", TODAY).err
    assert f"{SYNONYMS}:2: groups[0]: needs at least 2 item(s)" in err
    assert f"{SYNONYMS}:3: groups[2][1]: '!!!' has no letters or digits to search for" not in err  # one pass
    write(site_dir, SYNONYMS, "groups:\n  - [mum, '!!!']\n")
    err = sitegen("validate", "--root", site_dir, "--today", TODAY).err
    assert f"{SYNONYMS}:2: groups[0][1]: '!!!' has no letters or digits to search for" in err


def test_site_yml_may_name_another_synonyms_file_but_it_must_be_there(site_dir, sitegen):
    with (site_dir / "site.yml").open("a", encoding="utf-8") as config:
        config.write("synonyms: search/words.yml\n")
    result = sitegen("validate", "--root", site_dir, "--today", TODAY)
    assert result.code == 1 and "synonyms: the file 'search/words.yml' is not there" in result.err
    write(site_dir, "search/words.yml", "groups:\n  - [nappy, diaper]\n")
    assert sitegen("validate", "--root", site_dir, "--today", TODAY).code == 0
