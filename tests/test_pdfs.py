"""PDFs: what each holds and leaves out, who may download them, and a renderer that fetches nothing."""
import io
import socket
import threading

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent
from portal.pdf import STATIC_BASE_URL, BlockedURL, StaticOnlyFetcher
from tests.conftest import login
from tests.factories import make_notice


def pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


def test_handover_document_holds_the_notes_only_with_consent(client, world):
    shared = make_notice(world.employer_a, world.emp_a1, consent=True)
    private = make_notice(world.employer_a, world.emp_a2, consent=False)
    login(client, world.ad2)  # backup of emp_a1, AD of emp_a2
    text = pdf_text(client.get(f"/meldingen/{shared.id}/overdrachtsdocument.pdf"))
    assert "Overdrachtsdocument" in text and "Daan de Jong" in text and "Zeer nauwkeurig" in text
    assert "Pagina 1 van" in text and "Gemaakt op" in text
    text = pdf_text(client.get(f"/meldingen/{private.id}/overdrachtsdocument.pdf"))
    assert "Zeer nauwkeurig" not in text and "toestemming" in text
    client.post("/uitloggen")
    login(client, world.employer_a)
    assert "Zeer nauwkeurig" in pdf_text(client.get(f"/meldingen/{private.id}/overdrachtsdocument.pdf"))


def test_refill_request_pdf_holds_no_employee_data(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.wsp_amsterdam)
    text = pdf_text(client.get(f"/herbezetting/{notice.refill_request.id}/herbezettingsverzoek.pdf"))
    assert "Verzoek om de plek opnieuw in te vullen" in text and "Medewerker magazijn" in text and world.employer_a.name in text
    assert "Daan de Jong" not in text and "Zeer nauwkeurig" not in text and "Wil buiten werken" not in text


def test_page_for_the_employee_names_the_ad_and_what_to_arrange(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.employer_a)
    text = pdf_text(client.get(f"/meldingen/{notice.id}/wat-gebeurt-er-nu.pdf"))
    for expected in ("Wat gebeurt er nu?", "Sanne de Vries", world.ad1.phone, "Wijziging doorgeven", "Waar krijgt u hulp?"):
        assert expected in text.replace("\n", " "), expected


def test_only_those_who_may_see_the_page_download_its_pdf_and_every_download_is_logged(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    start = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0
    login(client, world.wsp_amsterdam)
    assert client.get(f"/meldingen/{notice.id}/overdrachtsdocument.pdf").status_code == 403
    client.post("/uitloggen")
    login(client, world.employer_b)
    assert client.get(f"/meldingen/{notice.id}/overdrachtsdocument.pdf").status_code == 404
    assert client.get(f"/herbezetting/{notice.refill_request.id}/herbezettingsverzoek.pdf").status_code == 404
    client.post("/uitloggen")
    login(client, world.ad1)
    client.get(f"/meldingen/{notice.id}/overdrachtsdocument.pdf")
    db.session.expire_all()
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.id > start, AuditEvent.action == "download_pdf")
                              .order_by(AuditEvent.id)).all()
    assert [(r.actor_role, r.result) for r in rows] == [("wsp", "denied"), ("employer", "denied"),
                                                        ("employer", "denied"), ("ad", "allowed")]


class CountingListener:
    """A loopback TCP listener that counts connections: the PDF renderer must make none."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def stop(self):
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()


def test_hostile_html_in_notes_is_escaped_and_fetches_nothing(client, world, tmp_path):
    secret_file = tmp_path / "geheim.txt"
    secret_file.write_text("INHOUD-VAN-LOKAAL-BESTAND")
    listener = CountingListener()
    url = f"http://127.0.0.1:{listener.port}/x"
    hostile = (f'<img src="{url}"><link rel="attachment" href="file://{secret_file}">'
               f'<style>@import "{url}"; body {{ background: url({url}) }}</style>'
               f'<iframe src="{url}"></iframe><object data="file://{secret_file}"></object>')
    notice = make_notice(world.employer_a, world.emp_a1, reason_text=hostile,
                         handover_notes={"notes_tasks": hostile, "notes_wishes": hostile})
    notice.refill_request.tasks = hostile
    db.session.commit()
    try:
        login(client, world.employer_a)
        texts = [pdf_text(client.get(f"/meldingen/{notice.id}/overdrachtsdocument.pdf")),
                 pdf_text(client.get(f"/herbezetting/{notice.refill_request.id}/herbezettingsverzoek.pdf"))]
        raw = client.get(f"/meldingen/{notice.id}/overdrachtsdocument.pdf").data
    finally:
        listener.stop()
    assert listener.connections == 0
    assert "<img src=" in texts[0]  # shown as text, not interpreted
    assert b"INHOUD-VAN-LOKAAL-BESTAND" not in raw and b"/EmbeddedFile" not in raw


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/", "https://example.org/a.css",
                                 STATIC_BASE_URL + "../__init__.py", STATIC_BASE_URL + "..%2F__init__.py"])
def test_the_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises((BlockedURL, ValueError)):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_packaged_fonts_and_data_urls():
    font = StaticOnlyFetcher().fetch(STATIC_BASE_URL + "fonts/DejaVuSans.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"
    assert StaticOnlyFetcher().fetch("data:text/plain,hallo").read() == b"hallo"


def _tagged_structure(data: bytes) -> list[str]:
    """The structure types of a tagged PDF's tree, depth first (TH, TD, H1, ...)."""
    reader = PdfReader(io.BytesIO(data))
    found: list[str] = []

    def walk(node):
        node = node.get_object()
        if hasattr(node, "get") and node.get("/S") is not None:
            found.append(str(node["/S"]).lstrip("/"))
        kids = node.get("/K") if hasattr(node, "get") else None
        if kids is None:
            return
        for kid in (kids if isinstance(kids, list) else [kids]):
            if hasattr(kid, "get_object") or isinstance(kid, dict):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_pdfs_pair_labels_with_values_and_say_things_once(client, world):
    """Issue 18: key-value pairs are table rows with a header cell (not list items), one "Gemaakt op",
    no heading twice, and phone numbers written as on the screens."""
    notice = make_notice(world.employer_a, world.emp_a1, consent=True)
    login(client, world.ad1)
    for url in (f"/meldingen/{notice.id}/overdrachtsdocument.pdf", f"/meldingen/{notice.id}/wat-gebeurt-er-nu.pdf"):
        response = client.get(url)
        text = pdf_text(response)
        assert text.count("Gemaakt op") == 1, url
        headings = [line for line in text.splitlines() if line.strip() == "Wat gebeurt er nu?"]
        assert len(headings) <= 1, url
    handover = client.get(f"/meldingen/{notice.id}/overdrachtsdocument.pdf")
    structure = _tagged_structure(handover.data)
    assert "TH" in structure and "TD" in structure and "Table" in structure
    assert structure.count("H1") == 1
    employee_page = pdf_text(client.get(f"/meldingen/{notice.id}/wat-gebeurt-er-nu.pdf"))
    assert "088 898 9294" in employee_page
