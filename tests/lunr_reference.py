"""lunr.py's own Builder, the reference that sitegen/exports/search/lunr_index.py must agree with number for number.

Only tests use it: lunr.py made the site's index until issue 9 (see docs/performance.md), and it
remains the independent implementation of lunr's scoring that ours is checked against.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from sitegen.exports.search.lunr_index import FORMAT_VERSION
from sitegen.exports.search.stemmer import stem


def _stem_as_lunr_js(token, i=None, tokens=None):
    return token.update(lambda text, metadata=None: stem(text))


Pipeline.register_function(_stem_as_lunr_js, "sitegenStemmerReference")


def lunr_py_index(fields: Sequence[tuple[str, int]], documents: Sequence[Sequence[str]]) -> dict[str, Any]:
    """lunr.py's serialised index of ``documents`` (texts per field), refs numbered from 0."""
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter, _stem_as_lunr_js)
    builder.ref("ref")
    for name, boost in fields:
        builder.field(name, boost=boost)
    for number, texts in enumerate(documents):
        builder.add({"ref": str(number), **dict(zip((name for name, _ in fields), texts, strict=True))})
    serialised = builder.build().serialize()
    serialised["pipeline"] = ["stemmer"]
    return serialised


def pack(serialised: dict[str, Any]) -> dict[str, Any]:
    """lunr's serialised index in sitegen's packed form (what lunr_index.py writes directly)."""
    fields = serialised["fields"]
    inverted = serialised["invertedIndex"]
    new_index = {entry["_index"]: position for position, (_, entry) in enumerate(inverted)}
    terms, postings = [], []
    for term, entry in inverted:
        terms.append(term)
        postings.append([_deltas(sorted(int(ref) for ref in entry.get(field, {}))) for field in fields])
    vectors: dict[str, list] = {field: [] for field in fields}
    for field_ref, elements in serialised["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        pairs = sorted(
            (new_index[int(elements[i])], round(elements[i + 1] * 1000)) for i in range(0, len(elements), 2)
        )
        vectors[field].append([int(ref), _deltas([p[0] for p in pairs]), [p[1] for p in pairs]])
    return {
        "format": FORMAT_VERSION,
        "lunr": serialised["version"],
        "fields": fields,
        "pipeline": serialised["pipeline"],
        "terms": terms,
        "postings": postings,
        "vectors": [vectors[field] for field in fields],
    }


def unpack(packed: dict[str, Any]) -> dict[str, Any]:
    """The Python twin of search.js's sgUnpack(): the packed form back into lunr's serialised index."""
    fields = packed["fields"]
    inverted = []
    for position, (term, per_field) in enumerate(zip(packed["terms"], packed["postings"], strict=True)):
        entry: dict[str, Any] = {"_index": position}
        for field, deltas in zip(fields, per_field, strict=True):
            entry[field] = {str(ref): {} for ref in _undeltas(deltas)}
        inverted.append([term, entry])
    field_vectors = []
    for field, rows in zip(fields, packed["vectors"], strict=True):
        for ref, index_deltas, scores in rows:
            elements: list[float] = []
            for term_index, score in zip(_undeltas(index_deltas), scores, strict=True):
                elements += [term_index, score / 1000]
            field_vectors.append([f"{field}/{ref}", elements])
    return {
        "version": packed["lunr"],
        "fields": fields,
        "fieldVectors": field_vectors,
        "invertedIndex": inverted,
        "pipeline": packed["pipeline"],
    }


def _deltas(numbers: list[int]) -> list[int]:
    return [n - (numbers[i - 1] if i else 0) for i, n in enumerate(numbers)]


def _undeltas(deltas: list[int]) -> list[int]:
    total, result = 0, []
    for delta in deltas:
        total += delta
        result.append(total)
    return result
