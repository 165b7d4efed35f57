"""Markdown from pull requests cannot put script, handlers or dangerous links on the site."""

import pytest

from sitegen.model.markdown import guidance_page, record_description

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript&colon;alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onclick="alert(1)">x</div>',
    "<object data='x.swf'></object><embed src='x.swf'>",
    '<form action="https://evil.example"><input name=a></form>',
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("render", [record_description, lambda t: guidance_page(t).html])
def test_hostile_markdown_is_neutralised(render, text):
    html = render("Hello\n\n" + text).lower()
    for danger in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "<iframe",
        "<svg",
        "style=",
        "<object",
        "<embed",
        "<form",
        "data:text",
    ):
        assert danger not in html


def test_ordinary_markdown_survives():
    html = record_description("Come and **play**.\n\n- Toys\n- Songs\n\n[Our site](https://example.org)")
    assert "<strong>play</strong>" in html
    assert "<li>Toys</li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">Our site</a>' in html


def test_record_headings_sit_below_the_page_headings():
    assert record_description("# Big\n\nText").startswith("<h3>Big</h3>")


def test_images_from_other_sites_are_removed():
    assert "<img" not in record_description("![x](https://tracker.example/p.gif)")
    assert "tracker" not in guidance_page("![x](https://tracker.example/p.gif)").html


@pytest.mark.parametrize(
    "src",
    [
        "/\\tracker.example/p.gif",  # a browser reads a backslash as '/': //tracker.example
        "\\\\tracker.example/p.gif",
        "/&#9;/tracker.example/p.gif",  # and drops tabs and newlines anywhere in an address
        "/&#10;/tracker.example/p.gif",
        "/&Tab;/tracker.example/p.gif",
        "&#13;//tracker.example/p.gif",
        " //tracker.example/p.gif",
        "/&#x2028;/tracker.example/p.gif",
    ],
)
def test_images_that_a_browser_would_fetch_from_another_site_are_removed(src):
    assert "tracker" not in guidance_page(f'<img src="{src}" alt="x">').html
    assert "tracker" not in guidance_page(f"![x]({src})").html


def test_images_of_the_site_itself_are_kept():
    assert 'src="/assets/logo.png"' in guidance_page("![Logo](/assets/logo.png)").html
    assert 'src="../pictures/hall.jpg"' in guidance_page('<img src="../pictures/hall.jpg" alt="Hall">').html


def test_guidance_sections_become_on_this_page_links():
    page = guidance_page(
        "## Who can run a service\n\nText\n\n### Detail\n\n## Getting help & support\n\nText"
    )
    assert [(h.id, h.text) for h in page.headings] == [
        ("who-can-run-a-service", "Who can run a service"),
        ("getting-help-support", "Getting help & support"),
    ]
    assert '<h2 id="who-can-run-a-service">' in page.html
