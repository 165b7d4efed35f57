"""Work spread over the machine's cores, with the same result as doing it in one process.

This process and ``jobs - 1`` forked helpers take tasks in turn from one shared counter, so a
slow task does not hold the others up and no process sits idle waiting: on 2 cores, two
processes in all (a pool of two workers and a waiting parent would be three, each holding its
own copy of what it touches of the site). Helpers are forked, so they start with everything
this process has already worked out (the site, the templates) and only their results travel
back. Results come back in the order asked, so the output is the same bytes whatever the
number of jobs. Where forking is unsafe (another thread is running, as in 'sitegen serve') or
not worth it (little work), everything runs in this process.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - not a Unix
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")

_TASKS: Sequence[Callable[[], object]] = ()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _malloc_trim() -> Callable[[int], int] | None:
    """The C library's malloc_trim, where it has one (glibc), else None."""
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (AttributeError, OSError, TypeError):  # pragma: no cover - not glibc, or no C library to open
        return None


_TRIM = _malloc_trim()


def give_back_freed_memory() -> None:
    """Hand the memory that Python freed back to the system. glibc keeps freed memory for the
    process to use again, and only returns what lies at the top of its heap; after a task that
    made and dropped much (the feed's lists, a run of pages, a run of records modelled), most of
    it stays counted against the process. At 100,000 records, calling this after each task
    (127 calls, 0.05 s in all) took both processes together from about 1,200 MB to about 1,000 MB
    through the second half of a build (docs/performance.md)."""
    if _TRIM is not None:
        _TRIM(0)


def _take(counter: Any) -> int:
    with counter.get_lock():
        number = counter.value
        counter.value += 1
    return number


def _help(counter: Any, results: Any) -> None:
    """A helper's life: take tasks until none are left, sending back each result (or error)."""
    try:
        while (number := _take(counter)) < len(_TASKS):
            try:
                outcome = (number, True, _TASKS[number]())
            except BaseException as error:  # noqa: BLE001 - sent back and raised in the parent
                outcome = (number, False, error)
            give_back_freed_memory()
            try:
                results.send(outcome)
            except Exception as error:  # noqa: BLE001 - an error that cannot be pickled
                results.send((number, False, RuntimeError(f"{type(error).__name__}: {error}")))
        results.close()
    finally:
        os._exit(0)


def run(
    tasks: Sequence[Callable[[], T]], jobs: int, on_done: Callable[[int, int], None] | None = None
) -> list[T]:
    """Each task's result, in order; tasks run in this process and up to ``jobs - 1`` forked ones.
    ``on_done(finished, total)`` hears as each task finishes, for a progress bar. If a helper
    process dies (killed, out of memory), BrokenProcessPool is raised instead of waiting for ever."""
    global _TASKS
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if jobs <= 1 or len(tasks) <= 1 or not forkable:
        results: list[T] = []
        for task in tasks:
            results.append(task())
            give_back_freed_memory()
            if on_done:
                on_done(len(results), len(tasks))
        return results

    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    arrived: queue.Queue[tuple[int, bool, Any] | tuple[None, int, None]] = queue.Queue()
    done: dict[int, T] = {}
    _TASKS = tasks
    # Objects made so far are left out of the helpers' garbage collection: scanning them would
    # write to every one, copying the memory the helpers share with this process.
    gc.freeze()
    give_back_freed_memory()  # before forking: the helpers need not share what is free
    helpers, readers = [], []
    try:
        for _ in range(min(jobs, len(tasks)) - 1):
            receiving, sending = context.Pipe(duplex=False)
            _widen(receiving)
            helper = context.Process(target=_help, args=(counter, sending), daemon=True)
            helper.start()
            sending.close()
            helpers.append(helper)
            readers.append(threading.Thread(target=_receive, args=(receiving, len(helpers) - 1, arrived)))
        for reader in readers:
            reader.start()

        def collect(outcome: tuple) -> None:
            number, ok, value = outcome
            if number is None:  # a helper's pipe closed: fine if it ended well
                helper = helpers[ok]
                helper.join()
                if helper.exitcode != 0:
                    raise BrokenProcessPool(f"a worker process stopped (exit code {helper.exitcode})")
                return
            if not ok:
                raise value
            done[number] = value
            if on_done:
                on_done(len(done), len(tasks))

        while (number := _take(counter)) < len(tasks):
            result = tasks[number]()
            give_back_freed_memory()
            collect((number, True, result))
            while not arrived.empty():
                collect(arrived.get())
        while len(done) < len(tasks):
            collect(arrived.get())
        return [done[number] for number in range(len(tasks))]
    finally:
        for helper in helpers:
            if helper.is_alive():
                helper.kill()
            helper.join()
        for reader in readers:
            if reader.is_alive():
                reader.join()
        gc.unfreeze()
        _TASKS = ()


# The most a pipe may hold here (Linux lets anyone widen a pipe to /proc/sys/fs/pipe-max-size,
# 1 MiB by default). A helper's results travel through its pipe to a thread of this process,
# which must take the interpreter lock for every piece it reads while this process's own thread
# is busy with tasks and hands the lock over only every few milliseconds: with the default 64 KiB
# pipe, the 2,500 modelled records of one task (about 3 MB) took seconds to arrive, and the
# helper, waiting to send them, took no more tasks (20,000 records modelled in 7.2 s in two
# processes against 8.1 s in one; 5.1 s with this and runs of 1,000 records, build._model_all).
PIPE_SIZE = 1 << 20


def _widen(connection: Any) -> None:
    """Make the pipe under ``connection`` hold PIPE_SIZE bytes where the system allows."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or a lower limit: left as it was
        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_SIZE)


def _receive(connection: Any, helper: int, arrived: queue.Queue) -> None:
    """In a thread of this process: pass on a helper's results as they come, then say it ended."""
    try:
        while True:
            arrived.put(connection.recv())
    except (EOFError, OSError):
        arrived.put((None, helper, None))
    finally:
        connection.close()


def chunks(items: Sequence[T], jobs: int, per_job: int = 4) -> list[Sequence[T]]:
    """``items`` cut into about ``jobs * per_job`` runs in order, so a slow run does not hold all."""
    if jobs <= 1 or not items:
        return [items]
    count = max(1, min(len(items), jobs * per_job))
    size = -(-len(items) // count)
    return [items[i : i + size] for i in range(0, len(items), size)]
