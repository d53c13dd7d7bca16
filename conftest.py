"""Shared by tests/ and e2e/: the English catalog is compiled before any app starts,
so a test never runs against a stale .mo file (they are build output, not in git)."""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).parent / "portal" / "translations"


def pytest_sessionstart(session):
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog)
