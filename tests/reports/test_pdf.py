"""The PDF renderer fetches nothing but the report's own static files."""

import pytest

from reports.pdf import STYLESHEET, FetchRefused, report_fetcher, report_pdf


@pytest.mark.parametrize("url", [
    "http://example.org/tracker.css",
    "https://cdn.example.org/chart.js",
    "file:///etc/passwd",
    "report-static:reports/../../config/settings/base.py",
    "report-static:css/app.css",
    "report-static:reports/report-page.py",
    "data:text/css,body{}",
])
def test_it_refuses_anything_but_its_static_files(url):
    with pytest.raises(FetchRefused):
        report_fetcher().fetch(url)


def test_it_serves_its_style_sheet():
    response = report_fetcher().fetch(STYLESHEET)
    assert response.headers.get_content_type() == "text/css"
    assert b"@page" in response.read()


def test_a_report_fetches_only_its_style_sheet(monkeypatch):
    fetcher = report_fetcher()
    fetched = []
    original = fetcher.fetch

    def spy(url, headers=None):
        fetched.append(url)
        return original(url, headers)

    monkeypatch.setattr(fetcher, "fetch", spy)
    from reports import pdf

    monkeypatch.setattr(pdf, "render_to_string", lambda template, context: (
        f'<html><head><link rel="stylesheet" href="{context["stylesheet"]}"></head>'
        '<body><img src="http://example.org/pixel.png"><p>Rapport</p></body></html>'
    ))
    assert report_pdf({}, fetcher=fetcher).startswith(b"%PDF")
    assert fetched[0] == STYLESHEET
    assert fetcher.refused == ["http://example.org/pixel.png"]


def test_the_report_fetcher_refuses_a_path_out_of_its_folder():
    fetcher = report_fetcher()
    for url in ("report-static:pdf/kit.css", "report-static:reports/../pdf/kit.css", "kit-static:pdf/kit.css"):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 3
