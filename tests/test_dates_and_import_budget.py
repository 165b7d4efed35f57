"""The worst term dates, session dates and Open Referral UK files of issue 17 end in time, through
the real commands.

Each once stalled a build or an import, or crashed it with a traceback: 60 overlapping terms from
the year 1 to 9999 (over 20 minutes), one term from 2026 to 9999 (78 s), one-day terms up to 9999
(417,000 EXDATEs per session), an import of 16,000 services of one name (107 s), JSON nested 5,000
deep and an integer of 5,001 digits (tracebacks). Now each ends in a clean build, or exit 1 with a
problem naming the file and line, in a few seconds. The ceiling is generous (10 s of CPU time,
which a machine shared with other work does not inflate as it does the wall clock; 60 s of wall
clock stops a stall), so that a return to quadratic work fails clearly.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SMALL_SITE
from tests.hostile.cases import HERE as HOSTILE

PROJECT = Path(__file__).resolve().parent.parent
BUILT_ON = "2026-12-02"
CPU_SECONDS = 10
WALL_SECONDS = 60


def run(*args: str | Path, ceiling: float = CPU_SECONDS) -> tuple[subprocess.CompletedProcess[str], float]:
    """The real sitegen command, and the CPU seconds it took (user and system), under ``ceiling``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", *map(str, args)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=WALL_SECONDS,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    assert cpu < ceiling, f"{cpu:.1f} s of CPU ({time.perf_counter() - started:.1f} s wall)"
    return done, cpu


def bundled_site(root: Path) -> Path:
    """A copy of the project's own site: its settings, term dates and 41 records."""
    site = root / "site"
    site.mkdir()
    for name in ("site.yml", "term-dates.yml"):
        shutil.copy(PROJECT / name, site / name)
    shutil.copytree(PROJECT / "content", site / "content")
    return site


@pytest.mark.slow
@pytest.mark.parametrize(
    ("file", "line"),
    [
        ("terms-sixty-overlapping.yml", 5),
        ("terms-one-to-9999.yml", 5),
        ("terms-one-day-to-9999.yml", 182),
        ("terms-many-short.yml", None),  # within the limits: builds, its calendars capped
    ],
)
def test_the_worst_term_dates_end_in_time(tmp_path, file, line):
    site = bundled_site(tmp_path)
    shutil.copy(HOSTILE / file, site / "term-dates.yml")
    done, _ = run("build", "--root", site, "--today", BUILT_ON)
    if line is None:
        assert done.returncode == 0, done.stderr
        calendars = sorted((site / "output/services").glob("*/sessions.ics"))
        assert calendars and all(ics.read_bytes().count(b",") < 400 for ics in calendars)
        return
    assert done.returncode == 1
    assert f"term-dates.yml:{line}: terms[" in done.stderr, done.stderr[-3000:]
    assert not (site / "output").exists()


@pytest.mark.slow
def test_a_record_with_sessions_from_the_year_1_to_9999_builds_in_time(tmp_path):
    site = bundled_site(tmp_path)
    shutil.copy(HOSTILE / "dates-extreme-session.yml", site / "content/services/dates-extreme-session.yml")
    done, _ = run("build", "--root", site, "--today", BUILT_ON)
    assert done.returncode == 0, done.stderr
    assert (site / "output/services/dates-extreme-session/sessions.ics").exists()


def _services(count: int) -> str:
    """``count`` services with one name, as another directory might list the same group's branches."""
    one = {
        "name": "Stay and Play",
        "description": "A friendly group for babies and toddlers.",
        "status": "active",
    }
    return json.dumps([{"id": f"service-{n}", **one} for n in range(count)])


@pytest.mark.slow
def test_an_import_of_16000_services_of_one_name_takes_linear_time(tmp_path):
    """Numbering 16,000 files of one name once took 107 s: each new name was tried against every
    earlier one. Linear work takes 5-6 times as long for 16,000 services as for 2,000 (the start-up
    is the same); numbering from slug-2 again for each name took 14 times as long. The ratio, unlike
    the seconds, hardly depends on how fast or how busy the machine is."""
    cpu = {}
    for count in (2_000, 16_000):
        site = tmp_path / f"site-{count}"
        shutil.copytree(SMALL_SITE, site)
        data = tmp_path / f"data-{count}.json"
        data.write_text(_services(count), encoding="utf-8")
        done, cpu[count] = run("import", "openreferral", data, "--root", site, ceiling=CPU_SECONDS * 3)
        assert done.returncode == 1  # the records written hold placeholders
        assert f"Imported {count} of {count} services" in done.stdout, done.stderr[-3000:]
        assert (site / f"content/services/stay-and-play-{count}.yml").exists()
        assert len(list((site / "content/services").glob("stay-and-play*.yml"))) == count
        listed = [line for line in done.stderr.splitlines() if line.startswith("  content/services/")]
        assert len(listed) == 20 and f"  and {count - 20:,} more records" in done.stderr
    assert cpu[16_000] / cpu[2_000] < 10, f"{cpu[16_000]:.1f} s against {cpu[2_000]:.1f} s of CPU"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"name": "Deep", "extra": ' + "[" * 5000 + "]" * 5000 + "}", "data.json:1: is not Open Referral"),
        (
            '{"name": "Big", "extra": ' + "9" * 5001 + "}",
            "data.json:1: holds a whole number 5,001 digits long",
        ),
    ],
    ids=["nested-5000-deep", "integer-of-5001-digits"],
)
def test_the_worst_open_referral_files_are_refused_in_time(tmp_path, text, said):
    site = tmp_path / "site"
    shutil.copytree(SMALL_SITE, site)
    data = tmp_path / "data.json"
    data.write_text(text, encoding="utf-8")
    before = sorted(p.name for p in (site / "content/services").iterdir())
    done, _ = run("import", "openreferral", data, "--root", site)
    assert done.returncode == 1  # the file is refused
    assert said in done.stderr and "Nothing was written." in done.stderr, done.stderr
    assert sorted(p.name for p in (site / "content/services").iterdir()) == before
