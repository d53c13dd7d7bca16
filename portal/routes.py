"""Every page of the portal, registered by name: a blueprint per feature and the view modules
that add their routes to it. A module left out here has no pages, and the route test fails."""
from __future__ import annotations

from types import ModuleType

from flask import Blueprint, Flask

from portal import site_views
from portal.admin import (
    api_client_views,
    audit_log_views,
    dashboard_views,
    import_views,
    organisation_views,
    outbox_views,
    reassign_views,
    region_views,
    user_views,
    webhook_views,
)
from portal.admin.blueprint import bp as admin_bp
from portal.api import (
    employee_api_views,
    notice_api_views,
    pool_api_views,
    refill_api_views,
    subscription_api_views,
    token_views,
)
from portal.api.blueprint import bp as api_bp
from portal.auth import account_views, invitation_views, login_views, oidc_views
from portal.caseload import absence_views, caseload_views
from portal.employee_access import employee_views as employee_access_views
from portal.employers import employee_views
from portal.employers import organisation_views as employer_organisation_views
from portal.employers.blueprint import bp as employers_bp
from portal.info import info_views
from portal.insights import insights_views
from portal.jobcoach import coach_views, uwv_views
from portal.notices import follow_up_views, notice_step_views, notice_views, outcome_views
from portal.pool import pool_views, profile_views, proposal_views
from portal.pool.blueprint import bp as pool_bp
from portal.questions import question_views
from portal.threads import thread_views
from portal.vacancies import refill_views

VIEW_MODULES: tuple[ModuleType, ...] = (
    site_views,
    login_views, account_views, invitation_views, oidc_views,
    employee_views, employer_organisation_views,
    notice_views, notice_step_views, outcome_views, follow_up_views, caseload_views, absence_views, refill_views, thread_views,
    insights_views, info_views,
    dashboard_views, audit_log_views, import_views, organisation_views, outbox_views, reassign_views,
    region_views, user_views, api_client_views, webhook_views,
    pool_views, profile_views, proposal_views,
    question_views,
    coach_views, uwv_views,
    employee_access_views,
    token_views, notice_api_views, refill_api_views, employee_api_views, pool_api_views, subscription_api_views,
)

BLUEPRINTS: tuple[Blueprint, ...] = (
    site_views.bp, login_views.bp, oidc_views.bp, account_views.bp, employers_bp, notice_views.bp, caseload_views.bp,
    refill_views.bp, admin_bp, thread_views.bp, insights_views.bp, info_views.bp, pool_bp,
    question_views.bp, coach_views.bp,
    employee_access_views.bp,
    api_bp,
)


def register_routes(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
