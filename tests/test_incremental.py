"""Preview rebuilds that redo only what changed give exactly what a full build gives."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest

from sitegen.build import make_files
from sitegen.commands.preview import IncrementalBuild
from sitegen.model import groups
from sitegen.site import affected
from sitegen.site import plan as pages
from tests.conftest import TODAY

PROJECT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8000/"


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    for name in ("site.yml", "term-dates.yml"):
        shutil.copy(PROJECT / name, root / name)
    shutil.copytree(PROJECT / "content", root / "content")
    (root / "node_modules").symlink_to(PROJECT / "node_modules")
    return root


def on_disk(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assert_same_as_full_build(root: Path, out: Path) -> None:
    _, expected = make_files(root, TODAY, BASE)
    found = on_disk(out)
    assert sorted(found) == sorted(expected)
    assert [name for name in expected if found[name] != expected[name]] == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_each_kind_of_edit_ends_as_a_full_build_would(project_copy):
    root, out = project_copy, project_copy / "output"
    builder = IncrementalBuild(root, out, BASE)
    first = builder.build(TODAY)
    assert first.full
    assert_same_as_full_build(root, out)

    # one record: a new day and time
    edit(root / "content/services/little-acorns-stay-and-play.yml", "day: Monday", "day: Tuesday")
    result = builder.build(TODAY)
    assert not result.full and result.rendered < 40
    assert "search index" in builder.pending  # brought up to date by finish(), a moment later
    builder.finish()
    assert not builder.pending
    assert_same_as_full_build(root, out)

    # a new record, in a new area
    text = (root / "content/services/little-acorns-stay-and-play.yml").read_text(encoding="utf-8")
    text = text.replace("name: Little Acorns Stay and Play", "name: Tiny Oaks").replace(
        "town: Kidlington", "town: Yarnton"
    )
    (root / "content/services/tiny-oaks.yml").write_text(text, encoding="utf-8")
    builder.build(TODAY)
    builder.finish()
    assert_same_as_full_build(root, out)
    assert (out / "areas/yarnton/index.html").is_file()

    # a record deleted
    (root / "content/services/tiny-oaks.yml").unlink()
    builder.build(TODAY)
    builder.finish()
    assert_same_as_full_build(root, out)
    assert not (out / "services/tiny-oaks").exists()

    # a guidance page
    edit(root / "content/pages/insurance.md", "## ", "## Before anything else\n\nRead this.\n\n## ")
    builder.build(TODAY)
    builder.finish()
    assert_same_as_full_build(root, out)

    # the outline kept for the next edit is the one worked out afresh from the site and its plan
    assert builder._outline[0] is builder.state.planned
    assert builder._outline[1] == affected.outline(builder.state.site, builder.state.planned)

    # nothing changed: nothing to do
    assert builder.build(TODAY).rendered == 0


def test_a_template_or_settings_change_rebuilds_everything(project_copy):
    root, out = project_copy, project_copy / "output"
    builder = IncrementalBuild(root, out, BASE)
    builder.build(TODAY)
    (root / "themes/local/templates").mkdir(parents=True)
    shutil.copy(PROJECT / "themes/default/templates/404.html", root / "themes/local/templates/404.html")
    edit(root / "themes/local/templates/404.html", "Page not found", "We cannot find that page")
    edit(root / "site.yml", "stale_after_months: 12", "stale_after_months: 12\ntheme: themes/local")
    assert builder.build(TODAY).full
    assert_same_as_full_build(root, out)
    assert "We cannot find that page" in (out / "404.html").read_text(encoding="utf-8")


def test_a_broken_edit_keeps_the_last_good_site(project_copy):
    from sitegen.problems import ContentError

    root, out = project_copy, project_copy / "output"
    builder = IncrementalBuild(root, out, BASE)
    builder.build(TODAY)
    before = on_disk(out)
    edit(root / "content/services/little-acorns-stay-and-play.yml", "start: 09:30", "start: half past nine")
    with pytest.raises(ContentError):
        builder.build(TODAY)
    assert on_disk(out) == before
    edit(root / "content/services/little-acorns-stay-and-play.yml", "start: half past nine", "start: 09:45")
    builder.build(TODAY)
    builder.finish()
    assert_same_as_full_build(root, out)


@pytest.mark.slow
def test_edits_to_a_large_site_with_paginated_lists_end_as_a_full_build_would(tmp_path, monkeypatch):
    """600 records: lists over several pages, where an edit can move services between pages
    (pages of 10 here, so that every area's list has several too)."""
    from bench.synthetic import make

    monkeypatch.setattr(pages, "LIST_PAGE_SIZE", 10)
    root = make(600, tmp_path / "site")
    (root / "node_modules").symlink_to(PROJECT / "node_modules")
    out = root / "output"
    builder = IncrementalBuild(root, out, BASE)
    builder.build(TODAY)
    records = sorted((root / "content/services").glob("*.yml"))

    def rebuild() -> None:
        assert not builder.build(TODAY).full
        builder.finish()
        assert_same_as_full_build(root, out)

    # a session moved to another day: off one day's pages, onto another's
    first = records[3]
    text = first.read_text(encoding="utf-8")
    day = text.split("  - day: ", 1)[1].split("\n", 1)[0]
    edit(first, f"  - day: {day}", "  - day: " + ("Monday" if day != "Monday" else "Tuesday"))
    rebuild()
    # a new record early in the order: every later service moves along a place in its lists
    (root / "content/services/aaa-first-new-group.yml").write_text(
        records[10].read_text(encoding="utf-8").replace("name: ", 'name: "Aaa First" #', 1), encoding="utf-8"
    )
    rebuild()
    # a record deleted, and one paused (its calendar goes, and perhaps its area's)
    records[20].unlink()
    edit(
        records[30],
        "last_reviewed:",
        'status: paused\nstatus_note: "Closed while the hall is mended."\nlast_reviewed:',
    )
    rebuild()
    # an area's calendar link comes off every page of its list when its last running service
    # closes, though the other pages do not show that service
    site, _ = make_files(root, TODAY, BASE)
    largest = max(groups.areas(site.services), key=lambda group: group.count)
    last, *others = [root / service.source for service in largest.services]
    assert len(others) > 2 * pages.LIST_PAGE_SIZE
    closed = 'status: closed\nstatus_note: "This group has stopped."\nlast_reviewed:'
    for record in others:
        if "status:" not in record.read_text(encoding="utf-8"):
            edit(record, "last_reviewed:", closed)
    rebuild()
    edit(last, "last_reviewed:", closed)
    rebuild()


@pytest.fixture
def themed_copy(project_copy: Path) -> Path:
    """The project with a theme folder of its own (empty at first) named in site.yml."""
    (project_copy / "themes/local/templates/macros").mkdir(parents=True)
    edit(project_copy / "site.yml", "stale_after_months: 12", "stale_after_months: 12\ntheme: themes/local")
    return project_copy


def override(root: Path, name: str, old: str, new: str) -> None:
    """The site's own copy of a default template, with one change."""
    target = root / "themes/local/templates" / name
    text = (PROJECT / "themes/default/templates" / name).read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_template_edit_renders_only_the_pages_using_it_and_ends_as_a_full_build_would(themed_copy):
    root, out = themed_copy, themed_copy / "output"
    builder = IncrementalBuild(root, out, BASE)
    first = builder.build(TODAY)
    assert first.full
    every_page = first.rendered

    override(root, "404.html", "Page not found", "We cannot find that page")
    result = builder.build(TODAY)
    assert not result.full and result.rendered == 1 and result.written == 1
    assert_same_as_full_build(root, out)

    # a macro reached only through cached_card: every page that shows cards
    override(root, "macros/card.html", "sg-card", "sg-card sg-card--edited")
    result = builder.build(TODAY)
    assert not result.full and 1 < result.rendered < every_page
    assert_same_as_full_build(root, out)
    assert "sg-card--edited" in (out / "services/index.html").read_text(encoding="utf-8")

    # the layout every page extends
    override(root, "base.html", "</body>", "<!-- edited --></body>")
    result = builder.build(TODAY)
    assert not result.full and result.rendered + result.later == every_page
    assert builder.finish_pages() == result.later
    assert_same_as_full_build(root, out)

    # the site's own copy removed: back to the default
    (root / "themes/local/templates/404.html").unlink()
    assert builder.build(TODAY).rendered == 1
    assert_same_as_full_build(root, out)

    # nothing changed: nothing to do
    assert builder.build(TODAY).rendered == 0


def test_a_broken_template_keeps_the_last_good_site_until_it_is_fixed(themed_copy):
    from sitegen.problems import ContentError

    root, out = themed_copy, themed_copy / "output"
    builder = IncrementalBuild(root, out, BASE)
    builder.build(TODAY)
    before = on_disk(out)
    override(root, "macros/notice.html", "{% macro", "{% macro broken(")
    with pytest.raises(ContentError):
        builder.build(TODAY)
    assert on_disk(out) == before
    override(root, "macros/notice.html", "{% macro", "{% macro")
    builder.build(TODAY)
    assert_same_as_full_build(root, out)


def test_a_changed_static_file_or_content_edited_with_a_template_rebuilds_everything(themed_copy):
    root, out = themed_copy, themed_copy / "output"
    builder = IncrementalBuild(root, out, BASE)
    builder.build(TODAY)
    (root / "themes/local/static").mkdir()
    (root / "themes/local/static/extra.css").write_text("p { margin: 0 }\n", encoding="utf-8")
    assert builder.build(TODAY).full
    assert_same_as_full_build(root, out)
    override(root, "404.html", "Page not found", "Gone")
    edit(root / "content/services/little-acorns-stay-and-play.yml", "day: Monday", "day: Tuesday")
    assert builder.build(TODAY).full
    assert_same_as_full_build(root, out)


class Recording(jinja2.BaseLoader):
    """A template loader that notes every template asked of it."""

    def __init__(self, loader: jinja2.BaseLoader, asked: list[str]):
        self.loader, self.asked = loader, asked

    def get_source(self, environment, name):
        self.asked.append(name)
        return self.loader.get_source(environment, name)


def test_template_uses_names_every_template_rendering_a_page_loads(project_copy):
    """The oracle is Jinja itself: rendering one page of each kind with a fresh environment, the
    templates its loader is asked for are all among those template_uses names."""
    from sitegen.commands.preview import template_uses
    from sitegen.load.files import read_sources
    from sitegen.model import content
    from sitegen.site import render

    site = content.make_site(read_sources(project_copy), TODAY)
    planned = pages.plan(site)
    theme = render.Theme.for_site(project_copy, None)
    uses = template_uses(theme.environment())
    _, files = make_files(project_copy, TODAY)
    prints = render.fingerprints(files)
    checked = set()
    for page in planned:
        if page.template in checked:
            continue
        checked.add(page.template)
        env = theme.environment()
        asked: list[str] = []
        env.loader = Recording(env.loader, asked)
        render.render_page(env, site, page, prints)
        assert page.template in asked
        assert set(asked) <= uses[page.template], page.template
    assert {"service.html", "group.html", "home.html", "404.html"} <= checked


def test_after_a_layout_edit_the_pages_looked_at_come_first_and_none_is_ever_sent_stale(themed_copy):
    """Hugo's "fast render": the home page and the pages the server sent lately are rendered
    before build() returns; the rest are stale until finish(), and a stale page asked for in the
    meantime is rendered before it is sent. The oracle: a full build of the same content."""
    root, out = themed_copy, themed_copy / "output"
    builder = IncrementalBuild(root, out, BASE, foreground=5)
    every_page = builder.build(TODAY).rendered
    _, before = make_files(root, TODAY, BASE)
    builder.served("services/little-acorns-stay-and-play/")
    builder.served("areas/")
    builder.served("assets/site.css")  # not a page: not remembered

    override(root, "base.html", "</body>", "<!-- edited --></body>")
    result = builder.build(TODAY)
    assert not result.full
    assert (result.rendered, result.later) == (3, every_page - 3)
    _, expected = make_files(root, TODAY, BASE)
    for path in ("index.html", "services/little-acorns-stay-and-play/index.html", "areas/index.html"):
        assert (out / path).read_bytes() == expected[path]
    assert (out / "types/index.html").read_bytes() == before["types/index.html"]  # not yet

    builder.served("types/")  # asked for before the background reached it: rendered first
    assert (out / "types/index.html").read_bytes() == expected["types/index.html"]
    assert "types/index.html" not in builder.stale and len(builder.stale) == every_page - 4

    # a record edit while pages are still stale: its pages are rendered, the rest stay stale
    edit(root / "content/services/little-acorns-stay-and-play.yml", "day: Monday", "day: Tuesday")
    result = builder.build(TODAY)
    assert not result.full and 0 < result.later < every_page - 4
    waiting = next(path for path in builder.stale if path.startswith("services/"))
    builder.served(waiting.removesuffix("index.html"))
    _, expected = make_files(root, TODAY, BASE)
    assert (out / waiting).read_bytes() == expected[waiting]
    assert builder.finish_pages() == result.later - 1
    assert not builder.stale
    builder.finish()
    assert_same_as_full_build(root, out)

    # a second layout edit while the first's pages are stale: both reach every page
    override(root, "base.html", "</body>", "<!-- edited again --></body>")
    assert builder.build(TODAY).later > 0
    override(root, "macros/card.html", "sg-card", "sg-card sg-card--edited")
    builder.build(TODAY)
    builder.finish()
    assert_same_as_full_build(root, out)


# ---------------------------------------------------------------------------------------------
# The preview's fast paths, each against the plain code it stands in for
# ---------------------------------------------------------------------------------------------


def test_a_plan_keeping_the_unchanged_services_pages_is_the_plan_made_afresh(project_copy):
    from sitegen.load.files import read_sources
    from sitegen.model import content

    before = content.make_site(read_sources(project_copy), TODAY)
    kept = {p.url: p for p in pages.plan(before) if p.template == "service.html"}
    # the same services (the very objects) but one changed, one gone and one new
    services = list(before.services)
    changed = services[3]
    services[3] = content.make_site(read_sources(project_copy), TODAY).services[3]
    del services[7]
    site = replace(before, services=tuple(services))
    assert services[3] is not changed and services[3] == changed
    fresh, fast = pages.plan(site), pages.plan(site, kept, groups.areas(site.services))
    assert fast == fresh
    reused = [p for p in fast if p.template == "service.html" and kept.get(p.url) is p]
    assert len(reused) == len(services) - 1  # all but the one whose object changed


def test_records_read_from_what_was_kept_are_the_bytes_on_disk(project_copy):
    """The oracle: reading every file afresh. An edit of the same size straight after a reading
    (the same file time on a coarse clock) is still seen."""
    import os

    from sitegen.load.files import SAME_TICK_NS, read_sources

    kept: dict = {}
    record = project_copy / "content/services/little-acorns-stay-and-play.yml"
    first = read_sources(project_copy, kept=kept)
    assert first.services == read_sources(project_copy).services
    edit(record, "day: Monday", "day: Sunday")  # the same size
    stat = record.stat()
    os.utime(record, ns=(stat.st_atime_ns, first_mtime := stat.st_mtime_ns))
    second = read_sources(project_copy, kept=kept)
    assert second.services == read_sources(project_copy).services
    assert b"day: Sunday" in second.services["content/services/little-acorns-stay-and-play.yml"]
    # a file unchanged since long before it was read is taken from what was kept, the very bytes
    for name, (key, data, read_at) in list(kept.items()):
        kept[name] = (key, data, max(read_at, key[0] + SAME_TICK_NS + 1))
    third = read_sources(project_copy, kept=kept)
    assert all(third.services[n] is second.services[n] for n in third.services)
    # ... unless its size, times or inode say it changed
    edit(record, "day: Sunday", "day: Friday")
    os.utime(record, ns=(stat.st_atime_ns, first_mtime))  # same size and file time: the change time differs
    assert read_sources(project_copy, kept=kept).services == read_sources(project_copy).services
    (project_copy / "content/services/little-acorns-stay-and-play.yml").unlink()
    assert read_sources(project_copy, kept=kept).services == read_sources(project_copy).services


def test_the_fingerprints_kept_between_rebuilds_are_those_made_afresh(project_copy):
    from sitegen.site import render

    builder = IncrementalBuild(project_copy, project_copy / "output", BASE)
    builder.build(TODAY)
    files = dict(builder.state.files)
    assert builder._fingerprints(files) == render.fingerprints(files)
    files["assets/site.css"] = b"p { margin: 0 }"
    calendar = next(path for path in files if path.startswith("areas/") and path.endswith(".ics"))
    files[calendar] = files[calendar] + b"\r\n"
    del files["open-data/services.csv"]
    files["new.txt"] = b"new"
    assert builder._fingerprints(files) == render.fingerprints(files)


def test_the_fingerprints_after_each_record_edit_are_those_made_afresh(project_copy):
    """After a record edit only the files it let go or made again are looked at (the rest are as
    the last fingerprints found them): each time, the fingerprints are render.fingerprints'."""
    from sitegen.site import render

    builder = IncrementalBuild(project_copy, project_copy / "output", BASE)
    real = builder._fingerprints
    only_changed = []

    def checked(files, since=None):
        found = real(files, since)
        only_changed.append(since is not None)
        assert found == render.fingerprints(files)
        return found

    builder._fingerprints = checked
    builder.build(TODAY)
    record = project_copy / "content/services/little-acorns-stay-and-play.yml"
    edit(record, "day: Monday", "day: Tuesday")  # its calendars, and its area's, made again
    builder.build(TODAY)
    edit(record, "day: Tuesday", "day: Wednesday")
    builder.build(TODAY)
    builder.finish()  # the search index and the other whole-site exports
    edit(record, "town: Kidlington", "town: Yarnton")  # another area's calendar
    builder.build(TODAY)
    (project_copy / "content/services/little-acorns-stay-and-play.yml").unlink()
    builder.build(TODAY)
    builder.finish()
    assert_same_as_full_build(project_copy, project_copy / "output")
    assert only_changed.count(True) >= 3


def test_the_files_written_after_each_record_edit_are_those_a_look_at_every_file_finds(
    project_copy, monkeypatch
):
    """After a record edit the writer looks only at the files the edit let go or made again:
    each time, what it writes and deletes is what comparing every file of the two builds finds."""
    from sitegen import write

    real, looked = write.write_changes, []

    def checked(output_dir, before, after, only=None):
        if only is not None:
            looked.append(len(only))
            changed, gone = write.changed_names(before, after, only)
            every_changed, every_gone = write.changed_names(before, after)
            assert changed.keys() == every_changed.keys() and sorted(gone) == sorted(every_gone)
        return real(output_dir, before, after, only)

    monkeypatch.setattr(write, "write_changes", checked)
    out = project_copy / "output"
    builder = IncrementalBuild(project_copy, out, BASE)
    builder.build(TODAY)
    record = project_copy / "content/services/little-acorns-stay-and-play.yml"
    edit(record, "day: Monday", "day: Tuesday")  # its calendars, and its area's, made again
    builder.build(TODAY)
    builder.finish()
    edit(record, "town: Kidlington", "town: Yarnton")  # another area's page and calendar
    builder.build(TODAY)
    record.unlink()  # its page and calendar deleted
    builder.build(TODAY)
    builder.finish()
    assert_same_as_full_build(project_copy, out)
    assert len(looked) >= 3 and max(looked) < len(builder.state.files) // 4


def test_the_groups_plan_and_affected_pages_after_each_record_edit_are_those_made_afresh(
    project_copy, monkeypatch
):
    """After a record edit that moves no service, the last groups with the edited services
    swapped in, the list pages of unchanged groups kept, and those pages not looked at again,
    are each what the plain code finds: groups.areas(), service_types(), weekdays(), plan()
    and affected() without ``kept``."""
    real_affected, real_groups = affected.affected, IncrementalBuild._groups
    swapped, skipped = [], []

    def checked_groups(self, previous, site, stamp):
        found = real_groups(self, previous, site, stamp)
        services = site.services
        plain = (groups.areas(services), groups.service_types(services), groups.weekdays(services))
        for fast, fresh in zip(found[:3], plain, strict=True):
            assert fast == fresh
            ids = [[[id(s) for s in g.services] for g in (group, *group.neighbourhoods)] for group in fast]
            assert ids == [
                [[id(s) for s in g.services] for g in (group, *group.neighbourhoods)] for group in fresh
            ]
        swapped.append(bool(found[3]))
        return found

    def checked_affected(before, site, planned, changed, guidance_changed=False, kept=()):
        planned = list(planned)
        assert planned == pages.plan(site)
        fast = real_affected(before, site, planned, changed, guidance_changed, kept)
        plain = real_affected(before, site, planned, changed, guidance_changed)
        assert [id(p) for p in fast.pages] == [id(p) for p in plain.pages]
        assert (fast.places, fast.stale, fast.outline) == (plain.places, plain.stale, plain.outline)
        skipped.append(sum(id(p) in kept for p in planned))
        return fast

    monkeypatch.setattr(IncrementalBuild, "_groups", checked_groups)
    monkeypatch.setattr(affected, "affected", checked_affected)
    out = project_copy / "output"
    builder = IncrementalBuild(project_copy, out, BASE)
    builder.build(TODAY)
    record = project_copy / "content/services/little-acorns-stay-and-play.yml"
    edit(record, "summary: ", "summary: Edited. ")  # in the same groups: swapped in
    builder.build(TODAY)
    edit(record, "day: Monday", "day: Tuesday")  # another day's group: grouped afresh
    builder.build(TODAY)
    builder.finish()
    edit(record, "summary: ", "summary: Edited again. ")  # swapped in again
    builder.build(TODAY)
    edit(record, "town: Kidlington", "town: Yarnton")  # another town: grouped afresh
    builder.build(TODAY)
    builder.finish()
    assert_same_as_full_build(project_copy, out)
    assert swapped == [False, True, False, True, False]
    assert skipped[0] > 0 and skipped[2] > 0 and skipped[1] == skipped[3] == 0
