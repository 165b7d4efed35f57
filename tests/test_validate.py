"""Every kind of mistake in a record is reported with its file, line, field and a fix; exit 1."""

import json

import pytest

from tests.conftest import edit, write

ACORNS = "content/services/acorns.yml"


def problems_of(sitegen, root) -> list[dict]:
    result = sitegen("validate", "--root", root, "--today", "2026-11-24", "--format", "json")
    assert result.code == 1, result.out + result.err
    return json.loads(result.out)


def headlines(sitegen, root) -> list[str]:
    return [
        f"{p['file']}:{p['line']}: {p['field']}: {p['message']}"
        if p["field"]
        else f"{p['file']}:{p['line']}: {p['message']}"
        for p in problems_of(sitegen, root)
    ]


def test_the_fixture_site_is_valid(sitegen, site_dir):
    result = sitegen("validate", "--root", site_dir, "--today", "2026-11-24")
    assert result.code == 0
    assert "No problems: 2 services, 2 guidance pages" in result.out


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "    end: 11:30",
            "    end: 09:00",
            f"{ACORNS}:18: sessions[0].end: 09:00 is before start 09:30",
            id="end-before-start",
        ),
        pytest.param(
            "    start: 09:30",
            "    start: 25:00",
            f"{ACORNS}:17: sessions[0].start: 25:00 is not a time of day",
            id="impossible-time",
        ),
        pytest.param(
            "    start: 09:30",
            "    start: 9.30am",
            f"{ACORNS}:17: sessions[0].start: found '9.30am', expected a 24-hour time such as 09:30 or 13:15",
            id="twelve-hour-time",
        ),
        pytest.param(
            "last_reviewed: 2026-10-01",
            "last_reviewed: 2026-02-30",
            f"{ACORNS}:37: last_reviewed: 2026-02-30 is not a real date",
            id="invalid-date",
        ),
        pytest.param(
            "last_reviewed: 2026-10-01",
            "last_reviewed: 1 October 2026",
            f"{ACORNS}:37: last_reviewed: found '1 October 2026', expected a date written YYYY-MM-DD, such as 2026-09-07",
            id="date-in-words",
        ),
        pytest.param(
            "  postcode: OX5 1AB",
            "  postcode: OX5 1A",
            f"{ACORNS}:27: venue.postcode: 'OX5 1A' is not a UK postcode",
            id="malformed-postcode",
        ),
        pytest.param(
            "  latitude: 51.82",
            "  latitude: 48.85",
            f"{ACORNS}:28: venue.latitude: 48.85 is outside the UK",
            id="latitude-outside-uk",
        ),
        pytest.param(
            "  longitude: -1.29",
            "  longitude: 2.35",
            f"{ACORNS}:29: venue.longitude: 2.35 is outside the UK",
            id="longitude-outside-uk",
        ),
        pytest.param(
            "  phone: 01632 960002",
            '  website: "javascript:alert(1)"',
            f"{ACORNS}:36: contact.website: 'javascript:alert(1)' is not allowed: only https:// and http:// "
            "web addresses can be linked",
            id="unsafe-url",
        ),
        pytest.param(
            "  phone: 01632 960002",
            "  website: data:text/html;base64,PHNjcmlwdD4=",
            f"{ACORNS}:36: contact.website: 'data:text/html;base64,PHNjcmlwdD4=' is not allowed: only https:// "
            "and http:// web addresses can be linked",
            id="data-url",
        ),
        pytest.param(
            "last_reviewed: 2026-10-01",
            "last_reviewd: 2026-10-01",
            f"{ACORNS}:37: last_reviewd: 'last_reviewd' is not a field here",
            id="unknown-field-typo",
        ),
        pytest.param(
            "summary: Toys and songs for babies and toddlers.\n",
            "",
            f"{ACORNS}:1: summary: is missing; expected text",
            id="missing-required",
        ),
        pytest.param(
            "  name: Village Hall",
            "  name: [Village, Hall]",
            f"{ACORNS}:24: venue.name: found a list, expected text",
            id="list-instead-of-text",
        ),
        pytest.param(
            "  step_free: yes",
            "  step_free: sometimes",
            f"{ACORNS}:30: venue.step_free: found 'sometimes', expected yes or no",
            id="not-yes-or-no",
        ),
        pytest.param(
            "  kind: parish or town council",
            "  kind: parish council",
            f"{ACORNS}:11: run_by.kind: 'parish council' is not one of: community group, parents' group, "
            "parish or town council, faith group, charity, council children and family centre, NHS, library",
            id="not-in-controlled-list",
        ),
        pytest.param(
            "  price: free",
            "  price: two pounds",
            f"{ACORNS}:32: cost.price: found 'two pounds', expected free, or an amount in pounds such as 2.50",
            id="price-in-words",
        ),
        pytest.param(
            "  to: 5 years",
            "  to: 0 months",
            f"{ACORNS}:14: ages.to: is not older than 'from'",
            id="ages-reversed",
        ),
    ],
)
def test_each_mistake_names_file_line_and_field(sitegen, site_dir, old, new, expected):
    edit(site_dir, ACORNS, old, new)
    assert expected in headlines(sitegen, site_dir)


def test_every_problem_has_a_hint_or_a_clear_expectation(sitegen, site_dir):
    edit(site_dir, ACORNS, "last_reviewed: 2026-10-01", "last_reviewd: 2026-10-01")
    (problem,) = [p for p in problems_of(sitegen, site_dir) if p["field"] == "last_reviewd"]
    assert problem["hint"] == "did you mean 'last_reviewed'?"


def test_duplicate_keys_are_an_error(sitegen, site_dir):
    edit(site_dir, ACORNS, "name: Acorns Stay and Play", "name: Acorns Stay and Play\nname: Acorns")
    assert f"{ACORNS}:2: name: 'name' appears twice (first on line 1)" in headlines(sitegen, site_dir)


def test_duplicate_slugs_are_an_error(sitegen, site_dir):
    write(site_dir, "content/services/acorns.yaml", (site_dir / ACORNS).read_text())
    found = headlines(sitegen, site_dir)
    assert any(
        h.startswith("content/services/acorns.yml:1: has the same name as content/services/acorns.yaml")
        for h in found
    ), found


def test_file_name_must_be_a_good_slug(sitegen, site_dir):
    (site_dir / ACORNS).rename(site_dir / "content/services/Acorns Group.yml")
    (problem,) = problems_of(sitegen, site_dir)
    assert problem["file"] == "content/services/Acorns Group.yml"
    assert problem["hint"] == "rename the file to acorns-group.yml"


def test_all_problems_in_all_files_are_reported_in_one_run(sitegen, site_dir):
    edit(site_dir, ACORNS, "    end: 11:30", "    end: 09:00")
    edit(site_dir, ACORNS, "  postcode: OX5 1AB", "  postcode: nowhere")
    edit(site_dir, "content/services/oak-clinic.yml", "    start: 13:00", "    start: 13:75")
    edit(site_dir, "content/pages/safeguarding.md", "order: 2", "order: second")
    found = headlines(sitegen, site_dir)
    assert len(found) == 4
    assert {h.split(":")[0] for h in found} == {
        ACORNS,
        "content/services/oak-clinic.yml",
        "content/pages/safeguarding.md",
    }


def test_text_report_shows_the_line_and_a_fix(sitegen, site_dir):
    edit(site_dir, ACORNS, "    end: 11:30", "    end: 09:00")
    result = sitegen("validate", "--root", site_dir, "--today", "2026-11-24")
    assert result.code == 1
    assert result.err.splitlines()[:4] == [
        f"error: {ACORNS}:18: sessions[0].end: 09:00 is before start 09:30",
        "  18 |     end: 09:00",
        "     |          ^^^^^",
        "  fix: the end time must be later than the start time (24-hour clock)",
    ]
    assert result.err.rstrip().endswith("1 problem in 1 file.")


def test_github_format_annotates_the_pull_request_line(sitegen, site_dir):
    edit(site_dir, ACORNS, "    end: 11:30", "    end: 09:00")
    result = sitegen("validate", "--root", site_dir, "--today", "2026-11-24", "--format", "github")
    assert result.code == 1
    assert result.out.strip() == (
        f"::error file={ACORNS},line=18,col=10,title=sessions[0].end::sessions[0].end: 09:00 is before start "
        "09:30 (fix: the end time must be later than the start time (24-hour clock))"
    )


def test_fortnightly_session_needs_a_starting_date(sitegen, site_dir):
    edit(site_dir, ACORNS, "    term_time_only: yes", "    frequency: fortnightly")
    assert f"{ACORNS}:19: sessions[0].frequency: a fortnightly session needs 'starting'" in headlines(
        sitegen, site_dir
    )


def test_starting_date_must_fall_on_the_sessions_day(sitegen, site_dir):
    edit(site_dir, ACORNS, "    term_time_only: yes", "    starting: 2026-09-08")
    assert f"{ACORNS}:19: sessions[0].starting: 2026-09-08 is a Tuesday, not a Monday" in headlines(
        sitegen, site_dir
    )


def test_paused_service_must_say_why(sitegen, site_dir):
    edit(site_dir, ACORNS, "last_reviewed: 2026-10-01", "last_reviewed: 2026-10-01\nstatus: paused")
    assert f"{ACORNS}:38: status: a paused service needs 'status_note'" in headlines(sitegen, site_dir)


def test_term_time_session_needs_term_dates(sitegen, site_dir):
    edit(site_dir, "site.yml", "term_dates: term-dates.yml\n", "")
    assert any("term time only" in h for h in headlines(sitegen, site_dir))


def test_bad_site_config_is_reported_like_a_record(sitegen, site_dir):
    edit(
        site_dir, "site.yml", "base_url: https://example.github.io/children-services/", "base_url: not a url"
    )
    assert "site.yml:3: base_url: found 'not a url', expected a web address starting https://" in headlines(
        sitegen, site_dir
    )


def test_guidance_page_front_matter_is_checked(sitegen, site_dir):
    edit(site_dir, "content/pages/safeguarding.md", "last_reviewed: 2026-10-01", "last_reviewed: soon")
    assert (
        "content/pages/safeguarding.md:5: last_reviewed: found 'soon', expected a date written YYYY-MM-DD, "
        "such as 2026-09-07" in headlines(sitegen, site_dir)
    )


def test_a_non_record_file_in_services_is_reported(sitegen, site_dir):
    write(site_dir, "content/services/notes.txt", "hello")
    assert "content/services/notes.txt:1: is not a .yml or .yaml file" in headlines(sitegen, site_dir)


def test_yes_and_no_are_booleans_only_where_a_yes_or_no_is_expected(sitegen, site_dir):
    edit(site_dir, ACORNS, "name: Acorns Stay and Play", "name: no")
    result = sitegen("validate", "--root", site_dir, "--today", "2026-11-24")
    assert result.code == 0, result.err


# --- placeholders: nothing unfinished is published (issue 15) ------------------------------------


def test_a_value_marked_placeholder_is_a_problem_with_its_line_field_and_fix(sitegen, site_dir):
    edit(site_dir, ACORNS, "  postcode: OX5 1AB", "  postcode: OX5 1AB  # PLACEHOLDER: no postcode given")
    (problem,) = problems_of(sitegen, site_dir)
    assert (problem["line"], problem["field"]) == (27, "venue.postcode")
    assert problem["message"] == "'OX5 1AB' is a placeholder (no postcode given)"
    assert problem["hint"] == (
        "write the venue's own full postcode; then delete the '# PLACEHOLDER' mark at the end of the line"
    )


def test_a_placeholder_text_is_a_problem_even_when_its_mark_was_deleted(sitegen, site_dir):
    edit(site_dir, ACORNS, "  name: Village Hall", '  name: "The name of the building"')
    assert headlines(sitegen, site_dir) == [
        f"{ACORNS}:24: venue.name: still holds the placeholder 'The name of the building'"
    ]


def test_a_hash_inside_a_quoted_value_is_not_a_placeholder_mark(sitegen, site_dir):
    edit(site_dir, ACORNS, "  name: Village Hall", '  name: "Village Hall # PLACEHOLDER"  # the old hall')
    result = sitegen("validate", "--root", site_dir, "--today", "2026-11-24")
    assert result.code == 0, result.err


def test_placeholders_are_reported_with_the_other_mistakes_in_one_run(sitegen, site_dir):
    edit(site_dir, ACORNS, "    end: 11:30", "    end: 09:00")
    edit(site_dir, ACORNS, "  town: Testville", "  town: Testville  # PLACEHOLDER")
    found = headlines(sitegen, site_dir)
    assert f"{ACORNS}:18: sessions[0].end: 09:00 is before start 09:30" in found
    assert f"{ACORNS}:26: venue.town: 'Testville' is a placeholder" in found
