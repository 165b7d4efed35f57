"""Whether the output folder already holds what a build would write: same inputs, output untouched.

After each build, ``record`` keeps in .sitegen-cache/last-build.json a hash of everything the
build read (every content file, site.yml and the other settings files, the theme's templates and
static files, the browser libraries, the build date and base address, sitegen's own code and the
versions of Python and of every installed library) and a listing of the output folder as written
(each file's path, size, inode and modification time). The next build with the same inputs,
finding the output folder exactly as listed, has nothing to write and leaves it as it is. Any
difference, however small, means a full build, as without the cache.

The file is signed with the same key as the cache of modelled records (models.py): one that was
not written by this computer's user is ignored.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from sitegen import write
from sitegen.cache import models
from sitegen.load.files import Sources

FILE = "last-build.json"


class Written(NamedTuple):
    """What a build wrote, as its report says."""

    services: int
    pages: int
    files: int
    bytes: int
    index_bytes: int
    index_gzipped: int


@functools.cache
def _libraries() -> bytes:
    return "\n".join(
        sorted(f"{dist.metadata['Name']} {dist.version}" for dist in metadata.distributions())
    ).encode()


def inputs(
    sources: Sources,
    theme_folders: Iterable[Path],
    libraries: Mapping[str, bytes],
    today: object,
    base_url: str | None,
    records: bool = True,
) -> str:
    """A hash of everything a build reads and is told; without the service ``records``, of
    everything else (what a build that redoes only what records touch needs to be the same)."""
    digest = hashlib.blake2b(models.code_digest() + _libraries(), digest_size=32)

    def add(name: str, data: bytes) -> None:
        digest.update(f"{name}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
        digest.update(data)

    add("build", repr((today, base_url)).encode())
    for slot in ("config", "term_dates", "districts", "synonyms", "places"):
        found = getattr(sources, slot)
        add(slot, b"" if found is None else found[0].encode("utf-8", "surrogateescape") + b"\0" + found[1])
    for kind, files in (("services", sources.services if records else {}), ("pages", sources.pages)):
        add(kind, str(len(files)).encode())
        for name in sorted(files):
            add(name, files[name])
    add("problems", repr(sources.problems).encode())
    for number, folder in enumerate(theme_folders):
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            add(f"theme {number} {path.relative_to(folder).as_posix()}", path.read_bytes())
    for name in sorted(libraries):
        add(f"library {name}", libraries[name])
    return digest.hexdigest()


def listing(output_dir: Path, written: tuple[int, Iterable[str]] | None = None) -> str:
    """A hash of the output folder as it is: each folder's name, and each file's name, mode, size,
    inode and times (write.file_line), added up as write.listed_share says, whatever their order.
    ``written``: the files' shares added up as the build wrote them (write.Writer.all_written)
    and their names, from which the same hash is made without going through the folder again:
    looking at 70,000 files one by one took 0.4 s at 10,000 records, about 3 s at 100,000, in the
    main process alone (tests/test_last_build.py checks that the two agree)."""
    top = os.stat(output_dir)
    if written is None:
        total, folders = _walked(str(output_dir))
    else:
        total, folders = written[0], _folders(written[1])
    for folder in folders:
        total += write.listed_share(f"d {folder}")
    return hashlib.blake2b(
        f"{top.st_dev} {top.st_ino} {total % write.LISTED:064x}".encode(), digest_size=32
    ).hexdigest()


def _walked(top: str) -> tuple[int, list[str]]:
    """The shares of every file under ``top``, added up, and the folders' names."""
    total = 0
    folders = []
    todo = [(top, "")]
    while todo:
        path, name = todo.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                inside = f"{name}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    todo.append((entry.path, inside + "/"))
                    folders.append(inside)
                else:
                    stat = write.stat_of(entry.stat(follow_symlinks=False))
                    total += write.listed_share(write.file_line(inside, stat))
    return total, folders


def _folders(names: Iterable[str]) -> set[str]:
    """Every folder that holds one of these files, or a folder that does."""
    folders = {name.rpartition("/")[0] for name in names}
    for folder in list(folders):
        while folder := folder.rpartition("/")[0]:
            folders.add(folder)
    folders.discard("")
    return folders


def record(
    folder: Path, built_from: str, output_dir: Path, written: Written, listed: str | None = None
) -> None:
    """Note what this build read and wrote (the output folder ``listed`` as it is, if already
    known); silently nothing if it cannot be written."""
    key = models.signing_key(create=True)
    if key is None:
        return
    try:
        body = json.dumps(
            {
                "inputs": built_from,
                "output": str(output_dir.absolute()),
                "listing": listed or listing(output_dir),
                "written": written._asdict(),
            },
            sort_keys=True,
        )
        signed = json.dumps({"signature": _sign(key, body), "body": body})
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{FILE}-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(signed)
            os.replace(temporary, folder / FILE)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError:
        return


def unchanged(folder: Path, built_from: str, output_dir: Path) -> Written | None:
    """What the last build wrote, if its inputs were these and the output folder is as it left
    it; else None."""
    key = models.signing_key(create=False)
    if key is None:
        return None
    try:
        signed = json.loads((folder / FILE).read_text(encoding="utf-8"))
        body = signed["body"]
        if not hmac.compare_digest(str(signed["signature"]), _sign(key, body)):
            return None
        last = json.loads(body)
        if last["inputs"] != built_from or last["output"] != str(output_dir.absolute()):
            return None
        if last["listing"] != listing(output_dir):
            return None
        return Written(**{name: int(last["written"][name]) for name in Written._fields})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _sign(key: bytes, body: str) -> str:
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()
