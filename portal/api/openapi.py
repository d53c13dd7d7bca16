"""The OpenAPI 3.1 document of /api/v1. Request bodies are the schemas the API checks with
(portal/api/schemas.py); tests/test_api_openapi.py compares the paths with the routes and runs
schemathesis against every operation, so the document stays true."""
from __future__ import annotations

from portal.api import schemas as s
from portal.api.blueprint import API_VERSION
from portal.auth.permissions import WSP_PROFILE_STATES
from portal.workflows import PROPOSAL_WORKFLOW

STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
NDATE = {"type": ["string", "null"], "format": "date"}
INT = {"type": "integer"}
LINK = {"type": "object", "required": ["href"], "properties": {"href": STR}}
SELF = {"type": "object", "required": ["self"], "properties": {"self": LINK}}
EVENT = {"type": "object", "required": ["actie", "omschrijving", "naar", "tijdstip"],
         "properties": {"actie": STR, "omschrijving": STR, "van": NSTR, "naar": STR, "tijdstip": STR}}
PERSON = {"type": ["object", "null"], "required": ["naam", "email", "telefoon"],
          "properties": {"naam": STR, "email": STR, "telefoon": STR}}


def _obj(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


NOTICE_SUMMARY = {
    "status": {"type": "string", "enum": list(s.NOTICE_STATES)}, "statusOmschrijving": STR, "id": INT,
    "ingediendOp": STR, "verwachteEinddatum": {"type": "string", "format": "date"}, "reactieUiterlijk": NDATE,
    "werkgeverKvk": STR, "personeelsnummer": STR, "_links": SELF,
}
NOTICE_DETAIL = {
    **NOTICE_SUMMARY, "medewerkerNaam": STR, "functie": STR, "reden": STR, "redenToelichting": STR,
    "toestemmingGegeven": {"type": "boolean"},
    "plan": {"type": ["object", "null"], "properties": {"dienst": STR, "startdatum": NDATE, "reden": STR}},
    "uitkomst": NSTR,
    "overdrachtsnotities": {"type": ["object", "null"], "additionalProperties": STR,
                            "description": "Alleen met toestemming van de werknemer (UWV), anders null."},
    "tijdlijn": {"type": "array", "items": EVENT},
}
REFILL = {
    "id": INT, "status": {"type": "string", "enum": list(s.REFILL_STATES)}, "statusOmschrijving": STR,
    "aangemaaktOp": STR, "reactieUiterlijk": NDATE, "regio": NSTR, "werkplek": STR, "functie": STR,
    "urenPerWeek": {"type": "number"}, "taken": STR, "eisen": STR, "aanpassingen": STR, "gewensteStartdatum": NDATE,
    "opgepakt": {"type": "boolean"}, "kandidatenToelichting": STR, "vervuldOp": NDATE, "_links": SELF,
}
REFILL_DETAIL = {**REFILL, "tijdlijn": {"type": "array", "items": EVENT}}
ASSIGNMENT = {"werkgeverKvk": STR, "personeelsnummer": STR, "naam": STR, "arbeidsdeskundige": PERSON,
              "achtervang": PERSON, "sinds": NSTR}
EMPLOYMENT = {"id": INT, "werkgeverKvk": STR, "personeelsnummer": STR, "naam": STR, "functie": STR,
              "urenPerWeek": {"type": "number"}, "contractsoort": STR, "begindatum": STR, "einddatum": NDATE,
              "werkplek": STR}
PROFILE = {"id": INT, "code": STR, "status": {"type": "string", "enum": list(WSP_PROFILE_STATES)},
           "statusOmschrijving": STR, "regios": {"type": "array", "items": STR}, "beschikbaarVanaf": STR,
           "urenPerWeek": {"type": "number"}, "passendWerk": STR, "sterkeKanten": STR, "aanpassingen": STR,
           "jobcoach": STR, "reizen": STR, "samenvatting": STR, "_links": SELF}
PROPOSAL_LINKS = _obj(["self", "herbezettingsverzoek"], self=LINK, herbezettingsverzoek=LINK, kandidaat=LINK)
PROPOSAL = {"id": INT, "status": {"type": "string", "enum": list(PROPOSAL_WORKFLOW.states)}, "statusOmschrijving": STR,
            "voorgesteldOp": STR, "reactieUiterlijk": NDATE, "kandidaatVanBuiten": {"type": "boolean"},
            "startdatum": NDATE, "_links": PROPOSAL_LINKS}
SUBSCRIPTION = {"id": INT, "callbackUrl": STR, "kanalen": {"type": "array", "items": STR}, "werkgeverKvk": NSTR,
                "regios": {"type": "array", "items": STR}, "aangemaaktOp": STR, "_links": SELF}
NEW_SUBSCRIPTION = {**SUBSCRIPTION, "geheim": {"type": "string", "description": "Alleen in dit antwoord: bewaar het."}}
SAVED = {"aangemaakt": INT, "bijgewerkt": INT, "ongewijzigd": INT, "andereArbeidsdeskundige": INT}
PROBLEM = {
    "type": "object", "required": ["title", "status"],
    "properties": {"type": STR, "title": STR, "status": INT, "detail": STR, "instance": STR, "error": STR,
                   "invalidParams": {"type": "array", "items": _obj(["name", "reason"], name=STR, reason=STR)}},
}
TOKEN = _obj(["access_token", "token_type", "expires_in"], access_token=STR, token_type={"const": "Bearer"},
             expires_in=INT)
TOKEN_REQUEST = {
    "type": "object", "required": ["grant_type"],
    "properties": {"grant_type": {"type": "string", "enum": ["client_credentials"]},
                   "client_id": STR, "client_secret": STR},
}


def _page(item: dict) -> dict:
    links = _obj(["self", "first", "last"], self=LINK, first=LINK, last=LINK, prev=LINK, next=LINK)
    return _obj(["_links", "totaal", "pagina", "paginas", "resultaten"], _links=links, totaal=INT, pagina=INT,
                paginas=INT, resultaten={"type": "array", "items": _obj(list(item), **item)})


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _problems(*codes: int) -> dict:
    answers = {}
    for code in codes:
        answers[str(code)] = {"description": "Probleem", "content": {"application/problem+json": {"schema": PROBLEM}}}
    return answers


STATUS = {"name": "status", "in": "query", "required": False}
PAGING = [
    {"name": "pagina", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 100000}},
    {"name": "paginagrootte", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
]
KVK = {"name": "werkgeverKvk", "in": "query", "required": False, "schema": {"type": "string", "pattern": "^[0-9]{8}$"}}


def _id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1,
                                                                       "maximum": 2147483647}}


def _read(summary: str, schema: dict, parameters: list, resource: str) -> dict:
    return {"summary": summary, "security": [{"oauth2": []}], "parameters": parameters,
            "x-permission": f"{resource}:read",
            "responses": {"200": {"description": "OK", "content": _json(schema)}, **_problems(400, 401, 403, 404, 429)}}


def _write(summary: str, body: dict, schema: dict, parameters: list, resource: str) -> dict:
    return {"summary": summary, "security": [{"oauth2": []}], "parameters": parameters,
            "x-permission": f"{resource}:write",
            "requestBody": {"required": True, "content": _json(body)},
            "responses": {"200": {"description": "OK", "content": _json(schema)},
                          **_problems(400, 401, 403, 404, 409, 415, 422, 429)}}


def _subscription_paths() -> dict:
    own, one = "subscriptions:own", [_id("subscription_id")]
    listed = _obj(["totaal", "resultaten"], totaal=INT, resultaten={"type": "array", "items": _obj(list(SUBSCRIPTION),
                                                                                                   **SUBSCRIPTION)})
    base = {"security": [{"oauth2": []}], "x-permission": own}
    return {
        "/api/v1/abonnementen": {
            "get": {**base, "summary": "Eigen abonnementen op kanalen (webhooks)", "parameters": [],
                    "responses": {"200": {"description": "OK", "content": _json(listed)}, **_problems(401, 403, 429)}},
            "post": {**base, "summary": "Abonneren op kanalen, met filters (het geheim staat alleen in dit antwoord)",
                     "parameters": [], "requestBody": {"required": True, "content": _json(s.SUBSCRIPTION_BODY)},
                     "responses": {"201": {"description": "Aangemaakt",
                                           "content": _json(_obj(list(NEW_SUBSCRIPTION), **NEW_SUBSCRIPTION))},
                                   **_problems(400, 401, 403, 415, 422, 429)}}},
        "/api/v1/abonnementen/{subscription_id}": {
            "get": _read("Eén eigen abonnement", _obj(list(SUBSCRIPTION), **SUBSCRIPTION), one, "subscriptions")
            | {"x-permission": own},
            "delete": {**base, "summary": "Abonnement opzeggen", "parameters": one,
                       "responses": {"204": {"description": "Opgezegd"}, **_problems(400, 401, 403, 404, 429)}}},
    }


def document() -> dict:
    notice = _obj(list(NOTICE_DETAIL), **NOTICE_DETAIL)
    refill = _obj(list(REFILL_DETAIL), **REFILL_DETAIL)
    notice_id, refill_id = [_id("notice_id")], [_id("refill_id")]
    notice_states = {**STATUS, "schema": {"type": "string", "enum": list(s.NOTICE_STATES)}}
    refill_states = {**STATUS, "schema": {"type": "string", "enum": list(s.REFILL_STATES)}}
    paths = {
        "/api/v1/oauth/token": {"post": {
            "summary": "Toegangstoken halen (OAuth 2 client credentials)", "security": [{"basic": []}, {}],
            "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": TOKEN_REQUEST}}},
            "responses": {"200": {"description": "Token", "content": _json(TOKEN)}, **_problems(400, 401, 429)}}},
        "/api/v1/openapi.json": {"get": {"summary": "Dit document", "security": [],
                                         "responses": {"200": {"description": "OpenAPI 3.1",
                                                               "content": _json({"type": "object"})}}}},
        "/api/v1/meldingen": {"get": _read("Meldingen einde contract", _page(NOTICE_SUMMARY),
                                           [notice_states, *PAGING], "notices")},
        "/api/v1/meldingen/{notice_id}": {"get": _read("Eén melding met tijdlijn", notice, notice_id, "notices")},
        "/api/v1/meldingen/{notice_id}/gelezen": {"post": _write("Melding gelezen (namens een arbeidsdeskundige)",
                                                                 s.STEP_BODY_AD, notice, notice_id, "notices")},
        "/api/v1/meldingen/{notice_id}/plan": {"post": _write("Plan vastleggen", s.PLAN_BODY, notice, notice_id,
                                                              "notices")},
        "/api/v1/meldingen/{notice_id}/afronden": {"post": _write("Melding afronden met een uitkomst", s.CLOSE_BODY,
                                                                  notice, notice_id, "notices")},
        "/api/v1/herbezettingsverzoeken": {"get": _read("Herbezettingsverzoeken", _page(REFILL),
                                                        [refill_states, *PAGING], "refill_requests")},
        "/api/v1/herbezettingsverzoeken/{refill_id}": {"get": _read("Eén verzoek met tijdlijn", refill, refill_id,
                                                                    "refill_requests")},
        "/api/v1/herbezettingsverzoeken/{refill_id}/oppakken": {"post": _write(
            "Verzoek oppakken (namens een adviseur)", s.STEP_BODY_WSP, refill, refill_id, "refill_requests")},
        "/api/v1/herbezettingsverzoeken/{refill_id}/kandidaten": {"post": _write(
            "Kandidaten voorstellen (zonder namen)", s.PROPOSE_BODY, refill, refill_id, "refill_requests")},
        "/api/v1/herbezettingsverzoeken/{refill_id}/afsluiten": {"post": _write(
            "Verzoek afsluiten: vervuld of niet", s.REFILL_CLOSE_BODY, refill, refill_id, "refill_requests")},
        "/api/v1/kandidaten": {"get": _read(
            "Kandidatenpool van de eigen regio's (zonder naam)", _page(PROFILE),
            [{**STATUS, "schema": {"type": "string", "enum": list(WSP_PROFILE_STATES)}}, *PAGING], "pool")},
        "/api/v1/kandidaten/{profile_id}": {"get": _read("Eén kandidaatprofiel", _obj(list(PROFILE), **PROFILE),
                                                         [_id("profile_id")], "pool")},
        "/api/v1/voorstellen/{proposal_id}": {"get": _read(
            "Eén voorstel aan een verzoek van de eigen regio's (zonder naam)", _obj(list(PROPOSAL), **PROPOSAL),
            [_id("proposal_id")], "pool")},
        "/api/v1/toewijzingen/{employee_id}": {"get": _read(
            "Arbeidsdeskundige en achtervang van één medewerker (het interne nummer uit een notificatie)",
            _obj(list(ASSIGNMENT), **ASSIGNMENT), [_id("employee_id")], "assignments")},
        **_subscription_paths(),
        "/api/v1/toewijzingen": {
            "get": _read("Arbeidsdeskundige en achtervang per medewerker", _page(ASSIGNMENT), [KVK, *PAGING],
                         "assignments"),
            "put": _write("Arbeidsdeskundige en achtervang zetten (werkgever en beide AD's krijgen e-mail)",
                          s.ASSIGNMENT_BODY, _obj(list(ASSIGNMENT), **ASSIGNMENT), [], "assignments")},
        "/api/v1/dienstverbanden": {
            "get": _read("Dienstverbanden", _page(EMPLOYMENT), [KVK, *PAGING], "employments"),
            "post": _write("Dienstverbanden aanmaken en bijwerken: alles of niets, zoals het CSV-bestand",
                           s.EMPLOYMENTS_BODY, _obj(list(SAVED), **SAVED), [], "employments")},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Servicepunt Inclusief API", "version": API_VERSION,
                 "description": "Meldingen einde contract, herbezetting, toewijzingen en dienstverbanden. "
                                "Volgt de NL API Design Rules: JSON, problem+json, paginering met links, "
                                "header API-Version, geen persoonsgegevens in URL's."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"securitySchemes": {
            "oauth2": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/api/v1/oauth/token", "scopes": {}}}},
            "basic": {"type": "http", "scheme": "basic"},
        }},
    }
