"""A build after records changed redoes only what they touch, and its output is, path for path and
byte for byte, what a build without the cache makes of the same content."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bench.synthetic import make as synthetic_site
from sitegen import build as pipeline
from sitegen import write as output
from sitegen.cache import rebuild
from sitegen.exports.openreferral import feed
from sitegen.site import affected
from tests.conftest import TODAY
from tests.test_model_cache import copy_of, snapshot

PROJECT = Path(__file__).resolve().parent.parent
INCREMENTAL = "making what the changed records touch"


def records(root: Path) -> list[Path]:
    return sorted((root / "content/services").glob("*.yml"))


def _replace_line(text: str, pattern: str, line: str) -> str:
    """The first line matching ``pattern`` replaced by ``line``; added at the end if none matches."""
    found = re.search(pattern, text, flags=re.M)
    if not found:
        return text.rstrip("\n") + "\n" + line + "\n"
    return text[: found.start()] + line + text[found.end() :]


def edit(root: Path, rng: random.Random, step: int) -> str:
    """One random edit of the records, as a person might make it; says what it was."""
    files = records(root)
    record = rng.choice(files)
    text = original = record.read_text(encoding="utf-8")
    other = rng.choice(files).read_text(encoding="utf-8")
    how = rng.choice(["name", "sessions", "area", "town", "type", "status", "add", "delete", "rename"])
    if how == "name":
        text = _replace_line(text, r"^name: .*$", f'name: "Zebra Crossing Club {step}"')
    elif how == "sessions":
        day = rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"])
        text = re.sub(r"day: \w+", f"day: {day}", text, count=1)
        text = re.sub(r"start: \d\d:\d\d", f"start: {rng.choice(['09:00', '10:30', '13:15'])}", text, count=1)
    elif how == "area":
        found = re.search(r"^  area: .*$", other, flags=re.M)
        area = found.group(0) if found else '  area: "Somewhere New"'
        text = re.sub(r"^  area: .*\n", "", text, flags=re.M)
        text = text.replace("\n  postcode:", f"\n{area}\n  postcode:", 1)
    elif how == "town":
        town = re.search(r"^  town: .*$", other, flags=re.M)
        text = _replace_line(text, r"^  town: .*$", town.group(0) if town else '  town: "Newtown"')
    elif how == "type":
        types = re.search(r"^types: .*$", other, flags=re.M)
        text = _replace_line(text, r"^types: .*$", types.group(0) if types else 'types: ["stay and play"]')
    elif how == "status":
        text = re.sub(r"^status(_note|_since)?: .*\n", "", text, flags=re.M)
        if rng.random() < 0.7:
            text += 'status: paused\nstatus_note: "Back after the holidays."\n'
    elif how == "add":
        text = _replace_line(text, r"^name: .*$", f'name: "Added Group {step}"')
        record = record.with_name(f"added-group-{step}.yml")
    elif how == "delete":
        record.unlink()
        return f"deleted {record.name}"
    elif how == "rename":
        record.rename(record.with_name(f"renamed-{step}-{record.name}"))
        return f"renamed {record.name}"
    if text == original:  # the other record had the same: an edit all the same
        how, text = "name", _replace_line(text, r"^name: .*$", f'name: "Zebra Crossing Club {step}"')
    record.write_text(text, encoding="utf-8")
    return f"{how} of {record.name}"


def renamed(record: Path, name: str = "Aardvark Club") -> None:
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"^name: .*$", f'name: "{name}"', text, count=1, flags=re.M), "utf-8")


def build_incrementally(root: Path, out: Path) -> list[str]:
    return build_saying(root, out)[1]


def build_saying(root: Path, out: Path) -> tuple[pipeline.BuildReport, list[str]]:
    """The build's report, and the stages it said it went through."""
    said: list[str] = []
    report = pipeline.build(root, out, TODAY, progress=lambda stage, done, total: said.append(stage))
    return report, said


def random_edits_match_full_builds(root: Path, tmp_path: Path, steps: int, seed: int) -> None:
    out, plain = tmp_path / "out", tmp_path / "plain"
    pipeline.build(root, out, TODAY)
    rng = random.Random(seed)
    for step in range(steps):
        what = edit(root, rng, step)
        report, said = build_saying(root, out)
        assert INCREMENTAL in said, what
        full = pipeline.build(root, plain, TODAY, cache=False)
        assert snapshot(out) == snapshot(plain), what
        counted = ("services", "pages", "files", "bytes", "index_bytes", "index_gzipped")
        assert [getattr(report, n) for n in counted] == [getattr(full, n) for n in counted], what


def test_random_record_edits_on_the_bundled_site_match_full_builds(tmp_path):
    root = copy_of(PROJECT, tmp_path / "site")
    random_edits_match_full_builds(root, tmp_path, steps=12, seed=21)


@pytest.mark.slow
def test_random_record_edits_on_a_synthetic_site_match_full_builds(tmp_path):
    root = synthetic_site(700, tmp_path / "site")
    random_edits_match_full_builds(root, tmp_path, steps=10, seed=4)


def test_unchanged_files_are_linked_from_the_last_output_not_written(tmp_path):
    root = copy_of(PROJECT, tmp_path / "site")
    out = tmp_path / "out"
    pipeline.build(root, out, TODAY)
    inodes = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    edit_one = records(root)[0]
    renamed(edit_one)
    assert INCREMENTAL in build_incrementally(root, out)
    after = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    kept = [p for p in after if inodes.get(p) == after[p]]
    assert len(kept) > 0.8 * len(after)  # most files are the very same
    assert out / "assets/lunr.min.js" in kept
    others = [p for p in after if p.parent.parent == out / "services" and edit_one.stem not in str(p)]
    assert others and all(p in kept for p in others if p.name == "sessions.ics")
    assert sum(p in kept for p in others if p.name == "index.html") > 0.8 * len(others) / 2


def test_a_missed_list_page_is_caught_by_the_comparison(tmp_path, monkeypatch):
    """The oracle can fail: with the list pages left out of what an edit touches, the output
    differs from a full build's."""
    real = affected.affected

    def forgetful(*args, **kwargs):
        found = real(*args, **kwargs)
        pages = [p for p in found.pages if p.template != affected.LIST]
        return affected.Affected(
            pages, found.places, found.stale - {p.path for p in found.pages if p not in pages}, found.outline
        )

    monkeypatch.setattr(rebuild.affected, "affected", forgetful)
    edited, full = outputs_after_renaming_one(tmp_path)
    assert edited != full


def outputs_after_renaming_one(tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The bundled site built, one service renamed and built again using the cache; and the same
    content built afresh: both outputs, each path to its bytes."""
    root = copy_of(PROJECT, tmp_path / "site")
    out, plain = tmp_path / "out", tmp_path / "plain"
    pipeline.build(root, out, TODAY)
    renamed(records(root)[0])
    assert INCREMENTAL in build_incrementally(root, out)
    pipeline.build(root, plain, TODAY, cache=False)
    return snapshot(out), snapshot(plain)


def test_anything_but_records_changed_is_a_full_build(tmp_path):
    root = copy_of(PROJECT, tmp_path / "site")
    out = tmp_path / "out"
    pipeline.build(root, out, TODAY)
    page = sorted((root / "content/pages").rglob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    record = records(root)[0]
    renamed(record)
    assert INCREMENTAL not in build_incrementally(root, out)
    pipeline.build(root, tmp_path / "plain", TODAY, cache=False)
    assert snapshot(out) == snapshot(tmp_path / "plain")


def test_an_output_changed_by_hand_is_a_full_build(tmp_path):
    root = copy_of(PROJECT, tmp_path / "site")
    out = tmp_path / "out"
    pipeline.build(root, out, TODAY)
    (out / "index.html").write_text("changed", encoding="utf-8")
    record = records(root)[0]
    renamed(record)
    assert INCREMENTAL not in build_incrementally(root, out)
    pipeline.build(root, tmp_path / "plain", TODAY, cache=False)
    assert snapshot(out) == snapshot(tmp_path / "plain")


def test_the_previous_sites_folders_are_left_to_their_remover(tmp_path, monkeypatch):
    """After swap_in(wait=False) the build itself removes only the previous site's files: its
    folders are its remover's (a folder can take milliseconds to remove), not removed again by
    the staging folder's clean-up as the build ends."""
    handed: list[Path] = []
    monkeypatch.setattr(output, "_remove_later", lambda folder, out: handed.append(folder))
    out = tmp_path / "out"
    (out / "a/b").mkdir(parents=True)
    (out / "a/b/old.html").write_bytes(b"old")
    with output.Staging(out) as staging:
        staging.put_one("new.html", b"new")
        staging.swap_in(wait=False)
    assert [p.name for p in out.iterdir()] == ["new.html"]
    assert len(handed) == 1 and (handed[0] / "a/b").is_dir()
    assert not [p for p in handed[0].rglob("*") if p.is_file()]


def test_the_open_referral_files_of_unchanged_services_are_kept_from_the_last_output(tmp_path, monkeypatch):
    """Each unchanged service's own ORUK files (its document at both addresses, its service at a
    location) are the last output's, linked; the edited service's are made again."""
    root = copy_of(PROJECT, tmp_path / "site")
    out = tmp_path / "out"
    pipeline.build(root, out, TODAY)
    own = [
        p
        for folder in ("openreferral/services", "openreferral/service_at_locations")
        for p in (out / folder).iterdir()
        if not p.name.startswith("index.")
    ]
    inodes = {p: p.stat().st_ino for p in own}
    renamed(records(root)[0])
    made: list[str] = []
    real = feed.service_json
    monkeypatch.setattr(
        feed, "service_json", lambda service, *a, **k: made.append(service.name) or real(service, *a, **k)
    )
    assert INCREMENTAL in build_incrementally(root, out)
    assert made == ["Aardvark Club"]  # the one service made again; the others read back
    edited = {p for p in own if b"Aardvark Club" in p.read_bytes()}
    assert len(edited) == 3  # services/<id>.json, services/<id>, service_at_locations/<id>
    assert all(p.stat().st_ino != inodes[p] for p in edited)
    assert all(p.stat().st_ino == inodes[p] for p in own if p not in edited)
    pipeline.build(root, tmp_path / "plain", TODAY, cache=False)
    assert snapshot(out) == snapshot(tmp_path / "plain")


def test_an_edited_services_open_referral_files_kept_by_mistake_are_caught(tmp_path, monkeypatch):
    """The oracle can fail: with every service's ORUK document taken from the last output, the
    edited one's too, the output differs from a full build's."""
    real = rebuild._keeping_services

    def forgetful(kept, export, site, changed, sizes):
        return real(kept, export, site, frozenset(), sizes)

    monkeypatch.setattr(rebuild, "_keeping_services", forgetful)
    edited, full = outputs_after_renaming_one(tmp_path)
    differ = {p for p, data in edited.items() if full.get(p) != data}
    assert differ and all(p.startswith("openreferral/") for p in differ)
