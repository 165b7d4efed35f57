"""The taxonomies, taxonomy terms and services at locations that the services name, each as a
document of its own: what /taxonomies, /taxonomy_terms and /service_at_locations answer.

They are made only from what the services already hold, so that every id in a service resolves:

- a **taxonomy term** is the ``taxonomy_term`` an attribute embeds, with ``taxonomy_id`` added
  (the UK profile's schema/taxonomy_term.json: ``id``, ``name``, ``description`` required), and
  keeps its ``code``, which the DfE Family Hubs puller requires (its TaxonomyTerm.cs);
- a **taxonomy** is one of sitegen's own (vocabulary.TAXONOMIES), with the id its terms name
  (schema/taxonomy.json: ``id``, ``name``, ``description`` required);
- a **service at location** is the entry the service carries in ``service_at_locations``: the
  list holds it as it is; ``/service_at_locations/{id}`` holds it with the service it belongs to
  (as the service list names it) and, at its top, that service's ``name`` and ``status``. The
  API description the validator follows checks that address against compiled/service.json,
  which requires ``name`` and ``status``, not against compiled/service_at_location.json; with
  the two the document passes both (docs/openreferral.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sitegen.exports.openreferral.export import taxonomy_id
from sitegen.exports.openreferral.vocabulary import TAXONOMIES


def embedded_terms(service: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every taxonomy term the service's attributes embed: the service's own, its
    organization's, its locations'."""
    holders = [service, service.get("organization") or {}]
    holders += [entry.get("location") or {} for entry in service.get("service_at_locations", ())]
    for holder in holders:
        for attribute in holder.get("attributes", ()):
            term = attribute.get("taxonomy_term")
            if term:
                yield term


def term_document(term: dict[str, Any]) -> dict[str, Any]:
    """A term as /taxonomy_terms/{id} answers: the embedded term, linked to its taxonomy."""
    document: dict[str, Any] = {}
    for key, value in term.items():
        document[key] = value
        if key == "taxonomy":
            document["taxonomy_id"] = taxonomy_id(value)
    return document


def taxonomy_documents(terms: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The taxonomies these terms come from, as /taxonomies answers them, in sitegen's order."""
    used = {term["taxonomy"] for term in terms}
    if used - TAXONOMIES.keys():  # a bug: each taxonomy the export uses needs its description
        raise ValueError(f"vocabulary.TAXONOMIES does not describe {sorted(used - TAXONOMIES.keys())}")
    return [
        {"id": taxonomy_id(name), "name": name, "description": description}
        for name, description in TAXONOMIES.items()
        if name in used
    ]


def service_at_location_document(entry: dict[str, Any], service_entry: dict[str, Any]) -> dict[str, Any]:
    """A service at a location as /service_at_locations/{id} answers: the service's entry, its
    service's name and status, and the service as the list of services has it."""
    document = {
        "id": entry["id"],
        "service_id": entry["service_id"],
        "location_id": entry["location_id"],
        "name": service_entry["name"],
        "status": service_entry["status"],
    }
    document.update((key, value) for key, value in entry.items() if key not in document)
    document["service"] = service_entry
    return document
