"""Modelled service records kept on disk between builds, found again by a hash of all they came from.

A record is modelled again only if something modelling reads has changed: the record's file name
or bytes, the term dates, the build date, ``stale_after_months``, or sitegen's own code and the
libraries it models with (PyYAML, python-markdown, nh3) and the Python running it. All of these
go into each entry's key, so a changed input never finds an old entry: it is a miss, and the
record is modelled as if there were no cache.

The cache is ``.sitegen-cache/models.pickle`` in the project folder (git-ignored), and beside it
``models-new.pickle``: the entries made since the first file was last written whole. A build
that models a few records writes only these (writing every entry again took 2.5 s of a
one-record rebuild at 10,000 records); once there are more than ``MAX_NEW`` of them (or than
half the entries), or as many entries no record uses, the first file is written whole again,
without the unused entries, and the second removed. Either file may be missing: entries are
keyed by all they came from, so an entry found in either is right for its key.
Pickle runs code when it loads a file it did not write, and a pull request could add such a
file, so each file is signed with a key that never lives in the project (``cache-key`` in the
user's cache folder, ``$XDG_CACHE_HOME/sitegen/`` or ``~/.cache/sitegen/``, made on first use,
readable only by its owner), and is read only when the signature matches; even then only
sitegen's own model classes, dates and times may be unpickled. A file that is missing,
truncated, corrupt, foreign, from another version or unsigned is ignored: every record is
modelled afresh and the file is replaced. Nothing in it can stop or change a build.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import io
import os
import pickle
import secrets
import sys
import tempfile
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

import sitegen
from sitegen import problems as problems_module
from sitegen.model import directory
from sitegen.model.content import Modelled
from sitegen.model.directory import Term

FOLDER = ".sitegen-cache"  # in the project folder; 'sitegen build --no-cache' neither reads nor writes it
FILE = "models.pickle"
NEW_FILE = "models-new.pickle"  # the entries made since FILE was written whole
MAX_NEW = 200  # more new (or unused) entries than this (or than half), and FILE is written whole again
_MAGIC = b"sitegen modelled records 1\n"
_SIGNATURE = 32  # bytes of HMAC-SHA256 after the magic line
_LIBRARIES = ("PyYAML", "Markdown", "nh3")

Entries = dict[bytes, Modelled]


@functools.cache
def code_digest() -> bytes:
    """A hash of sitegen's own Python source, its version, Python's, and the modelling libraries':
    any change to the code makes every entry a miss."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{sitegen.__version__}\n{sys.version}\n".encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:  # pragma: no cover - installed with sitegen
            digest.update(f"{name} ?\n".encode())
    package = Path(sitegen.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.digest()


def context(terms: tuple[Term, ...] | None, today: object, stale_after: int) -> bytes:
    """What every record's modelling shares: the code, term dates, build date and staleness limit."""
    text = f"{today!r}\n{stale_after}\n{terms!r}\n".encode()
    return hashlib.blake2b(code_digest() + text, digest_size=20).digest()


def record_key(shared: bytes, file: str, raw: bytes) -> bytes:
    """The key of one record's entry: the shared context, its file name and its bytes."""
    digest = hashlib.blake2b(shared, digest_size=20)
    digest.update(file.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(raw)
    return digest.digest()


def _key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitegen" / "cache-key"


def signing_key(create: bool) -> bytes | None:
    """The secret that signs cache files: outside every project, readable by its owner only."""
    path = _key_file()
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    if not create:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_bytes(32)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cache-key-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(key)
        os.replace(temporary, path)  # mkstemp made it 0600
        return path.read_bytes()  # another build may have won the race: use the one on disk
    except OSError:
        return None


class _ModelUnpickler(pickle.Unpickler):
    """Unpickles only what a modelled record is made of: sitegen's model classes, its problems,
    dates and times. Anything else in a file (a function, a module's global) is refused."""

    _ALLOWED = {
        "datetime": {"date", "time", "datetime", "timedelta"},
        directory.__name__: {
            name
            for name, value in vars(directory).items()
            if isinstance(value, type) and value.__module__ == directory.__name__
        },
        problems_module.__name__: {"Problem"},
    }

    def find_class(self, module: str, name: str) -> type:
        if name in self._ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"not part of a modelled record: {module}.{name}")


def load(folder: Path) -> Entries:
    """The entries in ``folder``'s cache files, or none if they are missing or not to be trusted."""
    return _read(folder / FILE) | _read(folder / NEW_FILE)


def _read(path: Path) -> Entries:
    """The entries in one cache file, or none if it is missing or not to be trusted."""
    key = signing_key(create=False)
    if key is None:
        return {}
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    head = len(_MAGIC) + _SIGNATURE
    if not data.startswith(_MAGIC) or len(data) < head:
        return {}
    signature, body = data[len(_MAGIC) : head], data[head:]
    if not hmac.compare_digest(signature, hmac.new(key, body, hashlib.sha256).digest()):
        return {}
    try:
        entries = _ModelUnpickler(io.BytesIO(body)).load()
    except Exception:  # noqa: BLE001 - a damaged file is a cache miss, never a failed build
        return {}
    if not isinstance(entries, dict):
        return {}
    return {
        k: v
        for k, v in entries.items()
        if isinstance(k, bytes)
        and isinstance(v, tuple)
        and len(v) == 2
        and (v[0] is None or isinstance(v[0], directory.Service))
        and isinstance(v[1], list)
    }


def save(
    folder: Path, entries: Mapping[bytes, Modelled], before: Mapping[bytes, Modelled] | None = None
) -> bool:
    """Keep these entries in ``folder``'s cache. Given what ``load`` found ``before``, only the
    entries new since go to the second file (NEW_FILE) with those it held still in use, unless
    there are more than MAX_NEW of them or of unused entries: then, as without ``before``, the
    first file is replaced with exactly these entries, in one step, and the second removed.
    False if it cannot be written (a read-only project, no home folder): the build goes on
    without a cache."""
    key = signing_key(create=True)
    if key is None:
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# made by sitegen: its cache, never committed\n*\n", encoding="utf-8")
        if before is not None and (folder / FILE).is_file():
            fresh = {k: v for k, v in entries.items() if k not in before}
            held = _read(folder / NEW_FILE)
            kept = {k: v for k, v in held.items() if k in entries}
            unused = sum(1 for k in before if k not in entries)
            limit = min(MAX_NEW, len(entries) // 2)  # and most entries in the first file
            if len(kept) + len(fresh) <= limit and unused <= limit:
                if fresh or len(kept) != len(held):
                    body = pickle.dumps(kept | fresh, protocol=pickle.HIGHEST_PROTOCOL)
                    write_signed(folder / NEW_FILE, _MAGIC, key, body)
                return True
        body = pickle.dumps(dict(entries), protocol=pickle.HIGHEST_PROTOCOL)
        write_signed(folder / FILE, _MAGIC, key, body)
        (folder / NEW_FILE).unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        return False
    return True


def write_signed(path: Path, magic: bytes, key: bytes, body: bytes) -> None:
    """Replace the file at ``path`` with ``magic``, the HMAC-SHA256 of ``body`` under ``key``, and
    ``body``, in one step (a temporary file beside it, renamed over it)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(magic + hmac.new(key, body, hashlib.sha256).digest())
            stream.write(body)  # not joined to the rest first: a copy of 32 MB at 10,000 records
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
