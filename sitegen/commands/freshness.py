"""Which "please check this listing" issues should be open, and which should close (sitegen freshness).

A record is due a reminder at 10, 11 and 12 whole months since its ``last_reviewed``: before
families see the "may be out of date" notice (``stale_after_months``, 12 by default). Each
reminder is one issue per record, found again by a hidden marker naming the record's file, so a
weekly run is idempotent: it opens the issue at 10 months, retitles it (with a comment that
mentions the maintainers again) at 11 and 12, and closes it once the record's review is less than
10 months old (someone reviewed it) or the record is gone. Past 12 months an open reminder stays
open and no new one is opened: ``sitegen check`` reports the record as stale from then on.

Maintainers named by GitHub username are mentioned; email addresses are never put in an issue or
in this command's output (issues, workflow logs and artifacts of a public repository are public).
Pure: a Site, a date and the open issues in; a Plan out. The workflow does the GitHub part.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass

from sitegen.model import Service, Site, issue_forms, schedule

REMIND_AT = (10, 11, 12)  # months since last_reviewed
LABEL = "freshness"
_MARKER = "<!-- sitegen-freshness: {file} -->"
_MARKED = re.compile(r"<!-- sitegen-freshness: (\S+?) -->")


@dataclass(frozen=True)
class OpenIssue:
    """An open issue with the freshness label, as the GitHub API lists it."""

    number: int
    title: str
    body: str


@dataclass(frozen=True)
class Reminder:
    """An issue that should be open. ``action``: create it, update it (retitle, new body and a
    comment; the months changed), or keep it as it is."""

    action: str
    file: str
    name: str
    months: int
    last_reviewed: str
    title: str
    body: str
    number: int | None = None
    comment: str | None = None


@dataclass(frozen=True)
class Closing:
    """An open reminder that should close, with the comment that says why."""

    number: int
    file: str
    comment: str


@dataclass(frozen=True)
class Plan:
    today: str
    label: str
    open: tuple[Reminder, ...]
    close: tuple[Closing, ...]

    def as_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    def as_text(self) -> str:
        lines = [f"{LABEL} reminders as of {self.today}:"]
        for r in self.open:
            lines.append(f"  {r.action}: {r.title} ({r.file}, last reviewed {r.last_reviewed})")
        for c in self.close:
            lines.append(f"  close #{c.number}: {c.file}: {c.comment}")
        if not self.open and not self.close:
            lines.append("  nothing to open or close")
        return "\n".join(lines)


def marker(file: str) -> str:
    """The hidden line in a reminder's body that names its record."""
    return _MARKER.format(file=file)


def marked_file(body: str) -> str | None:
    found = _MARKED.search(body or "")
    return found.group(1) if found else None


def title(service: Service, months: int) -> str:
    return f"Please check this listing: {service.name} ({months} months since its last review)"


def _plain(text: str) -> str:
    """A record's text as plain words in an issue: Markdown's marks escaped, and a word joiner
    after each @ so that a name like "Tots @ St Mary's" or "@org/team" mentions no one."""
    return re.sub(r"([\\`*_\[\]<>#|~!])", r"\\\1", text).replace("@", "@\u2060")


def _usernames(service: Service) -> list[str]:
    return [m for m in service.maintainers if m.startswith("@")]


def _who(service: Service) -> str:
    names = _usernames(service)
    emailed = len(service.maintainers) > len(names)
    if names:
        said = ", ".join(names) + ": you look after this listing. Please check it with the service."
        return said + (" (Its other maintainers are written to by email.)" if emailed else "")
    if emailed:
        return (
            "This listing's maintainer is named by email in the record, which is not shown here: "
            "the council's team will write to them."
        )
    return (
        "No one is named as looking after this listing. If you know the service, please check it; "
        "add `maintainers:` to the record to be asked next time."
    )


def body(service: Service, months: int, repository: str, branch: str) -> str:
    edit = f"{repository.rstrip('/')}/edit/{branch}/{service.source}"
    return "\n".join(
        [
            marker(service.source),
            f"**{_plain(service.name)}** was last checked on {service.last_reviewed:%-d %B %Y}, {months} "
            f"months ago. At {REMIND_AT[-1]} months the site tells families the listing may be "
            "out of date.",
            "",
            _who(service),
            "",
            f"- Every detail is still right: [say it is still correct]({issue_forms.still_correct_url(repository, service)}). "
            "That only moves the date it was last checked.",
            f"- Something has changed: [edit the record]({edit}) ({service.source}).",
            "",
            "This issue closes by itself once the record's `last_reviewed` date moves.",
        ]
    )


def plan(site: Site, today: dt.date, open_issues: list[OpenIssue]) -> Plan:
    """The reminders that should be open on ``today`` and the open ones that should close."""
    by_file: dict[str, list[OpenIssue]] = {}
    for issue in sorted(open_issues, key=lambda i: i.number):
        file = marked_file(issue.body)
        if file is not None:
            by_file.setdefault(file, []).append(issue)
    repository, branch = site.config.repository, site.config.branch
    reminders, closings = [], []
    services = {s.source: s for s in site.services}
    for service in sorted(site.services, key=lambda s: s.source):
        months = schedule.months_between(service.last_reviewed, today)
        existing = by_file.get(service.source, [])
        for duplicate in existing[1:]:
            closings.append(
                Closing(
                    duplicate.number,
                    service.source,
                    f"A second reminder for this listing: see #{existing[0].number}.",
                )
            )
        if months in REMIND_AT:
            wanted_title, wanted_body = title(service, months), body(service, months, repository, branch)
            common = dict(
                file=service.source,
                name=service.name,
                months=months,
                last_reviewed=service.last_reviewed.isoformat(),
                title=wanted_title,
                body=wanted_body,
            )
            if not existing:
                reminders.append(Reminder(action="create", **common))
            elif existing[0].title == wanted_title:  # GitHub may rewrite a body's line ends; a title stays
                reminders.append(Reminder(action="keep", number=existing[0].number, **common))
            else:
                mention = " ".join(_usernames(service))
                comment = f"Now {months} months since this listing was last checked." + (
                    f" {mention}, please have a look." if mention else ""
                )
                reminders.append(
                    Reminder(action="update", number=existing[0].number, comment=comment, **common)
                )
        elif existing and months < REMIND_AT[0]:
            closings.append(
                Closing(
                    existing[0].number,
                    service.source,
                    f"Checked on {service.last_reviewed:%-d %B %Y}: thank you. Closing this reminder.",
                )
            )
    for file, issues in sorted(by_file.items()):
        if file not in services:
            for issue in issues:
                closings.append(
                    Closing(
                        issue.number, file, f"{file} is no longer in the directory. Closing this reminder."
                    )
                )
    return Plan(
        today=today.isoformat(),
        label=LABEL,
        open=tuple(reminders),
        close=tuple(sorted(closings, key=lambda c: c.number)),
    )


def read_open_issues(text: str) -> list[OpenIssue]:
    """The open issues as the workflow saves them: a JSON list of {number, title, body}.
    Raises ValueError, saying what is wrong, for anything else."""
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("expected a JSON list of issues")
    issues = []
    for position, item in enumerate(data):
        if not (
            isinstance(item, dict)
            and isinstance(item.get("number"), int)
            and isinstance(item.get("title"), str)
            and isinstance(item.get("body") or "", str)
        ):
            raise ValueError(f"item {position} is not an issue with a number, a title and a body")
        issues.append(OpenIssue(item["number"], item["title"], item.get("body") or ""))
    return issues
