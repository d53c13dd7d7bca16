"""The employer dashboard: contacts per employee, search, pagination, contracts ending soon."""
from datetime import timedelta

from sqlalchemy import event

from portal.extensions import db
from portal.formatting import local_today
from tests.conftest import login
from tests.factories import make_employment, make_notice


def test_each_row_shows_the_ad_and_backup_with_direct_contact(client, world):
    login(client, world.employer_a)
    page = client.get("/medewerkers").get_data(as_text=True)
    for text in ("Daan de Jong", "Sanne de Vries", world.ad1.phone, world.ad1.email, "Ruben Smit", world.ad2.phone):
        assert text in page
    assert "Medewerker magazijn" in page and "Tijdelijk contract" in page


def test_contracts_ending_within_three_months_stand_out(client, world):
    later = make_employment(world.org_a, world.loc_a, world.ad1, name="Later Eindigend",
                            end=local_today() + timedelta(days=200))
    login(client, world.employer_a)
    page = client.get("/medewerkers").get_data(as_text=True)
    assert page.count("Stopt binnen 3 maanden") == 1  # emp_a1 ends in 60 days
    filtered = client.get("/medewerkers?eindigt=1").get_data(as_text=True)
    assert "Daan de Jong" in filtered and later.employee.name not in filtered


def test_search_by_name_or_personnel_number(client, world):
    login(client, world.employer_a)
    by_name = client.get("/medewerkers?zoek=daan").get_data(as_text=True)
    assert "Daan de Jong" in by_name and "Lieke Bakker" not in by_name
    number = world.emp_a2.employee.personnel_number
    by_number = client.get(f"/medewerkers?zoek={number}").get_data(as_text=True)
    assert "Lieke Bakker" in by_number and "Daan de Jong" not in by_number
    nothing = client.get("/medewerkers?zoek=onbekend").get_data(as_text=True)
    assert "Geen medewerkers gevonden." in nothing


def test_rows_with_an_open_notice_link_to_it(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.employer_a)
    page = client.get("/medewerkers").get_data(as_text=True)
    assert f"/meldingen/{notice.id}" in page
    assert f"/contracten/{world.emp_a1.id}/einde-melden" not in page
    assert f"/contracten/{world.emp_a2.id}/einde-melden" in page


def test_pagination_splits_thousands_of_employees(client, world, data_app):
    for n in range(60):
        make_employment(world.org_a, world.loc_a, world.ad1, name=f"Zz Medewerker {n:03d}", contract_type="permanent")
    login(client, world.employer_a)
    first = client.get("/medewerkers").get_data(as_text=True)
    assert "62 medewerkers gevonden." in first
    assert "Pagina 1 van 3" in first and 'rel="next"' in first
    last = client.get("/medewerkers?pagina=3").get_data(as_text=True)
    assert "Zz Medewerker 059" in last and "Daan de Jong" not in last


def count_queries(app, path, client):
    statements = []
    with app.app_context():
        engine = db.engine

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(statements)


def test_dashboard_queries_do_not_grow_with_the_rows(app, client, world):
    login(client, world.employer_a)
    few = count_queries(app, "/medewerkers", client)
    for n in range(20):
        make_employment(world.org_a, world.loc_a, world.ad1, world.ad2, name=f"Extra {n}")
    many = count_queries(app, "/medewerkers", client)
    assert many == few
