"""Coordinators' Markdown: formatting kept, anything that could load or run dropped."""

from welcome_kits.text import markdown_to_safe_html


def test_it_keeps_the_formatting_a_kit_needs():
    html = markdown_to_safe_html("## ignored level\n\n**gras**, *italique*\n\n- un\n- deux\n\n[CAF](https://www.caf.fr)")
    assert "<strong>gras</strong>" in html
    assert "<em>italique</em>" in html
    assert "<li>un</li>" in html
    assert 'href="https://www.caf.fr"' in html


def test_it_drops_scripts_and_styles_with_their_content():
    html = markdown_to_safe_html("<script>alert(1)</script><style>p{background:url(x)}</style>texte")
    assert "alert" not in html and "url(" not in html and "<script" not in html
    assert "texte" in html


def test_it_drops_images_and_embedded_objects():
    html = markdown_to_safe_html('![x](http://127.0.0.1:9/a.png) <img src="file:///etc/passwd">'
                                 '<iframe src="http://127.0.0.1:9/"></iframe><object data="x"></object>')
    for needle in ("<img", "<iframe", "<object", "127.0.0.1", "passwd"):
        assert needle not in html


def test_it_drops_style_and_event_attributes():
    html = markdown_to_safe_html('<p style="background:url(http://127.0.0.1:9/)" onclick="x()">a</p>')
    assert "style" not in html and "onclick" not in html and "<p>a</p>" in html


def test_it_keeps_links_only_to_pages_mail_and_phones():
    html = markdown_to_safe_html("[a](javascript:alert(1)) [b](file:///etc/passwd) [c](mailto:a@b.fr) [d](tel:+33565000000)")
    assert "javascript" not in html and "file:" not in html
    assert 'href="mailto:a@b.fr"' in html and 'href="tel:+33565000000"' in html


def test_empty_text_gives_empty_html():
    assert markdown_to_safe_html("") == ""
