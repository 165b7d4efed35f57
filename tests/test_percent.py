"""The prefilled report links' percent-encoding is urllib's, byte for byte, for any text."""

from urllib.parse import quote, quote_plus, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.model import percent

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=300)
@given(ANY_TEXT)
def test_quote_is_urllibs(text):
    assert percent.mailto_quote(text) == quote(text, safe="/:,")
    assert percent.quote_plus(text) == quote_plus(text)


@given(ANY_TEXT, ANY_TEXT)
def test_query_is_urlencode(title, body):
    assert percent.query({"title": title, "body": body}) == urlencode({"title": title, "body": body})


def test_report_text_is_encoded_as_github_and_mail_programs_read_it():
    text = "Listing: Café & Crèche 10:30/11:30\nPage: https://x.test/a?b=c#d ~_.-"
    assert percent.quote_plus(text) == (
        "Listing%3A+Caf%C3%A9+%26+Cr%C3%A8che+10%3A30%2F11%3A30%0APage%3A+https%3A%2F%2Fx.test%2Fa%3Fb%3Dc%23d+~_.-"
    )
    assert percent.mailto_quote("a b/c: d, e+f&g") == "a%20b/c:%20d,%20e%2Bf%26g"
