"""The date pattern (dag, maand, jaar): one error for the group, in Dutch, with the typed parts kept.

Walked through a real form (the AD's absence page) so the template, the field and the view meet.
"""
import re
from datetime import UTC, date, datetime

import pytest
import time_machine

from portal.extensions import db
from tests.conftest import login


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2026, 12, 21, 9, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def parts(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}-dag": day, f"{name}-maand": month, f"{name}-jaar": year}


def post_absence(client, until: tuple[str, str, str], first=("21", "12", "2026")):
    return client.post("/account/afwezigheid", data={**parts("absent_from", *first), **parts("absent_until", *until)})


def test_the_form_asks_a_date_as_three_labelled_boxes_in_one_group(client, world):
    login(client, world.ad1)
    page = client.get("/account/afwezigheid").get_data(as_text=True)
    assert 'type="date"' not in page
    assert "<legend>Laatste dag afwezig</legend>" in page
    for part, label in (("dag", "Dag"), ("maand", "Maand"), ("jaar", "Jaar")):
        assert f'<label for="absent_until-{part}">{label}</label>' in page
        assert f'name="absent_until-{part}" type="text" inputmode="numeric"' in page
    assert "Bijvoorbeeld 28 11 2026" in page


def test_three_parts_make_the_date(client, world):
    login(client, world.ad1)
    response = post_absence(client, ("4", "1", "2027"))
    assert response.status_code == 302
    db.session.refresh(world.ad1)
    assert (world.ad1.absent_from, world.ad1.absent_until) == (date(2026, 12, 21), date(2027, 1, 4))


@pytest.mark.parametrize("typed,message,invalid", [
    (("4", "", "2027"), "Vul ook de maand in.", ["maand"]),
    (("", "1", "2027"), "Vul ook de dag in.", ["dag"]),
    (("4", "1", ""), "Vul ook het jaar in.", ["jaar"]),
    (("4", "", ""), "Vul de hele datum in: dag, maand en jaar.", ["maand", "jaar"]),
    (("31", "2", "2027"), "Deze datum bestaat niet. Kijk de dag en de maand na.", ["dag", "maand"]),
    (("4", "13", "2027"), "Vul een maand in van 1 tot en met 12.", ["maand"]),
    (("4", "1", "27"), "Vul het jaar in met 4 cijfers, bijvoorbeeld 2026.", ["jaar"]),
    (("4", "jan", "2027"), "Vul de datum in met cijfers, bijvoorbeeld 28 11 2026.", ["maand"]),
    (("4", "1", "2200"), "Vul een datum in tussen het jaar 1900 en 2100.", ["jaar"]),
    (("99999999999999999999", "1", "2027"), "Deze datum bestaat niet. Kijk de dag en de maand na.", ["dag", "maand"]),
])
def test_a_wrong_date_gets_one_dutch_error_for_the_group_and_keeps_what_was_typed(client, world, typed, message, invalid):
    login(client, world.ad1)
    response = post_absence(client, typed)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count(message) == 2  # in the summary and once at the group
    # The summary's link focuses the first box to fix; only the boxes to fix are marked invalid.
    assert f'<a href="#absent_until-{invalid[0]}">{message}</a>' in page
    for part, value in zip(("dag", "maand", "jaar"), typed, strict=True):
        box = f'name="absent_until-{part}" type="text" inputmode="numeric" class="date-input date-input-{part}" value="{value}"'
        assert box in page
        marked = page.split(box, 1)[1].split(">", 1)[0]
        assert ('aria-invalid="true"' in marked) == (part in invalid), part
    assert re.search(r'<fieldset aria-describedby="absent_until-format[^"]* absent_until-error"', page)  # the group says it
    db.session.refresh(world.ad1)
    assert world.ad1.absent_until is None


def test_an_empty_required_date_uses_the_fields_own_message(client, world):
    login(client, world.ad1)
    page = post_absence(client, ("", "", ""), first=("", "", "")).get_data(as_text=True)
    assert "Vul de eerste dag in dat u afwezig bent." in page
    assert "Vul de laatste dag in dat u afwezig bent." in page
    assert 'href="#absent_from-dag"' in page


def test_a_single_iso_value_is_still_read(client, world):
    """Filter links, old bookmarks and drafts saved before the three boxes send one value."""
    login(client, world.admin)
    page = client.get("/beheer/toegangslog?date_from=2026-12-01").get_data(as_text=True)
    assert 'name="date_from-dag" type="text" inputmode="numeric" class="date-input date-input-dag" value="1"' in page
    assert 'name="date_from-jaar" type="text" inputmode="numeric" class="date-input date-input-jaar" value="2026"' in page
