"""Thread messages are user text: the other party's page shows them escaped, never as markup."""
import pytest

from tests.conftest import login
from tests.factories import make_notice

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'
BODY = f"Kijk: {SCRIPT} en {IMAGE} & 'quotes'"
# What Jinja's autoescaping turns BODY into: the text reads the same, the browser runs nothing.
ESCAPED = ("Kijk: &lt;script&gt;alert(1)&lt;/script&gt; en &lt;img src=x onerror=&#34;alert(2)&#34;&gt; "
           "&amp; &#39;quotes&#39;")


def assert_shown_as_text(page: str):
    assert ESCAPED in page
    assert SCRIPT not in page and "<img src=x" not in page and "onerror=\"alert" not in page


@pytest.mark.parametrize("author_name,reader_name", [("employer_a", "ad1"), ("ad2", "employer_a")])
def test_notice_thread_message_is_escaped_for_the_other_party(client, world, author_name, reader_name):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, getattr(world, author_name))
    assert client.post(f"/meldingen/{notice.id}/berichten", data={"body": BODY}).status_code == 302
    client.post("/uitloggen")
    login(client, getattr(world, reader_name))
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert_shown_as_text(page)


def test_refill_thread_message_is_escaped_for_the_other_party(client, world):
    refill = make_notice(world.employer_a, world.emp_a1).refill_request
    login(client, world.wsp_amsterdam)
    assert client.post(f"/herbezetting/{refill.id}/berichten", data={"body": BODY}).status_code == 302
    client.post("/uitloggen")
    login(client, world.employer_a)
    assert_shown_as_text(client.get(f"/herbezetting/{refill.id}").get_data(as_text=True))


def test_a_rejected_message_is_shown_again_escaped(client, world):
    # Too long: the error page shows the text as typed, in the textarea.
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.employer_a)
    page = client.post(f"/meldingen/{notice.id}/berichten", data={"body": BODY + "x" * 4000}).get_data(as_text=True)
    assert "Gebruik hoogstens" in page
    assert SCRIPT not in page and "<img src=x" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
