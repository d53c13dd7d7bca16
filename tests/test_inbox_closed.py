"""The AD's closed and withdrawn notices (/inbox?toon=afgerond): only the AD's own, newest first,
25 per page, and the same count on every page (issue 21 moved its ordering out of SQL)."""
from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.models.types import utcnow
from tests.conftest import login
from tests.factories import make_employment, make_notice


def _closed_notice(world, ad, name, days_ago, status="closed", organisation=None, location=None):
    employment = make_employment(organisation or world.org_a, location or world.loc_a, ad, None, name=name)
    notice = make_notice(world.employer_a if organisation is None else world.employer_b, employment)
    notice.status, notice.created_at = status, utcnow() - timedelta(days=days_ago)
    db.session.commit()
    return notice


def test_closed_notices_are_the_ads_own_newest_first_in_pages(client, world):
    # 27 closed or withdrawn notices of ad1's employees, filed on different days; names sort
    # the other way round from the dates, so an order by name or id shows as wrong.
    for number in range(27):
        _closed_notice(world, world.ad1, f"Gesloten {chr(ord('Z') - number)}", days_ago=number + 1,
                       status="withdrawn" if number % 5 == 0 else "closed")
    _closed_notice(world, world.ad3, "Niet van u", days_ago=0, organisation=world.org_b, location=world.loc_b)
    open_one = make_notice(world.employer_a, make_employment(world.org_a, world.loc_a, world.ad1, None, name="Nog open"))
    assert open_one.status == "submitted"

    login(client, world.ad1)
    first = client.get("/inbox?toon=afgerond").get_data(as_text=True)
    names = [f"Gesloten {chr(ord('Z') - number)}" for number in range(27)]
    positions = [first.find(f">{name}</a>") for name in names[:25]]
    assert all(position > 0 for position in positions) and positions == sorted(positions), "newest first"
    assert names[25] not in first and names[26] not in first
    assert "Niet van u" not in first and "Nog open" not in first
    assert "1–25 van 27" in first and "Pagina 1 van 2" in first

    second = client.get("/inbox?toon=afgerond&pagina=2").get_data(as_text=True)
    assert second.index(f">{names[25]}</a>") < second.index(f">{names[26]}</a>")
    assert names[24] not in second and "26–27 van 27" in second

    past_the_end = client.get("/inbox?toon=afgerond&pagina=9")
    assert past_the_end.status_code == 200 and "Er zijn geen afgeronde meldingen." in past_the_end.get_data(as_text=True)


def test_no_closed_notices(client, world):
    login(client, world.ad2)
    page = client.get("/inbox?toon=afgerond").get_data(as_text=True)
    assert "Er zijn geen afgeronde meldingen." in page
