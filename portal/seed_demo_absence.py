"""The demo's absence and escalation (issue 15), through the real services: every AD has a team
lead, every demo region a UWV mailbox, Joost Visser is away for two weeks (his backup takes his
new work; employers see who covers), and one employee got another AD for a stated reason.
Called by seed_demo inside its transaction, after the workflows."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portal.admin import reassign_service, region_service, user_service
from portal.caseload import absence_service
from portal.extensions import db
from portal.models import Region

ABSENT_AD = "j.visser@uwv.example"
TEAM_LEAD = "e.mulder@uwv.example"  # the team lead of the other ADs; Sanne de Vries is hers
UWV_MAILBOXES = {"AM18": "uwv-grootamsterdam@uwv.example", "AM13": "uwv-middenutrecht@uwv.example",
                 "AM22": "uwv-rijnmond@uwv.example"}


def load_absence(users: dict, employments: list, today: date) -> None:
    admin = users["beheer@servicepunt.example"]
    ads = [u for u in users.values() if u.role == "ad"]
    for ad in ads:
        lead = users[TEAM_LEAD] if ad.email != TEAM_LEAD else users["s.devries@uwv.example"]
        user_service.set_team_lead(admin, ad, lead)
    for region in db.session.scalars(select(Region).where(Region.code.in_(UWV_MAILBOXES))):
        coordinators = {user.id for user, is_coordinator in region_service.advisers_of(region) if is_coordinator}
        region_service.save_region(admin, region, region.wsp_name, region.wsp_email, region.wsp_phone, coordinators,
                                   UWV_MAILBOXES[region.code])
    absence_service.record_absence(users[ABSENT_AD], today, today + timedelta(days=13), today)
    # A change of AD the employer can read back on the employee page: Zorggroep Horizon asked for it.
    sanne = users["s.devries@uwv.example"]
    horizon = next(e for e in employments if e.employee.personnel_number.startswith("H")
                   and sanne not in (e.employee.current_assignment.ad, e.employee.current_assignment.backup_ad))
    reassign_service.reassign(admin, [horizon.employee], sanne, reassign_service.KEEP_BACKUP, "employer_request")
