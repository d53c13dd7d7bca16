"""PDFs with WeasyPrint. The URL fetcher opens only this project's static files and data: URLs,
so text typed by users can never make the renderer fetch a URL or read a local file (TRAPS 4)."""
from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import render_template
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_DIR = (Path(__file__).parent / "static").resolve()
STATIC_BASE_URL = STATIC_DIR.as_uri() + "/"


class BlockedURL(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Packaged static files and data: URLs only; no network, no redirects, no other files."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_BASE_URL):
            path = (STATIC_DIR / url[len(STATIC_BASE_URL):].split("?")[0].split("#")[0]).resolve()
            if path.is_relative_to(STATIC_DIR) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
        raise BlockedURL(f"blocked URL in PDF: {url[:100]}")


def render_pdf(template: str, **context) -> bytes:
    html = render_template(template, **context)
    document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticOnlyFetcher())
    stylesheet = CSS(filename=str(STATIC_DIR / "pdf" / "pdf.css"), url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(
        stylesheets=[stylesheet],
        pdf_tags=True,  # a tagged PDF, for screen readers
        pdf_identifier=False,
        # Metadata (title, author) comes from the <title> and <meta> tags of the template.
    )
