"""Work spread over the machine's cores, with the same result as doing it in one process.

This process and ``jobs - 1`` forked helpers take tasks in turn from one shared counter, so a
slow task does not hold the others up and no process sits idle waiting: on 2 cores, two
processes in all (a pool of two workers and a waiting parent would be three, each holding its
own copy of what it touches of the site). Helpers are forked, so they start with everything
this process has already worked out (the site, the templates) and only their results travel
back. Results come back in the order asked, so the output is the same bytes whatever the
number of jobs. Where forking is unsafe (another thread is running, as in 'sitegen serve') or
not worth it (little work), everything runs in this process.

For a site too large to hold twice, ``run_beside`` shares only "portable" tasks (a function and
pickled arguments) with helpers that are new interpreters, holding nothing but what they are
given, while this process runs the tasks that need everything it holds.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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


def _outcome(number: int, task: Callable[[], object]) -> tuple[int, bool, object]:
    """In a helper: the numbered task's result, or the error it raised, to send back."""
    try:
        return (number, True, task())
    except BaseException as error:  # noqa: BLE001 - sent back and raised in the parent
        return (number, False, error)


def _send_back(connection: Any, outcome: tuple[int, bool, object]) -> None:
    """In a helper: send an outcome; an error that cannot be pickled goes as a RuntimeError naming it."""
    try:
        connection.send(outcome)
    except Exception as error:  # noqa: BLE001 - an error that cannot be pickled
        connection.send((outcome[0], False, RuntimeError(f"{type(error).__name__}: {error}")))


def _help(counter: Any, results: Any) -> None:
    """A helper's life: take tasks until none are left, sending back each result (or error)."""
    try:
        while (number := _take(counter)) < len(_TASKS):
            outcome = _outcome(number, _TASKS[number])
            give_back_freed_memory()
            _send_back(results, outcome)
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


@dataclass(frozen=True)
class Portable(Generic[T]):
    """A task that a fresh process can run: a function importable by its name, and arguments that
    pickle. Unlike a task of ``run``, it needs nothing this process has worked out but what it
    is given."""

    function: Callable[..., T]
    args: tuple

    def __call__(self) -> T:
        return self.function(*self.args)


def run_beside(
    tasks: Sequence[Callable[[], T]],
    portable: Sequence[Portable[T]],
    jobs: int,
    on_done: Callable[[int, int], None] | None = None,
) -> list[T]:
    """The results of ``tasks`` and then of ``portable``, in order, from this process and up to
    ``jobs - 1`` fresh helper processes: new interpreters (not forks), holding nothing of this
    one's memory. This process runs ``tasks`` (which may need anything it holds) and then takes
    portable tasks with the helpers, which are sent each portable task, pickled, as they ask.

    For a site too large to hold twice: a forked helper starts by sharing this process's memory,
    but in CPython reading an object writes its reference count, so each process soon has its
    own copy of every page of the site that either reads. A fresh helper holds only the tasks
    it is given. Starting one costs about half a second of imports (while this process works),
    and its tasks' arguments are pickled on the way, so ``run`` is quicker where memory is not
    the limit. ``on_done`` and errors as for ``run``."""
    helpers_wanted = min(jobs - 1, len(portable))
    if helpers_wanted < 1:
        return run([*tasks, *portable], 1, on_done)

    total = len(tasks) + len(portable)
    arrived: queue.Queue[tuple[int | None, Any, Any]] = queue.Queue()
    done: dict[int, T] = {}
    lock = threading.Lock()
    next_portable = [0]

    def take_portable() -> int | None:
        with lock:
            number = next_portable[0]
            if number >= len(portable):
                return None
            next_portable[0] += 1
            return number

    helpers: list[subprocess.Popen] = []
    feeders = []
    # Objects made so far (the site) are left out of garbage collection while this process works
    # beside its helpers: scanning every one of them, again and again, took a tenth of its time.
    gc.freeze()
    try:
        for _ in range(helpers_wanted):
            helper, ours = _fresh_helper()
            helpers.append(helper)
            feeders.append(
                threading.Thread(
                    target=_feed, args=(ours, len(helpers) - 1, portable, take_portable, arrived, len(tasks))
                )
            )
        for feeder in feeders:
            feeder.start()

        def collect(outcome: tuple) -> None:
            number, ok, value = outcome
            if number is None:  # a helper was sent its last task: fine if it ended well
                code = helpers[ok].wait()
                if code != 0 or not value:
                    raise BrokenProcessPool(f"a worker process stopped (exit code {code})")
                return
            if not ok:
                raise value
            done[number] = value
            if on_done:
                on_done(len(done), total)

        def run_here(number: int, task: Callable[[], T]) -> None:
            result = task()
            give_back_freed_memory()
            collect((number, True, result))
            while not arrived.empty():
                collect(arrived.get())

        for number, task in enumerate(tasks):
            run_here(number, task)
        while (index := take_portable()) is not None:
            run_here(len(tasks) + index, portable[index])
        while len(done) < total:
            collect(arrived.get())
        return [done[number] for number in range(total)]
    finally:
        with lock:
            next_portable[0] = len(portable)  # the feeders send no more
        for helper in helpers:
            if len(done) < total and helper.poll() is None:
                helper.kill()
        for feeder in feeders:
            if feeder.is_alive():
                feeder.join()
        for helper in helpers:
            helper.wait()
        gc.unfreeze()


def _fresh_helper() -> tuple[subprocess.Popen, Any]:
    """A new interpreter running _serve, importing modules from where this one does, and this
    process's end of the connection to it. Started as a program, not with multiprocessing's
    "spawn", which runs this process's main script again in the helper (and fails where there is
    none to run, as for a program read from standard input)."""
    ours, theirs = socket.socketpair()
    path = os.pathsep.join(entry or os.getcwd() for entry in sys.path)
    try:
        helper = subprocess.Popen(
            [sys.executable, "-c", _SERVE, str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            env={**os.environ, "PYTHONPATH": path},
        )
    finally:
        theirs.close()
    connection = multiprocessing.connection.Connection(ours.detach())
    return helper, connection


_SERVE = "import sys, multiprocessing.connection as c, sitegen.parallel as p; p._serve(c.Connection(int(sys.argv[1])))"


def _serve(connection: Any) -> None:
    """A fresh helper's life: run each portable task it is sent and send back its result (or
    error), until it is sent None. A thread takes in the tasks as they come, so that the next
    is here (and unpickled) when one ends, and the sender is never kept waiting."""
    sent: queue.Queue[tuple[int, Portable] | None] = queue.Queue()

    def take_in() -> None:
        try:
            while (work := _unpickled(connection)) is not None:
                sent.put(work)
        except (EOFError, OSError):  # this process's end closed: it has stopped
            pass
        sent.put(None)

    threading.Thread(target=take_in, daemon=True).start()
    try:
        while (work := sent.get()) is not None:
            outcome = _outcome(*work)
            del work  # the task's arguments, freed before the memory is given back
            give_back_freed_memory()
            _send_back(connection, outcome)
            del outcome
    except OSError:  # this process's end closed: it has stopped
        pass


def _unpickled(connection: Any) -> Any:
    """The next thing sent, unpickled with the garbage collector paused: a task's arguments are
    many objects (a thousand services are about 16,000) that the collector would scan over and
    over as they arrive, more than doubling the time they take to unpickle."""
    data = connection.recv_bytes()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        gc.enable()


# How many portable tasks a fresh helper is sent ahead: the one it runs and the next, so that it
# need not wait while this process, busy with its own tasks, pickles the next one.
AHEAD = 2


def _feed(
    connection: Any,
    helper: int,
    portable: Sequence[Portable],
    take: Callable[[], int | None],
    arrived: queue.Queue,
    offset: int = 0,
) -> None:
    """In a thread of this process: keep a fresh helper AHEAD portable tasks ahead, passing on
    each result (numbered from ``offset``) as it comes back, then tell it to stop, and say
    whether it got that far (not if the helper died)."""
    ended_well = False
    waiting = 0
    try:
        while True:
            while waiting < AHEAD and (index := take()) is not None:
                connection.send((index, portable[index]))
                waiting += 1
            if not waiting:
                break
            number, ok, value = connection.recv()
            waiting -= 1
            arrived.put((number + offset, ok, value))
        connection.send(None)
        ended_well = True
    except (EOFError, OSError):
        pass
    finally:
        connection.close()
        arrived.put((None, helper, ended_well))


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
