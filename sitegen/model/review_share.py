"""How much of the directory was reviewed recently: the share within N months, and the oldest records.

``sitegen check`` reports it to the people who keep the directory, and the home page shows it to
the council when site.yml asks (``show_freshness: yes``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sitegen.model.directory import Service

OLDEST = 5  # how many of the longest-unreviewed records are named


@dataclass(frozen=True)
class ReviewShare:
    within_months: int
    reviewed: int  # records reviewed less than within_months whole months ago
    total: int
    oldest: tuple[Service, ...]  # the longest since a review first, at most OLDEST of them

    @property
    def percent(self) -> int:
        """Rounded down, so that 99.6% of records is not shown as all of them."""
        return self.reviewed * 100 // self.total if self.total else 100

    @property
    def headline(self) -> str:
        return (
            f"{self.reviewed} of {self.total} services ({self.percent}%) reviewed within the last "
            f"{self.within_months} months"
        )


def review_share(services: Iterable[Service], within_months: int) -> ReviewShare:
    """As of the date the services were made for (their ``reviewed_months_ago``)."""
    listed = list(services)
    reviewed = sum(1 for s in listed if s.reviewed_months_ago < within_months)
    oldest = sorted(listed, key=lambda s: (s.last_reviewed, s.name, s.source))[:OLDEST]
    return ReviewShare(within_months, reviewed, len(listed), tuple(oldest))
