from tests.conftest import login


def test_employer_dashboard_lists_employees_with_their_ad(client, world):
    login(client, world.employer_a)
    page = client.get("/medewerkers").get_data(as_text=True)
    assert "Daan de Jong" in page
    assert "Sanne de Vries" in page
    assert "Yara Kaya" not in page
