from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from portal.forms_common import max_length, required


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(_l("Vul uw e-mailadres in.")), Length(max=254, message=_l("Dit e-mailadres is te lang."))],
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(_l("Vul uw wachtwoord in.")), Length(max=1024, message=_l("Dit wachtwoord is te lang."))],
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code uit uw app"),
        validators=[required(_l("Vul de code uit uw app in.")), max_length(40)],
        description=_l("6 cijfers. Heeft u uw telefoon niet? Vul dan een van uw herstelcodes in."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )


class EnrolForm(FlaskForm):
    code = StringField(
        _l("Code uit uw app"),
        validators=[required(_l("Vul de code uit uw app in.")), max_length(10)],
        description=_l("Scan de QR-code met uw app en vul de 6 cijfers in die de app laat zien."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


def _new_password_field():
    return PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[required(_l("Vul een nieuw wachtwoord in.")), max_length(256)],
        description=_l("Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden."),
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[required(_l("Vul uw huidige wachtwoord in.")), max_length(1024)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password_field()
    repeat_password = PasswordField(
        _l("Nieuw wachtwoord nog een keer"), validators=[required(_l("Vul het nieuwe wachtwoord nog een keer in.")), max_length(256)],
        render_kw={"autocomplete": "new-password"},
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[required(_l("Vul uw e-mailadres in.")), max_length(254)])


class ResetPasswordForm(FlaskForm):
    new_password = _new_password_field()
    repeat_password = PasswordField(
        _l("Nieuw wachtwoord nog een keer"), validators=[required(_l("Vul het nieuwe wachtwoord nog een keer in.")), max_length(256)],
        render_kw={"autocomplete": "new-password"},
    )
