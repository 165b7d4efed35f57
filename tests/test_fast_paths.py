"""The build's fast paths (issue 21's cold build work) give exactly what the plain code they
replaced gave: each test keeps the plain version, written with the standard library, as the oracle."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen import build as pipeline
from sitegen import write
from sitegen.exports.search import columns
from sitegen.exports.search import index as search
from sitegen.exports.search.lunr_index import STOP_WORDS
from sitegen.exports.search.stemmer import stem
from sitegen.load.source import load_yaml
from sitegen.model import issue_forms, placeholders
from sitegen.model.schema import SERVICE_TYPES
from sitegen.site import feedback
from tests.conftest import TODAY

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    """The bundled site's 41 services and 300 synthetic ones (bench/synthetic.py)."""
    from bench.synthetic import make

    root = make(300, tmp_path_factory.mktemp("fast-paths"))
    return pipeline.check(PROJECT, TODAY).services + pipeline.check(root, TODAY).services


# ---------------------------------------------------------------------------------------------
# The prefilled 'Suggest a change' link
# ---------------------------------------------------------------------------------------------


def _plain_form_url(repository: str, template: str, title: str, values: dict[str, str]) -> str:
    """form_url in plain code: urllib's encoding, the description last."""
    pairs = {"template": template, "title": title}
    pairs.update((key, value) for key, value in values.items() if key != "description")
    if "description" in values:
        pairs["description"] = values["description"]
    return f"{repository.rstrip('/')}/issues/new?" + urlencode(pairs)


def _plain_update_url(repository: str, service, limit: int) -> str:
    """update_url as it was: the whole address made again each time an answer is left out."""
    values = {issue_forms.RECORD_ID: service.source}
    values.update(
        (key, text)
        for key, text in issue_forms.answers_for(service).items()
        if issue_forms.BY_ID[key].shape not in ("choice", "choices")
    )
    title = f"Update a service: {service.name}"
    url = _plain_form_url(repository, issue_forms.UPDATE, title, values)
    for key in sorted(values, key=lambda k: (-len(values[k]), k)):
        if len(url) <= limit:
            break
        if key != issue_forms.RECORD_ID:
            del values[key]
            url = _plain_form_url(repository, issue_forms.UPDATE, title, values)
    return url


@pytest.mark.parametrize("limit", [issue_forms.MAX_LINK, 2500, 1200, 600, 10])
def test_the_update_link_is_the_address_the_plain_code_made(services, limit):
    repository = "https://github.com/example/children's services/"
    shortened = 0
    for service in services:
        made = issue_forms.update_url(repository, service, limit)
        assert made == _plain_update_url(repository, service, limit), service.source
        shortened += "description=" not in made
    if limit <= 1200:  # the limits below the usual exercise the leaving out
        assert shortened > 0


def test_the_still_correct_and_plain_form_links_are_the_addresses_the_plain_code_made(services):
    for service in services[:60]:
        values = {"record": service.source, "description": service.description, "name": service.name}
        assert issue_forms.form_url("https://x/r", "t.yml", "T & é", values) == _plain_form_url(
            "https://x/r", "t.yml", "T & é", values
        )
        encoded = issue_forms.encoded_answers(values)
        assert issue_forms.form_url("https://x/r", "t.yml", "T & é", encoded) == _plain_form_url(
            "https://x/r", "t.yml", "T & é", values
        )
        assert issue_forms.still_correct_url("https://x/r", service) == _plain_form_url(
            "https://x/r",
            issue_forms.STILL_CORRECT,
            f"Still correct: {service.name}",
            {"record": service.source},
        )


def test_each_listing_report_link_is_the_address_the_plain_code_made(services):
    """The four reports of a listing share one encoding of the 'which listing' answer: each link
    is still the address urllib makes of the form, its title and that answer."""
    config = pipeline.check(PROJECT, TODAY).config
    for service in services:
        page = f"{config.base_url.rstrip('/')}/services/{service.slug}/"
        reports = feedback.listing_reports(config, service, page)
        assert [report.label for report in reports] == list(feedback.LISTING_REPORTS)
        for report in reports:
            assert report.issue_url == _plain_form_url(
                config.repository,
                issue_forms.REPORT,
                f"{report.label}: {service.name}",
                {issue_forms.RECORD_ID: f"{service.source}, {page}"},
            )


# ---------------------------------------------------------------------------------------------
# Placeholders: which values are still the texts 'sitegen new' writes
# ---------------------------------------------------------------------------------------------


def _plain_known_text(value: object) -> str | None:
    """placeholders.known_text as it was: every character of every text looked at in Python."""
    if not isinstance(value, str):
        return None
    folded = " ".join(value.split()).casefold()
    known = {" ".join(text.split()).casefold(): text for text in placeholders.TEXTS.values()}
    if folded in known:
        return known[folded]
    phone = "".join(c for c in placeholders.TEXTS["contact.phone"] if c.isdigit())
    if "".join(c for c in value if c.isdigit()) == phone and not any(c.isalpha() for c in value):
        return placeholders.TEXTS["contact.phone"]
    if " ".join(placeholders.TEXTS["description"].split()).casefold() in folded:
        return placeholders.TEXTS["description"]
    return None


def _plain_values(data, path=()):
    found = [(path, data)] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _plain_values(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _plain_values(value, path + (index,))
    return found


def test_placeholder_texts_are_found_as_the_plain_code_found_them(tmp_path):
    from bench.synthetic import make

    root = make(200, tmp_path)
    files = sorted((PROJECT / "content/services").glob("*.yml")) + sorted(
        (root / "content/services").glob("*.yml")
    )
    tried = found = 0
    for file in files:
        document, _ = load_yaml(file.name, file.read_bytes())
        assert placeholders._values(document.data) == _plain_values(document.data)
        for _, value in _plain_values(document.data):
            tried += 1
            assert placeholders.known_text(value) == _plain_known_text(value), value
    crafted = [  # the placeholder phone number (020 7946 0000) written every way
        "020 7946 0000",
        "020-7946-0000",
        "(020) 7946 0000 ",
        "０２０ ７９４６ ００００",  # full-width digits are digits to str.isdigit
        "020 7946 0000 ext",
        "tel 02079460000",
        "020 7946 0000²",
        "020794600",
        "+44 20 7946 0000",
        " Say more about the service here: what happens, who runs it, what to bring. And more.",
        "The name of the building",
        "THE  NAME OF\nTHE BUILDING",
        "",
        None,
        "ＡＢＣ 020 7946 0000",
    ]
    for value in crafted:
        tried += 1
        found += _plain_known_text(value) is not None
        assert placeholders.known_text(value) == _plain_known_text(value), value
    assert tried > 5000 and found >= 5


# ---------------------------------------------------------------------------------------------
# The writer: which paths it refuses, and the files it writes
# ---------------------------------------------------------------------------------------------


def _plain_refuses(name: str) -> bool:
    """write.check_paths as it was: a path object made of every name."""
    path = PurePosixPath(name)
    return path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name or "\x00" in name


NAMES = [
    "index.html",
    "services/a/index.html",
    "assets/search.js",
    "openreferral/services/x",
    "",
    ".",
    "./",
    "./index.html",
    "a/./b",
    "a//b",
    "a/",
    "/",
    "/etc/passwd",
    "//x",
    "..",
    "../x",
    "a/../../x",
    "a/..",
    "a/..b/c",
    "...",
    "a\\b",
    "..\\x",
    "a\x00b",
    " ",
    "é/ü.html",
    ".nojekyll",
    "a/.hidden",
]


@pytest.mark.parametrize("name", NAMES)
def test_the_writer_refuses_the_paths_the_plain_check_refused(name):
    refused = False
    try:
        write.check_paths([name])
    except ValueError:
        refused = True
    assert refused == _plain_refuses(name)


def test_staging_writes_each_file_with_its_folders(tmp_path):
    staging = write.Staging(tmp_path / "out")
    files = {"a/b/c.html": b"1", "a/b/d.html": b"2", "a/e.json": b"3", "f.txt": b"", "a/b/g/h": b"4" * 70000}
    staging.put({"a/e.json": files["a/e.json"]})
    for name in ("a/b/c.html", "a/b/d.html", "f.txt", "a/b/g/h"):
        staging.put_one(name, files[name])
    staging.swap_in()
    written = {
        p.relative_to(tmp_path / "out").as_posix(): p.read_bytes()
        for p in (tmp_path / "out").rglob("*")
        if p.is_file()
    }
    assert written == files


# ---------------------------------------------------------------------------------------------
# The loader: PLACEHOLDER marks looked for only in texts that hold one
# ---------------------------------------------------------------------------------------------

MARKED = [
    "name: Tots  # PLACEHOLDER\nsummary: Fun\n",
    "name: Tots #placeholder: made up\n",
    "description: |  # PLACEHOLDER: from the import\n  Some text\n",
    "venue:  # PLACEHOLDER\n  name: Hall\n",
    "name: 'A # PLACEHOLDER inside quotes'\n",
    "name: Tots\n# PLACEHOLDER on a line of its own\nsummary: x\n",
    "sessions: [{day: Monday}]  # Placeholder\n",
    "name: Tots  #\tPLACEHOLDERS are not marks\n",
]


def loaded(texts: list[bytes]) -> list:
    """Each text loaded as a record: its problems, and its data, positions and marks."""
    found = []
    for raw in texts:
        document, problems = load_yaml("x.yml", raw)
        found.append((problems, document and (document.data, document.positions, document.marks)))
    return found


def test_the_loader_finds_the_marks_and_positions_that_looking_everywhere_found(tmp_path, monkeypatch):
    import re

    from bench.synthetic import make
    from sitegen.load import source

    root = make(100, tmp_path)
    texts = [
        f.read_bytes()
        for folder in (PROJECT / "content/services", root / "content/services", PROJECT / "tests/fixtures")
        for f in sorted(folder.rglob("*.yml"))
    ] + [text.encode() for text in MARKED]

    quick = loaded(texts)
    monkeypatch.setattr(source, "_ANY_MARK", re.compile(""))  # every text looked at, as before
    assert quick == loaded(texts)
    assert sum(bool(item[1] and item[1][2]) for item in quick) >= 5  # texts with marks were among them


TAGGED = [
    "a: !!int 3\nb: ! 3\nc: !foo x\nd: !!str 4\n",
    "a: [1, 2.5, yes, ~, null, 2026-01-01]\nb: {x: 1, y: 'no'}\n",
    "!!map {a: 1}\n",
    "- !!seq [1]\n- !!map {b: c}\n- !!null ''\n- !!timestamp 2026-01-01\n",
    "a: &one {x: 1}\nb: *one\n<<: *one\n",
    "? [complex, key]\n: value\n",
    "!!int 12\n",
    "plain\n",
    "a: 11:30\nb: 01865 123456\nc: 0o17\nd: .inf\ne: =\nf: on\n",
    "'quoted': \"yes\"\n~: x\nnull: y\n3: z\n",
    "a: !<tag:yaml.org,2002:str> 5\nb: !!binary aGk=\nc: !!set {a}\n",
    "a: |\n  block\nb: >-\n  folded\n",
]


def test_values_are_tagged_as_the_resolver_tagged_them_where_it_matters(tmp_path, monkeypatch):
    """source._TextLoader tags every value the text does not tag itself as text, a list or a
    mapping, without trying the resolver's patterns: every record, fixture, hostile file and
    tagged text loads into the same data, positions, marks and problems as with the resolver."""
    from bench.synthetic import make
    from sitegen.load import source

    root = make(100, tmp_path)
    texts = [
        f.read_bytes()
        for folder in (
            PROJECT / "content/services",
            root / "content/services",
            PROJECT / "tests/fixtures",
            PROJECT / "tests/hostile",
        )
        for f in sorted(folder.rglob("*.y*ml"))
    ] + [text.encode() for text in MARKED + TAGGED]
    assert len(texts) > 150

    quick = loaded(texts)
    monkeypatch.setattr(source, "_TextLoader", source._Loader)  # the resolver's tags, as before
    assert quick == loaded(texts)
    refused = [problem.message for problems, _ in quick[-len(TAGGED) :] for problem in problems]
    assert any("tag" in message for message in refused) and any("alias" in message for message in refused)


def as_fields(value):
    """Every field of every dataclass, all the way down, as plain tuples."""
    if dataclasses.is_dataclass(value):
        return (
            type(value).__name__,
            *(as_fields(getattr(value, f.name)) for f in dataclasses.fields(value)),
        )
    if isinstance(value, list | tuple):
        return tuple(as_fields(item) for item in value)
    return value


def test_modelled_records_come_back_from_pickling_as_they_were(tmp_path):
    """directory.pickled_as_fields: records modelled from the bundled content, synthetic records
    and every fixture come back from pickling (as from a helper process, or the cache) equal to
    what was modelled, field for field, and as dataclasses' own pickling brought them back."""
    import copyreg
    import io
    import pickle

    from bench.synthetic import make
    from sitegen.model import content, directory

    root = make(300, tmp_path)
    records = [
        (f.name, f.read_bytes())
        for folder in (PROJECT / "content/services", root / "content/services", PROJECT / "tests/fixtures")
        for f in sorted(folder.rglob("*.yml"))
    ]
    modelled = [content.model_service(name, raw, None, TODAY, 365) for name, raw in records]
    assert sum(service is not None for service, _ in modelled) > 300

    back = pickle.loads(pickle.dumps(modelled, protocol=pickle.HIGHEST_PROTOCOL))
    assert as_fields(back) == as_fields(modelled)

    def plainly(value):  # what dataclasses' own pickling does: a new object, then its state set
        return copyreg.__newobj__, (type(value),), value.__getstate__()

    class Plain(pickle.Pickler):
        dispatch_table = copyreg.dispatch_table.copy()

    changed = [cls for cls in vars(directory).values() if isinstance(cls, type) and "__reduce__" in vars(cls)]
    assert {"Service", "Session", "Series", "Occurrence", "Venue"} <= {cls.__name__ for cls in changed}
    Plain.dispatch_table.update(dict.fromkeys(changed, plainly))
    buffer = io.BytesIO()
    Plain(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(modelled)
    assert pickle.dumps(modelled) != buffer.getvalue()  # the other way, truly
    assert as_fields(pickle.loads(buffer.getvalue())) == as_fields(back)


def test_records_share_equal_dates_times_and_places_and_say_what_unshared_records_said(tmp_path, monkeypatch):
    """schema's cached dates and times, schedule.one_copy and content._shared: modelled records
    hold one object for each date, time of day, session key, town and venue among them (a big
    directory's records are that much smaller in memory and in their pickles), and are, field
    for field, what records modelled without any of it were."""
    import datetime as dt

    from bench.synthetic import make
    from sitegen.load.files import read_sources
    from sitegen.model import content, schedule, schema

    root = make(300, tmp_path)
    terms = content.read_settings(read_sources(PROJECT), TODAY).terms
    records = [
        (f.name, f.read_bytes())
        for folder in (PROJECT / "content/services", root / "content/services")
        for f in sorted(folder.glob("*.yml"))
    ]

    def modelled():
        found = [content.model_service(name, raw, terms, TODAY, 365)[0] for name, raw in records]
        return [service for service in found if service]

    def shared_values(services):
        """The values that repeat from record to record, by kind: (objects, distinct values)."""
        kinds = {
            "dates": [o.date for s in services for o in s.upcoming]
            + [day for s in services for one in s.series for day in (one.first, *one.skipped)],
            "times": [t for s in services for session in s.sessions for t in (session.start, session.end)],
            "keys": [session.key for s in services for session in s.sessions],
            "places": [p for s in services for p in (s.venue.town, s.venue.area, s.provider.kind)],
        }
        return {kind: (len(set(map(id, values))), len(set(values))) for kind, values in kinds.items()}

    services = modelled()
    assert len(services) > 300
    counted = shared_values(services)
    assert all(objects == values for objects, values in counted.values()), counted
    assert counted["dates"][1] > 50 and counted["times"][1] > 10

    schema._date.cache_clear(), schema._time.cache_clear(), schedule.one_copy.cache_clear()
    monkeypatch.setattr(schema, "_date", dt.date.fromisoformat)
    monkeypatch.setattr(schema, "_time", dt.time)
    monkeypatch.setattr(schedule, "one_copy", lambda day: day)
    monkeypatch.setattr(content, "_shared", lambda text: text and text[:1] + text[1:])
    monkeypatch.setattr("sys.intern", lambda text: text[:1] + text[1:])  # session keys
    unshared = modelled()
    assert all(objects > values for objects, values in shared_values(unshared).values())
    assert as_fields(unshared) == as_fields(services)


def plain_json(data) -> bytes:
    """What export.dump wrote before orjson, less its newline."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_feed_documents_and_json_ld_are_the_bytes_the_standard_library_wrote(tmp_path, monkeypatch):
    """orjson writes the Open Referral UK feed's documents and each page's JSON-LD: for every
    document and list entry of the bundled site's and 300 synthetic records' feeds, and every
    service page's JSON-LD, the bytes are json.dumps's."""
    from bench.synthetic import make
    from sitegen.exports.openreferral import export, feed
    from sitegen.site import structured_data

    documents = []
    for real in ("dump", "compact"):
        original = getattr(feed, real)
        monkeypatch.setattr(
            feed, real, lambda data, original=original: documents.append(data) or original(data)
        )
    sites = [pipeline.check(PROJECT, TODAY), pipeline.check(make(300, tmp_path), TODAY)]
    made = [data for site in sites for data in dict(feed.feed_stream(site)).values()]
    assert len(documents) > 1000 and len(made) > 1000
    for data in documents:
        assert export.dump(data) == plain_json(data) + b"\n"
        assert export.compact(data) == plain_json(data)
    pages = [
        structured_data.for_service(service, f"{site.config.base_url}services/{service.slug}/")
        for site in sites
        for service in site.services
    ]
    assert len(pages) > 300
    for graph in pages:
        escaped = (
            plain_json(graph).decode().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        )
        assert structured_data.script_text(graph) == escaped
    beyond_64_bits = {"@id": "#x", "n": 2**70}  # what orjson refuses: written as json writes it
    assert structured_data.script_text(beyond_64_bits) == plain_json(beyond_64_bits).decode()


JSON_TEXT = st.text(st.characters(blacklist_categories=("Cs",)))  # any text but lone surrogates
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | JSON_TEXT,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(JSON_TEXT, inner, max_size=5),
    max_leaves=30,
)


@given(JSON_VALUES, st.lists(st.integers(-1800000, 1800000), max_size=4))
@settings(max_examples=300, deadline=None)
def test_any_json_value_is_written_as_the_standard_library_wrote_it(value, tenths):
    """Any text (control characters, quotes, emoji, right-to-left marks), number, list or mapping:
    the same bytes; positions to 4 decimal places as the places table rounds them, too."""
    from sitegen.exports.openreferral import export

    data = {"value": value, "positions": [round(n / 10000, 4) for n in tenths]}
    assert export.dump(data) == plain_json(data) + b"\n"


# ---------------------------------------------------------------------------------------------
# The spreadsheet, written as UTF-8 as it goes
# ---------------------------------------------------------------------------------------------


def test_the_spreadsheet_is_the_bytes_the_plain_text_buffer_made(services):
    """services_csv writes UTF-8 into a byte buffer (a text buffer took three copies of the file);
    the plain version wrote a text buffer and encoded it at the end."""
    import csv
    import io
    from dataclasses import replace

    from sitegen.exports import spreadsheet
    from sitegen.model import urls

    site = replace(pipeline.check(PROJECT, TODAY), services=tuple(services))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(name for name, _ in spreadsheet.COLUMNS)
    for service in site.services:
        page = urls.absolute(site.config, urls.service_url(service))
        for session in service.sessions or (None,):
            writer.writerow(spreadsheet._row(service, session, page))
    assert spreadsheet.services_csv(site) == out.getvalue().encode("utf-8-sig")
    assert any(not service.name.isascii() or not service.summary.isascii() for service in services)


# ---------------------------------------------------------------------------------------------
# The search index's words and "Did you mean" words
# ---------------------------------------------------------------------------------------------


def _plain_words(text: str) -> list[str]:
    """search.words as it was: the time pattern run over every text."""
    text = text.lower()
    if not text.isascii():
        text = search._ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    text = search._APOSTROPHES.sub("", text)
    text = search._TIME.sub(lambda m: f"{m[1]}{int(m[2])}{m[3]}", text)
    return search._WORD.findall(text)


def _service_texts(services) -> list[str]:
    return [
        text
        for service in services
        for text in (
            service.name,
            service.summary,
            search._plain(service.description_html),
            *(session.times for session in service.sessions),
        )
    ]


def test_search_words_are_the_words_the_plain_code_cut(services):
    texts = _service_texts(services)
    assert sum(bool(search._TIME.search(text.lower())) for text in texts) > 10  # times to rewrite
    for text in texts:
        assert search.words(text) == _plain_words(text), text


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="0123456789:.. a:1.2-'’é\u0301\n", max_size=30))
def test_search_words_of_any_digits_and_separators_are_the_plain_code_s(text):
    assert search.words(text) == _plain_words(text)


def _plain_suggestion_words(site, has_term, words) -> dict[str, str]:
    """columns.suggestion_words as it was: every word stemmed again each time it is met."""
    found: dict[str, str] = {}

    def add(text: str, anyway: bool = False) -> None:
        for word in words(text):
            if len(word) < 3 or any(c.isdigit() for c in word) or word in STOP_WORDS:
                continue
            term = stem(word)
            if not anyway and not has_term(term):
                continue
            if term not in found or len(word) < len(found[term]):
                found[term] = word

    for name in SERVICE_TYPES:
        add(name)
    for service in site.services:
        add(service.name)
        add(service.venue.area)
        add(service.summary)
    for group in site.synonyms:
        for phrase in group:
            add(" ".join(search.words(phrase)), anyway=True)
    return found


def test_suggestion_words_are_those_the_plain_code_found(tmp_path):
    from bench.synthetic import make

    for root in (PROJECT, make(300, tmp_path)):
        site = pipeline.check(root, TODAY)
        builder = search.index_builder(site.services, site.pages)
        made = columns.suggestion_words(site, builder.holds, search.words)
        assert made == _plain_suggestion_words(site, builder.holds, search.words)
        assert list(made) == list(_plain_suggestion_words(site, builder.holds, search.words))  # same order
        assert len(made) > 50


# ---------------------------------------------------------------------------------------------
# A service page's data, worked out when it is read
# ---------------------------------------------------------------------------------------------


def _plain_service_page_data(site, service) -> dict:
    """plan.service_page's data as it was: a dict worked out while every page was planned."""
    from sitegen.model import urls
    from sitegen.model.groups import home
    from sitegen.site import plan

    page_url = urls.absolute(site.config, urls.service_url(service))
    return {
        "service": service,
        "area_url": urls.area_url(service.venue.area_slug),
        "town_url": urls.area_url(home(service)),
        "page_url": page_url,
        "calendar": plan.calendar(site, urls.service_url(service), (service,)),
        "extras": plan.ServiceExtras(service, page_url, site.config, site.terms, site.today),
    }


def test_service_pages_get_what_the_plain_dict_held_and_render_the_same(tmp_path):
    """plan.ServicePageData: on the bundled site and 300 synthetic records, every service
    page's data is, key for key, what the plain dict held, and the page rendered from it is the
    page rendered from that dict, byte for byte."""
    from dataclasses import replace

    from bench.synthetic import make
    from sitegen.site import plan, render

    for root in (PROJECT, make(300, tmp_path)):
        site = pipeline.check(root, TODAY)
        pages = [page for page in plan.plan(site) if page.template == "service.html"]
        assert len(pages) == len(site.services) > 10
        assert sum(page.data["calendar"] is not None for page in pages) > 10
        plain = [replace(page, data=_plain_service_page_data(site, page.data["service"])) for page in pages]
        for page, before in zip(pages, plain, strict=True):
            assert list(page.data) == list(before.data)
            assert {key: page.data[key] for key in page.data} == before.data
            assert page == before
        theme = render.Theme.for_site(root, site.config.theme)
        prints = render.fingerprints({**theme.static_files(), **pipeline.vendor.files()})
        env = theme.environment()
        chosen = pages[:: max(1, len(pages) // 25)]
        made = render.render_pages(env, site, chosen, prints)
        assert made == render.render_pages(env, site, [plain[pages.index(p)] for p in chosen], prints)


# ---------------------------------------------------------------------------------------------
# Templates read without their indentation
# ---------------------------------------------------------------------------------------------


def test_pages_of_unindented_templates_read_as_the_indented_templates_pages(tmp_path):
    """One page of each template of the bundled site, rendered by the build's environment
    (render.Unindented) and by a plain one with the same settings and no extension: the same
    page once each run of spaces and newlines is one space, as a browser reads it (no template
    holds <pre> or <textarea>, where spaces are kept), and each shorter."""
    import re

    import jinja2

    from sitegen.build import make_files
    from sitegen.load.files import read_sources
    from sitegen.model import content
    from sitegen.site import plan, render

    theme = render.Theme.for_site(PROJECT, None)
    for template in (theme.folders[-1] / "templates").rglob("*.html"):
        assert not re.search(r"<(pre|textarea)\b", template.read_text(encoding="utf-8")), template
    env = theme.environment()
    plain = jinja2.Environment(
        loader=env.loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    plain.filters.update(env.filters)
    plain.globals.update(env.globals)
    site = content.make_site(read_sources(PROJECT), TODAY)
    prints = render.fingerprints(make_files(PROJECT, TODAY)[1])
    checked: set[str] = set()
    for page in plan.plan(site):
        if page.template in checked:
            continue
        checked.add(page.template)
        lean, indented = (render.render_page(e, site, page, prints) for e in (env, plain))
        assert " ".join(lean.split()) == " ".join(indented.split()), page.template
        assert len(lean) < len(indented), page.template
    assert {"service.html", "services.html", "home.html", "guidance.html"} <= checked


def test_files_read_a_window_at_a_time_are_the_bytes_read_one_by_one(tmp_path):
    """files.read_files (each window's files opened and announced to the kernel before any is
    read) gives what plain reading gives, in order, across windows; a file that cannot be opened
    raises as plain reading would, and no descriptor is left open."""
    from sitegen.load import files

    paths = []
    for number in range(files.READ_WINDOW * 2 + 22):
        path = tmp_path / f"record-{number:03}.yml"
        path.write_bytes(f"name: Record {number} é\n".encode() * (number % 7) * (1 + 3000 * (number == 70)))
        paths.append(str(path))
    assert files.read_files(paths) == [Path(path).read_bytes() for path in paths]
    assert files.read_files([]) == []

    open_before = len(list(Path("/proc/self/fd").iterdir()))
    missing = [*paths[:100], str(tmp_path / "gone.yml"), *paths[100:]]
    with pytest.raises(FileNotFoundError):
        files.read_files(missing)
    assert len(list(Path("/proc/self/fd").iterdir())) == open_before


def test_the_records_read_are_each_file_s_bytes_by_name(tmp_path):
    from sitegen.load.files import read_sources

    root = tmp_path / "site"
    (root / "content" / "services").mkdir(parents=True)
    (root / "site.yml").write_text("title: Test\n")
    expected = {}
    for number in (5, 150, 42, 7, 99, 100, 1, 64, 65, 128, 0):
        for n in range(number, number + 13):
            name = f"content/services/s{n:04}.yml"
            expected[name] = f"name: Service {n}\n".encode() * (n % 5)
            (root / name).write_bytes(expected[name])
    read = read_sources(root).services
    assert list(read) == sorted(expected)
    assert read == expected
