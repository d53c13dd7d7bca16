"""What a user is told when a federated login does not go through: one page per reason, in B1 Dutch.

Each refusal is also in the access log (action "login_<reason>"), so functioneel beheer can see
who was turned away and why.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

TRY_AGAIN = _l("Ga terug naar de inlogpagina en probeer het opnieuw.")
ASK_ADMIN = _l("Neem contact op met de beheerder van uw organisatie.")
ASK_SUPPORT = _l("Neem contact op met functioneel beheer van Servicepunt Inclusief.")

# reason -> (title, explanation, what to do); HTTP status 403 for "who you are", 400 for the rest.
REFUSALS = {
    "wrong_state": (_l("Deze inlogpoging is niet meer geldig"),
                    _l("Het antwoord van de inlogdienst hoort niet bij een inlogpoging in deze browser. Misschien duurde het te lang, of opende u een oude link."), TRY_AGAIN),
    "code_refused": (_l("De inlogdienst weigerde de inlogcode"),
                     _l("De code van de inlogdienst is al gebruikt of verlopen. Een code werkt maar één keer."), TRY_AGAIN),
    "cancelled": (_l("Inloggen is gestopt"), _l("U heeft het inloggen bij de inlogdienst afgebroken."), TRY_AGAIN),
    "wrong_nonce": (_l("Het bewijs van inloggen hoort niet bij u"),
                    _l("Het bewijs dat de inlogdienst stuurde, hoort bij een andere inlogpoging."), TRY_AGAIN),
    "wrong_audience": (_l("Het bewijs van inloggen is niet voor dit portaal"),
                       _l("De inlogdienst stuurde een bewijs van inloggen dat voor een andere website bedoeld is."), ASK_SUPPORT),
    "wrong_issuer": (_l("Het bewijs van inloggen komt van een andere inlogdienst"),
                     _l("Het bewijs van inloggen komt niet van de inlogdienst die u koos."), ASK_SUPPORT),
    "token_expired": (_l("Het bewijs van inloggen is verlopen"),
                      _l("Het bewijs dat de inlogdienst stuurde, is te oud. Kijk ook of de klok van uw computer goed staat."), TRY_AGAIN),
    "bad_signature": (_l("Het bewijs van inloggen is niet echt"),
                      _l("De handtekening onder het bewijs van inloggen klopt niet."), ASK_SUPPORT),
    "malformed_token": (_l("Het bewijs van inloggen is niet te lezen"),
                        _l("De inlogdienst stuurde een antwoord dat het portaal niet kan lezen."), ASK_SUPPORT),
    "provider_unavailable": (_l("De inlogdienst is nu niet bereikbaar"),
                             _l("De inlogdienst antwoordt niet, te langzaam of niet goed. Dit ligt niet aan u."),
                             _l("Probeer het over een paar minuten opnieuw.")),
    "level_too_low": (_l("U logde in op een te laag niveau"),
                      _l("Voor dit portaal heeft u eHerkenning op niveau %(level)s of hoger nodig."),
                      _l("Vraag de beheerder van eHerkenning in uw organisatie om een middel op dit niveau. Log daarna opnieuw in.")),
    "unknown_kvk": (_l("Uw organisatie is niet bekend bij Servicepunt Inclusief"),
                    _l("Het KvK-nummer waarmee u inlogde, hoort niet bij een organisatie in dit portaal."),
                    _l("Werkgevers met een PSO-certificaat kunnen zich aanmelden bij functioneel beheer van Servicepunt Inclusief. Zij zetten uw organisatie in het portaal.")),
    "inactive_kvk": (_l("Uw organisatie kan nu niet inloggen"),
                     _l("Uw organisatie staat in het portaal, maar is niet actief of heeft geen geldig PSO-certificaat."),
                     _l("Stuur uw geldige PSO-certificaat naar functioneel beheer van Servicepunt Inclusief.")),
    "wrong_organisation": (_l("Uw account hoort bij een andere organisatie"),
                           _l("U logde in voor een andere organisatie dan die van uw account."), ASK_SUPPORT),
    "email_in_use": (_l("Uw e-mailadres hoort bij een ander account"),
                     _l("Er is al een account met uw e-mailadres dat niet bij deze inlog past."), ASK_SUPPORT),
    "awaiting_approval": (_l("Uw account wacht op goedkeuring"),
                          _l("Dit is de eerste keer dat u inlogt. De beheerder van uw organisatie moet uw account eerst goedkeuren. Tot dan ziet u nog niets."),
                          _l("Vraag de beheerder van uw organisatie om uw account goed te keuren. Log daarna opnieuw in.")),
    "account_disabled": (_l("Uw account is uitgezet"), _l("U kunt niet meer inloggen op dit portaal."), ASK_ADMIN),
    "missing_role": (_l("Uw account heeft geen rol voor dit portaal"),
                     _l("Uw organisatie gaf niet door of u arbeidsdeskundige, WSP-adviseur of beheerder bent."),
                     _l("Vraag de beheerder van uw accounts bij UWV of het WSP om u de juiste rol te geven.")),
    "unknown_region": (_l("Uw regio is niet bekend"),
                       _l("Uw organisatie gaf een arbeidsmarktregio door die dit portaal niet kent, of geen regio."),
                       _l("Vraag de beheerder van uw accounts bij het WSP om uw regio goed te zetten.")),
    "missing_claim": (_l("Er ontbreken gegevens over u"),
                      _l("De inlogdienst gaf uw naam, e-mailadres of kenmerk niet door."), ASK_SUPPORT),
    "unknown_provider": (_l("Deze inlogdienst kent het portaal niet"),
                         _l("Er is geen inlogdienst met deze naam ingesteld."), TRY_AGAIN),
}
IDENTITY_REASONS = {"level_too_low", "unknown_kvk", "inactive_kvk", "wrong_organisation", "email_in_use",
                    "awaiting_approval", "account_disabled", "missing_role", "unknown_region"}


def status_for(reason: str) -> int:
    if reason == "provider_unavailable":
        return 503
    return 403 if reason in IDENTITY_REASONS else 400
