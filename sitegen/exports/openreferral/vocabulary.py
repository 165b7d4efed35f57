"""The Open Referral UK words that the export writes and the import reads back: ids, taxonomies, codes."""

from __future__ import annotations

import uuid

from sitegen.model import Session, format_months

# A fixed namespace for every id sitegen gives Open Referral objects (itself a UUID 5 of
# sitegen's name for the format), so that ids depend only on the site's address and the record.
NAMESPACE = uuid.UUID("385bab27-78e0-56b0-b6bc-57dd3c667f64")

EXPORT_DIR = "openreferral"
LIST_FILE = f"{EXPORT_DIR}/services.json"

TAXONOMY_TYPES = "sitegen/service-type"
TAXONOMY_KINDS = "sitegen/provider-kind"
TAXONOMY_FIELDS = "sitegen/record"

# What each of sitegen's taxonomies holds: the /taxonomies answer's descriptions.
TAXONOMIES = {
    TAXONOMY_TYPES: "Kinds of service for families with young children, as sitegen directories "
    "name them: stay and play, baby group, rhyme time and music and the like.",
    TAXONOMY_KINDS: "Kinds of organisation that run a service: a council children and family "
    "centre, a library, a charity, a faith group and the like.",
    TAXONOMY_FIELDS: "Values of sitegen record fields that the UK profile has no field for: each "
    "term's code is the record field and its name the value, so that a sitegen site can import "
    "the record back whole.",
}

# The brief for this export maps paused to "inactive"; "temporarily closed" (also in the UK
# profile's list) is read back as paused too.
STATUS = {"running": "active", "paused": "inactive", "closed": "defunct"}
STATUS_BACK = {"active": "running", "inactive": "paused", "temporarily closed": "paused", "defunct": "closed"}


# The cost option that says what help there is with the cost: it has no amount.
HELP_OPTION = "Help with the cost"

# Venue facilities, written as accessibility entries "Step-free access: yes".
FACILITIES = (
    ("step_free", "Step-free access"),
    ("accessible_toilet", "Accessible toilet"),
    ("baby_change", "Baby changing"),
    ("buggy_storage", "Buggy storage"),
    ("parking", "Parking"),
)

# What each sitegen/record taxonomy term holds, said once for the export's taxonomy terms.
FIELD_TERMS = {
    "slug": "The record's file name in sitegen, which is also its page's address.",
    "summary": "One sentence saying what the service is and who it is for.",
    "ages.from": "The youngest age, exactly, as sitegen records it (in months when not whole years).",
    "ages.to": "The oldest age, exactly, as sitegen records it (in months when not whole years).",
    "not_running": "A date when a session that would normally run will not: YYYY-MM-DD, then ': ' "
    "and the reason if there is one.",
    "booking.required": "yes if families must book; no if they can just turn up.",
    "feeding_friendly": "yes if breastfeeding and bottle feeding are welcome anywhere at the session.",
    "siblings_welcome": "yes if older or younger brothers and sisters can come too.",
    "keywords": "Another word families might search for.",
    "status_since": "The date the service paused or closed.",
    "sessions.dates": "A session's own first and last dates, FIRST/LAST ('..' where it has none), for "
    "a session written as one schedule per term period or between days off; linked to its first schedule.",
}


def session_text(session: Session) -> str:
    """A schedule's description: 'Every Monday, term time only, 9:30am to 11:30am'."""
    return f"{session.pattern}, {session.times}"


def exact_ages(from_months: int, to_months: int) -> str:
    """'Ages 18 months to 4 years.': the sentence that starts eligibility_description when
    minimum_age and maximum_age, in whole years, are not the record's exact ages."""
    return f"Ages {format_months(from_months)} to {format_months(to_months)}."


def yes_no(value: bool) -> str:
    return "yes" if value else "no"
