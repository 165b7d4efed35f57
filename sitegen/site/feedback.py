"""'Report a problem with this listing': four common reports, each the repository's 'report a
problem' form (and an email, if site.yml gives an address) already naming the listing and the
kind of problem, worked out once per service page."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model import Service, SiteConfig, issue_forms
from sitegen.model.percent import mailto_quote

# The kinds of problem a listing's page offers; the form's 'What is wrong' question asks what to
# say for each (sitegen/commands/forms.py)
LISTING_REPORTS = (
    "Something is out of date",
    "The service has closed",
    "I have more information",
    "Something else",
)


@dataclass(frozen=True)
class Report:
    label: str
    issue_url: str
    email_url: str | None


def which_listing(service: Service, page_url: str) -> str:
    """The 'Which listing' answer: the record's file and the page's address (issue_forms.record_slug
    reads the listing back from it)."""
    return f"{service.source}, {page_url}"


def listing_reports(config: SiteConfig, service: Service, page_url: str) -> tuple[Report, ...]:
    """Each report's title says the kind of problem and the listing's name; the form's 'Which
    listing' answer (or the email's text) gives its record file and page address."""
    which = issue_forms.encoded_answers({issue_forms.RECORD_ID: which_listing(service, page_url)})
    body = mailto_quote(f"Page: {page_url}\nRecord: {service.source}\n\n")
    reports = []
    for label in LISTING_REPORTS:
        title = f"{label}: {service.name}"
        email = None
        if config.contact_email:
            email = f"mailto:{config.contact_email}?subject={mailto_quote(title)}&body={body}"
        reports.append(
            Report(label, issue_forms.form_url(config.repository, issue_forms.REPORT, title, which), email)
        )
    return tuple(reports)
