"""LongSelect (forms_common) writes the same HTML as wtforms' Select, with the options escaped once
per list (issue 21): the chosen option stays marked, and a changed list is not served from the cache."""
from markupsafe import Markup
from wtforms import Form, SelectChoice, SelectField
from wtforms.widgets import Select

from portal.forms_common import LongSelect

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
