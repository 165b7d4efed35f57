"""Work shared among processes: results in order, errors and dead helpers reported, no idle parent.

Each scenario runs in a fresh Python process: pytest's own process has other threads running
(the test web servers), and sitegen rightly refuses to fork beside threads.
"""

import functools
import os
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from sitegen import parallel
from sitegen.problems import ContentError, Problem


def pid_after(seconds: float, number: int) -> tuple[int, int]:
    time.sleep(seconds)
    return number, os.getpid()


def results_come_back_in_order_from_this_process_and_one_helper():
    tasks = [functools.partial(pid_after, 0.05 * (i % 3), i) for i in range(12)]
    finished = []
    results = parallel.run(tasks, 2, lambda done, total: finished.append((done, total)))
    assert [number for number, _ in results] == list(range(12))
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2  # this process works too: two processes on two jobs
    assert finished == [(n, 12) for n in range(1, 13)]


def fails_in_helper(parent: int) -> None:
    if os.getpid() != parent:
        raise ContentError([Problem("content/services/x.yml", 3, 1, "name", "bad name", "fix it")])
    time.sleep(0.5)  # let the helper take the other task


def an_error_in_a_helper_is_raised_here_as_it_was():
    parent = os.getpid()
    with pytest.raises(ContentError) as raised:
        parallel.run([functools.partial(fails_in_helper, parent)] * 2, 2)
    assert raised.value.problems[0].file == "content/services/x.yml"


def dies_in_helper(parent: int) -> None:
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.5)


def a_helper_killed_stops_the_run_instead_of_hanging():
    parent = os.getpid()
    started = time.perf_counter()
    with pytest.raises(BrokenProcessPool):
        parallel.run([functools.partial(dies_in_helper, parent)] * 4, 2)
    assert time.perf_counter() - started < 10


def test_one_job_or_one_task_runs_here():
    assert {pid for _, pid in parallel.run([functools.partial(pid_after, 0, i) for i in range(3)], 1)} == {
        os.getpid()
    }
    assert parallel.run([functools.partial(pid_after, 0, 7)], 4) == [(7, os.getpid())]


def sized(number: int) -> bytes:
    return bytes([number]) * (3 << 20)


def large_results_come_back_whole():
    """Results far larger than a pipe holds (3 MiB each) arrive whole and in order."""
    results = parallel.run([functools.partial(sized, i) for i in range(6)], 2)
    assert [r[:1] * len(r) == r and r[0] for r in results] == [0, 1, 2, 3, 4, 5]


def modelled_records_are_the_same_cut_into_any_runs():
    """A site's records modelled in runs of 50 (build.RECORDS_PER_TASK, 1,000 at real sizes) by two
    processes are the records modelled in one."""
    import datetime as dt
    import tempfile

    from bench.synthetic import make
    from sitegen import build
    from sitegen.load.files import read_sources
    from sitegen.model import content

    build.RECORDS_PER_TASK = 50
    with tempfile.TemporaryDirectory() as folder:
        sources = read_sources(make(600, Path(folder) / "site"))
    today = dt.date(2026, 11, 24)
    settings = content.read_settings(sources, today)
    items = list(sources.services.items())
    run_counts = []
    real_chunks = parallel.chunks

    def counted_chunks(*args, **kwargs):
        runs = real_chunks(*args, **kwargs)
        run_counts.append(len(runs))
        return runs

    parallel.chunks = counted_chunks
    two = build._model_all(items, settings.terms, today, settings.stale_after, 2)
    one = build._model_all(items, settings.terms, today, settings.stale_after, 1)
    assert run_counts[0] == 12, run_counts  # 600 records in runs of 50
    assert list(two) == list(one) == [file for file, _ in items]
    assert two == one


def test_a_helpers_pipe_holds_a_mebibyte_where_the_system_allows():
    """Results pass through the pipe a megabyte at a time, not 64 KiB (see parallel.PIPE_SIZE)."""
    import multiprocessing

    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipe sizes are a Linux setting")
    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)
    try:
        before = fcntl.fcntl(receiving.fileno(), fcntl.F_GETPIPE_SZ)
        parallel._widen(receiving)
        after = fcntl.fcntl(receiving.fileno(), fcntl.F_GETPIPE_SZ)
    finally:
        receiving.close()
        sending.close()
    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    assert after == min(parallel.PIPE_SIZE, limit) and after >= before


def _rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmRSS")


KEPT: list[bytes] = []


def makes_and_drops_200_mb() -> tuple[int, int]:
    made = [bytes(1000) + bytes([i % 256]) for i in range(200_000)]
    # made after them (and larger than any freed before), so that the top of the heap stays in use
    KEPT.append(bytes(4000))
    del made
    return os.getpid(), _rss_mb()


def memory_a_task_freed_goes_back_to_the_system():
    """parallel.give_back_freed_memory after each task: glibc would keep the 200 MB a task made
    and dropped, counted against the process, for as long as it runs."""
    for jobs in (1, 2):
        results = parallel.run([makes_and_drops_200_mb] * 2, jobs)
        here = [rss for pid, rss in results if pid == os.getpid()]
        assert here, results  # this process ran one of them
        assert _rss_mb() < min(here) - 150, (jobs, results, _rss_mb())


def portable_results_come_back_in_order_from_a_fresh_helper_and_this_process():
    """run_beside: this process runs the tasks only it can; the portable ones are shared between it
    and a helper that is a new interpreter (not a fork: its parent is this process, but it shares
    none of its memory), and every result comes back in order."""
    here = os.getpid()
    tasks = [functools.partial(pid_after, 0.3, i) for i in range(2)]
    portable = [parallel.Portable(pid_after, (0.05 * (i % 3), 2 + i)) for i in range(12)]
    finished = []
    results = parallel.run_beside(tasks, portable, 2, lambda done, total: finished.append((done, total)))
    assert [number for number, _ in results] == list(range(14))
    assert {pid for _, pid in results[:2]} == {here}
    helpers = {pid for _, pid in results[2:]} - {here}
    assert len(helpers) == 1  # the helper took portable tasks while this process ran its own
    assert len(finished) == 14 and finished[-1] == (14, 14)
    alone = parallel.run_beside(tasks, portable, 1)
    assert alone == [(n, here) for n in range(14)]  # one job: everything here


def an_error_in_a_fresh_helper_is_raised_here_as_it_was():
    parent = os.getpid()
    with pytest.raises(ContentError) as raised:
        parallel.run_beside(
            [functools.partial(time.sleep, 1)], [parallel.Portable(fails_in_helper, (parent,))], 2
        )
    assert raised.value.problems[0].file == "content/services/x.yml"


def a_fresh_helper_killed_stops_the_run_instead_of_hanging():
    parent = os.getpid()
    started = time.perf_counter()
    with pytest.raises(BrokenProcessPool):
        parallel.run_beside(
            [functools.partial(time.sleep, 1)], [parallel.Portable(dies_in_helper, (parent,))] * 4, 2
        )
    assert time.perf_counter() - started < 10


PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "scenario",
    [
        "results_come_back_in_order_from_this_process_and_one_helper",
        "an_error_in_a_helper_is_raised_here_as_it_was",
        "a_helper_killed_stops_the_run_instead_of_hanging",
        "large_results_come_back_whole",
        "modelled_records_are_the_same_cut_into_any_runs",
        "memory_a_task_freed_goes_back_to_the_system",
        "portable_results_come_back_in_order_from_a_fresh_helper_and_this_process",
        "an_error_in_a_fresh_helper_is_raised_here_as_it_was",
        "a_fresh_helper_killed_stops_the_run_instead_of_hanging",
    ],
)
def test_in_a_fresh_process(scenario):
    done = subprocess.run(
        [sys.executable, "-c", f"from tests.test_parallel import {scenario}; {scenario}()"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
