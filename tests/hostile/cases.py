"""The hostile corpus: what each file in this folder tries, where it goes and what must come of it.

Each file is a record (``*.yml``), a guidance page (``*.md``), a whole ``site.yml`` (``site-*.yml``)
or the places table (``places-*.csv``) as a member of the public might send it in a pull request. Its case says one of two things:

- ERROR: the build stops with exit code 1, a problem naming the file, the line and (where the
  problem is with one value) the field, and nothing written to output/;
- SAFE: the build succeeds and the dangerous part is gone or shown as harmless, escaped text
  (tests/test_hostile.py checks every built page for script, handlers, styles and bad URLs,
  whatever the case; ``shows`` and ``hides`` add what is particular to it).

A few files are installed under a name no repository should hold (``installed_as``), as a
symbolic link to a copy outside the project (``link``), or grown past a limit when the test
runs (``grow``), so that every file here stays small.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
ERROR, SAFE = "error", "safe"
SERVICES, PAGES = "content/services/", "content/pages/"
PLACES = "content/places.csv"
TERMS = "term-dates.yml"  # where the small site's site.yml finds its term dates


@dataclass(frozen=True)
class Case:
    file: str
    outcome: str
    line: int = 0  # ERROR: the line the problem names
    field: str = ""  # ERROR: the field it names ("" for the whole file)
    message: str = ""  # ERROR: words it says
    shows: tuple[tuple[str, str], ...] = ()  # SAFE: (built file, text it must hold)
    hides: tuple[str, ...] = ()  # SAFE: text no built page may hold
    installed_as: str = ""  # the path it is installed at, when not the usual one
    link: str = ""  # "file" or "folder": installed as a link to a copy outside the project
    grow: Callable[[bytes], bytes] | None = None  # makes the file's bytes past a limit

    @property
    def target(self) -> str:
        """Where in the project the file goes."""
        if self.installed_as:
            return self.installed_as
        if self.file.startswith("site-"):
            return "site.yml"
        return (PAGES if self.file.endswith(".md") else SERVICES) + self.file

    @property
    def reported_as(self) -> str:
        """The file name the problem is reported under."""
        return PAGES.rstrip("/") if self.link == "folder" else self.target

    def content(self) -> bytes:
        raw = (HERE / self.file).read_bytes()
        return self.grow(raw) if self.grow else raw

    def __str__(self) -> str:  # the test's id
        return self.file


def service_page(file: str) -> str:
    return f"services/{file.removesuffix('.yml')}/index.html"


def page_page(file: str) -> str:
    return f"guidance/{file.removesuffix('.md')}/index.html"


ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

CASES: tuple[Case, ...] = (
    # --- Markdown in a record's description: sanitised ------------------------------------------
    Case("md-script-tag.yml", SAFE, shows=(("services/md-script-tag/index.html", "Come and play."),)),
    Case("md-event-handlers.yml", SAFE, shows=((service_page("md-event-handlers.yml"), ">hover</a>"),)),
    Case("md-javascript-links.yml", SAFE, shows=((service_page("md-javascript-links.yml"), ">click</a>"),)),
    Case("md-data-vbscript-links.yml", SAFE, hides=("base64,PHN", "vbscript:", "file:///")),
    Case("md-entity-obfuscation.yml", SAFE, hides=("&#106;", "#x09")),
    Case("md-unicode-obfuscation.yml", SAFE),
    # links that say one thing and open another: safe to build; 'sitegen check' warns of each
    # (tests/test_disguises.py), and prints the escape sequences in the last as text
    Case(
        "md-disguised-links.yml",
        SAFE,
        shows=((service_page("md-disguised-links.yml"), ">Email the group</a>"),),
    ),
    Case("md-svg.yml", SAFE),
    Case("md-iframe-object.yml", SAFE, hides=("srcdoc", "x.swf")),
    Case("md-css-injection.yml", SAFE, hides=("evil.example/x.css", "display: none")),
    Case(
        "md-page-hijack.yml",
        SAFE,
        shows=(
            (service_page("md-page-hijack.yml"), '<a href="https://example.org" rel="noopener noreferrer">'),
        ),
        hides=("evil.example", 'target="_blank"'),
    ),
    Case(
        "md-breakout.yml",
        SAFE,
        shows=((service_page("md-breakout.yml"), f"<code>{ESCAPED_SCRIPT}</code>"),),
    ),
    # --- Markdown that would stall or crash the build: refused by a linear pre-scan (issue 17) -----
    # Each construct at the size that made python-markdown quadratic or ran out its recursion; the
    # description's line is the field's line plus the line within it.
    Case(
        "md-bounds-unclosed-brackets.yml",
        ERROR,
        6,
        "description",
        "'[' that are never closed",
        grow=lambda raw: raw.replace(b"BRACKETS", b"[" * 19_980),  # the description's 20,000 characters
    ),
    Case("md-bounds-nested-list.yml", ERROR, 6, "description", "lists or quotes 11 deep"),
    Case("md-bounds-nested-numbers.yml", ERROR, 6, "description", "lists or quotes 11 deep"),
    Case("md-bounds-nested-quotes.yml", ERROR, 6, "description", "lists or quotes 11 deep"),
    Case("md-bounds-nested-emphasis.yml", ERROR, 6, "description", "emphasis ('*' or '_') more than 10 deep"),
    Case("md-bounds-links-in-links.yml", ERROR, 6, "description", "'[' brackets more than 5 deep"),
    Case(
        "md-bounds-link-parens.yml",
        ERROR,
        6,
        "description",
        "more than sitegen can read in good time",
        grow=lambda raw: raw.replace(b"PARENS", b"[x](" * 4_995),
    ),
    Case(
        "md-bounds-backticks.yml",
        ERROR,
        6,
        "description",
        "more than sitegen can read in good time",
        grow=lambda raw: raw.replace(b"BACKTICKS", b"``a`" * 4_995),
    ),
    Case(
        "md-bounds-emphasis-runs.yml",
        ERROR,
        6,
        "description",
        "more than sitegen can read in good time",
        grow=lambda raw: raw.replace(b"STARS", b"**a*" * 4_995),
    ),
    Case(
        "md-bounds-html-tags.yml",
        ERROR,
        6,
        "description",
        "more than 300 HTML tags",
        grow=lambda raw: raw.replace(b"TAGS", b"<a " * 6_600),
    ),
    Case(
        "md-bounds-headings.yml",
        ERROR,
        306,
        "description",
        "more than 300 headings",
        grow=lambda raw: raw.replace(b"HEADINGS", b"### Same\n  " * 400),
    ),
    Case(
        "page-bounds-brackets.md",
        ERROR,
        13,
        "",
        "'[' that are never closed",
        grow=lambda raw: raw.replace(b"BRACKETS", b"[" * (256 * 1024 - len(raw))),  # to the file limit
    ),
    Case("page-bounds-indented-lists.md", ERROR, 21, "", "lists or quotes 11 deep"),
    Case(
        "page-bounds-lines.md",
        ERROR,
        5007,
        "",
        "more than the 5,000 sitegen reads",
        grow=lambda raw: raw.replace(b"ITEMS", b"- x\n\n" * 3_000),
    ),
    Case(
        "page-bounds-headings.md",
        ERROR,
        312,
        "",
        "more than 300 headings",
        grow=lambda raw: raw.replace(b"HEADINGS", b"## Same\n" * 400),
    ),
    Case(
        "page-bounds-table-cells.md",
        ERROR,
        1261,
        "",
        "more than 5,000 cells",
        grow=lambda raw: raw.replace(b"CELLS", b"| x | y |\n" * 2_000),
    ),
    Case(
        "page-bounds-html-blocks.md",
        ERROR,
        911,
        "",
        "more than 300 HTML tags",
        grow=lambda raw: raw.replace(b"HTML", b"<div>\nx\n\n" * 400),
    ),
    Case(
        "page-images-disguised-hosts.md",
        SAFE,
        shows=((page_page("page-images-disguised-hosts.md"), '<img alt="local" src="/assets/logo.png">'),),
        hides=("images.example",),
    ),
    # --- plain text fields: escaped wherever they appear ----------------------------------------------
    Case(
        "text-script-in-name.yml",
        SAFE,
        shows=(
            (service_page("text-script-in-name.yml"), f'<h1 class="sg-heading-xl">{ESCAPED_SCRIPT}</h1>'),
            (service_page("text-script-in-name.yml"), "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
            ("services/index.html", ESCAPED_SCRIPT),
        ),
    ),
    Case(
        "text-attribute-breakout.yml",
        SAFE,
        shows=((service_page("text-attribute-breakout.yml"), "&#34; onmouseover=&#34;alert(1)&#34;"),),
    ),
    Case(
        "text-template-syntax.yml",
        SAFE,
        shows=((service_page("text-template-syntax.yml"), "{{ 7 * 7 }} {% raw %}Group"),),
    ),
    Case("text-css-in-name.yml", SAFE, shows=(("services/index.html", "&lt;/style&gt;&lt;style&gt;"),)),
    Case("text-fullwidth-and-zero-width.yml", SAFE),
    Case(
        "text-csv-formula.yml",
        SAFE,
        shows=(
            ("open-data/services.csv", ",'@SUM(1+1)*cmd|' /C calc'!A0,"),
            ("open-data/services.csv", ",\"'=HYPERLINK("),
        ),
    ),
    # --- web addresses, emails and phone numbers: only what they should be ---------------------------
    Case("url-javascript-website.yml", ERROR, 29, "contact.website", "only https:// and http://"),
    Case("url-data-website.yml", ERROR, 8, "run_by.website", "only https:// and http://"),
    Case("url-vbscript-website.yml", ERROR, 29, "contact.website", "only https:// and http://"),
    Case("url-entity-website.yml", ERROR, 29, "contact.website", "only https:// and http://"),
    Case("url-tab-website.yml", ERROR, 29, "contact.website", "U+0009 (TAB)"),
    Case("url-quote-breakout-website.yml", ERROR, 29, "contact.website", "expected a web address"),
    Case("url-fullwidth-website.yml", ERROR, 29, "contact.website", "only https:// and http://"),
    Case("url-protocol-relative-website.yml", ERROR, 29, "contact.website", "expected a web address"),
    Case("email-header-injection.yml", ERROR, 29, "contact.email", "expected an email address"),
    Case("phone-javascript.yml", ERROR, 28, "contact.phone", "expected a UK phone number"),
    Case("url-bidi-website.yml", ERROR, 29, "contact.website", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    Case("url-bidi-run-by-website.yml", ERROR, 8, "run_by.website", "U+202E"),
    Case("url-zero-width-website.yml", ERROR, 29, "contact.website", "U+200B (ZERO WIDTH SPACE)"),
    Case("url-escape-website.yml", ERROR, 29, "contact.website", "U+001B (ESCAPE)"),
    Case("url-soft-hyphen-website.yml", ERROR, 29, "contact.website", "U+00AD (SOFT HYPHEN)"),
    Case("phone-mathematical-digits.yml", ERROR, 28, "contact.phone", "expected a UK phone number"),
    Case("phone-bengali-digits.yml", ERROR, 28, "contact.phone", "expected a UK phone number"),
    # --- Unicode that hides what text says: refused --------------------------------------------------
    Case("unicode-rtl-override.yml", ERROR, 1, "name", "contains control characters"),
    Case("unicode-rtl-in-markdown.yml", ERROR, 3, "description", "contains control characters"),
    Case("unicode-control-chars.yml", ERROR, 1, "name", "contains control characters"),
    # --- YAML's dangerous features -------------------------------------------------------------------
    Case("yaml-billion-laughs.yml", ERROR, 1, "summary[0]", "aliases (*name) are not allowed"),
    Case("yaml-merge-key.yml", ERROR, 26, "booking", "a field name must be plain text"),
    Case("yaml-python-tag.yml", ERROR, 1, "name", "is not allowed"),
    Case("yaml-binary-tag.yml", ERROR, 2, "summary", "is not allowed"),
    Case(
        "yaml-deep-nesting.yml",
        ERROR,
        31,
        "keywords[0][0][0][0][0][0][0][0][0][0][0][0]",
        "nested more than 12 levels deep",
    ),
    Case(
        "yaml-deep-nesting-huge.yml",  # libyaml's composer once crashed the process on this
        ERROR,
        3,
        "",
        "nested more than 12 levels deep",
        grow=lambda raw: raw + b"[" * 60_000 + b"]" * 60_004 + b"\n",
    ),
    Case(
        "yaml-many-values.yml",
        ERROR,
        19998,
        "keywords[19966]",
        "more than 20,000 values",
        grow=lambda raw: raw + b"  - a\n" * 25_000,
    ),
    Case("yaml-duplicate-keys.yml", ERROR, 2, "name", "'name' appears twice (first on line 1)"),
    Case("yaml-tabs.yml", ERROR, 6, "", "not valid YAML"),
    Case("yaml-two-documents.yml", ERROR, 31, "", "but found another document"),
    Case("yaml-top-level-list.yml", ERROR, 1, "", "found a list, expected a group of fields"),
    Case("yaml-empty.yml", ERROR, 1, "", "found nothing, expected a group of fields"),
    Case("yaml-unclosed-quote.yml", ERROR, 31, "", "not valid YAML"),
    # --- encodings and bytes ------------------------------------------------------------------------
    Case("enc-bom.yml", SAFE, shows=((service_page("enc-bom.yml"), ">BOM Group</h1>"),)),
    Case("enc-crlf.yml", SAFE, shows=((service_page("enc-crlf.yml"), ">CRLF Group</h1>"),)),
    Case("enc-lone-cr.yml", SAFE, shows=((service_page("enc-lone-cr.yml"), ">Old Mac Group</h1>"),)),
    Case("enc-invalid-utf8.yml", ERROR, 1, "", "not valid UTF-8"),
    Case("enc-latin1.yml", ERROR, 1, "", "not valid UTF-8"),
    Case("enc-utf16.yml", ERROR, 1, "", "not text"),
    Case("enc-png-named-yml.yml", ERROR, 1, "", "not text"),
    # --- sizes -----------------------------------------------------------------------------------------
    Case(
        "size-huge.yml",
        ERROR,
        1,
        "",
        "more than the 256 KB",
        grow=lambda raw: raw + b"# padding padding padding padding padding padding padding\n" * 5000,
    ),
    Case("size-long-name.yml", ERROR, 1, "name", "at most 100 fit here"),
    Case("size-long-description.yml", ERROR, 3, "description", "at most 20,000 fit here"),
    Case("size-many-sessions.yml", ERROR, 12, "sessions", "at most 20 are allowed"),
    # --- wrong types ---------------------------------------------------------------------------------
    Case("type-list-for-name.yml", ERROR, 1, "name", "found a list, expected text"),
    Case("type-mapping-for-summary.yml", ERROR, 2, "summary", "found a group of fields, expected text"),
    Case("type-mapping-for-list.yml", ERROR, 4, "types", "found a group of fields, expected a list"),
    Case("type-text-for-sessions.yml", ERROR, 12, "sessions", "expected a list"),
    Case("type-list-for-venue.yml", ERROR, 16, "venue", "found a list, expected a group of fields"),
    Case("type-null-required.yml", ERROR, 1, "name", "is missing"),
    Case("type-unknown-fields.yml", ERROR, 31, "onclick", "is not a field here"),
    # Numbers and yes/no are text where text is expected: the loader guesses no types.
    Case(
        "type-number-for-name.yml", SAFE, shows=((service_page("type-number-for-name.yml"), ">12345</h1>"),)
    ),
    Case("type-bool-for-text.yml", SAFE, shows=((service_page("type-bool-for-text.yml"), "<p"),)),
    # --- values out of range ----------------------------------------------------------------------
    Case("range-time.yml", ERROR, 14, "sessions[0].start", "25:00 is not a time of day"),
    Case("range-time-order.yml", ERROR, 15, "sessions[0].end", "09:30 is before start 11:30"),
    Case("range-time-words.yml", ERROR, 14, "sessions[0].start", "expected a 24-hour time"),
    Case("range-date.yml", ERROR, 30, "last_reviewed", "2026-02-30 is not a real date"),
    Case("range-date-format.yml", ERROR, 30, "last_reviewed", "expected a date written YYYY-MM-DD"),
    Case("range-postcode.yml", ERROR, 20, "venue.postcode", "is not a UK postcode"),
    Case("range-postcode-unknown.yml", ERROR, 20, "venue.postcode", "is not a UK postcode"),
    Case("range-age-huge.yml", ERROR, 11, "ages.to", "older than this directory covers"),
    Case("range-age-negative.yml", ERROR, 10, "ages.from", "expected an age"),
    Case("range-age-order.yml", ERROR, 11, "ages.to", "is not older than 'from'"),
    Case("range-latitude.yml", ERROR, 21, "venue.latitude", "91 is outside the UK"),
    Case("range-longitude-nan.yml", ERROR, 22, "venue.longitude", "expected a longitude"),
    Case("range-latitude-inf.yml", ERROR, 21, "venue.latitude", "found '1e999', expected a latitude"),
    Case("range-coordinates-half.yml", ERROR, 16, "venue", "longitude is missing"),
    Case("range-price.yml", ERROR, 24, "cost.price", "expected free, or an amount"),
    # An area with no letter to name its page by would have replaced the list of all areas.
    Case("range-area-no-letters.yml", ERROR, 20, "venue.area", "has no letters A to Z or digits"),
    Case(
        "range-area-traversal.yml",
        SAFE,
        shows=(("areas/etc-passwd/index.html", "Services in ../../../etc/passwd"),),
    ),
    # --- file names and links ---------------------------------------------------------------------
    Case(
        "name-space.yml",
        ERROR,
        1,
        "",
        "the file name is not a valid page address",
        installed_as=SERVICES + "Bad Name.yml",
    ),
    Case(
        "name-uppercase.yml",
        ERROR,
        1,
        "",
        "the file name is not a valid page address",
        installed_as=SERVICES + "Bad-Name.yml",
    ),
    Case(
        "name-unicode.yml",
        ERROR,
        1,
        "",
        "the file name is not a valid page address",
        installed_as=SERVICES + "café.yml",
    ),
    Case(
        "name-encoded-traversal.yml",
        ERROR,
        1,
        "",
        "the file name is not a valid page address",
        installed_as=SERVICES + "%2e%2e%2fescape.yml",
    ),
    Case(
        "name-too-long.yml",
        ERROR,
        1,
        "",
        "the file name is not a valid page address",
        installed_as=SERVICES + "a" * 90 + ".yml",
    ),
    Case(
        "name-wrong-suffix.yml",
        ERROR,
        1,
        "",
        "is not a .yml or .yaml file",
        installed_as=SERVICES + "group.yml.txt",
    ),
    # A name starting with a dot is a hidden file, which the build passes over (.DS_Store and the like).
    Case("name-dots.yml", SAFE, hides=("Badly Named Group Dots",), installed_as=SERVICES + "..yml"),
    Case(
        "name-page-uppercase.md",
        ERROR,
        1,
        "",
        "the file name is not a valid page address",
        installed_as=PAGES + "Start Here.md",
    ),
    Case(
        "name-reserved-page.md",
        ERROR,
        1,
        "",
        "is the address of a page sitegen makes",
        installed_as=PAGES + "whole-guide.md",
    ),
    Case("symlink-outside.yml", ERROR, 1, "", "is a symbolic link", link="file"),
    Case(
        "symlink-folder-outside.md",
        ERROR,
        1,
        "",
        "is a symbolic link to a folder outside the project",
        link="folder",
    ),
    # --- guidance pages ---------------------------------------------------------------------------
    Case("page-script-and-handlers.md", SAFE, hides=("ontoggle",)),
    Case(
        "page-links-and-images.md",
        SAFE,
        shows=((page_page("page-links-and-images.md"), '<a href="../start-here/"'),),
        hides=("tracker.example",),
    ),
    Case("page-svg-iframe-style.md", SAFE, hides=("evil.example",)),
    Case(
        "page-heading-tricks.md",
        SAFE,
        shows=(
            (page_page("page-heading-tricks.md"), f"{ESCAPED_SCRIPT} Page</h1>"),
            (page_page("page-heading-tricks.md"), 'aria-label="A&quot; onmouseover=&quot;alert(1), table 2"'),
        ),
    ),
    Case("page-bidi-and-zero-width.md", SAFE),
    Case("page-front-matter-alias.md", ERROR, 2, "summary", "aliases (*name) are not allowed"),
    Case("page-no-front-matter.md", ERROR, 1, "", "the page has no front matter"),
    Case("page-unclosed-front-matter.md", ERROR, 1, "", "the front matter is never closed"),
    Case(
        "page-huge.md",
        ERROR,
        1,
        "",
        "more than the 256 KB",
        grow=lambda raw: raw + b"More text, more text, more text, more text, more text.\n" * 5000,
    ),
    Case("page-empty-body.md", ERROR, 8, "", "the page has no text after its front matter"),
    # --- dates: term dates and session dates that would make the work or the output grow -------------
    # The term dates file is installed as term-dates.yml, which the small site's site.yml names.
    Case(
        "terms-sixty-overlapping.yml",
        ERROR,
        5,
        "terms[0].ends",
        "is 521722 weeks long (0001-01-01 to 9999-12-31); a term is at most 26 weeks long",
        installed_as=TERMS,
    ),
    Case(
        "terms-one-to-9999.yml",
        ERROR,
        5,
        "terms[0].ends",
        "a term is at most 26 weeks long",
        installed_as=TERMS,
    ),
    Case(
        "terms-one-day-to-9999.yml",
        ERROR,
        182,
        "terms[59].ends",
        "9999-12-01 is more than 5 years after the build date (2026-11-24)",
        installed_as=TERMS,
    ),
    Case(
        "terms-far-ahead.yml",
        ERROR,
        8,
        "terms[1].ends",
        "2062-03-26 is more than 5 years after the build date",
        installed_as=TERMS,
    ),
    Case(
        "terms-long-ago.yml",
        ERROR,
        7,
        "terms[1].starts",
        "0001-01-05 is more than 5 years before the build date",
        installed_as=TERMS,
    ),
    Case(
        "terms-overlapping.yml",
        ERROR,
        7,
        "terms[1].starts",
        "the term 'Spring 2027' (2026-12-05 to 2027-03-26) overlaps the term 'Autumn 2026' "
        "(2026-09-03 to 2026-12-18, line 3)",
        installed_as=TERMS,
    ),
    Case(
        "terms-break-outside.yml",
        ERROR,
        12,
        "terms[0].breaks[1].ends",
        "2027-01-04 is after the term 'Autumn 2026' ends (2026-12-18)",
        installed_as=TERMS,
    ),
    Case(
        "terms-break-backwards.yml",
        ERROR,
        9,
        "terms[0].breaks[0].ends",
        "2026-10-26 is before the break starts (2026-10-30)",
        installed_as=TERMS,
    ),
    Case(
        "terms-too-many.yml",
        ERROR,
        2,
        "terms",
        "has 61 items; at most 60 are allowed",
        installed_as=TERMS,
        grow=lambda raw: (
            raw
            + "".join(
                f"  - name: Term {n}\n    starts: 2027-01-{n % 28 + 1:02}\n    ends: 2027-01-{n % 28 + 1:02}\n"
                for n in range(61)
            ).encode()
        ),
    ),
    # 180 holiday Mondays between one-day terms, within five years: the calendar lists 150 and ends
    # on the day before the next (schedule.MAX_SKIPPED), in the structured data too.
    Case(
        "terms-many-short.yml",
        SAFE,
        shows=(
            ("services/acorns/sessions.ics", "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20301006T225959Z"),
            (service_page("acorns.yml"), '"endDate":"2030-10-06"'),
        ),
        installed_as=TERMS,
    ),
    # Sessions from the year 1 to 9999 and a day off on 9999-12-31: a monthly "last Friday"
    # session once crashed the build here (a week after the last day there is).
    Case(
        "dates-extreme-session.yml",
        SAFE,
        shows=(
            ("services/dates-extreme-session/sessions.ics", "INTERVAL=2;BYDAY=MO;UNTIL=99991231T235959Z"),
            ("services/dates-extreme-session/sessions.ics", "EXDATE;TZID=Europe/London:99991231T100000"),
        ),
    ),
    # --- site.yml ---------------------------------------------------------------------------------
    Case(
        "site-title-script.yml",
        SAFE,
        shows=(
            ("index.html", f"<title>&lt;/title&gt;{ESCAPED_SCRIPT}</title>"),
            ("index.html", '<html lang="en&#34; onload=&#34;x">'),
        ),
    ),
    Case("site-base-url-javascript.yml", ERROR, 3, "base_url", "only https:// and http://"),
    Case("site-base-url-double-slash.yml", ERROR, 3, "base_url", "has '//', '..', '?' or '#' in its path"),
    Case("site-branch-dotdot.yml", ERROR, 6, "branch", "is not a branch name"),
    Case("site-repository-dotdot.yml", ERROR, 5, "repository", "has '//', '..', '?' or '#' in its path"),
    Case("site-quick-exit-javascript.yml", ERROR, 14, "quick_exit_url", "only https:// and http://"),
    Case("site-theme-outside.yml", ERROR, 13, "theme", "leads outside the project folder"),
    Case("site-term-dates-traversal.yml", ERROR, 7, "term_dates", "leads outside the project folder"),
    # --- places: the places table, and towns with pages of their own ----------------------------
    Case("places-outside-uk.csv", ERROR, 3, "", "-90.0,0.0 is outside the UK", installed_as=PLACES),
    Case(
        "places-town-unknown.csv",
        ERROR,
        3,
        "town",
        "town 'Oxfrod' is not a place in this table",
        installed_as=PLACES,
    ),
    Case(
        "places-name-no-letters.csv", ERROR, 3, "name", "has no letters A to Z or digits", installed_as=PLACES
    ),
    Case("places-twice.csv", ERROR, 3, "name", "OXFORD is listed twice (as Oxford)", installed_as=PLACES),
    Case("places-unquoted-comma.csv", ERROR, 3, "", "has 6 values, expected 5", installed_as=PLACES),
    Case(
        "places-old-header.csv",
        ERROR,
        1,
        "",
        "the first line must be: name,latitude,longitude,town,source",
        installed_as=PLACES,
    ),
    Case(
        "places-script-name.csv",
        SAFE,
        shows=(("search/places.json", '"script-alert-1-script":[51.7,-1.2]'),),
        installed_as=PLACES,
    ),
    # A town with no letter to name its page by would replace the list of all areas, as an area would.
    Case("range-town-no-letters.yml", ERROR, 19, "venue.town", "has no letters A to Z or digits"),
    # --- Who looks after a record (maintainers:): checked, and never on a page or in an export ---
    Case(
        "maintainers-kept-private.yml",
        SAFE,
        hides=("volunteer.private@example.org", "sarah-jones"),
    ),
    Case("maintainers-bidi-username.yml", ERROR, 33, "maintainers[0]", "is not a GitHub username"),
    Case("maintainers-script-username.yml", ERROR, 33, "maintainers[0]", "is not a GitHub username"),
    Case("maintainers-unquoted-username.yml", ERROR, 33, "", "found character that cannot start any token"),
    Case("maintainers-too-many.yml", ERROR, 32, "maintainers", "has 11 items; at most 10 are allowed"),
)
