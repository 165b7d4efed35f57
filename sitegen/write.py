"""The one writer of the output folder: all of the new site at once, or, in a preview, what changed.

Every file a build makes goes through a ``Writer``, which refuses a path made twice. A build's
site is written into a fresh folder beside the output folder, then swapped in. On Linux the
swap is one atomic ``renameat2(RENAME_EXCHANGE)``, so a web server or a reader never sees a
missing or half-written site; elsewhere it is two renames in quick succession. Either way a
build that fails or is killed before the swap leaves the previous site exactly as it was.
A preview writes only the files an edit changed (``write_changes``), each replaced in one step.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _plainly_inside(name: str) -> bool:
    """A relative path of plain names ('services/x/index.html'): what nearly every path is, known
    to be inside the output folder without making a path object of it."""
    return (
        bool(name)
        and name[0] != "/"
        and "\\" not in name
        and "\x00" not in name
        and all(part not in ("", ".", "..") for part in name.split("/"))
    )


def check_paths(files: Iterable[str]) -> None:
    """Every path must stay inside the output folder: a bug otherwise, so an exception."""
    for name in files:
        if _plainly_inside(name):
            continue
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name or "\x00" in name:
            raise ValueError(f"refusing to write outside the output folder: {name!r}")


def write_site(files: dict[str, bytes], output: Path) -> None:
    """Replace ``output`` with exactly these files."""
    with Staging(output) as staging:
        staging.put(files)
        staging.swap_in()


def write_changes(output_dir: Path, before: dict[str, bytes], after: dict[str, bytes]) -> int:
    """Write files that are new or changed, each replaced in one step; delete files now gone."""
    changed = {
        name: data
        for name, data in after.items()
        # the same object when not made again: no need to compare
        if (kept := before.get(name)) is not data and kept != data
    }
    check_paths(changed)
    written = 0
    for name, data in changed.items():
        target = output_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".sitegen-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
        written += 1
    for name in before.keys() - after.keys():
        gone = output_dir / name
        gone.unlink(missing_ok=True)
        folder = gone.parent
        while folder != output_dir and not any(folder.iterdir()):  # no empty folders left behind
            folder.rmdir()
            folder = folder.parent
    return written


class Staging:
    """A fresh folder beside ``output`` that a build writes into as it goes (so a large site need
    not be held in memory), swapped in whole at the end with ``swap_in()``; left unfinished, it
    is removed and ``output`` is untouched. Worker processes may ``put`` into it too."""

    def __init__(self, output: Path):
        self.output = output.absolute()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self._clear_abandoned()
        prefix = f".{self.output.name}.new-{os.getpid()}-"
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=self.output.parent))
        self._root = str(self.folder)
        self._made: set[str] = {""}  # folders known to exist (in this process), from the top

    def _clear_abandoned(self) -> None:
        """Remove the staging folders of builds that were killed (their process is gone)."""
        for folder in self.output.parent.glob(f".{self.output.name}.new-*-*"):
            pid = folder.name[len(f".{self.output.name}.new-") :].split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)

    def put(self, files: dict[str, bytes]) -> None:
        check_paths(files)
        for name in sorted(files):
            self._write(name, files[name])

    def put_one(self, name: str, data: bytes) -> None:
        check_paths((name,))
        self._write(name, data)

    def _write(self, name: str, data: bytes) -> None:
        """One file, its folder made first unless this process has made or seen it already."""
        folder = name.rpartition("/")[0]
        if folder not in self._made:
            os.makedirs(os.path.join(self._root, folder), exist_ok=True)
            self._made.add(folder)
        with open(os.path.join(self._root, name), "wb") as stream:
            stream.write(data)

    def swap_in(self) -> None:
        self.folder.chmod(0o755)
        _swap_in(self.folder, self.output)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_: object) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)


class DuplicatePath(ValueError):
    """Two parts of a build made the same output file: a bug, never an overwrite."""


class Writer:
    """Where a build puts every file it makes: kept in memory (``files``), or, given a staging
    folder, written there as they are made, keeping only what later steps need: each file's
    fingerprint, and the count and size of all of them. Worker processes write with
    ``written_by_worker`` and the build's own process ``add``s what they say they made.

    A path made twice is a bug (two stages, or a theme file and a made file, claiming one
    address): it is refused, never silently overwritten."""

    def __init__(self, staging: Staging | None = None):
        self.staging = staging
        self.files: dict[str, bytes] = {}
        self.prints: dict[str, str] = {}
        self.count = 0
        self.bytes = 0
        self.paths: set[str] = set()

    def written_by_worker(
        self, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]]
    ) -> tuple[dict[str, bytes], dict[str, str], int, int, list[str]]:
        """In a worker: write the files if there is a folder to write to (each as it comes, when
        they come one at a time), and say what was made."""
        pairs = files.items() if isinstance(files, Mapping) else files
        kept: dict[str, bytes] = {}
        prints: dict[str, str] = {}
        count = size = 0
        names: list[str] = []
        for name, data in pairs:
            names.append(name)
            if self.staging is None:
                kept[name] = data
            else:
                self.staging.put_one(name, data)
            if not name.endswith(".html"):
                prints[name] = hashlib.sha256(data).hexdigest()[:10]
            count, size = count + 1, size + len(data)
        return kept, prints, count, size, names

    def add(self, made: tuple[dict[str, bytes], dict[str, str], int, int, list[str]]) -> None:
        files, prints, count, size, names = made
        fresh = set(names)
        twice = self.paths & fresh
        if twice or len(fresh) != len(names):  # made by an earlier part, or twice by this one
            twice = twice or {name for name, n in Counter(names).items() if n > 1}
            raise DuplicatePath(f"two parts of the build both made {min(twice)!r}")
        self.paths |= fresh
        self.files |= files
        self.prints |= prints
        self.count += count
        self.bytes += size

    def put(self, files: dict[str, bytes]) -> None:
        self.add(self.written_by_worker(files))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process
        return True
    return True


def _swap_in(staging: Path, output: Path) -> None:
    if output.exists() and _exchange(staging, output):
        shutil.rmtree(staging)  # now holds the previous site
        return
    if output.exists():
        previous = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        previous.rmdir()
        os.rename(output, previous)
        os.rename(staging, output)
        shutil.rmtree(previous, ignore_errors=True)
    else:
        os.rename(staging, output)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2; False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
