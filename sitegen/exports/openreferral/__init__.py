"""Open Referral UK: every service as the standard's JSON (export.py), and service records made
from it (importer.py), in the words both share (vocabulary.py).

Open Referral UK (the UK profile of the Human Services Data Specification, HSDS 3.0) is how
councils' directories share services. ``export_files`` writes, on every build:

- ``openreferral/services.json``: the ``/services`` answer, one page holding every service, with
  its paging header (``total_items``, ``total_pages``, ... , ``contents``);
- ``openreferral/services/<id>.json``: each service in full, as ``/services/{id}`` answers.

``feed_stream`` (feed.py), which the build writes, adds the same files at the addresses a static
host answers ``/``, ``/services?page=1`` and ``/services/{id}`` from, the root document, and the
standard's other endpoints (``/taxonomies``, ``/taxonomy_terms``, ``/service_at_locations`` and
their by-id addresses) made from what the services hold (linked.py), so that
``<base_url>openreferral/`` is a feed the official validator accepts (docs/openreferral.md).

``import_services`` goes the other way: the services in another directory's file (a service, a
page or list of them, an organization with its services, services at locations, in version 3 or
version 1 of the standard: shapes.py tells which, and refuses anything else) become record files
in this project's format, one per service id, with an ``ImportNote`` (JSON path, message) for
every value that could not be carried over or is not valid. Nothing is dropped silently: after
mapping, every value in the input that was not used is noted too. ``import_into`` writes the
records into a project, never overwriting a file unless told to.

Where each value goes, in order of preference:

1. a field of the UK profile (name, description, status, ages, schedules, cost options, ...);
2. where the UK profile removed the HSDS 3.0 field that holds it, that HSDS 3.0 field, with the
   same name and shape (``phones``, ``languages[].name``, ``application_process``,
   ``eligibility_description``, ``attributes[].link_entity``, ``taxonomy_term.code``: the last two
   because the DfE Family Hubs puller requires them). The UK profile's compiled schemas leave
   ``additionalProperties`` open, so these validate, and any HSDS 3.0 reader understands them;
3. otherwise an attribute whose taxonomy term is in one of sitegen's own taxonomies
   (``sitegen/service-type``, ``sitegen/provider-kind``, and ``sitegen/record`` for other record
   fields, the field as the attribute's ``link_type`` and the value as its term), so that a
   sitegen site that imports the export gets back exactly the records it came from.

Term-time sessions and days off are schedules' validity periods (the UK profile has no EXDATE);
ages are whole years, the youngest rounded down and the oldest up; nothing empty is written.
docs/open-referral-consumers.md says why.

Ids are UUID 5s of the service's page address (and, for the parts of a service, the address with
a role such as ``#schedule/0``), so they stay the same from build to build, and the files are
byte-identical for the same content: nothing in them comes from the clock.
"""

from sitegen.exports.openreferral.export import export_files, export_stream, service_id
from sitegen.exports.openreferral.feed import feed_stream, root_document
from sitegen.exports.openreferral.importer import ImportNote, NotOpenReferral, import_into, import_services
from sitegen.exports.openreferral.vocabulary import (
    HELP_OPTION,
    LIST_FILE,
    NAMESPACE,
    TAXONOMY_KINDS,
    TAXONOMY_TYPES,
)

__all__ = [
    "HELP_OPTION",
    "LIST_FILE",
    "NAMESPACE",
    "TAXONOMY_KINDS",
    "TAXONOMY_TYPES",
    "ImportNote",
    "NotOpenReferral",
    "export_files",
    "export_stream",
    "feed_stream",
    "import_into",
    "import_services",
    "root_document",
    "service_id",
]
