"""The address of the "this listing is still correct" issue form, filled in for one record.

The form is ``.github/ISSUE_TEMPLATE/still-correct.yml``, made from the schema by ``sitegen
forms``; an issue sent from it becomes a pull request that moves only the record's
``last_reviewed``. GitHub fills a form's fields from the address: ``template`` names the form,
``title`` the issue's title, and ``record`` the field holding the record's file.
"""

from __future__ import annotations

from sitegen.model import Service
from sitegen.model.percent import query

FORM = "still-correct.yml"


def link(repository: str, service: Service) -> str:
    """The still-correct form for ``service`` in ``repository`` (https://github.com/owner/name)."""
    return f"{repository.rstrip('/')}/issues/new?" + query(
        {"template": FORM, "title": f"Still correct: {service.name}", "record": service.source}
    )
