"""The cache of modelled records: the same bytes with it and without, and never trusted blindly."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
import shutil
from pathlib import Path

import pytest

from sitegen import build as pipeline
from sitegen.cache import models as model_cache
from sitegen.model import content
from tests.conftest import SMALL_SITE, TODAY, edit

PROJECT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def copy_of(source: Path, folder: Path) -> Path:
    """A project's site.yml, term dates, content and theme, without its output or cache."""
    folder.mkdir(parents=True)
    for name in ("site.yml", "term-dates.yml"):
        if (source / name).exists():
            shutil.copy(source / name, folder / name)
    for name in ("content", "themes"):
        if (source / name).is_dir():
            shutil.copytree(source / name, folder / name)
    if (source / "node_modules").exists():
        (folder / "node_modules").symlink_to((source / "node_modules").resolve())
    return folder


def built(
    root: Path, out: Path, today: dt.date = TODAY, cache: bool = True, jobs: int = 1
) -> dict[str, bytes]:
    pipeline.build(root, out, today, jobs=jobs, cache=cache)
    return snapshot(out)


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """The files content.model_service is asked to model, in order (it still models them)."""
    asked: list[str] = []
    real = content.model_service

    def model_service(file, *args):
        asked.append(file)
        return real(file, *args)

    monkeypatch.setattr(content, "model_service", model_service)
    return asked


def test_a_second_build_models_no_record_and_gives_the_same_bytes(tmp_path, counted):
    root = copy_of(SMALL_SITE, tmp_path / "site")
    records = len(list((root / "content/services").glob("*.yml")))
    first = built(root, tmp_path / "first")
    assert len(counted) == records
    assert (root / ".sitegen-cache" / model_cache.FILE).is_file()
    second = built(root, tmp_path / "second")
    assert len(counted) == records  # nothing modelled again
    assert second == first == built(root, tmp_path / "plain", cache=False)


def test_after_one_edit_only_that_record_is_modelled_again(tmp_path, counted):
    root = copy_of(SMALL_SITE, tmp_path / "site")
    built(root, tmp_path / "first")
    counted.clear()
    name = sorted((root / "content/services").glob("*.yml"))[0]
    name.write_text(
        name.read_text(encoding="utf-8").replace("summary: ", "summary: Changed. ", 1), encoding="utf-8"
    )
    cached = built(root, tmp_path / "cached")
    assert counted == [f"content/services/{name.name}"]
    assert b"Changed. " in b"".join(cached.values())
    assert cached == built(root, tmp_path / "plain", cache=False)


def _renamed(root: Path, number: int) -> None:
    record = sorted((root / "content/services").glob("*.yml"))[number]
    text = record.read_text(encoding="utf-8")
    record.write_text(
        re.sub(r"^name: .*$", f'name: "Aardvark Club {number}"', text, count=1, flags=re.M), "utf-8"
    )


def test_an_edit_keeps_its_entry_beside_the_cache_file_and_the_next_build_finds_it(tmp_path, counted):
    """The cache file is not written again for one edit: the new entry goes to NEW_FILE, and a
    build after that models nothing and gives the same bytes as a build without the cache."""
    root = copy_of(SMALL_SITE, tmp_path / "site")
    built(root, tmp_path / "first")
    whole = cache_file(root).read_bytes()
    _renamed(root, 0)
    built(root, tmp_path / "second")
    assert cache_file(root).read_bytes() == whole
    assert len(model_cache._read(root / ".sitegen-cache" / model_cache.NEW_FILE)) == 1
    counted.clear()
    again = built(root, tmp_path / "third")
    assert counted == []  # the edited record's entry was found in NEW_FILE
    assert again == built(root, tmp_path / "plain", cache=False)


def test_past_max_new_entries_the_cache_file_is_written_whole_without_unused_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(model_cache, "MAX_NEW", 2)
    root = copy_of(PROJECT, tmp_path / "site")
    folder = root / ".sitegen-cache"
    built(root, tmp_path / "out")
    for number in range(3):
        _renamed(root, number)
        built(root, tmp_path / "out")
        assert (folder / model_cache.NEW_FILE).exists() == (number < 2)
    records = len(list((root / "content/services").glob("*.yml")))
    assert len(model_cache._read(cache_file(root))) == records  # the three old entries gone
    assert built(root, tmp_path / "out") == built(root, tmp_path / "plain", cache=False)


@pytest.mark.parametrize(
    "change",
    ["build date", "term dates", "stale_after_months", "code"],
)
def test_anything_else_modelling_reads_makes_every_record_a_miss(tmp_path, counted, change, monkeypatch):
    root = copy_of(SMALL_SITE, tmp_path / "site")
    records = len(list((root / "content/services").glob("*.yml")))
    built(root, tmp_path / "first")
    counted.clear()
    today = TODAY
    if change == "build date":
        today = TODAY + dt.timedelta(days=1)
    elif change == "term dates":
        edit(root, "term-dates.yml", "2026-12-18", "2026-12-11")
    elif change == "stale_after_months":
        with (root / "site.yml").open("a", encoding="utf-8") as config:
            config.write("stale_after_months: 3\n")
    else:  # sitegen's own source changed
        monkeypatch.setattr(model_cache, "code_digest", lambda: b"another version of sitegen")
    cached = built(root, tmp_path / "cached", today)
    assert len(counted) == records
    assert cached == built(root, tmp_path / "plain", today, cache=False)


def cache_file(root: Path) -> Path:
    return root / ".sitegen-cache" / model_cache.FILE


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "one byte changed":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(os.urandom(5000))
    elif how == "a folder":
        path.unlink()
        path.mkdir()
    elif how == "signed with another key":
        body = data[len(model_cache._MAGIC) + model_cache._SIGNATURE :]
        path.write_bytes(model_cache._MAGIC + b"\0" * model_cache._SIGNATURE + body)


@pytest.mark.parametrize(
    "how", ["truncated", "one byte changed", "empty", "garbage", "a folder", "signed with another key"]
)
def test_a_damaged_or_foreign_cache_is_ignored_never_a_wrong_page(tmp_path, counted, how):
    root = copy_of(SMALL_SITE, tmp_path / "site")
    records = len(list((root / "content/services").glob("*.yml")))
    plain = built(root, tmp_path / "plain", cache=False)
    built(root, tmp_path / "first")
    damage(cache_file(root), how)
    counted.clear()
    assert built(root, tmp_path / "again") == plain
    assert len(counted) == records  # every record modelled afresh


def test_a_cache_file_is_not_read_without_the_users_key(tmp_path, counted, monkeypatch):
    """A cache file committed to the repository (say, by a pull request) was signed with someone
    else's key: on this computer it is ignored."""
    root = copy_of(SMALL_SITE, tmp_path / "site")
    records = len(list((root / "content/services").glob("*.yml")))
    built(root, tmp_path / "first")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-computer"))
    counted.clear()
    assert built(root, tmp_path / "again") == built(root, tmp_path / "plain", cache=False)
    assert len(counted) == 2 * records


class _Payload:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_even_a_signed_file_may_hold_nothing_but_modelled_records(tmp_path):
    """Defence in depth: were the key stolen, a file that asks pickle to call a function is
    still refused, and the function never runs."""
    marker = tmp_path / "pwned"
    folder = tmp_path / ".sitegen-cache"
    assert model_cache.save(folder, {b"key": (None, [])})
    data = cache_file(tmp_path).read_bytes()
    assert model_cache.load(folder) == {b"key": (None, [])}
    body = pickle.dumps({b"key": (_Payload(marker), [])})
    key = model_cache.signing_key(create=False)
    import hashlib
    import hmac

    signed = model_cache._MAGIC + hmac.new(key, body, hashlib.sha256).digest() + body
    cache_file(tmp_path).write_bytes(signed)
    assert model_cache.load(folder) == {}
    assert not marker.exists()
    cache_file(tmp_path).write_bytes(data)
    assert model_cache.load(folder) == {b"key": (None, [])}


def test_a_cache_that_cannot_be_written_leaves_the_build_as_it_was(tmp_path):
    root = copy_of(SMALL_SITE, tmp_path / "site")
    (root / ".sitegen-cache").write_text("not a folder", encoding="utf-8")
    assert built(root, tmp_path / "cached") == built(root, tmp_path / "plain", cache=False)


def test_no_cache_neither_reads_nor_writes_it(tmp_path, sitegen):
    root = copy_of(SMALL_SITE, tmp_path / "site")
    result = sitegen("build", "--root", root, "--today", TODAY, "--no-cache", "--jobs", "1")
    assert result.code == 0, result.err
    assert not (root / ".sitegen-cache").exists()
    assert sitegen("build", "--root", root, "--today", TODAY, "--jobs", "1").code == 0
    assert cache_file(root).is_file()
    assert (root / ".sitegen-cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_the_bundled_site_is_the_same_with_the_cache_and_without(tmp_path):
    root = copy_of(PROJECT, tmp_path / "site")
    plain = built(root, tmp_path / "plain", cache=False)
    assert built(root, tmp_path / "first") == plain
    assert built(root, tmp_path / "second") == plain


@pytest.mark.slow
def test_600_records_edited_between_builds_are_the_same_with_the_cache_and_without(tmp_path):
    from bench.synthetic import make

    root = make(600, tmp_path / "site")
    (root / "node_modules").symlink_to(PROJECT / "node_modules")
    built(root, tmp_path / "first", jobs=2)
    # kept by a task beside the exports, in whichever process took it: every record is there
    assert len(model_cache.load(root / model_cache.FOLDER)) == 600
    records = sorted((root / "content/services").glob("*.yml"))
    for number, record in enumerate(records[::150]):
        record.write_text(
            record.read_text(encoding="utf-8").replace("summary: ", f"summary: Edit {number}. ", 1),
            encoding="utf-8",
        )
    records[7].unlink()
    cached = built(root, tmp_path / "cached", jobs=2)
    assert cached == built(root, tmp_path / "plain", cache=False, jobs=2)
    assert b"Edit 3. " in cached["services/" + records[450].stem + "/index.html"]
