"""Work spread over the machine's cores, with the same result as doing it in one process.

Workers are forked, so they start with everything the parent has already worked out (the site,
the templates) and only their results travel back. Results come back in the order asked, so the
output is the same bytes whatever the number of jobs. Where forking is unsafe (another thread is
running, as in 'sitegen serve') or not worth it (little work), everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_TASKS: Sequence[Callable[[], object]] = ()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _run(index: int) -> object:
    return _TASKS[index]()


def run(
    tasks: Sequence[Callable[[], T]], jobs: int, on_done: Callable[[int, int], None] | None = None
) -> list[T]:
    """Each task's result, in order; tasks run in up to ``jobs`` forked processes.
    ``on_done(finished, total)`` hears as each task finishes, for a progress bar."""
    global _TASKS
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    results: list[T] = []
    if jobs <= 1 or len(tasks) <= 1 or not forkable:
        for task in tasks:
            results.append(task())
            if on_done:
                on_done(len(results), len(tasks))
        return results
    _TASKS = tasks
    try:
        # concurrent.futures, not multiprocessing.Pool: if a worker dies (killed, out of memory)
        # the build fails with BrokenProcessPool instead of waiting for it for ever
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=context) as pool:
            for result in pool.map(_run, range(len(tasks))):
                results.append(result)  # type: ignore[arg-type]
                if on_done:
                    on_done(len(results), len(tasks))
    finally:
        _TASKS = ()
    return results


def chunks(items: Sequence[T], jobs: int, per_job: int = 4) -> list[Sequence[T]]:
    """``items`` cut into about ``jobs * per_job`` runs in order, so a slow run does not hold all."""
    if jobs <= 1 or not items:
        return [items]
    count = max(1, min(len(items), jobs * per_job))
    size = -(-len(items) // count)
    return [items[i : i + size] for i in range(0, len(items), size)]
