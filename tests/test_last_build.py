"""A build whose inputs and output are as the last build left them writes nothing; any change, a full build."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from sitegen import build as pipeline
from sitegen.cache import last_build
from tests.conftest import SMALL_SITE, TODAY
from tests.test_model_cache import copy_of, snapshot

PROJECT = Path(__file__).resolve().parent.parent


def stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def built_once(tmp_path):
    root = copy_of(SMALL_SITE, tmp_path / "site")
    out = tmp_path / "out"
    first = pipeline.build(root, out, TODAY)
    return root, out, first


def test_nothing_changed_nothing_written_and_the_same_report(built_once):
    root, out, first = built_once
    before = stamps(out)
    again = pipeline.build(root, out, TODAY)
    assert stamps(out) == before  # the very same files
    assert (
        again.services,
        again.pages,
        again.files,
        again.bytes,
        again.index_bytes,
        again.index_gzipped,
    ) == (
        first.services,
        first.pages,
        first.files,
        first.bytes,
        first.index_bytes,
        first.index_gzipped,
    )
    assert again.site.services == first.site.services


def change_output(out: Path, how: str) -> None:
    page = out / "index.html"
    if how == "a page edited":
        page.write_bytes(page.read_bytes().replace(b"</body>", b"<!-- x --></body>"))
    elif how == "a page edited, its time put back":
        stat = page.stat()
        page.write_bytes(page.read_bytes().replace(b"<html", b"<HTML"))
        os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    elif how == "a page deleted":
        page.unlink()
    elif how == "a file added":
        (out / "extra.html").write_text("hello", encoding="utf-8")
    elif how == "the folder replaced by a copy":
        copy = out.with_name("copy")
        os.rename(out, copy)
        out.mkdir()
        for path in sorted(copy.rglob("*")):
            target = out / path.relative_to(copy)
            if path.is_dir():
                target.mkdir()
            else:
                target.write_bytes(path.read_bytes())


@pytest.mark.parametrize(
    "how",
    [
        "a page edited",
        "a page edited, its time put back",
        "a page deleted",
        "a file added",
        "the folder replaced by a copy",
    ],
)
def test_an_output_changed_by_hand_is_built_again(built_once, how):
    root, out, _ = built_once
    expected = snapshot(out)
    change_output(out, how)
    pipeline.build(root, out, TODAY)
    assert snapshot(out) == expected


def change_input(root: Path, how: str) -> dt.date:
    if how == "a record":
        record = sorted((root / "content/services").glob("*.yml"))[0]
        record.write_text(
            record.read_text(encoding="utf-8").replace("summary: ", "summary: New. ", 1), encoding="utf-8"
        )
    elif how == "a guidance page":
        page = sorted((root / "content/pages").rglob("*.md"))[0]
        page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    elif how == "a template":
        (root / "themes/local/templates").mkdir(parents=True)
        text = (PROJECT / "themes/default/templates/404.html").read_text(encoding="utf-8")
        (root / "themes/local/templates/404.html").write_text(
            text.replace("Page not found", "Lost"), encoding="utf-8"
        )
        with (root / "site.yml").open("a", encoding="utf-8") as config:
            config.write("theme: themes/local\n")
    elif how == "the build date":
        return TODAY + dt.timedelta(days=1)
    return TODAY


@pytest.mark.parametrize("how", ["a record", "a guidance page", "a template", "the build date"])
def test_any_input_changed_is_built_again_as_without_the_cache(built_once, tmp_path, how):
    root, out, _ = built_once
    today = change_input(root, how)
    pipeline.build(root, out, today)
    pipeline.build(root, tmp_path / "plain", today, cache=False)
    assert snapshot(out) == snapshot(tmp_path / "plain")


def test_a_theme_file_edited_in_place_is_seen(tmp_path):
    """The site's own static file changed after the theme was named: its bytes are an input."""
    root = copy_of(SMALL_SITE, tmp_path / "site")
    (root / "themes/local/static").mkdir(parents=True)
    (root / "themes/local/static/extra.css").write_text("p { margin: 0 }\n", encoding="utf-8")
    with (root / "site.yml").open("a", encoding="utf-8") as config:
        config.write("theme: themes/local\n")
    out = tmp_path / "out"
    pipeline.build(root, out, TODAY)
    (root / "themes/local/static/extra.css").write_text("p { margin: 1em }\n", encoding="utf-8")
    pipeline.build(root, out, TODAY)
    assert (out / "assets/extra.css").read_text(encoding="utf-8") == "p{margin:1em}"  # the new rule, minified


def test_a_forged_or_damaged_record_of_the_last_build_is_ignored(built_once):
    root, out, _ = built_once
    expected = snapshot(out)
    note = root / ".sitegen-cache" / last_build.FILE
    signed = json.loads(note.read_text(encoding="utf-8"))
    body = json.loads(signed["body"])
    (out / "index.html").write_text("defaced", encoding="utf-8")
    body["listing"] = last_build.listing(out)  # claims the defaced folder is what was built
    note.write_text(
        json.dumps({"signature": signed["signature"], "body": json.dumps(body, sort_keys=True)}),
        encoding="utf-8",
    )
    pipeline.build(root, out, TODAY)
    assert snapshot(out) == expected
    for damaged in ("", "{", '{"signature": 1}', "[]"):
        note.write_text(damaged, encoding="utf-8")
        (out / "index.html").write_text("defaced", encoding="utf-8")
        pipeline.build(root, out, TODAY)
        assert snapshot(out) == expected


def test_another_output_folder_is_built(built_once, tmp_path):
    root, out, _ = built_once
    other = tmp_path / "other"
    pipeline.build(root, other, TODAY)
    assert snapshot(other) == snapshot(out)


@pytest.mark.parametrize("size", [0, 600])
def test_the_output_as_written_is_the_output_as_listed_after_the_build(tmp_path, monkeypatch, size):
    """A whole build works out the listing of its output from what it wrote (the Stat of each
    file, from the processes that wrote them) instead of going through the folder: that is the
    listing of the folder as it is afterwards, an output there before included. After a build
    that linked unchanged files from the last output, the folder is looked at."""
    from bench.synthetic import make

    root = copy_of(SMALL_SITE, tmp_path / "site") if size == 0 else make(size, tmp_path / "site")
    out = tmp_path / "out"
    note = root / ".sitegen-cache" / last_build.FILE

    def recorded() -> str:
        return json.loads(json.loads(note.read_text(encoding="utf-8"))["body"])["listing"]

    walks = []
    walked = last_build._walked
    monkeypatch.setattr(last_build, "_walked", lambda top: walks.append(top) or walked(top))
    for build in range(2):  # a first build, then a whole build over the output it made
        if build:
            (root / "site.yml").write_text((root / "site.yml").read_text() + "\n# changed\n")
        walks.clear()
        pipeline.build(root, out, TODAY, jobs=2)
        assert walks == []  # the listing recorded was made from what was written
        assert recorded() == last_build.listing(out)
    record = sorted((root / "content/services").glob("*.yml"))[0]
    record.write_text(record.read_text() + "\n# edited\n")
    walks.clear()
    pipeline.build(root, out, TODAY, jobs=2)
    assert walks[-1] == str(out)  # files were linked from the last output: the folder looked at
    assert recorded() == last_build.listing(out)
    walks.clear()
    assert pipeline.build(root, out, TODAY, jobs=2).files  # nothing changed: the output as it was
    assert walks == [str(out)]
