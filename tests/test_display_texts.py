"""Times, phone numbers and tags as the lists show them. Their texts are cached per value (issue 21):
the cached text must be the same as the uncached one, in Amsterdam time and in the page's language."""
from datetime import UTC, date, datetime

from flask_babel import force_locale, lazy_gettext
from markupsafe import Markup

from portal.formatting import datetime_long, due_date, phone, status


def test_times_show_in_amsterdam_time_in_summer_and_winter(app):
    with app.test_request_context():
        assert datetime_long(datetime(2026, 11, 28, 13, 5, 59, tzinfo=UTC)) == "zaterdag 28 november 2026 om 14:05"
        assert datetime_long(datetime(2026, 7, 3, 22, 59, tzinfo=UTC)) == "zaterdag 4 juli 2026 om 00:59"
        # The night the clocks go back: 00:30 and 01:30 UTC are both 02:30 on the wall, and both say so.
        assert datetime_long(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == "zondag 25 oktober 2026 om 02:30"
        assert datetime_long(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == "zondag 25 oktober 2026 om 02:30"
        assert datetime_long(None) == ""


def test_a_cached_time_follows_the_language(app):
    moment = datetime(2026, 11, 28, 13, 5, tzinfo=UTC)
    with app.test_request_context():
        assert datetime_long(moment) == "zaterdag 28 november 2026 om 14:05"
        with force_locale("en"):
            assert datetime_long(moment) == "Saturday 28 November 2026 at 14:05"
        assert datetime_long(moment) == "zaterdag 28 november 2026 om 14:05"


def test_phone_numbers_are_written_one_way():
    assert phone("0205551234") == "020 555 1234"
    assert phone("+31 6 12345678") == "06 1234 5678"
    assert phone("0031-88-898-1001") == "088 898 1001"
    assert phone("0341 123456") == "0341 123 456"
    assert phone("  +44 20 7946 0958 ") == "+44 20 7946 0958"  # not Dutch: as typed, spaces tidied
    assert phone(None) == "" and phone("") == ""


def test_tags_escape_what_they_show(app):
    with app.test_request_context():
        assert str(status("<b>Open</b>", "open")) == '<span class="status status-open">&lt;b&gt;Open&lt;/b&gt;</span>'
        # A state's label is a lazy translation: text too, escaped.
        assert str(status(lazy_gettext("Open & <b>dicht</b>"), "open")) == (
            '<span class="status status-open">Open &amp; &lt;b&gt;dicht&lt;/b&gt;</span>')
        assert str(status(Markup("<em>Open</em>"), "open")) == '<span class="status status-open"><em>Open</em></span>'
        today = date(2026, 12, 7)
        assert str(due_date(date(2026, 12, 4), today)) == 'vrijdag 4 december <strong class="tag tag-overdue">Te laat</strong>'
        assert str(due_date(date(2026, 12, 8), today)) == "dinsdag 8 december"
        assert str(due_date(None, today)) == '<span class="muted">—</span>'
