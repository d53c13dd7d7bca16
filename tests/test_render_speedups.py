"""The render shortcuts of issue 21 give the same HTML as what they replace, escaping included.
LongSelect (forms_common) escapes its options once per list: the chosen option stays marked, and a
changed list is not served from the cache."""
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectChoice, SelectField
from wtforms.widgets import Select

from portal.forms_common import LongSelect
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


CHOICES = [SelectChoice(value, label) for value, label in (
    ("", "Kies een werkgever"), ("7", 'Bakker & Zn "De Korenschoof"'), ("12", "<script>x</script>"), ("3", "Ôlijf B.V."))]


def _html(widget, choices, chosen):
    class PickForm(Form):
        employer_id = SelectField("Werkgever", choices=choices, validate_choice=False, widget=widget)

    form = PickForm(data={"employer_id": chosen})
    return str(form.employer_id(class_="long"))


def test_the_same_html_as_wtforms_select_for_every_choice():
    for chosen in (None, "", "7", "12", "3", "99"):
        assert _html(LongSelect(), CHOICES, chosen) == _html(Select(), CHOICES, chosen), chosen
    assert '<option selected value="12">&lt;script&gt;x&lt;/script&gt;</option>' in _html(LongSelect(), CHOICES, "12")


def test_a_changed_list_shows_its_new_names():
    assert "Nieuwe Werkgever B.V." not in _html(LongSelect(), CHOICES, "7")
    renamed = CHOICES + [SelectChoice("15", "Nieuwe Werkgever B.V.")]
    assert '<option selected value="15">Nieuwe Werkgever B.V.</option>' in _html(LongSelect(), renamed, "15")


def test_markup_and_number_choices_as_in_wtforms():
    choices = [SelectChoice("1", Markup("<em>Eén</em>")), SelectChoice("2", "Twee & drie")]
    assert _html(LongSelect(), choices, "1") == _html(Select(), choices, "1")
    assert '<option selected value="1"><em>Eén</em></option>' in _html(LongSelect(), choices, "1")
    assert '<option selected value="2">' in _html(LongSelect(), choices, 2)  # a coerced number
