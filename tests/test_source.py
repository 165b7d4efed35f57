"""YAML is read as written: no surprise types, every value's line known, tricks refused."""

from sitegen.load.source import load_yaml, split_front_matter


def load(text: str | bytes):
    raw = text.encode() if isinstance(text, str) else text
    return load_yaml("record.yml", raw)


def test_unquoted_time_is_text_not_base_60_minutes():
    document, problems = load("start: 11:30\nend: 09:05\n")
    assert problems == []
    assert document.data == {"start": "11:30", "end": "09:05"}


def test_no_in_a_text_field_stays_the_word_no():
    document, _ = load("summary: no\ncountry: NO\n")
    assert document.data == {"summary": "no", "country": "NO"}


def test_phone_number_keeps_its_leading_zero():
    document, _ = load("phone: 01865123456\n")
    assert document.data["phone"] == "01865123456"


def test_empty_value_is_none_but_empty_quotes_are_empty_text():
    document, _ = load('a:\nb: ""\nc: ~\n')
    assert document.data == {"a": None, "b": "", "c": None}


def test_every_value_knows_its_line_and_column():
    document, _ = load("name: Acorns\nsessions:\n  - day: Monday\n    start: 09:30\n")
    assert document.position(("name",)) == (1, 7)
    assert document.position(("sessions", 0, "start")) == (4, 12)
    # A missing value points at its nearest parent.
    assert document.position(("sessions", 0, "end")) == (3, 5)


def test_duplicate_key_is_an_error_not_last_one_wins():
    _, problems = load("name: First\nsummary: x\nname: Second\n")
    assert [p.headline() for p in problems] == ["record.yml:3: name: 'name' appears twice (first on line 1)"]


def test_aliases_are_refused_so_an_alias_bomb_cannot_expand():
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    document, problems = load("\n".join(rows) + "\n")
    assert document is None
    assert problems and all("aliases" in p.message for p in problems)


def test_python_tags_are_refused():
    _, problems = load("name: !!python/object/apply:os.system ['echo hi']\n")
    assert problems and "tag" in problems[0].message


def test_byte_order_mark_and_windows_line_endings_are_fine():
    document, problems = load(b"\xef\xbb\xbfname: Acorns\r\nsummary: Play\r\n")
    assert problems == []
    assert document.data == {"name": "Acorns", "summary": "Play"}


def test_invalid_utf8_names_the_line():
    _, problems = load(b"name: Acorns\nsummary: caf\xe9\n")
    assert problems[0].line == 2
    assert "UTF-8" in problems[0].message


def test_tab_indentation_gets_a_plain_hint():
    _, problems = load("venue:\n\tname: Hall\n")
    assert problems[0].line == 2
    assert "tabs" in problems[0].hint


def test_broken_yaml_gives_a_line_not_a_traceback():
    _, problems = load("name: Acorns\nsummary: [unclosed\n")
    assert problems[0].file == "record.yml"
    assert problems[0].line >= 2
    assert problems[0].message.startswith("this is not valid YAML")


def test_deep_nesting_is_refused():
    _, problems = load("a: " + "[" * 50 + "]" * 50 + "\n")
    assert "nested" in problems[0].message


def test_front_matter_lines_are_the_files_own_lines():
    raw = b"---\ntitle: Start\norder: x\n---\n## Hello\n"
    document, body, problems = split_front_matter("page.md", raw)
    assert problems == []
    assert document.position(("order",)) == (3, 8)
    assert document.source_line(3) == "order: x"
    assert body == "## Hello\n"


def test_page_without_front_matter_says_how_to_add_it():
    _, _, problems = split_front_matter("page.md", b"## Hello\n")
    assert "front matter" in problems[0].message
    assert "---" in problems[0].hint


def test_a_placeholder_mark_is_the_comment_after_a_value_never_text_inside_it():
    document, problems = load(
        "name: Acorns  # PLACEHOLDER\n"
        'summary: "Songs # PLACEHOLDER and toys"\n'  # inside the quotes: part of the value
        "notes: 'It''s # PLACEHOLDER'  # a note, not a mark\n"
        "town: Testville # PLACEHOLDER: the data gives no town\n"
        "website: https://example.org/#PLACEHOLDER\n"  # no space before '#': part of the value
        "description: |  # PLACEHOLDER\n"
        "  Come and play.\n"
        "  # PLACEHOLDER inside the text\n"
        "types: [stay and play]  # placeholder\n"
        "venue:  # PLACEHOLDER\n"
        "  name: Hall\n"
        "sessions:\n"
        "  - day: Monday  # PLACEHOLDER\n"
        "    start: 09:30\n"
        "# postcode: OX5 2BB  # PLACEHOLDER\n"  # a switched-off line is only a comment
        "keywords: [play]  # PLACEHOLDERS are not a mark\n"
    )
    assert problems == []
    assert document.marks == {
        ("name",): "",
        ("town",): "the data gives no town",
        ("description",): "",
        ("types",): "",
        ("venue",): "",
        ("sessions", 0, "day"): "",
    }
    assert document.data["summary"] == "Songs # PLACEHOLDER and toys"
