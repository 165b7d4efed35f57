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
- ``<folder>/<n>-<hash>.json``: shard ``n``, a contiguous range of the sorted terms with, per
  term and field, the refs holding it (delta-coded) and, apart, their scores times 1,000 (refs
  and scores in columns of their own compress 15% better than in pairs). The hash of its bytes is in its
  name, so a host may let browsers keep it for ever.
- ``<folder>/terms-<hash>.json``: every term, sorted and front-coded: what a fuzzy or wildcard
  term that is not a plain prefix is expanded against to find its shards.
- ``<folder>/g<n>-<hash>.json``: for synonyms group ``n``, every term that starts with one of the
  group's stems (the manifest lists them), with its position and postings: a search for any
  phrase of the group asks for all of them, so one file answers what would otherwise take a
  shard for each stem's range (five or more for "messy play"). A group whose file would pass
  ``GROUP_SHARDS`` shards' bytes is left to the shards.

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
# A synonyms group's file is written only up to this many shards' bytes: the page fetches it
# instead of the shards of two or more of its stems' ranges.
GROUP_SHARDS = 4


def files(
    builder: IndexBuilder,
    folder: str,
    shard_bytes: int = SHARD_BYTES,
    groups: Sequence[Sequence[str]] = (),
) -> dict[str, bytes]:
    """The manifest, shards and term dictionary of the index ``builder`` holds, under ``folder``,
    and a file for each synonyms group of ``groups`` (each given as its stems)."""
    terms: list[str] = []
    refs: list[str] = []  # per term, the JSON of its refs per field, delta-coded
    scores: list[str] = []  # per term, the JSON of those refs' scores per field
    for term, fields in builder.term_postings():
        terms.append(term)
        refs.append(_json([_deltas(field_refs) for field_refs, _ in fields]))
        scores.append(_json([field_scores for _, field_scores in fields]))
    out: dict[str, bytes] = {}

    def postings_file(before: str, held: Sequence[int], after: str = "") -> bytes:
        """A shard's or a group's file: its own fields ``before`` and ``after`` the terms at these
        positions, then those terms' refs and scores."""
        return (
            "{"
            + f'"format":{FORMAT_VERSION},{before}"terms":{_json([terms[k] for k in held])},{after}'
            + f'"refs":[{",".join(refs[k] for k in held)}],"scores":[{",".join(scores[k] for k in held)}]'
            + "}"
        ).encode("utf-8")

    shards = []
    sizes = [len(r) + len(s) for r, s in zip(refs, scores, strict=True)]
    for number, (start, end) in enumerate(_ranges(sizes, shard_bytes)):
        body = postings_file(f'"start":{start},', range(start, end))
        name = f"{number}-{_hash(body)}.json"
        out[f"{folder}/{name}"] = body
        shards.append([terms[start], start, name])
    grouped = []
    for number, stems in enumerate(groups):
        prefixes = sorted(set(stems))
        starts = tuple(prefixes)
        held = [k for k, term in enumerate(terms) if term.startswith(starts)] if prefixes else []
        if not held or sum(sizes[k] + 2 for k in held) > GROUP_SHARDS * shard_bytes:
            continue
        body = postings_file(f'"prefixes":{_json(prefixes)},', held, f'"positions":{_json(held)},')
        name = f"g{number}-{_hash(body)}.json"
        out[f"{folder}/{name}"] = body
        grouped.append([prefixes, name])
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
        "groups": grouped,
    }
    out[f"{folder}/manifest.json"] = _json(manifest).encode("utf-8")
    return out


def _ranges(sizes: Sequence[int], shard_bytes: int) -> list[tuple[int, int]]:
    """Contiguous [start, end) runs of terms, each ending at the first term that takes its bytes
    to ``shard_bytes`` (a term's postings are never split)."""
    ranges, start, total = [], 0, 0
    for place, size in enumerate(sizes):
        total += size + 2
        if total >= shard_bytes:
            ranges.append((start, place + 1))
            start, total = place + 1, 0
    if start < len(sizes):
        ranges.append((start, len(sizes)))
    return ranges


def _deltas(refs: Iterable[int]) -> list[int]:
    """Ascending refs as the difference of each from the one before (the first from 0)."""
    deltas, previous = [], 0
    for ref in refs:
        deltas.append(ref - previous)
        previous = ref
    return deltas


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
