"""Build speed and memory at 1,000, 10,000 and 100,000 records, with one command.

    .venv/bin/python bench/build_speed.py                 # 1,000 and 10,000 (3 runs each)
    .venv/bin/python bench/build_speed.py 100000 --runs 1 # the largest size, once
    .venv/bin/python bench/build_speed.py 1000 10000 100000 --write docs/performance-results.md

For each size it makes a synthetic directory (bench/synthetic.py: the same records every time),
then measures, each as the median of --runs runs:

- a cold build: 'sitegen build --no-cache' in a fresh process, the page cache dropped first
  where the benchmark may (as root: see drop_page_cache), everything from the YAML to
  output/ (search index, calendars, spreadsheet and every other export included), with its peak memory: all
  its processes together (their summed proportional set size, sampled five times a second, so
  memory shared after a fork counts once), and the largest resident set of the main process
  and of its helper processes;
- 'sitegen build' again with its cache (.sitegen-cache/): when nothing changed, and after one
  record changed, which makes again only what that record touches and links every other file
  from the last output (each checked to give the same bytes as a build without the cache; wall
  clock and the CPU time, user and system, of all the build's processes; each timed once the
  last build's previous output is removed, which a build does not wait for);
- a rebuild after editing one record, as 'sitegen serve' does it: the time until the edited
  page and every list showing it are written, and the time until the search index has caught up;
- rebuilds after editing a template, as 'sitegen serve' does them: one page's (404.html), and
  the layout every page extends (base.html): the time until the page being looked at shows the
  edit (the server renders it and the home page first), and until every page does;
- the output's size, and the search index's size raw and gzipped.

It also checks that a build in one process and a build in several give the same bytes.
Timings on a shared machine are noisy: read medians and ratios, not single runs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.synthetic import make  # noqa: E402
from sitegen.commands.preview import IncrementalBuild  # noqa: E402
from sitegen.exports.search import index as search  # noqa: E402

TODAY = dt.date(2026, 11, 24)
SITEGEN = [sys.executable, "-m", "sitegen"]


def _tree(root: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss(pid: int) -> int:
    """A process's proportional set size: its own memory plus its share of what it shares."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class MemoryWatch:
    """The peak of the memory all of a process tree holds together (summed PSS, sampled 5 times a
    second): what the machine must have free, counting memory shared after a fork once."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, sum(_pss(pid) for pid in _tree(self.pid)))

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def cold_build(
    root: Path,
    out: Path,
    jobs: int | None = None,
    cache: bool = False,
    fresh: bool = True,
    drop: bool = False,
) -> tuple[float, int, int, int]:
    """Seconds; peak memory of the main process, of its largest helper, and of all of them
    together (bytes). Cold: no output folder and no cache, unless ``fresh`` is False and ``cache``
    True, for a rebuild; with ``drop``, the page cache dropped first too (drop_page_cache)."""
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    if drop:
        drop_page_cache()
    command = [*SITEGEN, "build", "--root", str(root), "--output", str(out), "--today", TODAY.isoformat()]
    if jobs:
        command += ["--jobs", str(jobs)]
    if not cache:
        command += ["--no-cache"]
    # a small wrapper reports the build process's own peak and its workers' peak separately
    probe = (
        "import resource, runpy, sys; sys.argv = ['sitegen', *sys.argv[1:]];"
        "code = 0\n"
        "try:\n    runpy.run_module('sitegen', run_name='__main__')\n"
        "except SystemExit as end:\n    code = end.code or 0\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print('PEAK', own, workers, file=sys.stderr)\n"
        "sys.exit(code)"
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", probe, *command[3:]],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    watch = MemoryWatch(process.pid)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    together = watch.stop()
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{stdout}\n{stderr}")
    peak = next(line for line in stderr.splitlines() if line.startswith("PEAK")).split()
    return seconds, int(peak[1]) * 1024, int(peak[2]) * 1024, together


def drop_page_cache() -> None:
    """Write out and drop the page cache, as ../shared/bench/vs_peers.sh does before each run, where
    this process may (root on Linux; elsewhere only written out). Without it, on the machines these
    figures come from, creating files took more system time with every build (1.6 s, then 4.4,
    10.9, 15.5 and 17.4 s in five builds of 10,000 records in a row, whichever code built them),
    so a cold build's time depended on what ran before it."""
    os.sync()
    with contextlib.suppress(OSError):
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def edit_record(root: Path, words: str) -> tuple[Path, str]:
    """The record in the middle of the directory, its summary starting with ``words``; returns it and its text before."""
    records = sorted((root / "content/services").glob("*.yml"))
    record = records[len(records) // 2]
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace("summary: ", f"summary: {words} ", 1), encoding="utf-8")
    return record, original


def _settled(out: Path) -> None:
    """Wait until the output folder's previous versions are removed (a build does not wait for
    that: write.Staging.swap_in), so one timed build does not pay for the last one's removal."""
    deadline = time.monotonic() + 600
    while any(out.parent.glob(f".{out.name}.*")) and time.monotonic() < deadline:
        time.sleep(0.5)


def _cpu_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def cached_rebuilds(
    root: Path, out: Path, runs: int
) -> tuple[list[float], list[float], list[float], list[float], bool]:
    """'sitegen build' with the cache: seconds (and seconds of CPU, user and system, of all its
    processes) when nothing changed, and after one record edit; and whether each gave the same
    bytes as a build without the cache (made in a folder of its own, so that the next cached build
    still finds its output as it left it)."""
    shutil.rmtree(root / ".sitegen-cache", ignore_errors=True)
    plain = out.with_name(out.name + "-plain")
    cold_build(root, out, cache=True)  # fills the cache
    same = True
    unchanged, one_record, unchanged_cpu, one_record_cpu = [], [], [], []

    def timed(seconds: list[float], cpu: list[float]) -> None:
        _settled(out)
        before = _cpu_of_children()
        seconds.append(cold_build(root, out, cache=True, fresh=False)[0])
        cpu.append(_cpu_of_children() - before)

    for _ in range(runs):
        timed(unchanged, unchanged_cpu)
    cold_build(root, plain)
    same &= tree_digest(plain) == tree_digest(out)
    for run in range(runs):
        record, original = edit_record(root, f"Rebuilt {run}.")
        timed(one_record, one_record_cpu)
        cold_build(root, plain)
        same &= tree_digest(plain) == tree_digest(out)
        record.write_text(original, encoding="utf-8")
    shutil.rmtree(plain, ignore_errors=True)
    return unchanged, one_record, unchanged_cpu, one_record_cpu, same


def edits(root: Path, runs: int) -> tuple[list[float], list[float], list[float], list[float], list[float]]:
    """Serve-style rebuilds: after one record edit (pages, then search caught up), after editing
    one page's template, and the layout every page extends (the page looked at, then all)."""
    preview = root / "preview"
    builder = IncrementalBuild(root, preview, "http://127.0.0.1:8000/")
    builder.build(TODAY)
    record = sorted((root / "content/services").glob("*.yml"))[
        len(list((root / "content/services").glob("*.yml"))) // 2
    ]
    original = record.read_text(encoding="utf-8")
    pages_ready, search_ready, template = [], [], []
    for run in range(runs):
        record.write_text(original.replace("summary: ", f"summary: Edited {run}. ", 1), encoding="utf-8")
        started = time.perf_counter()
        builder.build(TODAY)
        pages_ready.append(time.perf_counter() - started)
        builder.finish()
        search_ready.append(time.perf_counter() - started)
    record.write_text(original, encoding="utf-8")
    theme = root / "themes/local/templates"
    theme.mkdir(parents=True, exist_ok=True)
    config = root / "site.yml"
    config.write_text(config.read_text(encoding="utf-8") + "theme: themes/local\n", encoding="utf-8")
    builder.build(TODAY)
    footer = (PROJECT / "themes/default/templates/404.html").read_text(encoding="utf-8")
    for run in range(runs):
        (theme / "404.html").write_text(
            footer.replace("Page not found", f"Page not found ({run})"), encoding="utf-8"
        )
        started = time.perf_counter()
        builder.build(TODAY)
        template.append(time.perf_counter() - started)
    layout = (PROJECT / "themes/default/templates/base.html").read_text(encoding="utf-8")
    looked_at = f"services/{record.stem}/"
    builder.served(looked_at)  # as the server notes each page it sends
    page_ready, every_page = [], []
    for run in range(runs):
        (theme / "base.html").write_text(
            layout.replace("</body>", f"<!-- {run} --></body>"), encoding="utf-8"
        )
        started = time.perf_counter()
        builder.build(TODAY)
        page_ready.append(time.perf_counter() - started)
        if f"<!-- {run} -->" not in (preview / looked_at / "index.html").read_text(encoding="utf-8"):
            raise SystemExit("the page looked at does not show the layout edit")
        builder.finish_pages()
        every_page.append(time.perf_counter() - started)
    return pages_ready, search_ready, template, page_ready, every_page


def measure(count: int, runs: int, folder: Path) -> dict:
    root = make(count, folder / f"site-{count}")
    (root / "node_modules").symlink_to(PROJECT / "node_modules")
    out = folder / f"out-{count}"
    builds = [cold_build(root, out, drop=True) for _ in range(runs)]
    seconds = [b[0] for b in builds]
    digest = tree_digest(out)
    one_process = cold_build(root, out, jobs=1, drop=True)
    same = tree_digest(out) == digest
    index = [(out / name).read_bytes() for name in search.INDEX_FILES]
    result = {
        "records": count,
        "runs": runs,
        "cold_build_s": statistics.median(seconds),
        "cold_build_one_process_s": one_process[0],
        "peak_main_mb": max(b[1] for b in builds) / 1e6,
        "peak_worker_mb": max(b[2] for b in builds) / 1e6,
        "peak_together_mb": max(b[3] for b in builds) / 1e6,
        "same_output_one_or_many_processes": same,
        "output_mb": folder_size(out) / 1e6,
        "files": sum(1 for p in out.rglob("*") if p.is_file()),
        "index_kb": sum(len(b) for b in index) / 1e3,
        "index_gzip_kb": sum(len(gzip.compress(b, 6)) for b in index) / 1e3,
    }
    unchanged, one_record, unchanged_cpu, one_record_cpu, same_cached = cached_rebuilds(root, out, runs)
    result |= {
        "rebuild_unchanged_s": statistics.median(unchanged),
        "rebuild_one_record_s": statistics.median(one_record),
        "rebuild_unchanged_cpu_s": statistics.median(unchanged_cpu),
        "rebuild_one_record_cpu_s": statistics.median(one_record_cpu),
        "same_output_with_cache": same_cached,
    }
    if count <= 20_000:  # serve-style rebuilds; at 100,000 a preview is not what people run
        pages_ready, search_ready, template, page_ready, every_page = edits(root, runs)
        result |= {
            "record_edit_pages_s": statistics.median(pages_ready),
            "record_edit_search_s": statistics.median(search_ready),
            "template_edit_s": statistics.median(template),
            "layout_edit_s": statistics.median(page_ready),
            "layout_edit_all_s": statistics.median(every_page),
        }
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    return result


def table(results: list[dict]) -> str:
    def cell(r: dict, key: str, fmt: str) -> str:
        return format(r[key], fmt) if key in r else "–"

    lines = [
        "| records | cold build (median) | in one process | peak memory: all processes together (main / largest helper) | build again, cached: nothing changed / one record (CPU) | preview record edit: pages / search | preview template edit: one page's / the layout (page looked at; all pages) | output | search index (gzipped) | same bytes 1 or N processes / with cache or not |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['records']:,} | {r['cold_build_s']:.1f} s | {r['cold_build_one_process_s']:.1f} s | "
            f"{r['peak_together_mb']:,.0f} MB ({r['peak_main_mb']:,.0f} / {r['peak_worker_mb']:,.0f}) | "
            f"{r['rebuild_unchanged_s']:.1f} s / {r['rebuild_one_record_s']:.1f} s "
            f"({cell(r, 'rebuild_unchanged_cpu_s', '.1f')} s / {cell(r, 'rebuild_one_record_cpu_s', '.1f')} s) | "
            f"{cell(r, 'record_edit_pages_s', '.2f')} s / {cell(r, 'record_edit_search_s', '.1f')} s | "
            f"{cell(r, 'template_edit_s', '.2f')} s / {cell(r, 'layout_edit_s', '.2f')} s "
            f"({cell(r, 'layout_edit_all_s', '.1f')} s) | "
            f"{r['output_mb']:.0f} MB in {r['files']:,} files | "
            f"{r['index_kb']:,.0f} KB ({r['index_gzip_kb']:,.0f} KB) | "
            f"{'yes' if r['same_output_one_or_many_processes'] else 'NO'} / "
            f"{'yes' if r['same_output_with_cache'] else 'NO'} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown")
    parser.add_argument("--write", type=Path, help="also write the table (and the raw figures) to this file")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as temp:
        for count in args.sizes:
            print(f"measuring {count:,} records...", file=sys.stderr, flush=True)
            results.append(measure(count, args.runs, Path(temp)))
    text = table(results)
    # which build of Python: one built without optimisation (pyenv's default) is about 10% slower
    interpreter = Path(sys.executable).resolve()
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]} ({interpreter}), {time.strftime('%Y-%m-%d')}"
    print(text)
    print(f"\n{machine}")
    if args.write:
        args.write.write_text(
            f"<!-- made by bench/build_speed.py: {machine} -->\n\n{text}\n\n```json\n{json.dumps(results, indent=1)}\n```\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main(sys.argv[1:])
