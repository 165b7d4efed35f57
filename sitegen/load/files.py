"""The project's input files as bytes: site.yml (parsed once), the term dates, the postcode and
places tables, the search synonyms, every record and every page. The one place a build reads
content; nothing here checks it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.load import home
from sitegen.load.source import Document, load_yaml
from sitegen.problems import ContentError, Problem

CONFIG_FILE = "site.yml"
SERVICES_DIR = "content/services"
PAGES_DIR = "content/pages"
DISTRICTS_FILE = "content/postcode-districts.csv"
SYNONYMS_FILE = "content/search-synonyms.yml"
PLACES_FILE = "content/places.csv"
RECORD_SUFFIXES = (".yml", ".yaml")


@dataclass
class Sources:
    """The raw bytes of every input file, by its path from the project root ('/' separated)."""

    config: tuple[str, bytes]
    config_document: Document | None = None  # site.yml parsed once, for every stage after this one
    term_dates: tuple[str, bytes] | None = None
    districts: tuple[str, bytes] | None = None
    synonyms: tuple[str, bytes] | None = None
    places: tuple[str, bytes] | None = None
    services: dict[str, bytes] = field(default_factory=dict)
    pages: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


# A file is read again, whatever its times say, if it was changed this soon before it was read:
# a file system's clock may tick this coarsely, and a second edit within the tick would keep the time.
SAME_TICK_NS = 2_000_000_000

# what read_sources keeps of each record and page between readings: its size, times and inode,
# its bytes, and when they were read
Kept = dict[str, tuple[tuple[int, int, int, int], bytes, int]]


def read_sources(root: Path, config_file: str = CONFIG_FILE, kept: Kept | None = None) -> Sources:
    """Read every input file under the project root. Only reading happens here.

    ``kept`` (a preview's, empty at first) remembers the records and pages read: next time, a file
    whose size, times and inode are the same, changed more than SAME_TICK_NS before it was read,
    is taken from it instead of read again."""
    problems: list[Problem] = []
    config_path = root / config_file
    if not config_path.is_file():
        raise ContentError(
            [
                Problem(
                    config_file,
                    1,
                    1,
                    "",
                    "the site's settings file is missing",
                    f"run sitegen from the folder that holds {config_file}, "
                    "or make a new site with 'sitegen init'",
                )
            ]
        )
    config_raw = config_path.read_bytes()
    document, config_problems = load_yaml(config_file, config_raw)
    sources = Sources(config=(config_file, config_raw), config_document=document, problems=problems)
    problems += config_problems
    for setting, default, slot in (
        ("term_dates", None, "term_dates"),
        ("postcode_districts", DISTRICTS_FILE, "districts"),
        ("synonyms", SYNONYMS_FILE, "synonyms"),
        ("places", PLACES_FILE, "places"),
    ):
        named = _setting(document, setting)
        file = named or default
        if not file:
            continue
        path = root / file
        if _inside(root, path) and path.is_file():
            setattr(sources, slot, (file, path.read_bytes()))
        elif named:
            problems.append(
                Problem(
                    config_file,
                    1,
                    1,
                    setting,
                    f"the file {file!r} is not there",
                    "give the path of the file from the project folder",
                )
            )
    if sources.synonyms is None and not _setting(document, "synonyms"):
        # no table of the site's own: sitegen's (a site that wants none writes 'groups: []')
        sources.synonyms = (f"{SYNONYMS_FILE} (sitegen's own)", home.path(SYNONYMS_FILE).read_bytes())
    earlier = dict(kept) if kept is not None else None
    if kept is not None:
        kept.clear()
    sources.services = _read_folder(root, SERVICES_DIR, RECORD_SUFFIXES, problems, earlier, kept)
    sources.pages = _read_folder(root, PAGES_DIR, (".md",), problems, earlier, kept)
    return sources


def _setting(document: Document | None, name: str) -> str | None:
    """One file-name setting from site.yml, read early so that the file itself can be read."""
    if document is None or not isinstance(document.data, dict):
        return None
    value = document.data.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _read_folder(
    root: Path,
    folder: str,
    suffixes: tuple[str, ...],
    problems: list[Problem],
    earlier: Kept | None = None,
    kept: Kept | None = None,
) -> dict[str, bytes]:
    directory = root / folder
    found: dict[str, bytes] = {}
    if not directory.is_dir():
        return found
    if not _inside(root, directory):  # content/ or the folder is a link to somewhere else
        problems.append(
            Problem(
                folder,
                1,
                1,
                "",
                "is a symbolic link to a folder outside the project; records must be real files",
                "replace the link with the folder itself",
            )
        )
        return found
    # os.scandir: the directory listing says what each entry is, so no file needs a stat of its own
    with os.scandir(directory) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    unread: list[tuple[str, str]] = []  # (name, path) of each file to read, after the listing
    stats: dict[str, tuple[int, int, int, int]] = {}  # for ``kept``: each file's as it was listed
    for entry in entries:
        name = f"{folder}/{entry.name}"
        if entry.name.startswith(".") or entry.name.lower() == "readme.md" and folder != PAGES_DIR:
            continue
        if entry.is_symlink():
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    "",
                    "is a symbolic link; records must be real files",
                    "replace the link with the file itself",
                )
            )
        elif not entry.is_file(follow_symlinks=False):
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"is a folder; records go straight into {folder}/",
                    "move the files up into the folder",
                )
            )
        elif not entry.name.endswith(suffixes):
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"is not a {' or '.join(suffixes)} file",
                    f"rename it to end in {suffixes[0]}, or move it out of {folder}/",
                )
            )
        elif kept is None or earlier is None:
            found[name] = b""
            unread.append((name, entry.path))
        else:
            stat = entry.stat(follow_symlinks=False)
            key = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)
            before = earlier.get(name)
            if before is not None and before[0] == key and key[0] < before[2] - SAME_TICK_NS:
                found[name] = before[1]
                kept[name] = before
            else:
                found[name] = b""
                unread.append((name, entry.path))
                stats[name] = key
    read_at = time.time_ns()  # before any is read: a file changed in the same tick is read again
    for (name, _), data in zip(unread, read_files([path for _, path in unread]), strict=True):
        found[name] = data
        if kept is not None and name in stats:
            kept[name] = (stats[name], data, read_at)
    return found


# Files are read WINDOW at a time: the window's files opened and the kernel told that they are
# about to be read (posix_fadvise WILLNEED starts reading a file without waiting for it), then
# read. The disk then has many requests at once, mostly next to each other, instead of one small
# file at a time: 10,000 record files not in the page cache read in 0.16 s instead of 1.0 s,
# 100,000 in 1.9 s instead of 9.6 s; files already in memory as quickly as before (0.07 s).
READ_WINDOW = 64


def read_files(paths: list[str]) -> list[bytes]:
    """The bytes of each file, in order."""
    advise = getattr(os, "posix_fadvise", None)  # Linux; elsewhere read one by one
    found: list[bytes] = []
    for start in range(0, len(paths), READ_WINDOW):
        opened: list[int] = []
        try:
            for path in paths[start : start + READ_WINDOW]:
                opened.append(os.open(path, os.O_RDONLY))
                if advise:
                    advise(opened[-1], 0, 0, os.POSIX_FADV_WILLNEED)
            opened.reverse()
            while opened:
                with open(opened.pop(), "rb") as file:
                    found.append(file.read())
        finally:
            for descriptor in opened:
                os.close(descriptor)
    return found
