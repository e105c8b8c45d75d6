"""The renderer's URL fetcher serves the kit's own static files and nothing else."""

import base64

import pytest

from welcome_kits.fetcher import MAX_DATA_URL_BYTES, FetchRefused, StaticOnlyFetcher


@pytest.fixture
def fetcher():
    return StaticOnlyFetcher()


def test_it_serves_the_kits_stylesheet(fetcher):
    response = fetcher.fetch("kit-static:pdf/kit.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/",
    "https://example.org/logo.png",
    "HTTP://127.0.0.1:9/x.css",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "ftp://127.0.0.1/x",
    "gopher://127.0.0.1:70/",
    "javascript:alert(1)",
    "/etc/passwd",
    "../../etc/passwd",
    "kit-static:pdf/../../config/settings/base.py",
    "kit-static:pdf/../css/app.css",
    "kit-static:/etc/passwd",
    "kit-static:css/app.css",  # a static file of the site, not of the kit
    "kit-static:pdf/kit.py",
    "kit-static:pdf/missing.css",
    "kit-static:pdf/%2e%2e/%2e%2e/manage.py",
    "kit-static:pdf\\..\\..\\manage.py",
])
def test_it_refuses_everything_but_the_kits_static_files(fetcher, url):
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_it_accepts_a_small_data_url(fetcher):
    payload = base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").decode()
    response = fetcher.fetch(f"data:image/svg+xml;base64,{payload}")
    assert response.read().startswith(b"<svg")


def test_it_refuses_a_data_url_over_the_limit(fetcher):
    payload = base64.b64encode(b"x" * (MAX_DATA_URL_BYTES + 1)).decode()
    with pytest.raises(FetchRefused):
        fetcher.fetch(f"data:image/png;base64,{payload}")


def test_it_refuses_a_static_file_over_the_limit(fetcher, monkeypatch, tmp_path):
    big = tmp_path / "pdf" / "big.css"
    big.parent.mkdir()
    big.write_bytes(b"a" * 64)
    monkeypatch.setattr(StaticOnlyFetcher, "max_bytes", 32)
    monkeypatch.setattr("crm.pdf.finders.find", lambda path: str(big))
    with pytest.raises(FetchRefused):
        fetcher.fetch("kit-static:pdf/big.css")


def test_open_goes_through_the_same_checks(fetcher):
    with pytest.raises(FetchRefused):
        fetcher.open("http://127.0.0.1:9/")
