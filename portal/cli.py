"""flask commands: seed, users, regions."""
from __future__ import annotations

import os
import time

import click
import pyotp
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from config import ConfigError
from portal import seed_demo
from portal.admin import import_service
from portal.admin.import_format import FileRejected, decode
from portal.auth.account_service import UserError, create_user, find_user
from portal.extensions import db
from portal.formatting import local_today
from portal.jobs.runner import run_due_jobs
from portal.models import ROLES, Organisation, Region
from portal.notifications.delivery import check_settings as check_delivery_settings
from portal.notifications.delivery import deliver_due
from portal.notifications.devserver import serve
from portal.regions import RegionImportError, import_regions, packaged_csv_text
from portal.seed_national import national_command
from portal.unit_of_work import unit_of_work
from portal.webhooks import delivery as webhook_delivery
from portal.worker_loop import keep_running
from portal.workflows import InputRejected

seed_cli = AppGroup("seed", help="Load data.")
users_cli = AppGroup("users", help="Manage users.")
regions_cli = AppGroup("regions", help="Labour market regions and municipalities.")
outbox_cli = AppGroup("outbox", help="The e-mail outbox.")
mail_cli = AppGroup("mail", help="Development mail server.")
jobs_cli = AppGroup("jobs", help="Scheduled work: prompts, reminders, escalations.")
webhooks_cli = AppGroup("webhooks", help="Event subscriptions of API clients.")


def _demo_password_file() -> str:
    return os.path.join(current_app.instance_path, "demo-password.txt")


@seed_cli.command("demo")
def seed_demo_command():
    """Load the demo data once (idempotent) and print the demo logins."""
    if current_app.config["CONFIG_NAME"] == "production":
        raise click.ClickException("demo data is never loaded in production")
    password_file = _demo_password_file()
    if seed_demo.is_loaded():
        click.echo("Demo data is already loaded.")
        if current_app.config["DEMO_PASSWORD"]:
            password = current_app.config["DEMO_PASSWORD"]
        elif os.path.exists(password_file):
            with open(password_file, encoding="utf-8") as handle:
                password = handle.read().strip()
        else:
            password = "(as printed when the demo data was loaded)"  # noqa: S105 (not a secret: a fixed development value) # a message, not a secret  # nosec B105
    else:
        password, generated = seed_demo.demo_password(current_app.config["DEMO_PASSWORD"])
        with unit_of_work():
            seed_demo.load(password, local_today())
        if generated:
            os.makedirs(current_app.instance_path, exist_ok=True)
            with open(os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
                handle.write(password + "\n")
        click.echo("Demo data loaded.")
    click.echo("\nDemo logins (all with the same password):")
    for email, name, role in seed_demo.demo_logins():
        click.echo(f"  {str(ROLES[role]):<32} {email:<30} {name}")
    click.echo(f"\n  Password: {password}")
    click.echo(f"  AD, WSP, admin and job coach also need a code: add key {seed_demo.DEMO_TOTP_SECRET} to an")
    click.echo("  authenticator app, or run `.venv/bin/flask users code EMAIL` for the current code.\n")
    employee = seed_demo.demo_employee_link()
    if employee is not None:
        name, link, code, ad_email = employee
        click.echo(f"Employee's own page (Mijn overdracht) for {name}, no account needed:")
        click.echo(f"  Link: {link}")
        click.echo(f"  Code: {code}   (their AD: {ad_email})\n")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--password", required=True, help="At least 12 characters.")
@click.option("--organisation", "kvk", help="KvK number of the employer (role employer).")
@click.option("--region", "region_codes", multiple=True, help="Region code such as AM18 (role wsp); repeatable.")
@click.option("--phone", default="")
def create_user_command(email, name, role, password, kvk, region_codes, phone):
    """Create a user."""
    organisation = None
    if kvk:
        organisation = db.session.scalar(select(Organisation).where(Organisation.kvk_number == kvk))
        if organisation is None:
            raise click.ClickException(f"no organisation with KvK number {kvk}")
    regions = []
    for code in region_codes:
        region = db.session.scalar(select(Region).where(Region.code == code.upper()))
        if region is None:
            raise click.ClickException(f"no region with code {code}")
        regions.append(region)
    try:
        with unit_of_work():
            user = create_user(
                email=email, name=name, role=role, password=password, phone=phone,
                organisation=organisation, regions=regions,
            )
    except UserError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {ROLES[user.role].lower()} {user.email}.")


@users_cli.command("code")
@click.argument("email")
def totp_code_command(email):
    """Print a demo user's current two-factor code (development and demo only)."""
    if current_app.config["CONFIG_NAME"] == "production":
        raise click.ClickException("not available in production")
    user = find_user(email)
    if user is None or not user.totp_secret:
        raise click.ClickException(f"{email} has no two-factor login set up")
    click.echo(pyotp.TOTP(user.totp_secret).now())


@regions_cli.command("import")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--year", default=2026, show_default=True, help="Classification year of the file.")
def import_regions_command(path, year):
    """Import municipalities and regions from a CBS CSV (default: the packaged 2026 file)."""
    if path:
        with open(path, "rb") as handle:
            raw = handle.read()
        try:
            text = decode(raw)  # not UTF-8: a clear message, not a traceback
        except FileRejected as rejected:
            raise click.ClickException(" ".join(rejected.errors) + " Nothing imported.") from None
    else:
        text = packaged_csv_text()
    try:
        with unit_of_work():
            region_count, municipality_count = import_regions(text, year)
    except RegionImportError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Imported {region_count} regions with {municipality_count} municipalities ({year}).")


@outbox_cli.command("deliver")
@click.option("--once", is_flag=True, help="Send what is due now and stop (for cron and tests).")
def deliver_command(once):
    """Send queued e-mail; runs until stopped unless --once. Several may run at once."""
    try:
        check_delivery_settings(current_app.config)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None

    def step() -> bool:
        result = deliver_due()
        busy = bool(result.sent or result.retrying or result.failed or result.lost)
        if busy:
            click.echo(f"sent {result.sent}, retrying {result.retrying}, failed {result.failed}, "
                       f"taken over {result.lost}")
        return busy

    keep_running(step, name="outbox deliver", idle_seconds=current_app.config["OUTBOX_POLL_SECONDS"], once=once)


@webhooks_cli.command("deliver")
@click.option("--once", is_flag=True, help="Post what is due now and stop (for cron and tests).")
def deliver_webhooks_command(once):
    """Post webhook notifications to the subscribed systems; runs until stopped unless --once.
    Several may run at once."""
    try:
        webhook_delivery.check_settings(current_app.config)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None

    def step() -> bool:
        result = webhook_delivery.deliver_due()
        if result.busy:
            click.echo(f"delivered {result.delivered}, retrying {result.retrying}, failed {result.failed}, "
                       f"cancelled {result.cancelled}, taken over {result.lost}")
        return result.busy

    keep_running(step, name="webhooks deliver", idle_seconds=current_app.config["WEBHOOK_POLL_SECONDS"], once=once)


@mail_cli.command("dev-server")
@click.option("--port", default=None, type=int, help="Default: MAIL_PORT.")
def dev_mail_server_command(port):
    """Receive mail on MAIL_SERVER:MAIL_PORT and store it under instance/mail/ (development only)."""
    if current_app.config["CONFIG_NAME"] == "production":
        raise click.ClickException("the development mail server does not run in production")
    directory = os.path.join(current_app.instance_path, "mail")
    controller = serve(directory, current_app.config["MAIL_SERVER"], port or current_app.config["MAIL_PORT"])
    click.echo(f"Development mail server on {controller.hostname}:{controller.port}, mails in {directory}")
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


@jobs_cli.command("run")
@click.option("--every", type=int, default=0, help="Repeat every N seconds (development); default: run once.")
def run_jobs_command(every):
    """Do all due scheduled work once. Safe from cron, also on two machines at once."""

    def step() -> bool:
        result = run_due_jobs()
        click.echo(f"prompts {result.prompts}, reminders {result.reminders}, escalations {result.escalations}")
        return False  # wait `every` seconds after each round

    keep_running(step, name="jobs run", idle_seconds=every, once=not every)


import_cli = AppGroup("import", help="Read data from files.")


@import_cli.command("employments")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--organisation", "kvk", required=True, help="KvK number of the employer.")
@click.option("--check", "check_only", is_flag=True, help="Only check the file; write nothing.")
def import_employments_command(path, kvk, check_only):
    """Import employees, contracts and ADs from a CSV file (the format of /beheer, see README).

    Nothing is written unless every line is valid; importing the same file again changes nothing.
    """
    organisation = import_service.organisation_by_kvk(kvk)
    if organisation is None:
        raise click.ClickException(f"no organisation with KvK number {kvk}")
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        check = import_service.check_text(organisation, decode(raw), local_today())
    except FileRejected as rejected:
        raise click.ClickException(" ".join(rejected.errors)) from None
    if check.file_errors:  # the file itself (columns, encoding): no lines were read at all
        raise click.ClickException(" ".join(check.file_errors) + " Nothing imported.")
    for line in check.error_lines:
        for error in line.errors:
            click.echo(f"line {line.number}: {error}", err=True)
    if not check.is_valid:
        raise click.ClickException(f"{len(check.error_lines)} of {len(check.lines)} lines have errors; nothing imported")
    summary = (f"{check.count('new')} new, {check.count('update')} updated, {check.count('unchanged')} unchanged, "
               f"{check.ad_changes} other AD, {len(check.new_locations)} new workplaces")
    if check_only:
        click.echo(f"{organisation.name}: the file is valid ({len(check.lines)} lines): would import {summary}.")
        return
    try:
        with unit_of_work():
            import_service.import_checked(None, check)
    except InputRejected as rejected:
        raise click.ClickException(" ".join(rejected.errors.values())) from None
    click.echo(f"{organisation.name}: imported {summary}.")


seed_cli.add_command(national_command)  # `flask seed national`: the benchmark dataset


def register_cli(app):
    for group in (seed_cli, users_cli, regions_cli, outbox_cli, mail_cli, jobs_cli, import_cli, webhooks_cli):
        app.cli.add_command(group)
