"""The pool's access rules, the canary (no name or notes reach the WSP or the vacancy's employer
before the introduction consent), the ranking and the query discipline of the pool pages."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select

from portal.extensions import db
from portal.formatting import local_today
from portal.models import AuditEvent, CandidateProfile, ContractEndNotice, OutboxEmail, User, profile_regions, utcnow
from portal.pool import matching
from portal.pool import profile_service as profiles
from portal.unit_of_work import unit_of_work
from tests.conftest import login
from tests.factories import make_employment, region
from tests.pool_helpers import NOTES_CANARY, proposed, published_profile, vacancy
from tests.test_query_counts import add_rows, statements_for


def _urls(world):
    proposal, vacancy_employer = proposed(world)
    world.extra["vacancy_employer"] = vacancy_employer
    return proposal, {
        "pool": "/wsp/kandidaten",
        "profile": f"/kandidaten/{proposal.profile_id}",
        "proposal": f"/voorstellen/{proposal.id}",
        "matches": f"/herbezetting/{proposal.refill_id}/kandidaten-zoeken",
        "edit": f"/kandidaten/{proposal.profile_id}/bewerken",
        "hire": f"/voorstellen/{proposal.id}/aannemen",
        "reject": f"/voorstellen/{proposal.id}/afwijzen",
    }


MATRIX = {
    "wsp_amsterdam": {"pool": 200, "profile": 200, "proposal": 200, "matches": 200, "edit": 403, "hire": 200,
                      "reject": 403},
    "wsp_rijnmond": {"pool": 200, "profile": 404, "proposal": 404, "matches": 404, "hire": 404},
    "ad1": {"pool": 403, "profile": 200, "proposal": 200, "matches": 403, "edit": 200, "hire": 403},
    "ad3": {"profile": 404, "proposal": 404, "edit": 404},
    "employer_a": {"pool": 403, "profile": 403, "proposal": 404, "matches": 403, "reject": 404},  # the former employer
    "vacancy_employer": {"pool": 403, "profile": 403, "proposal": 200, "matches": 403, "reject": 200, "hire": 403},
    "employer_b": {"proposal": 404, "reject": 404},
    "admin": {"pool": 403, "profile": 403, "proposal": 403, "matches": 403},
}


@pytest.mark.parametrize("user_name", MATRIX)
def test_pool_access_matrix(client, world, user_name):
    _, urls = _urls(world)
    user = world.extra.get(user_name) or getattr(world, user_name)
    login(client, user)
    for key, expected in MATRIX[user_name].items():
        assert client.get(urls[key]).status_code == expected, (user_name, key)


def test_steps_on_someone_elses_candidate_are_not_found_or_forbidden(client, world):
    proposal, _ = _urls(world)
    login(client, world.wsp_rijnmond)
    assert client.post(f"/kandidaten/{proposal.profile_id}/oppakken").status_code == 404
    assert client.post(f"/voorstellen/{proposal.id}/proefplaatsing").status_code == 404
    client.post("/uitloggen")
    login(client, world.ad3)
    assert client.post(f"/kandidaten/{proposal.profile_id}/publiceren").status_code == 404
    assert client.post(f"/voorstellen/{proposal.id}/toestemming-kennismaking", data={}).status_code == 404
    client.post("/uitloggen")
    login(client, world.employer_a)
    assert client.post(f"/voorstellen/{proposal.id}/kennismaken").status_code == 404


def test_every_view_of_a_profile_is_in_the_access_log(client, world):
    proposal, urls = _urls(world)
    before = db.session.scalar(select(func.max(AuditEvent.id))) or 0
    login(client, world.wsp_amsterdam)
    client.get(urls["profile"])
    client.get(urls["proposal"])
    rows = db.session.execute(select(AuditEvent.action, AuditEvent.object_type, AuditEvent.subject_employee_id)
                              .where(AuditEvent.id > before)).all()
    employee_id = world.emp_a1.employee_id
    assert ("view_profile", "profile", employee_id) in rows and ("view_profile", "proposal", employee_id) in rows


def _texts_seen(client, urls) -> str:
    return "\n".join(client.get(url).get_data(as_text=True) for url in urls)


def test_canary_name_and_notes_reach_only_the_vacancy_employer_and_only_after_the_consent(client, world):
    proposal, urls = _urls(world)
    employer = world.extra["vacancy_employer"]
    secrets = ["Daan de Jong", NOTES_CANARY, world.emp_a1.employee.personnel_number, world.org_a.name]
    refill_page = f"/herbezetting/{proposal.refill_id}"
    login(client, world.wsp_amsterdam)
    wsp_pages = [urls["pool"], urls["profile"], urls["proposal"], urls["matches"], refill_page]
    seen = _texts_seen(client, wsp_pages)
    assert proposal.profile.code in seen
    assert not [s for s in secrets if s in seen]
    client.post("/uitloggen")
    login(client, employer)
    seen = _texts_seen(client, [urls["proposal"], refill_page])
    assert proposal.profile.code in seen and not [s for s in secrets if s in seen]
    client.post(f"/voorstellen/{proposal.id}/kennismaken")
    assert "Daan" not in _texts_seen(client, [urls["proposal"], refill_page])
    client.post("/uitloggen")
    login(client, world.ad1)
    response = client.post(f"/voorstellen/{proposal.id}/toestemming-kennismaking",
                           data={"consent_date": local_today().isoformat()})
    assert response.status_code == 302
    client.post("/uitloggen")
    login(client, employer)
    after = _texts_seen(client, [urls["proposal"]])
    assert "Daan de Jong" in after and NOTES_CANARY not in after
    client.post("/uitloggen")
    login(client, world.wsp_amsterdam)
    assert not [s for s in secrets if s in _texts_seen(client, wsp_pages)]
    # Mail to the WSP and to the vacancy's employer never names the person or carries the notes.
    pool_mails = db.session.scalars(select(OutboxEmail).where(
        OutboxEmail.kind.like("profile%") | OutboxEmail.kind.like("proposal%"))).all()
    assert pool_mails
    for email in pool_mails:
        outsiders = {world.wsp_amsterdam.email, world.wsp_amsterdam2.email, employer.email, "wsp"}
        if any(o in email.recipients for o in outsiders) and world.ad1.email not in email.recipients:
            assert not [s for s in secrets if s in email.body_text + email.subject], email.kind


def test_publishing_without_the_profile_consent_is_refused_with_a_dutch_message(client, world):
    profile = published_profile(world, publish=False)
    db.session.execute(ContractEndNotice.__table__.update().where(ContractEndNotice.id == profile.notice_id)
                       .values(profile_consent_date=None))
    db.session.commit()
    login(client, world.ad1)
    page = client.post(f"/kandidaten/{profile.id}/publiceren", follow_redirects=True).get_data(as_text=True)
    assert "Publiceren kan pas als u de toestemming" in page
    assert db.session.get(CandidateProfile, profile.id).status == "draft"


def test_ranking_puts_the_right_candidate_first(world):
    today = local_today()
    refill, _ = vacancy(world, wanted_start=today + timedelta(days=75))
    good = published_profile(world)  # magazijn, orders picken, 24 hours, available in 60 days
    wrong_hours = published_profile(world, make_employment(world.org_a, world.loc_a, world.ad1, name="Uren Fout"),
                                    hours_wanted=Decimal("8"), suitable_work="Groenonderhoud", adaptations="")
    too_late = published_profile(world, make_employment(world.org_a, world.loc_a, world.ad1, name="Te Laat"),
                                 available_from=today + timedelta(days=120), suitable_work="Schoonmaak kantoren")
    matches = matching.candidates_for_refill(refill)
    assert [m.item.id for m in matches] == [good.id, too_late.id, wrong_hours.id]
    best = matches[0]
    assert any("Uren passen" in r for r in best.reasons) and any("op tijd" in r for r in best.reasons)
    assert any("magazijn" in r.lower() for r in best.reasons) and any("rustig" in r.lower() for r in best.reasons)
    other, _ = vacancy(world, job_title="Schoonmaker", tasks="Kantoren schoonmaken", adaptations="")
    ranked = matching.refills_for_profile(good, [region("AM18").id])
    assert ranked[0].item.id == refill.id and other.id in [m.item.id for m in ranked]


def _add_pool(world, count: int) -> None:
    """`count` pool candidates in Groot Amsterdam, on bulk notices (one statement per table)."""
    add_rows(world, count)
    taken = select(CandidateProfile.notice_id)
    notice_ids = db.session.scalars(select(ContractEndNotice.id).where(ContractEndNotice.id.not_in(taken))
                                    .order_by(ContractEndNotice.id.desc()).limit(count)).all()
    today, now = local_today(), utcnow()
    offset = db.session.scalar(select(func.count()).select_from(CandidateProfile))
    ids = db.session.scalars(insert(CandidateProfile).returning(CandidateProfile.id, sort_by_parameter_order=True), [
        dict(code=f"B-{offset + n:06d}", notice_id=notice_id, status="published" if n % 2 else "claimed",
             created_at=now, created_by_id=world.ad1.id, available_from=today + timedelta(days=n % 90),
             hours_wanted=Decimal(8 + n % 30), suitable_work="Magazijn en inpakken", adaptations="Rustige ruimte",
             claimed_by_id=None if n % 2 else world.wsp_amsterdam.id, response_due=today + timedelta(days=n % 5))
        for n, notice_id in enumerate(notice_ids)]).all()
    db.session.execute(insert(profile_regions), [dict(profile_id=i, region_id=region("AM18").id) for i in ids])
    db.session.commit()


def test_pool_pages_take_as_many_queries_at_1000_candidates_as_at_10(app, client, world):
    proposal, urls = _urls(world)
    _add_pool(world, 10)
    login(client, world.wsp_amsterdam)
    paths = [urls["pool"], urls["profile"], urls["matches"]]
    for path in paths:
        client.get(path)
    few = {path: len(statements_for(app, client, path)[0]) for path in paths}
    _add_pool(world, 990)
    many = {path: len(statements_for(app, client, path)[0]) for path in paths}
    assert 'rel="next"' in statements_for(app, client, urls["pool"])[1]
    assert many == few


def test_an_outside_candidate_is_described_without_a_name(client, world):
    refill, _ = vacancy(world)
    login(client, world.wsp_amsterdam)
    response = client.post(f"/herbezetting/{refill.id}/kandidaat-van-buiten", data={"outside": " "})
    assert response.status_code == 200 and "Beschrijf de kandidaat kort" in response.get_data(as_text=True)
    response = client.post(f"/herbezetting/{refill.id}/kandidaat-van-buiten",
                           data={"outside": "Ervaren orderpicker, 32 uur, eigen vervoer"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(refill), refill.id).status == "candidates_proposed"


def test_the_pool_list_names_the_adviser_of_a_claimed_candidate_only(client, world):
    claimed = published_profile(world)
    unclaimed = published_profile(world, employment=world.emp_a2, ad=world.ad2)
    with unit_of_work():
        profiles.claim(db.session.get(User, world.wsp_amsterdam2.id), db.session.get(CandidateProfile, claimed.id))
    login(client, world.wsp_amsterdam)
    page = client.get("/wsp/kandidaten").get_data(as_text=True)
    rows = {code: row for row in page.split("<tr>")[1:] for code in (claimed.code, unclaimed.code) if code in row}
    assert "Karim Bos" in rows[claimed.code]  # the adviser who claimed it, looked up for the page's rows
    assert "Karim Bos" not in rows[unclaimed.code] and "Lotte Meijer" not in rows[unclaimed.code]
    assert page.index(unclaimed.code) < page.index(claimed.code)  # not yet picked up first


def test_the_notice_page_shows_the_ad_the_profiles_regions_loaded_with_the_profile(app, client, world):
    profile = published_profile(world)
    login(client, world.ad1)
    statements, page = statements_for(app, client, f"/meldingen/{profile.notice_id}")
    assert profile.code in page and "Groot Amsterdam" in page
    assert not [s for s in statements if s.lstrip().startswith("SELECT regions.")], "regions loaded apart"


def test_the_candidate_page_reads_the_search_terms_with_the_profile(app, client, world):
    profile = published_profile(world)
    refill, _ = vacancy(world)
    login(client, world.wsp_amsterdam)
    statements, page = statements_for(app, client, f"/kandidaten/{profile.id}")
    assert refill.job_title in page and "Woorden gemeen met de functie" in page  # the match and its words
    assert not [s for s in statements if s.lstrip().startswith("SELECT candidate_profiles.work_terms")]
