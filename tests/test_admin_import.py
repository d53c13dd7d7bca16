"""Bulk import of employees, employments and AD assignments: format, preview, all-or-nothing,
idempotent re-import, web pages and the command line."""
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.admin import import_service
from portal.admin.import_format import COLUMN_NAMES, parse_date, parse_hours, template_csv
from portal.extensions import db
from portal.formatting import local_today
from portal.models import CaseworkerAssignment, Employee, Employment, ImportBatch, Location
from tests.admin_helpers import audit_events, forget_certificate_verifiers, mails  # noqa: F401  (fixtures)
from tests.conftest import login

HEADER = "personeelsnummer;naam;geboortedatum;functie;uren_per_week;contractsoort;begindatum;einddatum;werkplek;postcode;gemeente;arbeidsdeskundige;achtervang"


def csv_text(world, *lines, header=HEADER) -> str:
    return "\n".join([header, *lines]) + "\n"


def good_lines(world, count=3, workplace="Kwekerij Noord", municipality="Amsterdam"):
    return [
        f"N{n:03d};Werknemer {n};14-03-2001;Medewerker groen;24,5;tijdelijk;01-09-2025;31-08-2027;{workplace};1031 ks;"
        f"{municipality};{world.ad1.email};{world.ad2.email}"
        for n in range(1, count + 1)
    ]


def check(world, text, organisation=None):
    return import_service.check_text(organisation or world.org_a, text, local_today())


def counts(organisation):
    db.session.expire_all()
    employees = db.session.scalar(select(func.count()).select_from(Employee).where(Employee.organisation_id == organisation.id))
    employments = db.session.scalar(
        select(func.count()).select_from(Employment).join(Employment.employee).where(Employee.organisation_id == organisation.id))
    assignments = db.session.scalar(
        select(func.count()).select_from(CaseworkerAssignment).join(CaseworkerAssignment.employee)
        .where(Employee.organisation_id == organisation.id))
    locations = db.session.scalar(select(func.count()).select_from(Location).where(Location.organisation_id == organisation.id))
    return employees, employments, assignments, locations


@pytest.mark.parametrize("text,expected", [("28-11-2026", date(2026, 11, 28)), ("1/2/2026", date(2026, 2, 1)),
                                           ("28.11.2026", date(2026, 11, 28)), ("2026-11-28", date(2026, 11, 28)),
                                           ("31-02-2026", None), ("28-11-26", None), ("morgen", None)])
def test_dates_as_spreadsheets_write_them(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text,expected", [("24", Decimal("24.0")), ("24,5", Decimal("24.5")), ("32.0", Decimal("32.0")),
                                           ("0", None), ("61", None), ("24,25", None), ("veel", None), ("NaN", None)])
def test_hours_per_week(text, expected):
    assert parse_hours(text) == expected


def test_a_valid_file_is_planned_and_written_in_one_go(world, audit_events):
    before = counts(world.org_a)
    result = check(world, csv_text(world, *good_lines(world)))
    assert result.is_valid and [line.action for line in result.lines] == ["new", "new", "new"]
    assert list(result.new_locations) == ["kwekerij noord"]
    assert counts(world.org_a) == before  # checking writes nothing
    written = import_service.import_checked(world.admin, result)
    assert (written.created, written.updated, written.unchanged, written.new_locations) == (3, 0, 0, 1)
    employees, employments, assignments, locations = counts(world.org_a)
    assert (employees, employments, assignments, locations) == (before[0] + 3, before[1] + 3, before[2] + 3, before[3] + 1)
    employee = db.session.scalar(select(Employee).where(Employee.personnel_number == "N001"))
    employment = employee.employments[0]
    assert (employment.hours_per_week, employment.contract_type, employment.end_date) == (
        Decimal("24.5"), "temporary", date(2027, 8, 31))
    assert employment.location.postcode == "1031 KS" and employment.location.region.code == "AM18"
    assert (employee.current_assignment.ad_id, employee.current_assignment.backup_ad_id) == (world.ad1.id, world.ad2.id)
    assert mails("caseworker_changed") == []  # new employees: no "new contact" mail
    assert [e.action for e in audit_events()] == ["employments_imported"]


def test_one_bad_line_writes_nothing(world):
    before = counts(world.org_a)
    lines = good_lines(world, 5)
    lines[3] = lines[3].replace("01-09-2025", "31-02-2025")
    result = check(world, csv_text(world, *lines))
    assert not result.is_valid
    assert [(line.number, line.errors) for line in result.error_lines] == [
        (5, ["'begindatum' is geen bestaande datum: '31-02-2025'. Schrijf bijvoorbeeld 28-11-2026."])]
    with pytest.raises(Exception):  # noqa: B017  (whatever the writer raises, nothing may be written)
        import_service.import_checked(world.admin, result)
    assert counts(world.org_a) == before


def test_every_line_gets_its_own_errors(world):
    ad, backup = world.ad1.email, world.ad2.email
    lines = [
        f"E1;Een;;Functie;24;tijdelijk;01-09-2025;;Kwekerij Noord;;Amsterdam;{ad};",  # temporary without end
        f"E2;Twee;;Functie;24;vast;01-09-2025;01-01-2025;Kwekerij Noord;;Amsterdam;{ad};",  # end before start
        "E3;Drie;;Functie;24;vast;01-09-2025;;Kwekerij Noord;;Amsterdam;onbekend@uwv.example;",  # unknown AD
        f"E4;Vier;;Functie;24;vast;01-09-2025;;Kwekerij Noord;;Amsterdam;{world.wsp_amsterdam.email};",  # not an AD
        f"E1;Vijf;;Functie;24;vast;01-09-2025;;Kwekerij Noord;;Amsterdam;{ad};",  # duplicate personnel number
        f"E6;Zes;;Functie;24;vast;01-09-2025;;Ergens;;Atlantis;{ad};",  # unknown municipality
        f"E7;Zeven;;Functie;veel;contract;01-09-2025;;Kwekerij Noord;1234;Amsterdam;{ad};{ad}",  # hours, type, postcode, backup
        f"E8;Acht;01-01-2099;Functie;24;vast;01-09-2025;;Nieuwe Plek;;;;{backup}",  # birth, new workplace, backup only
        f";;;Functie;24;vast;01-09-2025;;Kwekerij Noord;;Rotterdam;{ad};",  # empty required, other municipality
    ]
    result = check(world, csv_text(world, *lines))
    errors = {line.number: " | ".join(line.errors) for line in result.error_lines}
    assert "Een tijdelijk contract heeft een einddatum." in errors[2]
    assert "De einddatum ligt voor de begindatum." in errors[3]
    assert "Geen arbeidsdeskundige bekend met e-mailadres 'onbekend@uwv.example'" in errors[4]
    assert "Geen arbeidsdeskundige bekend" in errors[5]
    assert "Personeelsnummer E1 staat ook op regel 2." in errors[6]
    assert "Onbekende gemeente 'Atlantis'" in errors[7]
    assert all(m in errors[8] for m in ("'uren_per_week' moet een getal", "Onbekende contractsoort 'contract'",
                                        "Postcode '1234' klopt niet", "De vervanger moet een andere"))
    assert "De geboortedatum kan niet kloppen." in errors[9] and "Vul ook 'arbeidsdeskundige' in" in errors[9]
    assert "Vul 'personeelsnummer' in." in errors[10] and "Vul 'naam' in." in errors[10]
    assert len(result.error_lines) == 9


def test_new_workplace_needs_a_municipality_and_lines_must_agree(world):
    ad = world.ad1.email
    lines = [
        f"W1;Een;;Functie;24;vast;01-09-2025;;Nieuwe Plek;;;{ad};",
        f"W2;Twee;;Functie;24;vast;01-09-2025;;Andere Plek;1011 AA;Amsterdam;{ad};",
        f"W3;Drie;;Functie;24;vast;01-09-2025;;andere plek;1011 AA;Utrecht;{ad};",
    ]
    errors = {line.number: " | ".join(line.errors) for line in check(world, csv_text(world, *lines)).error_lines}
    assert errors[2] == "Werkplek 'Nieuwe Plek' is nieuw: vul de gemeente in."
    assert errors[4] == "Werkplek 'andere plek' heeft op regel 3 een andere gemeente: Amsterdam."


def test_file_level_problems(world):
    assert "geen UTF-8" in import_service.check_upload(world.admin, world.org_a, "x.csv", "naam;é".encode("latin-1"),
                                                       local_today())[0].file_errors[0]
    assert "leeg" in check(world, "").file_errors[0]
    assert "Onbekende kolom: telefoon" in check(world, csv_text(world, "1;2", header="personeelsnummer;telefoon")).file_errors[0]
    missing = check(world, csv_text(world, "1;Naam", header="personeelsnummer;naam")).file_errors
    assert "Deze kolommen ontbreken: functie, uren_per_week, contractsoort, begindatum, werkplek." in missing
    assert "geen regels met medewerkers" in check(world, HEADER + "\n;;;\n").file_errors[0]


def test_comma_separated_with_bom_quotes_and_any_column_order(world):
    header = "Naam,Personeelsnummer,Functie,Uren per week,Contractsoort,Begindatum,Werkplek,Gemeente,Arbeidsdeskundige,"
    lines = [f'"Jansen, Piet",C1,"Hovenier, allround","24,5",vast,2024-01-15,Kwekerij Noord,Amsterdam,{world.ad3.email},',
             f"Kees,C2,Hovenier,24,vast,2024-01-15,Kwekerij Noord,Amsterdam,{world.ad3.email},",
             ",,,,,,,,,"]
    text = "\ufeff" + "\r\n".join([header, *lines]) + "\r\n"
    result = import_service.check_upload(world.admin, world.org_a, "export.csv", text.encode("utf-8"), local_today())[0]
    assert result.is_valid, [line.errors for line in result.error_lines]
    assert [line.personnel_number for line in result.lines] == ["C1", "C2"]
    assert result.planned[0].data.name == "Jansen, Piet" and result.planned[0].data.hours_per_week == Decimal("24.5")
    too_many = check(world, header + "\n" + f"Piet,C3,Hovenier,24,5,vast,2024-01-15,Kwekerij Noord,Amsterdam,{world.ad3.email},x\n")
    assert "meer waarden dan er kolommen zijn" in too_many.error_lines[0].errors[0]


def test_reimporting_the_same_file_changes_nothing(world):
    text = csv_text(world, *good_lines(world, 4))
    import_service.import_checked(world.admin, check(world, text))
    before, outbox_before = counts(world.org_a), len(mails())
    again = check(world, text)
    assert again.is_valid and {line.action for line in again.lines} == {"unchanged"}
    result = import_service.import_checked(world.admin, again)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert counts(world.org_a) == before and len(mails()) == outbox_before


def test_reimport_updates_by_personnel_number_and_announces_a_new_ad(world):
    import_service.import_checked(world.admin, check(world, csv_text(world, *good_lines(world, 2))))
    changed = [
        f"N001;Werknemer Een;14-03-2001;Teamleider groen;32;tijdelijk;01-09-2025;31-12-2027;Kwekerij Noord;;;{world.ad3.email};",
        f"N002;Werknemer 2;;Medewerker groen;24,5;vast;01-09-2026;;Kwekerij Noord;;;{world.ad1.email};{world.ad2.email}",
    ]
    result = check(world, csv_text(world, *changed))
    assert [line.action for line in result.lines] == ["update", "update"] and result.ad_changes == 1
    before = counts(world.org_a)
    import_service.import_checked(world.admin, result)
    employees, employments, assignments, locations = counts(world.org_a)
    assert employees == before[0] and locations == before[3]
    assert employments == before[1] + 1  # N002 has a new start date: a new contract; the old one is kept
    assert assignments == before[2] + 1  # N001's AD changed: the old assignment is closed, not changed
    employee = db.session.scalar(select(Employee).where(Employee.personnel_number == "N001"))
    assert employee.name == "Werknemer Een" and employee.employments[0].job_title == "Teamleider groen"
    assert [a.valid_until is None for a in employee.assignments] == [True, False]
    [mail] = mails("caseworker_changed")
    assert "Werknemer Een" in mail.subject and world.ad3.name in mail.body_text
    assert set(mail.recipient_list) == {world.employer_a.email, world.employer_a2.email}


def test_an_empty_ad_keeps_the_current_one(world):
    import_service.import_checked(world.admin, check(world, csv_text(world, *good_lines(world, 1))))
    line = good_lines(world, 1)[0].replace(f";{world.ad1.email};{world.ad2.email}", ";;")
    result = check(world, csv_text(world, line))
    assert result.is_valid and result.lines[0].action == "unchanged"


def test_the_upload_preview_and_confirm_pages(client, world):
    login(client, world.admin)
    url = f"/beheer/organisaties/{world.org_a.id}/inlezen"
    assert "uren_per_week" in client.get(url).get_data(as_text=True)  # the documented format
    lines = good_lines(world, 3)
    bad = lines[:1] + [lines[1].replace(world.ad1.email, "niemand@uwv.example")] + lines[2:]
    page = client.post(url, data={"file": (io.BytesIO(csv_text(world, *bad).encode()), "personeel.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Er is niets ingelezen" in page and "niemand@uwv.example" in page and "1 van de 3 regels heeft een fout" in page
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0  # a wrong file is not kept
    response = client.post(url, data={"file": (io.BytesIO(csv_text(world, *lines).encode()), "personeel.csv")},
                           content_type="multipart/form-data")
    batch = db.session.scalar(select(ImportBatch))
    assert response.headers["Location"] == f"/beheer/inlezen/{batch.id}"
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Het bestand is goed" in preview and "Kwekerij Noord" in preview
    assert counts(world.org_a)[0] == 2  # nothing written before the confirmation
    done = client.post(f"/beheer/inlezen/{batch.id}/uitvoeren")
    assert done.headers["Location"] == f"/beheer/organisaties/{world.org_a.id}"
    db.session.expire_all()
    batch = db.session.get(ImportBatch, batch.id)
    assert batch.status == "imported" and batch.content == "" and batch.created_count == 3
    assert counts(world.org_a)[0] == 5
    client.post(f"/beheer/inlezen/{batch.id}/uitvoeren")  # a second click imports nothing twice
    assert counts(world.org_a)[0] == 5


def test_the_file_is_checked_again_when_confirmed(client, world):
    login(client, world.admin)
    client.post(f"/beheer/organisaties/{world.org_a.id}/inlezen", content_type="multipart/form-data",
                data={"file": (io.BytesIO(csv_text(world, *good_lines(world, 2)).encode()), "p.csv")})
    batch = db.session.scalar(select(ImportBatch))
    world.ad2.is_enabled = False  # the backup AD left in the meantime
    db.session.commit()
    page = client.post(f"/beheer/inlezen/{batch.id}/uitvoeren").get_data(as_text=True)
    assert "is uitgezet in de portal" in page
    assert counts(world.org_a)[0] == 2


def test_only_admins_import(client, world):
    login(client, world.employer_a)
    assert client.get(f"/beheer/organisaties/{world.org_a.id}/inlezen").status_code == 403
    assert client.get("/beheer/inlezen/voorbeeld.csv").status_code == 403


def test_template_file_is_valid_apart_from_unknown_ads(client, world):
    text = template_csv()
    assert text.startswith("\ufeff" + ";".join(COLUMN_NAMES))
    result = check(world, text)
    assert [line.errors for line in result.error_lines] == [
        ["Geen arbeidsdeskundige bekend met e-mailadres 's.devries@uwv.example' (arbeidsdeskundige).",
         "Geen arbeidsdeskundige bekend met e-mailadres 'r.smit@uwv.example' (achtervang)."],
        ["Geen arbeidsdeskundige bekend met e-mailadres 'r.smit@uwv.example' (arbeidsdeskundige)."],
    ]
    login(client, world.admin)
    response = client.get("/beheer/inlezen/voorbeeld.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]


def test_command_line_import(app, world, tmp_path):
    path = tmp_path / "personeel.csv"
    path.write_text(csv_text(world, *good_lines(world, 2)), encoding="utf-8")
    runner = app.test_cli_runner()
    checked = runner.invoke(args=["import", "employments", str(path), "--organisation", world.org_a.kvk_number, "--check"])
    assert checked.exit_code == 0 and "would import 2 new" in checked.output
    assert counts(world.org_a)[0] == 2
    done = runner.invoke(args=["import", "employments", str(path), "--organisation", world.org_a.kvk_number])
    assert done.exit_code == 0 and "imported 2 new" in done.output
    assert counts(world.org_a)[0] == 4
    again = runner.invoke(args=["import", "employments", str(path), "--organisation", world.org_a.kvk_number])
    assert "0 new, 0 updated, 2 unchanged" in again.output and counts(world.org_a)[0] == 4
    path.write_text(csv_text(world, good_lines(world, 1)[0].replace("tijdelijk", "los")), encoding="utf-8")
    failed = runner.invoke(args=["import", "employments", str(path), "--organisation", world.org_a.kvk_number])
    assert failed.exit_code == 1 and "line 2: Onbekende contractsoort 'los'" in failed.output
    unknown = runner.invoke(args=["import", "employments", str(path), "--organisation", "00000000"])
    assert unknown.exit_code == 1 and "no organisation" in unknown.output


def test_a_concurrent_change_is_reported_not_half_written(world):
    result = check(world, csv_text(world, *good_lines(world, 2)))
    # Someone adds N002 between the check and the write: the unique key refuses the whole file.
    db.session.add(Employee(organisation_id=world.org_a.id, personnel_number="N002", name="Al Aanwezig"))
    db.session.commit()
    before = counts(world.org_a)
    with pytest.raises(import_service.InputRejected) as refused:
        import_service.import_checked(world.admin, result)
    assert "probeer het opnieuw" in refused.value.errors["file"]
    assert counts(world.org_a) == before


def test_dates_in_the_future_are_fine_for_contracts(world):
    start = (local_today() + timedelta(days=30)).strftime("%d-%m-%Y")
    line = f"F1;Later;;Functie;24;vast;{start};;Kwekerij Noord;;Amsterdam;{world.ad1.email};"
    assert check(world, csv_text(world, line)).is_valid


def test_a_batch_is_imported_once_even_when_confirmed_twice(world):
    text = csv_text(world, *good_lines(world, 2))
    result, batch = import_service.check_upload(world.admin, world.org_a, "p.csv", text.encode(), local_today())
    import_service.run_batch(world.admin, batch, local_today())
    stale = ImportBatch(id=batch.id, organisation_id=batch.organisation_id, status="checked", content=text)
    stale.organisation = world.org_a  # what a second request loaded before the first committed
    with pytest.raises(import_service.InputRejected) as refused:
        import_service.run_batch(world.admin, stale, local_today())
    assert refused.value.errors["file"] == "Dit bestand is al ingelezen."
    assert counts(world.org_a)[0] == 4
