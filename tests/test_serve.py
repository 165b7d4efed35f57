"""The preview server rebuilds on save, and a broken edit keeps the last good site on screen."""

import datetime as dt
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sitegen.commands import serve
from sitegen.commands.preview import IncrementalBuild
from tests.conftest import TODAY, edit, placeholder_lines

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def wait_for(check, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
            if result:
                return result
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.2)


def serving(root: Path, port: int, stderr: int) -> subprocess.Popen[str]:
    """The real 'sitegen serve' of the site at ``root`` on this port, its output read as text."""
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--root", str(root), "--port", str(port)]
        + ["--today", "2026-11-24"],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )


@pytest.fixture
def server(site_dir):
    port = free_port()
    process = serving(site_dir, port, stderr=subprocess.PIPE)
    try:
        yield f"http://127.0.0.1:{port}/", process
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.slow
def test_serve_rebuilds_on_save_and_keeps_the_last_good_site(server, site_dir):
    url, process = server
    page = url + "services/acorns/"
    assert "Acorns Stay and Play" in wait_for(lambda: fetch(page))
    # The preview's own address is the base URL, so even the 404 page's links work locally.
    assert 'href="/services/"' in fetch(url + "404.html")

    time.sleep(1.1)  # file times have one-second resolution on some systems
    edit(site_dir, "content/services/acorns.yml", "name: Acorns Stay and Play", "name: Acorns Play Club")
    wait_for(lambda: "Acorns Play Club" in fetch(page))

    time.sleep(1.1)
    edit(site_dir, "content/services/acorns.yml", "    end: 11:30", "    end: 08:00")
    time.sleep(4)
    assert "Acorns Play Club" in fetch(page)  # still the last good build

    process.terminate()
    _, err = process.communicate(timeout=10)
    assert "content/services/acorns.yml:18: sessions[0].end: 08:00 is before start 09:30" in err
    assert "the preview still shows the last good site" in err


def test_the_preview_shows_an_unfinished_record_marked_as_such_and_warns_in_the_terminal(
    site_dir, sitegen, capsys, tmp_path
):
    sitegen("new", "service", "Tiny Feet", "--root", site_dir, "--today", TODAY)
    marked = placeholder_lines((site_dir / "content/services/tiny-feet.yml").read_text(encoding="utf-8"))
    out = tmp_path / "preview"
    assert serve.rebuild(IncrementalBuild(site_dir, out), TODAY.isoformat(), first=True)

    err = capsys.readouterr().err
    for line in marked:
        assert re.search(rf"^warning: content/services/tiny-feet.yml:{line}: ", err, re.M), line
    assert "sitegen build will refuse them" in err
    page = (out / "services/tiny-feet/index.html").read_text(encoding="utf-8")
    notice = page.split('<div class="sg-notice sg-notice--warning" role="note" aria-label="Warning">')[1]
    notice = notice.split("</ul>")[0]
    assert f"Unfinished: this listing still has placeholder values ({len(marked)})" in notice
    assert [int(n) for n in re.findall(r"line (\d+)</li>", notice)] == sorted(marked)
    assert "<code>venue.name</code>" in notice and "content/services/tiny-feet.yml" in notice
    assert "Unfinished" not in (out / "services/acorns/index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_after_a_layout_edit_a_page_asked_for_before_the_background_reaches_it_is_sent_fresh(tmp_path):
    """The real server, over HTTP, on 800 records: the edited layout is on the page looked at
    within moments, on a page the background has not rendered yet when it is asked for, and in
    the end on every page, byte for byte as a full build makes them."""
    import queue
    import threading

    from bench.synthetic import make
    from sitegen.build import make_files

    root = make(800, tmp_path / "site")
    (root / "node_modules").symlink_to(PROJECT / "node_modules")
    (root / "themes/local/templates").mkdir(parents=True)
    (root / "site.yml").write_text(
        (root / "site.yml").read_text(encoding="utf-8") + "theme: themes/local\n", encoding="utf-8"
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = serving(root, port, stderr=subprocess.DEVNULL)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    said: list[str] = []

    def wait_for_line(words: str, seconds: float = 120) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                said.append(lines.get(timeout=1))
            except queue.Empty:
                continue
            if words in said[-1]:
                return said[-1]
        raise AssertionError(f"no line saying {words!r} in {said}")

    try:
        wait_for_line("Previewing at")
        services = sorted(p.stem for p in (root / "content/services").glob("*.yml"))
        looked_at = url + f"services/{services[0]}/"
        assert "<!-- edited -->" not in wait_for(lambda: fetch(looked_at))
        time.sleep(1.1)  # file times have one-second resolution on some systems
        layout = (PROJECT / "themes/default/templates/base.html").read_text(encoding="utf-8")
        # a layout slow to render (about 2 ms a page), so that on a quick machine the background
        # is still going when the last page is asked for
        (root / "themes/local/templates/base.html").write_text(
            layout.replace("</body>", "{% if range(200000) | sum < 0 %}{% endif %}<!-- edited --></body>"),
            encoding="utf-8",
        )
        line = wait_for_line("more follow in the background")
        assert re.match(r"Rebuilt 2 pages .* in [0-9.]+s; [0-9,]+ more follow in the background\.", line), (
            line
        )
        assert "<!-- edited -->" in fetch(looked_at)
        last = fetch(url + f"services/{services[-1]}/")  # the last page in the background's order
        while not lines.empty():
            said.append(lines.get())
        assert not any("All pages up to date" in s for s in said), f"the background finished first: {said}"
        assert "<!-- edited -->" in last
        wait_for_line("All pages up to date")
    finally:
        process.terminate()
        process.wait(timeout=10)
    _, expected = make_files(root, dt.date(2026, 11, 24), url)
    out = root / "output"
    found = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert sorted(found) == sorted(expected)
    assert [name for name in expected if found[name] != expected[name]] == []
