"""Forms of the employee's own page."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField

from portal.forms_common import choices, max_length, required, required_input, text_area


class CodeForm(FlaskForm):
    code = StringField(
        _l("Uw code"),
        validators=[required(_l("Vul de code in.")), max_length(20)],
        description=_l("8 letters en cijfers. U vindt de code in de brief \"Wat gebeurt er nu?\"."),
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "characters", "spellcheck": "false"},
    )


def _yes_no(label, description=""):
    return RadioField(
        label,
        choices=choices({"ja": _l("Ja, dat vind ik goed"), "nee": _l("Nee, dat wil ik niet")}),
        validators=[required_input(_l("Kies ja of nee."))],
        description=description,
    )


class ConsentForm(FlaskForm):
    answer = _yes_no(_l("Mag UWV lezen wat uw werkgever over u schreef?"))


class ProfileConsentForm(FlaskForm):
    answer = _yes_no(
        _l("Mag UWV een kandidaatprofiel van u maken voor het Werkgeversservicepunt?"),
        _l("Het Werkgeversservicepunt zoekt dan werk voor u bij andere werkgevers. Het profiel "
           "heeft geen naam: werkgevers zien uw naam pas als u dat goed vindt."),
    )


class StatementForm(FlaskForm):
    body = text_area(
        _l("Uw eigen wensen of verbeteringen"),
        4000,
        is_required=_l("Schrijf eerst wat u wilt toevoegen."),
        description=_l("Bijvoorbeeld: wat voor werk u zoekt, wat u nodig heeft, of wat niet klopt. "
                       "Uw arbeidsdeskundige leest het. Uw werkgever ziet het niet."),
    )
