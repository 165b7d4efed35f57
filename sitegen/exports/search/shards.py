"""The search index cut by term into shards, so a browser fetches only the terms a query needs.

lunr.js scores a document's field as the dot product of the query's vector and the field's vector,
divided by the query vector's magnitude; every weight in a field vector was worked out at build
time from the whole collection. A browser holding the postings and weights of only the terms a
query can expand to therefore ranks and scores exactly as the whole index does, provided each
term keeps its position in the whole sorted term list (lunr's ``_index``). So the index is
written as (the format is described in docs/search.md, "The index files"):

- ``<folder>/manifest.json``: the fields, pipeline, counts and, for each shard, its first term,
  the position of that term in the whole sorted list, and its file name. The only file whose
  name stays the same from build to build.
- ``<folder>/<n>-<hash>.json``: shard ``n``, a contiguous range of the sorted terms with their
  postings per field (refs delta-coded) and scores times 1,000. The hash of its bytes is in its
  name, so a host may let browsers keep it for ever.
- ``<folder>/terms-<hash>.json``: every term, sorted and front-coded: what a fuzzy or wildcard
  term that is not a plain prefix is expanded against to find its shards.

shards.js (the theme's) reads them. The numbers come from ``IndexBuilder.term_postings()``, the
same computation that ``packed()`` writes whole.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

from sitegen.exports.search.lunr_index import LUNR_VERSION, PIPELINE, IndexBuilder

FORMAT_VERSION = 1
# A shard's terms stop at the first that takes it past this many bytes of JSON. Measured on
# synthetic 10,000 records (bench/search_shards.py, docs/search.md): about 20 KB keeps a typical
# query's shards small while a first typed letter (every term starting with it) stays under its
# budget.
SHARD_BYTES = 20_000


def files(builder: IndexBuilder, folder: str, shard_bytes: int = SHARD_BYTES) -> dict[str, bytes]:
    """The manifest, shards and term dictionary of the index ``builder`` holds, under ``folder``."""
    terms: list[str] = []
    entries: list[str] = []
    for term, fields in builder.term_postings():
        terms.append(term)
        entries.append(_json([_pairs(refs, scores) for refs, scores in fields]))
    out: dict[str, bytes] = {}
    shards = []
    for number, (start, end) in enumerate(_ranges(entries, shard_bytes)):
        body = (
            "{"
            + f'"format":{FORMAT_VERSION},"start":{start},"terms":{_json(terms[start:end])},'
            + f'"postings":[{",".join(entries[start:end])}]'
            + "}"
        ).encode("utf-8")
        name = f"{number}-{_hash(body)}.json"
        out[f"{folder}/{name}"] = body
        shards.append([terms[start], start, name])
    dictionary = _json(front_coded(terms)).encode("utf-8")
    dictionary_name = f"terms-{_hash(dictionary)}.json"
    out[f"{folder}/{dictionary_name}"] = dictionary
    manifest = {
        "format": FORMAT_VERSION,
        "lunr": LUNR_VERSION,
        "fields": list(builder.fields),
        "pipeline": list(PIPELINE),
        "documents": builder.count,
        "terms": len(terms),
        "dictionary": dictionary_name,
        "shards": shards,
    }
    out[f"{folder}/manifest.json"] = _json(manifest).encode("utf-8")
    return out


def _ranges(entries: Sequence[str], shard_bytes: int) -> list[tuple[int, int]]:
    """Contiguous [start, end) runs of terms, each ending at the first term that takes it to
    ``shard_bytes`` (a term's postings are never split)."""
    ranges, start, size = [], 0, 0
    for place, entry in enumerate(entries):
        size += len(entry) + 1
        if size >= shard_bytes:
            ranges.append((start, place + 1))
            start, size = place + 1, 0
    if start < len(entries):
        ranges.append((start, len(entries)))
    return ranges


def _pairs(refs: Iterable[int], scores: Iterable[int]) -> list[int]:
    """One term's postings in one field: each ref (as the difference from the previous one) then
    its score times 1,000, flat."""
    flat, previous = [], 0
    for ref, score in zip(refs, scores, strict=True):
        flat += (ref - previous, score)
        previous = ref
    return flat


def front_coded(terms: Sequence[str]) -> list[str | int]:
    """Sorted terms as [shared, rest, shared, rest, ...]: how many leading characters each shares
    with the term before it, and the characters after those."""
    coded: list[str | int] = []
    previous = ""
    for term in terms:
        shared = 0
        limit = min(len(term), len(previous))
        while shared < limit and term[shared] == previous[shared]:
            shared += 1
        coded += (shared, term[shared:])
        previous = term
    return coded


def _hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:12]


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
