"""'Report a problem with this listing': four common reports, each a prefilled GitHub issue (and
email, if site.yml gives an address) that names the record, worked out once per service page."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model import Service, SiteConfig
from sitegen.model.percent import quote

LISTING_REPORTS = (
    ("Something is out of date", "What is out of date, and what should it say now?"),
    (
        "The service has closed",
        "How do you know it has closed, and since when? Is anything running in its place?",
    ),
    ("I have more information", "What would you like to add? For example times, costs, access or languages."),
    ("Something else", "What is wrong or missing?"),
)


@dataclass(frozen=True)
class Report:
    label: str
    issue_url: str
    email_url: str | None


def listing_reports(config: SiteConfig, service: Service, page_url: str) -> tuple[Report, ...]:
    reports = []
    for label, question in LISTING_REPORTS:
        title = f"{label}: {service.name}"
        body = f"Listing: {service.name}\nPage: {page_url}\nRecord: {service.source}\nReport: {label}\n\n{question}\n\n"
        email = None
        if config.contact_email:
            email = f"mailto:{config.contact_email}?subject={quote(title)}&body={quote(body)}"
        reports.append(Report(label, config.issue_url(title, body), email))
    return tuple(reports)
