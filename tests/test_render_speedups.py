"""Two render shortcuts of issue 21 give the same HTML as what they replace, escaping included."""
from werkzeug.datastructures import MultiDict

from portal.notices.outcome_forms import CloseNoticeForm


def test_the_long_employer_list_keeps_the_choice_and_escapes_names(app):
    with app.test_request_context():
        form = CloseNoticeForm(formdata=MultiDict({"employer_id": "2"}))
        form.employer_id.choices = [("", "Kies een werkgever"), ("1", "Bakkerij <b>Bol</b> & Zn"), ("2", "Twee")]
        html = str(form.employer_id(**{"aria-describedby": "employer_id-hint", "class_": "wide"}))
    assert html.startswith("<select ") and html.endswith("</select>")
    assert 'name="employer_id"' in html and 'id="employer_id"' in html
    assert 'aria-describedby="employer_id-hint"' in html and 'class="wide"' in html
    assert '<option selected value="2">Twee</option>' in html
    assert '<option value="1">Bakkerij &lt;b&gt;Bol&lt;/b&gt; &amp; Zn</option>' in html
    assert html.count("selected") == 1


def test_template_texts_escape_their_variables_and_keep_numbers(app):
    with app.test_request_context():
        template = app.jinja_env.from_string(
            "{{ _('Hallo %(name)s', name=name) }}|{{ _('%(count)d stuks, %(share).1f%%', count=3, share=12.25) }}"
            "|{{ _('Honderd %%') }}|{{ _('Gewoon') }}")
        html = template.render(name='<script>"x"</script>')
    assert html == "Hallo &lt;script&gt;&#34;x&#34;&lt;/script&gt;|3 stuks, 12.2%|Honderd %|Gewoon"


def test_a_list_builds_its_links_once_and_they_equal_url_for(app):
    from flask import url_for

    from portal.formatting import IdUrl

    with app.test_request_context():
        for endpoint, name in (("notices.show", "notice_id"), ("notices.new", "employment_id"),
                               ("employers.employee", "employee_id")):
            built = IdUrl(endpoint, name)
            assert built(4817) == url_for(endpoint, **{name: 4817})
        try:
            IdUrl("employers.dashboard", "employee_id")
        except ValueError:
            pass
        else:
            raise AssertionError("a route without the id in its path must be refused")
