"""Write a {path: bytes} mapping into the output folder atomically: all of the new site, or none of it.

The site is written into a fresh folder beside the output folder, then swapped in. On Linux the
swap is one atomic ``renameat2(RENAME_EXCHANGE)``, so a web server or a reader never sees a
missing or half-written site; elsewhere it is two renames in quick succession. Either way a
build that fails or is killed before the swap leaves the previous site exactly as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def check_paths(files: dict[str, bytes]) -> None:
    """Every path must stay inside the output folder: a bug otherwise, so an exception."""
    for name in files:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name or "\x00" in name:
            raise ValueError(f"refusing to write outside the output folder: {name!r}")


def write_site(files: dict[str, bytes], output: Path) -> None:
    """Replace ``output`` with exactly these files."""
    with Staging(output) as staging:
        staging.put(files)
        staging.swap_in()


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

    def _clear_abandoned(self) -> None:
        """Remove the staging folders of builds that were killed (their process is gone)."""
        for folder in self.output.parent.glob(f".{self.output.name}.new-*-*"):
            pid = folder.name[len(f".{self.output.name}.new-") :].split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)

    def put(self, files: dict[str, bytes]) -> None:
        check_paths(files)
        for name in sorted(files):
            target = self.folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])

    def swap_in(self) -> None:
        self.folder.chmod(0o755)
        _swap_in(self.folder, self.output)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_: object) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)


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
