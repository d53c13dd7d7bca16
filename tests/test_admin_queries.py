"""The administration lists send as many SQL statements for many rows as for a few."""
from sqlalchemy import event

from portal.extensions import db
from tests.admin_helpers import forget_certificate_verifiers  # noqa: F401  (fixture)
from tests.conftest import login
from tests.factories import make_employment, make_user, region


def statements(app, client, path) -> int:
    count = 0

    def counter(*args):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


def test_users_and_reassign_pages_do_not_query_per_row(app, client, world):
    login(client, world.admin)
    pages = ("/beheer/gebruikers", f"/beheer/arbeidsdeskundigen?van={world.ad1.id}", "/beheer/organisaties")
    few = [statements(app, client, path) for path in pages]
    for _n in range(12):
        make_user("wsp", regions=[region("AM18"), region("AM22")])
        make_user("employer", organisation=world.org_b)
        backup = make_user("ad")
        make_employment(world.org_b, world.loc_b, world.ad1, backup)
    many = [statements(app, client, path) for path in pages]
    assert many == few
