"""A whole build: a page for every record, all or nothing written, the same bytes every time, and
links that work under a sub-path."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.build import make_files
from sitegen.commands.links import broken_links
from tests.conftest import TODAY, edit, write

PROJECT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_build_writes_a_page_for_every_record_and_guidance_page(sitegen, site_dir):
    result = sitegen("build", "--root", site_dir, "--today", "2026-11-24")
    assert result.code == 0, result.err
    out = site_dir / "output"
    for page in (
        "index.html",
        "services/acorns/index.html",
        "services/oak-clinic/index.html",
        "guidance/index.html",
        "guidance/start-here/index.html",
        "guidance/safeguarding/index.html",
        "areas/testville/index.html",
        "areas/oak-hill/index.html",
        "types/stay-and-play/index.html",
        "days/monday/index.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
    ):
        assert (out / page).is_file(), page
    assert "Built 2 services and 2 guidance pages" in result.out


def test_service_page_shows_the_record(site_dir):
    _, files = make_files(site_dir, TODAY)
    html = files["services/acorns/index.html"].decode()
    assert '<h1 class="sg-heading-xl">Acorns Stay and Play</h1>' in html
    assert "Every Monday, term time only" in html
    # Next dates skip the day the hall is booked (7 December).
    assert '<time datetime="2026-11-30">Monday 30 November 2026</time>' in html
    assert '<time datetime="2026-12-07">' in html.split("No session on")[1]
    assert '2026-12-07">Monday 7 December 2026</time>, 9:30am' not in html
    assert 'href="https://github.com/example/children-services/edit/main/content/services/acorns.yml"' in html
    assert 'href="tel:01632960002"' in html
    assert "https://www.openstreetmap.org/?mlat=51.82000&amp;mlon=-1.29000" in html


def test_old_review_shows_a_notice_to_families(site_dir):
    _, files = make_files(site_dir, TODAY)
    assert "This listing may be out of date" in files["services/oak-clinic/index.html"].decode()
    assert "This listing may be out of date" not in files["services/acorns/index.html"].decode()


def test_failed_build_leaves_the_previous_site_in_place(sitegen, site_dir):
    assert sitegen("build", "--root", site_dir, "--today", "2026-11-24").code == 0
    before = snapshot(site_dir / "output")
    edit(site_dir, "content/services/acorns.yml", "    end: 11:30", "    end: 09:00")
    write(site_dir, "content/services/new-group.yml", "name: New Group\n")
    result = sitegen("build", "--root", site_dir, "--today", "2026-11-24")
    assert result.code == 1
    assert "Nothing was written" in result.err
    assert snapshot(site_dir / "output") == before
    assert [p.name for p in site_dir.iterdir() if p.name.startswith(".output")] == []


def test_killed_build_leaves_the_previous_site_in_place(sitegen, site_dir):
    """A build killed part-way through writing leaves output/ whole: it writes into a side folder."""
    assert sitegen("build", "--root", site_dir, "--today", "2026-11-24").code == 0
    before = snapshot(site_dir / "output")
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from sitegen import write as output\n"
        "real = output.Staging._write\n"
        "count = [0]\n"
        "parent = os.getpid()\n"
        "def dying(self, name, data):\n"
        "    count[0] += 1\n"
        "    # with --jobs 1 the build itself is killed; with more, the first helper process to write\n"
        "    if (count[0] == 10) if sys.argv[2] == '1' else (os.getpid() != parent):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(self, name, data)\n"
        "output.Staging._write = dying\n"
        "from sitegen.commands.cli import main\n"
        "sys.exit(main(['build', '--root', sys.argv[1], '--today', '2026-12-01', '--jobs', sys.argv[2]]))\n"
    )
    # the build process itself killed
    done = subprocess.run([sys.executable, "-c", script, str(site_dir), "1"], cwd=PROJECT, check=False)
    assert done.returncode == -9
    assert snapshot(site_dir / "output") == before
    # a worker process killed: the build says so, and still writes nothing
    done = subprocess.run(
        [sys.executable, "-c", script, str(site_dir), "2"],
        cwd=PROJECT,
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "a worker process stopped" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(site_dir / "output") == before
    assert [p.name for p in site_dir.iterdir() if p.name.startswith(".output")] == []


def test_two_builds_are_byte_identical(sitegen, site_dir, tmp_path):
    assert sitegen("build", "--root", site_dir, "--today", "2026-11-24", "--output", tmp_path / "a").code == 0
    assert sitegen("build", "--root", site_dir, "--today", "2026-11-24", "--output", tmp_path / "b").code == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_source_date_epoch_fixes_the_build_date(sitegen, site_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC).timestamp()))
    )
    assert sitegen("build", "--root", site_dir, "--output", tmp_path / "epoch").code == 0
    assert (
        sitegen("build", "--root", site_dir, "--today", "2026-11-24", "--output", tmp_path / "fixed").code
        == 0
    )
    assert snapshot(tmp_path / "epoch") == snapshot(tmp_path / "fixed")


def test_build_date_changes_what_pages_say(site_dir):
    _, november = make_files(site_dir, TODAY)
    _, december = make_files(site_dir, dt.date(2026, 12, 8))
    assert "Monday 30 November 2026" in november["services/acorns/index.html"].decode()
    assert "Monday 30 November 2026" not in december["services/acorns/index.html"].decode()


def test_every_internal_link_works_under_a_sub_path(site_dir):
    _, files = make_files(site_dir, TODAY)
    assert broken_links(files, base_path="/children-services/") == []
    # Apart from the 404 page (absolute, from the base URL), links do not depend on where the site is.
    relative_pages = {name: data for name, data in files.items() if name != "404.html"}
    assert broken_links(relative_pages, base_path="/") == []
    assert broken_links(relative_pages, base_path="/somewhere/else/") == []


def test_links_are_relative_except_on_the_404_page(site_dir):
    _, files = make_files(site_dir, TODAY)
    service = files["services/acorns/index.html"].decode()
    assert 'href="../../areas/testville/"' in service
    assert not re.search(r'href="/(?!/)', service)
    not_found = files["404.html"].decode()
    assert 'href="/children-services/services/"' in not_found
    assert 'href="/children-services/assets/site.css?v=' in not_found


def test_link_checker_finds_a_link_that_only_works_at_the_domain_root():
    files = {"index.html": b'<a href="/services/">All</a>', "services/index.html": b"<p>x</p>"}
    assert broken_links(files, "/") == []
    assert [b.target for b in broken_links(files, "/children-services/")] == ["/services/"]


def test_sitemap_and_robots_use_the_base_url(site_dir):
    _, files = make_files(site_dir, TODAY)
    sitemap = files["sitemap.xml"].decode()
    assert (
        "<loc>https://example.github.io/children-services/services/acorns/</loc><lastmod>2026-10-01</lastmod>"
        in sitemap
    )
    assert "404" not in sitemap
    assert (
        files["robots.txt"]
        .decode()
        .endswith("Sitemap: https://example.github.io/children-services/sitemap.xml\n")
    )


def test_a_site_theme_overrides_one_template(sitegen, site_dir):
    edit(
        site_dir, "site.yml", "term_dates: term-dates.yml", "term_dates: term-dates.yml\ntheme: themes/local"
    )
    write(
        site_dir,
        "themes/local/templates/404.html",
        '{% extends "base.html" %}{% block main %}<h1>Lost? Ring us.</h1>{% endblock %}',
    )
    write(site_dir, "themes/local/static/extra.css", "body { color: black; }")
    _, files = make_files(site_dir, TODAY)
    assert "<h1>Lost? Ring us.</h1>" in files["404.html"].decode()
    assert "If you typed the web address" not in files["404.html"].decode()
    assert "Acorns Stay and Play" in files["services/acorns/index.html"].decode()  # default template
    assert files["assets/extra.css"] == b"body{color:black}"  # minified, as every theme's style sheets
    assert "assets/site.css" in files


def test_text_from_records_is_escaped(site_dir):
    edit(
        site_dir,
        "content/services/acorns.yml",
        "name: Acorns Stay and Play",
        'name: "Acorns <script>alert(1)</script>"',
    )
    _, files = make_files(site_dir, TODAY)
    html = files["services/acorns/index.html"].decode()
    assert "<script>alert(1)" not in html
    assert "Acorns &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_bundled_site_builds_with_a_page_for_every_record():
    site, files = make_files(PROJECT, TODAY)
    records = sorted(p.stem for p in (PROJECT / "content/services").glob("*.yml"))
    assert records and sorted(s.slug for s in site.services) == records
    for slug in records:
        assert f"services/{slug}/index.html" in files
    assert broken_links(files, base_path="/children-services/") == []


def test_build_command_works_from_the_project_folder(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795000000"}
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--output", str(tmp_path / "out")],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "index.html").is_file()


@pytest.mark.parametrize("command", ["build", "serve", "validate"])
def test_each_command_has_help(sitegen, command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        sitegen(command, "--help")
    assert exit_info.value.code == 0


@pytest.mark.slow
def test_a_large_site_is_the_same_bytes_built_in_one_process_or_two(tmp_path):
    """Above MIN_PARALLEL records the work is shared among processes, exports in parts (the
    calendars of services and of areas separately): the output must not depend on it. Built by
    the command in fresh processes (pytest's own has threads, beside which sitegen never forks)."""
    from bench.synthetic import make
    from sitegen.build import MIN_PARALLEL

    root = make(MIN_PARALLEL + 100, tmp_path / "site")
    (root / "node_modules").symlink_to(PROJECT / "node_modules")
    for jobs, folder in (("1", "one"), ("2", "two"), ("2", "fresh")):
        command = ["build", "--root", root, "--output", tmp_path / folder, "--today", TODAY, "--jobs", jobs]
        program = ["-m", "sitegen"]
        if folder == "fresh":  # as a site of FRESH_HELPERS_FROM services or more is built
            program = ["-c", FRESH_HELPERS_BUILD]
        done = subprocess.run(
            [sys.executable, *program, *map(str, command)], cwd=PROJECT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        if folder == "fresh":  # the service pages and calendars were portable tasks, some done by a helper
            portable, by_helper = map(
                int, re.findall(r"portable tasks: (\d+), by a helper: (\d+)", done.stdout)[0]
            )
            assert portable > 16 and 0 < by_helper <= portable, done.stdout
    one, two, fresh = snapshot(tmp_path / "one"), snapshot(tmp_path / "two"), snapshot(tmp_path / "fresh")
    assert one == two
    assert one == fresh
    areas = [name for name in one if name.startswith("areas/") and name.endswith(".ics")]
    services = [name for name in one if name.startswith("services/") and name.endswith(".ics")]
    assert len(areas) > 10 and len(services) > MIN_PARALLEL


# 'sitegen build' as for a site of render.FRESH_HELPERS_FROM services or more (here 100): the service
# pages and calendars made by fresh helper processes (parallel.run_beside); it says how many
# portable tasks there were and how many a helper ran.
FRESH_HELPERS_BUILD = """
import sys
from sitegen import parallel
from sitegen.site import render
from sitegen.commands.cli import main
render.FRESH_HELPERS_FROM = 100
real_run, real_call, counted, here = parallel.run_beside, parallel.Portable.__call__, [], []
def run_beside(tasks, portable, jobs, on_done=None):
    counted.append(len(portable))
    return real_run(tasks, portable, jobs, on_done)
def call(task):
    if task.function in (render.service_pages, render._then_keep):
        here.append(task)
    return real_call(task)
parallel.run_beside, parallel.Portable.__call__ = run_beside, call
code = main(sys.argv[1:])
print("portable tasks: %d, by a helper: %d" % (counted[0], counted[0] - len(here)))
sys.exit(code)
"""


@pytest.mark.slow
def test_a_template_mistake_met_in_a_fresh_helper_is_reported_as_in_one_process(tmp_path):
    """A service page's template mistake, met by a fresh helper process rendering it, is the same
    problem naming the same file and line as in a build in one process: never a traceback."""
    from bench.synthetic import make

    root = make(150, tmp_path / "site")
    (root / "node_modules").symlink_to(PROJECT / "node_modules")
    template = (PROJECT / "themes/default/templates/service.html").read_text().splitlines()
    template.insert(11, "{{ s.no_such_field }}")  # line 12
    (root / "themes/local/templates").mkdir(parents=True)
    (root / "themes/local/templates/service.html").write_text("\n".join(template) + "\n")
    edit(root, "site.yml", "title:", "theme: themes/local\ntitle:")
    said = []
    for jobs, program in (("1", ["-m", "sitegen"]), ("2", ["-c", FRESH_HELPERS_BUILD])):
        command = ["build", "--root", root, "--output", tmp_path / jobs, "--today", TODAY, "--jobs", jobs]
        done = subprocess.run(
            [sys.executable, *program, *map(str, command)], cwd=PROJECT, capture_output=True, text=True
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "themes/local/templates/service.html:12" in done.stderr, done.stderr
        assert "no_such_field" in done.stderr
        assert not (tmp_path / jobs).exists()
        # which service's page meets it first depends on who renders what: the problem is the same
        shown = re.sub(r"making services/[^/]+/index.html", "making PAGE", done.stderr)
        said.append([line for line in shown.splitlines() if "service.html" in line])
    assert said[0] == said[1]


def test_a_path_made_twice_is_refused_never_overwritten():
    from sitegen.write import DuplicatePath, Writer

    writer = Writer()
    writer.put({"services/a/index.html": b"first"})
    with pytest.raises(DuplicatePath, match="services/a/index.html"):
        writer.put({"services/a/index.html": b"second"})
    with pytest.raises(DuplicatePath, match="x.json"):
        writer.add(Writer().written_by_worker([("x.json", b"1"), ("x.json", b"2")]))
    assert writer.files == {"services/a/index.html": b"first"}


def test_a_theme_file_with_the_address_of_a_made_file_is_a_problem_naming_it(sitegen, site_dir):
    write(site_dir, "themes/local/static/lunr.min.js", "/* my own */")
    edit(site_dir, "site.yml", "title:", "theme: themes/local\ntitle:")
    result = sitegen("build", "--root", site_dir, "--today", TODAY.isoformat())
    assert result.code == 1
    assert "static/lunr.min.js" in result.err and "assets/lunr.min.js" in result.err
    assert not (site_dir / "output").exists()


@pytest.mark.parametrize(
    ("args", "env", "said"),
    [
        (["--today", "9999-12-30"], {}, "9999-12-30 is outside the years 1970 to 2199"),
        (["--today", "0001-01-02"], {}, "0001-01-02 is outside the years 1970 to 2199"),
        ([], {"SOURCE_DATE_EPOCH": "999999999999999"}, "SOURCE_DATE_EPOCH is not a usable number of seconds"),
        ([], {"SOURCE_DATE_EPOCH": "-99999999999"}, "SOURCE_DATE_EPOCH is not a usable number of seconds"),
    ],
)
def test_a_build_date_near_the_year_1_or_9999_is_refused_without_a_traceback(site_dir, args, env, said):
    """Dates worked out from such a day would overflow: a usage error instead (issue 17)."""
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--root", str(site_dir), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert said in done.stderr and "Traceback" not in done.stderr
    assert not (site_dir / "output").exists()


def test_rendering_leaves_the_planned_pages_as_they_were_planned(site_dir):
    """The planned pages live until the whole build is written, so whatever rendering works out
    (a service's JSON-LD, its report links) must not stay on them: kept, it was about 12 KB a
    service, 1.2 GB more at 100,000 records (docs/performance.md). The oracle is pickle: every
    page, with its data and the records it holds, pickles to the same bytes after rendering."""
    import pickle

    from sitegen.load.files import read_sources
    from sitegen.model import content
    from sitegen.site import plan as pages
    from sitegen.site import render

    site = content.make_site(read_sources(site_dir), TODAY)
    planned = pages.plan(site)
    before = [pickle.dumps(page) for page in planned]
    _, files = make_files(site_dir, TODAY)
    env = render.Theme.for_site(site_dir, None).environment()
    rendered = render.render_pages(env, site, planned, render.fingerprints(files))
    service_pages = [page for page in planned if page.template == "service.html"]
    assert service_pages
    assert all(b'application/ld+json">{' in rendered[page.path] for page in service_pages)
    assert [pickle.dumps(page) for page in planned] == before


def test_a_built_folder_is_the_same_bytes_as_the_files_made_in_memory(site_dir, tmp_path):
    """The build streams every file into its staging folder as it is made; make_files keeps them
    all in memory, the plain way the build worked before: the two must give the same files."""
    from sitegen.build import build

    _, files = make_files(site_dir, TODAY)
    build(site_dir, tmp_path / "out", TODAY, cache=False)
    assert snapshot(tmp_path / "out") == files


def test_every_built_file_can_be_read_by_a_web_server_as_a_plainly_written_file_could(site_dir, tmp_path):
    """A static host serves files as another user: each output file has the permissions Python's
    own open(name, 'wb') gives under the same umask (the writer uses the system calls)."""
    from sitegen.build import build

    before = os.umask(0o022)
    try:
        build(site_dir, tmp_path / "out", TODAY, cache=False)
        (tmp_path / "plain").write_bytes(b"")
    finally:
        os.umask(before)
    expected = (tmp_path / "plain").stat().st_mode
    modes = {p.stat().st_mode for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert modes == {expected}, {oct(m) for m in modes}
    assert expected & 0o444 == 0o444


def test_each_page_is_written_before_the_next_is_rendered(site_dir, tmp_path, monkeypatch):
    """A build holds one rendered page at a time, not all of them (about 3 GB of HTML at 100,000
    records): when a page is rendered, every page rendered before it is already in the staging
    folder."""
    from sitegen.build import build
    from sitegen.site import render

    real, seen = render.render_page, []

    def counting(env, site, page, fingerprints):
        staged = [p for p in tmp_path.glob(".out.new-*") if p.is_dir()]
        assert len(staged) == 1
        seen.append(sum(1 for _ in staged[0].rglob("*.html")))
        return real(env, site, page, fingerprints)

    monkeypatch.setattr(render, "render_page", counting)
    build(site_dir, tmp_path / "out", TODAY, cache=False, jobs=1)
    assert len(seen) > 20
    assert seen == list(range(len(seen)))


@pytest.mark.parametrize("collecting", [True, False])
def test_a_build_leaves_the_cycle_collector_as_it_found_it(site_dir, tmp_path, collecting):
    """A build keeps Python's collector of reference cycles from running while it models the
    records, then keeps the site out of its passes (build.collector_paused); a process that goes
    on after a build, finished or failed (in modelling, or after it), finds the collector on if it
    was on, off if it was off, and every object visible to it again (none left frozen)."""
    import gc

    from sitegen.build import build
    from sitegen.problems import ContentError

    def assert_as_found():
        assert gc.isenabled() is collecting
        assert gc.get_freeze_count() == 0

    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        build(site_dir, tmp_path / "out", TODAY, cache=False)
        assert_as_found()
        make_files(site_dir, TODAY)
        assert_as_found()
        write(site_dir, "themes/local/static/lunr.min.js", "/* my own */")
        edit(site_dir, "site.yml", "title:", "theme: themes/local\ntitle:")
        with pytest.raises(ContentError) as after_modelling:
            build(site_dir, tmp_path / "out", TODAY, cache=False)
        assert "lunr.min.js" in after_modelling.value.problems[0].headline()
        assert_as_found()
        edit(site_dir, "content/services/acorns.yml", "    end: 11:30", "    end: 09:00")
        with pytest.raises(ContentError) as in_modelling:
            build(site_dir, tmp_path / "out", TODAY, cache=False)
        assert "acorns.yml" in in_modelling.value.problems[0].headline()
        assert_as_found()
    finally:
        (gc.enable if was else gc.disable)()
