"""Every address in the site, in one place: Python and the templates both take them from here.

Addresses are site-relative and end in '/' for pages ('services/little-acorns/'); the home page
is ''. Rendering turns them into relative links, so the site works under any sub-path; exports
that need a full address join them to the base URL with ``absolute``.
"""

from __future__ import annotations

from sitegen.model.directory import Page, Service, SiteConfig, slugify

HOME = ""
SERVICES = "services/"
AREAS = "areas/"
TYPES = "types/"
DAYS = "days/"
GUIDANCE = "guidance/"
WHOLE_GUIDE = "guidance/whole-guide/"
SEARCH = "search/"
SHORTLIST = "shortlist/"
ACCESSIBILITY = "accessibility/"
OPEN_DATA = "open-data/"
CALENDAR_FILE = "sessions.ics"


def service_url(service: Service) -> str:
    return f"{SERVICES}{service.slug}/"


def guidance_url(page: Page) -> str:
    return f"{GUIDANCE}{page.slug}/"


def area_url(area_slug: str) -> str:
    return f"{AREAS}{area_slug}/"


def type_url(type_name: str) -> str:
    return f"{TYPES}{slugify(type_name)}/"


def day_url(day_name: str) -> str:
    return f"{DAYS}{day_name.lower()}/"


def absolute(config: SiteConfig, url: str) -> str:
    """A site-relative address as a full one, under the site's base URL."""
    return config.base_url.rstrip("/") + "/" + url


def webcal(config: SiteConfig, url: str) -> str | None:
    """The subscribe address of one of the site's calendar files (webcal://host/path), or None if
    the base URL is not a web address that calendar programs could fetch it from."""
    base = config.base_url
    for scheme in ("https://", "http://"):
        if base.startswith(scheme):
            return "webcal://" + base[len(scheme) :].rstrip("/") + "/" + url
    return None
