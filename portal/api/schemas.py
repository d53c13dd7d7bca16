"""The JSON Schemas of the API's bodies: used to check requests (portal/api/wire.py) and
published in the OpenAPI document (portal/api/openapi.py), so both say the same."""
from __future__ import annotations

from portal.admin.import_format import COLUMNS, REQUIRED_COLUMNS
from portal.models import CHANGE_REASONS, PLAN_SERVICES, WEBHOOK_CHANNELS
from portal.notices.outcome_rules import OUTCOME_CHOICES
from portal.workflows import NOTICE_WORKFLOW, REFILL_WORKFLOW

NOTICE_STATES = tuple(NOTICE_WORKFLOW.states)
REFILL_STATES = tuple(REFILL_WORKFLOW.states)
EMAIL = {"type": "string", "maxLength": 254, "minLength": 3, "format": "email"}
TEXT = {"type": "string", "maxLength": 2000}
DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}


def _body(required: tuple[str, ...], **properties) -> dict:
    return {"type": "object", "additionalProperties": False, "required": list(required), "properties": properties}


STEP_BODY_AD = _body(("arbeidsdeskundige",), arbeidsdeskundige=EMAIL)
PLAN_BODY = _body(("arbeidsdeskundige", "dienst"), arbeidsdeskundige=EMAIL,
                  dienst={"type": "string", "enum": list(PLAN_SERVICES)}, startdatum=NULLABLE_DATE, reden=TEXT)
CLOSE_BODY = _body(
    ("arbeidsdeskundige", "uitkomst"), arbeidsdeskundige=EMAIL,
    uitkomst={"type": "string", "enum": list(OUTCOME_CHOICES)}, toelichting=TEXT,
    nieuweBaanStartdatum=NULLABLE_DATE, nieuweWerkgever={"type": "string", "maxLength": 160},
    nieuweBaanUren={"type": ["number", "null"]},
    nieuweBaanContractsoort={"type": "string", "maxLength": 20},
    aangenomenNaProefplaatsing={"type": ["boolean", "null"]},
)
STEP_BODY_WSP = _body(("adviseur",), adviseur=EMAIL)
PROPOSE_BODY = _body(("adviseur", "toelichting"), adviseur=EMAIL, toelichting=TEXT)
REFILL_CLOSE_BODY = _body(("adviseur", "vervuld"), adviseur=EMAIL, vervuld={"type": "boolean"},
                          startdatum=NULLABLE_DATE, reden=TEXT)
ASSIGNMENT_BODY = _body(
    ("werkgeverKvk", "personeelsnummer", "arbeidsdeskundige", "reden"),
    werkgeverKvk={"type": "string", "maxLength": 8, "minLength": 1},
    personeelsnummer={"type": "string", "maxLength": 40, "minLength": 1},
    arbeidsdeskundige=EMAIL, achtervang={"type": ["string", "null"], "maxLength": 254},
    reden={"type": "string", "enum": list(CHANGE_REASONS)}, toelichting={"type": "string", "maxLength": 200},
)
EMPLOYMENT_LINE = {
    "type": "object", "additionalProperties": False, "required": list(REQUIRED_COLUMNS),
    "properties": {column.name: {"type": "string", "maxLength": column.max_length}
                   for column in COLUMNS},
}
EMPLOYMENTS_BODY = _body(("dienstverbanden",), werkgeverKvk={"type": "string", "maxLength": 8},
                         dienstverbanden={"type": "array", "minItems": 1, "maxItems": 500, "items": EMPLOYMENT_LINE})
SUBSCRIPTION_BODY = _body(
    ("callbackUrl", "kanalen"), callbackUrl={"type": "string", "maxLength": 500, "minLength": 1},
    kanalen={"type": "array", "minItems": 1, "maxItems": len(WEBHOOK_CHANNELS),
             "items": {"type": "string", "enum": list(WEBHOOK_CHANNELS)}},
    werkgeverKvk={"type": ["string", "null"], "maxLength": 8},
    regios={"type": "array", "minItems": 0, "maxItems": 50, "items": {"type": "string", "maxLength": 10}},
)
