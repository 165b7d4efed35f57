"""What the last build made, kept so that a build after only records changed redoes what they touch.

After each build with the cache, ``save`` keeps in .sitegen-cache/last-output.pickle: a hash of
everything the build read but the service records (last_build.inputs without them), the output
folder and its listing as the build left it (last_build.listing), each record file's cache key
and service address, an outline of the services and lists (site/affected.py), and each output
file's size and, for every file that is not a page, its SHA-256 digest. The next build whose
other inputs hash the same, finding the output folder exactly as listed, makes again only what
the changed records touch and links every other file from the last output (build.py).

The file is signed with the key of the cache of modelled records (models.py) and holds only plain
values (strings, bytes, numbers, tuples, dicts, sets): unpickling refuses anything that names a
class or function. A file that is missing, damaged, unsigned or from another version means a
full build.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.cache import models
from sitegen.site.affected import Outline

FILE = "last-output.pickle"
_MAGIC = b"sitegen last output 1\n"
_SIGNATURE = 32


@dataclass(frozen=True)
class LastOutput:
    stamp: str  # last_build.inputs without the records
    output: str  # the output folder, absolute
    listing: str  # the output folder as the build left it (last_build.listing)
    records: Mapping[str, tuple[bytes, str]]  # record file -> (its cache key, its service's slug)
    outline: Outline
    sizes: Mapping[str, int]  # every output file's size
    digests: Mapping[str, bytes]  # every output file's SHA-256 digest, but the pages'
    exports: frozenset[str]  # the files the exports made from the whole site (exports.WHOLE_SITE)


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"not a plain value: {module}.{name}")


def save(folder: Path, last: LastOutput) -> None:
    """Keep ``last`` in ``folder``; silently nothing if it cannot be written."""
    key = models.signing_key(create=True)
    if key is None:
        return
    plain = (
        last.stamp,
        last.output,
        last.listing,
        dict(last.records),
        last.outline.plain(),
        dict(last.sizes),
        dict(last.digests),
        frozenset(last.exports),
    )
    try:
        body = pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)
        folder.mkdir(parents=True, exist_ok=True)
        models.write_signed(folder / FILE, _MAGIC, key, body)
    except (OSError, pickle.PicklingError):
        return


def forget(folder: Path) -> None:
    """Remove the record of the last output (a build is about to replace it without one)."""
    try:
        (folder / FILE).unlink(missing_ok=True)
    except OSError:
        return


def load(folder: Path) -> LastOutput | None:
    """What the last build made, or None if it is not known or not to be trusted."""
    key = models.signing_key(create=False)
    if key is None:
        return None
    try:
        data = (folder / FILE).read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _SIGNATURE
    if not data.startswith(_MAGIC) or len(data) < head:
        return None
    signature, body = data[len(_MAGIC) : head], data[head:]
    if not hmac.compare_digest(signature, hmac.new(key, body, hashlib.sha256).digest()):
        return None
    try:
        stamp, output, listing, records, (services, lists, paths), sizes, digests, exports = _PlainUnpickler(
            io.BytesIO(body)
        ).load()
        return LastOutput(
            str(stamp),
            str(output),
            str(listing),
            records,
            Outline(services, lists, paths),
            sizes,
            digests,
            exports,
        )
    except Exception:  # noqa: BLE001 - a damaged file means a full build, never a failed one
        return None
