"""Links that say one thing and do another are warned about by 'sitegen check', and nothing a record
says can control the terminal of the person reading the report (issue 17)."""

from __future__ import annotations

import json
import re

import pytest

from sitegen.commands.disguises import Link, disguise
from sitegen.commands.terminal import printable
from tests.conftest import TODAY, edit

HONEST = [
    ("NSPCC website", "https://www.nspcc.org.uk/"),
    ("GOV.UK", "https://www.gov.uk/government/organisations/ofsted"),
    ("oxfordshire.gov.uk", "https://www.oxfordshire.gov.uk/residents"),
    ("https://www.oxfordshire.gov.uk/", "https://www.oxfordshire.gov.uk/"),
    ("www.oxfordshire.gov.uk/families", "https://families.oxfordshire.gov.uk/"),  # the same site
    ("hello@group.org.uk", "mailto:hello@group.org.uk"),
    ("Email hello@group.org.uk", "mailto:Hello@Group.org.uk?subject=Stay%20and%20play"),
    ("Email the group", "mailto:hello@group.org.uk"),
    ("01632 960115", "tel:01632960115"),
    ("call +44 1632 960115", "tel:01632 960115"),
    ("Call us", "tel:+44-1632-960115"),
    ("the leaflet (leaflet.pdf)", "../leaflet/"),  # a file name, not an address
    ("Mr.Smith's page", "https://example.org/smith"),
    ("safeguarding guidance", "../safeguarding/"),
]

DISGUISED = [
    (
        "https://www.oxfordshire.gov.uk/",
        "https://lookalike.example/login",
        "shows the web address www.oxfordshire.gov.uk",
    ),
    (
        "oxfordshire.gov.uk",
        "https://oxfordshire.gov.uk.lookalike.example/",
        "shows the web address oxfordshire.gov.uk",
    ),
    ("www.nspcc.org.uk", "mailto:x@evil.example", "shows the web address www.nspcc.org.uk"),
    (
        "ｏｘｆｏｒｄｓｈｉｒｅ.gov.uk",
        "https://evil.example/",
        "shows the web address oxfordshire.gov.uk",
    ),  # full-width
    ("hello@group.org.uk", "mailto:hello@other.example", "shows the email address hello@group.org.uk"),
    ("hello@group.org.uk", "https://evil.example/", "shows the email address"),
    ("Email the group", "mailto:hello@group.org.uk?bcc=someone@else.example", "sends to 2 addresses"),
    ("Email the group", "mailto:hello@group.org.uk,someone@else.example", "sends to 2 addresses"),
    ("Email the group", "mailto:hello@group.org.uk?cc=a@b.example&to=c@d.example", "sends to 3 addresses"),
    ("call 01632 960115", "tel:01632960999", "shows the phone number 01632 960115"),
    ("call 01632 960115", "tel:**21*01632960999%23", "dials '**21*01632960999#'"),
    ("Call us", "tel:01632960115,,1234", "dials"),
    ("01632 960115", "https://premium.example/", "shows the phone number"),
]


@pytest.mark.parametrize(("text", "href"), HONEST)
def test_an_honest_link_is_not_flagged(text, href):
    assert disguise(Link(href, text)) == ""


@pytest.mark.parametrize(("text", "href", "said"), DISGUISED)
def test_a_disguised_link_is_flagged(text, href, said):
    assert said in disguise(Link(href, text))


def test_printable_shows_controls_and_direction_marks_as_escapes_and_leaves_text_alone():
    assert printable("a\x1b[2Jb\rc\u202ed\x85e") == "a\\u001b[2Jb\\u000dc\\u202ed\\u0085e"
    kept = "line one\n\ttabbed, Café, 𝟎, مرحبا, zero\u200bwidth"
    assert printable(kept) == kept


def test_check_warns_of_each_disguise_at_its_line_and_prints_no_control_characters(site_dir, sitegen):
    edit(
        site_dir,
        "content/services/acorns.yml",
        "  Come and play.\n",
        "  Come and play.\n\n"
        "  [Email us](mailto:hello@acorns.example?bcc=spy@evil.example)\n\n"
        "  [01632 960115](tel:**21*01632960999%23)\n",
    )
    edit(
        site_dir,
        "content/pages/safeguarding.md",
        "Write one.",
        "Write one. See [https://www.oxfordshire.gov.uk/](https://lookalike.example/login).\n\n"
        "[Our page](../&#27;[2J&#27;[HNo&#32;problems/)",
    )
    result = sitegen("check", "--root", site_dir, "--today", TODAY)
    assert result.code == 0, result.err
    out = result.out
    lines = (site_dir / "content/services/acorns.yml").read_text().splitlines()
    bcc_line = next(n for n, line in enumerate(lines, 1) if "bcc=" in line)
    tel_line = next(n for n, line in enumerate(lines, 1) if "tel:" in line)
    assert f"content/services/acorns.yml:{bcc_line}: description: the email link sends to 2 addresses" in out
    assert (
        f"content/services/acorns.yml:{tel_line}: description: the phone link dials '**21*01632960999#'"
        in out
    )
    assert re.search(
        r"content/pages/safeguarding.md:9: the link's text shows the web address www.oxfordshire.gov.uk "
        r"but the link opens https://lookalike.example/login",
        out,
    )
    # the escape sequences in the broken link's address are shown, not obeyed
    assert "\x1b" not in out + result.err
    assert "\\u001b[2J\\u001b[HNo problems/" in out
    found = json.loads(sitegen("check", "--root", site_dir, "--today", TODAY, "--format", "json").out)
    assert any("\x1b[2J" in w["message"] for w in found)  # still the real text, for tools
    github = sitegen("check", "--root", site_dir, "--today", TODAY, "--format", "github").out
    assert "\x1b" not in github and "::warning file=content/pages/safeguarding.md,line=9" in github
