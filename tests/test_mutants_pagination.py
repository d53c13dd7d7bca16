"""The pager: a "next" link on every page but the last, a "previous" link on every page but the first."""
import re

import pytest

from portal.pagination import Page
from tests.conftest import login
from tests.factories import make_employment, make_notice

NEXT = re.compile(r'<a href="([^"]*)" rel="next">')
PREV = re.compile(r'<a href="([^"]*)" rel="prev">')


@pytest.fixture
def page_size(app, monkeypatch):
    """A small page, so that a few rows make several pages (the client's app reads it per request)."""
    def set_size(size):
        monkeypatch.setitem(app.config, "PAGE_SIZE", size)
    return set_size


def links(client, path):
    response = client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    next_link, prev_link = NEXT.search(page), PREV.search(page)
    return (next_link.group(1).replace("&amp;", "&") if next_link else None,
            prev_link.group(1).replace("&amp;", "&") if prev_link else None, page)


@pytest.mark.parametrize("extra,pages", [(2, 2), (3, 3)])  # 4 rows: a full last page; 5 rows: one on the last
def test_employer_dashboard_pager(client, world, page_size, extra, pages):
    page_size(2)
    for n in range(extra):
        make_employment(world.org_a, world.loc_a, world.ad1, name=f"Zz Extra {n}", contract_type="permanent")
    login(client, world.employer_a)
    next_link, prev_link, page = links(client, "/medewerkers")
    assert next_link == "/medewerkers?pagina=2" and prev_link is None
    assert f"Pagina 1 van {pages}" in page
    for number in range(2, pages):
        next_link, prev_link, _ = links(client, f"/medewerkers?pagina={number}")
        assert next_link == f"/medewerkers?pagina={number + 1}" and prev_link == f"/medewerkers?pagina={number - 1}"
    next_link, prev_link, page = links(client, f"/medewerkers?pagina={pages}")
    assert next_link is None, "the last page offers no next page"
    assert prev_link == f"/medewerkers?pagina={pages - 1}"
    assert f"Pagina {pages} van {pages}" in page


def test_pager_keeps_the_query_arguments_and_stops_on_the_last_page(client, world, page_size):
    page_size(1)
    make_employment(world.org_a, world.loc_a, world.ad1, name="Zz Extra", contract_type="permanent")
    login(client, world.employer_a)
    next_link, _, _ = links(client, "/medewerkers?zoek=Zz")
    assert next_link is None  # one match: one page, no pager at all
    next_link, _, _ = links(client, "/medewerkers?sorteer=naam&pagina=2")
    assert next_link == "/medewerkers?sorteer=naam&pagina=3"
    assert links(client, "/medewerkers?sorteer=naam&pagina=3")[0] is None


def test_inbox_pager_counted_with_the_rows(client, world, page_size):
    """The AD's inbox counts in the same query as the rows (count_with_rows): the same rule."""
    page_size(2)
    make_notice(world.employer_a, world.emp_a1)
    for n in range(3):
        employment = make_employment(world.org_a, world.loc_a, world.ad1, name=f"Zz Melding {n}")
        make_notice(world.employer_a, employment)
    login(client, world.ad1)
    assert links(client, "/inbox")[:2] == ("/inbox?pagina=2", None)
    assert links(client, "/inbox?pagina=2")[:2] == (None, "/inbox?pagina=1")


def test_admin_user_list_pager(client, world, page_size):
    page_size(6)  # the world has eleven users: a full page and a page of five
    login(client, world.admin)
    assert links(client, "/beheer/gebruikers")[:2] == ("/beheer/gebruikers?pagina=2", None)
    assert links(client, "/beheer/gebruikers?pagina=2")[:2] == (None, "/beheer/gebruikers?pagina=1")


@pytest.mark.parametrize("page,per_page,total,has_next,has_prev", [
    (1, 25, 0, False, False),
    (1, 25, 1, False, False),
    (1, 25, 25, False, False),
    (1, 25, 26, True, False),
    (2, 25, 26, False, True),
    (1, 25, 50, True, False),
    (2, 25, 50, False, True),
    (2, 25, 51, True, True),
    (3, 25, 51, False, True),
])
def test_page_has_next_only_before_the_last_page(page, per_page, total, has_next, has_prev):
    result = Page(items=[], page=page, per_page=per_page, total=total)
    assert (result.has_next, result.has_prev) == (has_next, has_prev)
