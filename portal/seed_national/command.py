"""`flask seed national`: loading the dataset, and the command."""
from __future__ import annotations

import secrets
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.models import (
    OPEN_NOTICE_STATES,
    OPEN_REFILL_STATES,
    CaseworkerAssignment,
    ContractEndNotice,
    Employee,
    Employment,
    Organisation,
    RefillRequest,
    Region,
    User,
    user_regions,
)
from portal.regions import import_regions, packaged_csv_text
from portal.seed_national.bulk import LoadResult, NationalSeedRefused
from portal.seed_national.generator import _Generator
from portal.unit_of_work import unit_of_work


def load(session, scale: float = 1.0, seed: int = 2026, *, password: str) -> LoadResult:
    """Load the national dataset into an empty database (regions are loaded first)."""
    started = time.monotonic()
    if current_app.config.get("CONFIG_NAME") == "production":
        raise NationalSeedRefused("the national test dataset is never loaded in production")
    if not 0 < scale <= 10:
        raise NationalSeedRefused("scale must be above 0 and at most 10")
    if not password or len(password) < 12:
        raise NationalSeedRefused("the password must be at least 12 characters")
    if session.scalar(select(func.count()).select_from(Organisation)):
        raise NationalSeedRefused("organisations exist already: load the national dataset into an empty database")
    with unit_of_work():
        import_regions(packaged_csv_text())
        generator = _Generator(session, scale, seed, hash_password(password))
        counts = generator.run()
        dialect = session.connection().dialect.name
        if dialect == "postgresql":
            for name, table in generator.T.items():
                if "id" in table.c:
                    highest = select(func.coalesce(func.max(table.c.id), 1)).scalar_subquery()
                    session.execute(select(func.setval(func.pg_get_serial_sequence(name, "id"), highest)))
    if dialect == "postgresql":
        # Statistics and the visibility map, as autovacuum would leave them (index-only scans).
        with session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return LoadResult(counts=counts, seconds=time.monotonic() - started, logins=useful_logins(session))


def useful_logins(session) -> list[tuple[str, str, str]]:
    """The big employer's user, the AD with the fullest inbox, the adviser of the busiest region."""

    logins = []
    big = session.execute(
        select(User.email, Organisation.name, func.count(Employee.id))
        .join(Organisation, Organisation.id == User.organisation_id)
        .join(Employee, Employee.organisation_id == Organisation.id)
        .group_by(User.id, User.email, Organisation.name)
        .order_by(func.count(Employee.id).desc(), User.id)
        .limit(1)
    ).first()
    if big:
        logins.append(("employer, largest organisation", big[0], f"{big[1]}, {big[2]} employees"))
    open_notices = (
        select(CaseworkerAssignment.ad_id.label("user_id"))
        .join(Employment, Employment.employee_id == CaseworkerAssignment.employee_id)
        .join(ContractEndNotice, ContractEndNotice.employment_id == Employment.id)
        .where(CaseworkerAssignment.valid_until.is_(None), ContractEndNotice.status.in_(OPEN_NOTICE_STATES))
        .union_all(
            select(CaseworkerAssignment.backup_ad_id)
            .join(Employment, Employment.employee_id == CaseworkerAssignment.employee_id)
            .join(ContractEndNotice, ContractEndNotice.employment_id == Employment.id)
            .where(CaseworkerAssignment.valid_until.is_(None), ContractEndNotice.status.in_(OPEN_NOTICE_STATES))
        )
        .subquery()
    )
    busy_ad = session.execute(
        select(User.email, func.count())
        .join(open_notices, open_notices.c.user_id == User.id)
        .group_by(User.id, User.email)
        .order_by(func.count().desc(), User.id)
        .limit(1)
    ).first()
    if busy_ad:
        logins.append(("AD, fullest inbox", busy_ad[0], f"{busy_ad[1]} open notices"))
    open_by_region = dict(session.execute(
        select(RefillRequest.region_id, func.count())
        .where(RefillRequest.status.in_(OPEN_REFILL_STATES), RefillRequest.region_id.is_not(None))
        .group_by(RefillRequest.region_id)
    ).all())
    if open_by_region:
        busiest = max(sorted(open_by_region), key=open_by_region.__getitem__)
        region = session.get(Region, busiest)
        advisers = session.scalars(select(user_regions.c.user_id).where(user_regions.c.region_id == busiest)).all()
        memberships = session.execute(
            select(user_regions.c.user_id, user_regions.c.region_id).where(user_regions.c.user_id.in_(advisers))
        ).all()
        queue = {a: 0 for a in advisers}
        for user_id, region_id in memberships:
            queue[user_id] += open_by_region.get(region_id, 0)
        adviser = max(sorted(queue), key=queue.__getitem__)
        logins.append(("WSP adviser, busiest region", session.get(User, adviser).email,
                       f"{region.code} {region.name}: {queue[adviser]} open refill requests in the queue"))
    admin = session.scalar(select(User.email).where(User.role == "admin").order_by(User.id).limit(1))
    if admin:
        logins.append(("admin", admin, ""))
    return logins


@click.command("national")
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="1.0: 70,000 employees, ~100,000 notices, ~80,000 refill requests.")
@click.option("--seed", type=int, default=2026, show_default=True, help="Same seed and day, same data.")
@click.option("--password", envvar="PORTAL_DEMO_PASSWORD", default=None,
              help="The password of every user (default: $PORTAL_DEMO_PASSWORD, else a random one, printed).")
@with_appcontext
def national_command(scale, seed, password):
    """Load a synthetic national dataset (test and acceptance databases only)."""
    generated = False
    password = password or current_app.config.get("DEMO_PASSWORD")
    if not password:
        password, generated = secrets.token_urlsafe(12), True
    click.echo(f"Loading the national dataset (scale {scale}, seed {seed}) into {db.engine.url.render_as_string()}")
    try:
        result = load(db.session, scale=scale, seed=seed, password=password)
    except NationalSeedRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Loaded in {result.seconds:.1f} s:")
    for table, count in result.counts.items():
        click.echo(f"  {table:<30} {count:>9,}")
    for name, count in _state_counts():
        click.echo(f"    {name:<28} {count:>9,}")
    click.echo("\nUseful logins (all with the same password):")
    for what, email, detail in result.logins:
        click.echo(f"  {what:<32} {email:<44} {detail}")
    click.echo(f"\n  Password: {password}" + ("  (generated: keep it)" if generated else ""))


def _state_counts() -> list[tuple[str, int]]:
    rows = []
    for label, model in (("notices", ContractEndNotice), ("refills", RefillRequest)):
        for status, count in db.session.execute(
            select(model.status, func.count()).group_by(model.status).order_by(model.status)
        ):
            rows.append((f"{label} {status}", count))
    return rows
