"""fixed_url: the links every page has, built once per app and path prefix (issue 21)."""
from flask import url_for

from portal.formatting import fixed_url


def test_fixed_url_is_url_for_and_follows_the_path_prefix(app):
    for script_root in ("", "/portal"):
        with app.test_request_context("/", base_url=f"http://localhost{script_root}/"):
            for endpoint, values in (("info.privacy", {}), ("static", {"filename": "css/portal.css"}),
                                     ("static", {"filename": "js/forms.js"})):
                assert fixed_url(endpoint, **values) == url_for(endpoint, **values)
                assert fixed_url(endpoint, **values).startswith(f"{script_root}/")


def test_the_pages_links_behind_a_path_prefix(client, world):
    page = client.get("/toegankelijkheid", base_url="http://localhost/portal/").get_data(as_text=True)
    assert 'href="/portal/static/css/portal.css"' in page and 'href="/portal/privacy"' in page
    page = client.get("/toegankelijkheid").get_data(as_text=True)
    assert 'href="/static/css/portal.css"' in page and 'href="/privacy"' in page
