from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from portal.forms_common import max_length, required


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mailadres",
        validators=[DataRequired("Vul uw e-mailadres in."), Length(max=254, message="Dit e-mailadres is te lang.")],
    )
    password = PasswordField(
        "Wachtwoord",
        validators=[DataRequired("Vul uw wachtwoord in."), Length(max=1024, message="Dit wachtwoord is te lang.")],
    )


class CodeForm(FlaskForm):
    code = StringField(
        "Code uit uw app",
        validators=[required("Vul de code uit uw app in."), max_length(40)],
        description="6 cijfers. Heeft u uw telefoon niet? Vul dan een van uw herstelcodes in.",
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )


class EnrolForm(FlaskForm):
    code = StringField(
        "Code uit uw app",
        validators=[required("Vul de code uit uw app in."), max_length(10)],
        description="Scan de QR-code met uw app en vul de 6 cijfers in die de app laat zien.",
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


def _new_password_field():
    return PasswordField(
        "Nieuw wachtwoord",
        validators=[required("Vul een nieuw wachtwoord in."), max_length(256)],
        description="Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden.",
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Huidig wachtwoord", validators=[required("Vul uw huidige wachtwoord in."), max_length(1024)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password_field()
    repeat_password = PasswordField(
        "Nieuw wachtwoord nog een keer", validators=[required("Vul het nieuwe wachtwoord nog een keer in."), max_length(256)],
        render_kw={"autocomplete": "new-password"},
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField("E-mailadres", validators=[required("Vul uw e-mailadres in."), max_length(254)])


class ResetPasswordForm(FlaskForm):
    new_password = _new_password_field()
    repeat_password = PasswordField(
        "Nieuw wachtwoord nog een keer", validators=[required("Vul het nieuwe wachtwoord nog een keer in."), max_length(256)],
        render_kw={"autocomplete": "new-password"},
    )
