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
import errno
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# A file as the system describes it once written: its mode, size, inode, and the times of its last
# change of content and of anything (nanoseconds); what cache/last_build.listing keeps of each file.
Stat = tuple[int, int, int, int, int]
LISTED = 1 << 256  # the listing's shares add up modulo this


def listed_share(line: str) -> int:
    """One folder's or file's share of the output's listing (cache/last_build.listing): the hash
    of its line, as a number. The listing adds the shares up, so that the processes that wrote
    the files can add up theirs and the order in which files are seen does not matter."""
    return int.from_bytes(hashlib.blake2b(line.encode("utf-8", "surrogateescape"), digest_size=32).digest())


def stat_of(found: os.stat_result) -> Stat:
    """What the listing keeps of what the system says of a file."""
    return found.st_mode, found.st_size, found.st_ino, found.st_mtime_ns, found.st_ctime_ns


def file_line(name: str, stat: Stat) -> str:
    """A file's line in the listing: its name in the output folder, mode, size, inode and times."""
    mode, size, inode, modified, changed = stat
    return f"f {name} {mode} {size} {inode} {modified} {changed}"


_RENAME_EXCHANGE = 2
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
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


def changed_names(
    before: dict[str, bytes], after: dict[str, bytes], only: Collection[str] | None = None
) -> tuple[dict[str, bytes], list[str]]:
    """The files of ``after`` that are new or whose bytes differ from ``before``'s, and the names
    of ``before`` that ``after`` has not. ``only``: the only names that can be either (every
    other name is in both, the very same object), so that a preview's edit looks at the few
    files it made, not at all 61,000 of a large site; None looks at every name."""
    names = after.keys() if only is None else [name for name in only if name in after]
    changed = {
        name: data
        for name in names
        # the same object when not made again: no need to compare
        if (kept := before.get(name)) is not (data := after[name]) and kept != data
    }
    if only is None:
        return changed, list(before.keys() - after.keys())
    return changed, [name for name in only if name in before and name not in after]


def write_changes(
    output_dir: Path, before: dict[str, bytes], after: dict[str, bytes], only: Collection[str] | None = None
) -> int:
    """Write files that are new or changed, each replaced in one step; delete files now gone.
    ``only``: as for ``changed_names``."""
    changed, gone_names = changed_names(before, after, only)
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
    for name in gone_names:
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
        self._swapped = False  # once swapped in, the folder holds the previous site, its remover's

    def __getstate__(self) -> dict[str, object]:
        """Sent to another process (a fresh helper writing into it): without the folders this
        process knows it made, which the other finds for itself (100,000 of them at 100,000 services)."""
        return {**self.__dict__, "_made": {""}}

    def _clear_abandoned(self) -> None:
        """Remove the staging folders of builds that were killed, and previous sites that their
        remover (``swap_in(wait=False)``) was killed before removing: their process is gone."""
        for kind in ("new", "old"):
            prefix = f".{self.output.name}.{kind}-"
            for folder in self.output.parent.glob(f"{prefix}*-*"):
                pid = folder.name[len(prefix) :].split("-", 1)[0]
                if pid.isdigit() and not _alive(int(pid)):
                    shutil.rmtree(folder, ignore_errors=True)

    def put(self, files: dict[str, bytes]) -> None:
        check_paths(files)
        for name in sorted(files):
            self._write(name, files[name])

    def put_one(self, name: str, data: bytes) -> Stat:
        check_paths((name,))
        return self._write(name, data)

    def link_one(self, name: str, previous: Path) -> None:
        """The file of this name in the ``previous`` output, the same bytes: a hard link to it
        (a copy where the two folders are on different file systems)."""
        check_paths((name,))
        self._folder_of(name)
        source, target = os.path.join(previous, name), os.path.join(self._root, name)
        try:
            os.link(source, target)
        except OSError as error:
            if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                raise
            shutil.copyfile(source, target)

    def _folder_of(self, name: str) -> None:
        folder = name.rpartition("/")[0]
        if folder not in self._made:
            os.makedirs(os.path.join(self._root, folder), exist_ok=True)
            self._made.add(folder)

    def _write(self, name: str, data: bytes) -> Stat:
        """One file, its folder made first unless this process has made or seen it already, and
        what the system says of it once written (see Stat). Written with the operating system's
        own calls: open() would also ask whether the file is a terminal and how large its blocks
        are: two more system calls for each of tens of thousands of files."""
        self._folder_of(name)
        handle = os.open(os.path.join(self._root, name), _NEW_FILE, 0o666)
        try:
            left = memoryview(data)
            while left:
                left = left[os.write(handle, left) :]
            found = os.fstat(handle)
        finally:
            os.close(handle)
        return stat_of(found)

    def swap_in(self, wait: bool = True) -> None:
        """Put the new site in place of the output folder. Unless ``wait``, the previous site's
        files are removed now but its folders by a process of its own that this one does not
        wait for: removing tens of thousands of folders can take longer than the build on some
        file systems, and nothing needs them gone (they are beside the output, hidden, and the
        next build removes what is left)."""
        self.folder.chmod(0o755)
        _swap_in(self.folder, self.output, wait)
        self._swapped = True

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_: object) -> None:
        # After the swap the folder is the previous site, which swap_in removed or handed to a
        # process of its own: removing it here too would race that process (and, on a disk where
        # removing a folder takes milliseconds, make the build wait for every folder after all).
        if not self._swapped and self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)


class DuplicatePath(ValueError):
    """Two parts of a build made the same output file: a bug, never an overwrite."""


Made = tuple[
    dict[str, bytes], dict[str, bytes], dict[str, int], list[str], tuple[int, int]
]  # see Writer.written_by_worker


@dataclass(frozen=True)
class Previous:
    """The last build's output folder, and the digest of each of its files that is not a page."""

    folder: Path
    digests: Mapping[str, bytes]


class Writer:
    """Where a build puts every file it makes: kept in memory (``files``), or, given a staging
    folder, written there as they are made, keeping only what later steps need: each file's size,
    and the digest (and so the fingerprint) of each that is not a page. Worker processes write with
    ``written_by_worker`` and the build's own process ``add``s what they say they made.

    Given the ``previous`` output, a made file that is not a page and has the same digest as the
    file of that name there is linked from it rather than written again (same bytes, same inode),
    and ``linked_by_worker`` links files not made again at all.

    A path made twice is a bug (two stages, or a theme file and a made file, claiming one
    address): it is refused, never silently overwritten."""

    def __init__(
        self, staging: Staging | None = None, previous: Previous | None = None, listing: bool = False
    ):
        self.staging = staging
        self.previous = previous
        self.listing = listing  # whether to add up the files' shares of the listing as they are written
        self.files: dict[str, bytes] = {}
        self.digests: dict[str, bytes] = {}
        self.sizes: dict[str, int] = {}
        # the files written into the staging folder (not linked): how many, and their shares of the
        # listing added up (listed_share)
        self.written = 0
        self.listed = 0

    def for_helper(self) -> Writer:
        """A writer like this one, holding nothing yet, for another process to write with and send
        along what it made (written_by_worker): it pickles small, whatever this one holds."""
        return Writer(self.staging, self.previous, self.listing)

    @property
    def prints(self) -> dict[str, str]:
        """The fingerprint of each file made so far that is not a page (render.fingerprints)."""
        return {name: digest.hex()[:10] for name, digest in self.digests.items()}

    @property
    def count(self) -> int:
        return len(self.sizes)

    @property
    def bytes(self) -> int:
        return sum(self.sizes.values())

    def written_by_worker(self, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]]) -> Made:
        """In a worker: write the files if there is a folder to write to (each as it comes, when
        they come one at a time), and say what was made: the files kept in memory, the digests of
        those that are not pages, every file's size, the names in the order made, and how many
        files were written (not linked from the previous output) with their shares of the listing
        added up."""
        pairs = files.items() if isinstance(files, Mapping) else files
        kept: dict[str, bytes] = {}
        digests: dict[str, bytes] = {}
        sizes: dict[str, int] = {}
        names: list[str] = []
        written = listed = 0
        before = self.previous.digests if self.previous else {}
        for name, data in pairs:
            names.append(name)
            digest = None
            if not name.endswith(".html"):
                digest = digests[name] = hashlib.sha256(data).digest()
            if self.staging is None:
                kept[name] = data
            elif digest is not None and before.get(name) == digest:
                self.staging.link_one(name, self.previous.folder)  # type: ignore[union-attr]
            else:
                stat = self.staging.put_one(name, data)
                if self.listing:
                    listed += listed_share(file_line(name, stat))
                written += 1
            sizes[name] = len(data)
        return kept, digests, sizes, names, (written, listed % LISTED)

    def linked_by_worker(self, names: Iterable[str], sizes: Mapping[str, int]) -> Made:
        """In a worker: link these files, not made again, from the previous output into the
        staging folder, and say so as ``written_by_worker`` does (with their ``sizes`` and the
        previous digests)."""
        assert self.staging is not None and self.previous is not None
        names = list(names)
        before = self.previous.digests
        for name in names:
            self.staging.link_one(name, self.previous.folder)
        digests = {name: before[name] for name in names if name in before}
        return {}, digests, {name: sizes[name] for name in names}, names, (0, 0)

    def add(self, made: Made) -> None:
        files, digests, sizes, names, (written, listed) = made
        fresh = set(names)
        twice = self.sizes.keys() & fresh  # every file made so far has its size
        if twice or len(fresh) != len(names):  # made by an earlier part, or twice by this one
            twice = twice or {name for name, n in Counter(names).items() if n > 1}
            raise DuplicatePath(f"two parts of the build both made {min(twice)!r}")
        self.files |= files
        self.digests |= digests
        self.sizes |= sizes
        self.written += written
        self.listed = (self.listed + listed) % LISTED

    @property
    def all_written(self) -> int | None:
        """The files' shares of the listing added up, if they were (``listing``) and every file
        made was written (none linked from the previous output: see Stat), else None."""
        return self.listed if self.listing and self.written == len(self.sizes) else None

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


def _swap_in(staging: Path, output: Path, wait: bool = True) -> None:
    if output.exists() and _exchange(staging, output):
        if wait:  # the staging folder now holds the previous site
            shutil.rmtree(staging)
        else:
            _unlink_files(staging)
            _remove_later(staging, output)
        return
    if output.exists():
        previous = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        previous.rmdir()
        os.rename(output, previous)
        os.rename(staging, output)
        shutil.rmtree(previous, ignore_errors=True)
    else:
        os.rename(staging, output)


def _unlink_files(folder: Path) -> None:
    """Remove every file in the folder and its folders, leaving the folders. Files linked from
    it into the new output have their change time set now, before the build lists the output."""
    todo = [str(folder)]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(entry.path)
                else:
                    os.unlink(entry.path)


_REMOVER = """
import os, shutil, sys
folder, prefix = sys.argv[1], sys.argv[2]
mine = f"{prefix}{os.getpid()}-gone"
os.rename(folder, mine)
shutil.rmtree(mine, ignore_errors=True)
"""


def _remove_later(folder: Path, output: Path) -> None:
    """Remove the folder in a process of its own, not waited for. It first renames the folder
    after itself (``.output.old-<its number>-gone``), so that a build starting meanwhile leaves
    it alone, and one starting after it was killed removes what is left."""
    try:
        subprocess.Popen(
            [sys.executable, "-c", _REMOVER, str(folder), str(output.parent / f".{output.name}.old-")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


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
