import csv
import io
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import Optional

from portal.auth.permissions import allow
from portal.bounds import parse_id
from portal.extensions import db
from portal.formatting import date_long, local_today
from portal.forms_common import DutchDateField, choices
from portal.insights import figures as figs
from portal.insights import follow_up_figures, next_job, pool_figures, report_figures
from portal.insights.scope import may_compare_regions, may_see_follow_ups, may_see_insights, scope_for
from portal.models import Region
from portal.models.types import utcnow
from portal.stale_counts import kept_figures

bp = Blueprint("insights", __name__)


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # a filter (GET) changes nothing

    date_from = DutchDateField(_l("Van"), validators=[Optional()])
    date_until = DutchDateField(_l("Tot en met"), validators=[Optional()])
    region = SelectField(_l("Regio"), validators=[Optional()])


def _period(form):
    today = local_today()
    until = form.date_until.data or today
    start = form.date_from.data or (until - timedelta(days=364))
    if start > until:
        form.date_from.errors = list(form.date_from.errors) + [_("De begindatum ligt na de einddatum.")]
        start = until - timedelta(days=364)
    return start, until


def _utc(day):
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(current_app.config["TIMEZONE"]))


def _report():
    if not may_see_insights(current_user):
        abort(403)
    form = PeriodForm(request.args)
    regions = db.session.scalars(select(Region).order_by(Region.name)).all()
    form.region.choices = choices({str(r.id): r.name for r in regions}, _("Heel Nederland"))
    form.validate()
    start, until = _period(form)
    may_choose_region = may_compare_regions(current_user)
    region_id = parse_id(form.region.data) if may_choose_region else None
    scope = scope_for(current_user, region_id)
    length = (until - start).days + 1
    today = local_today()
    with_follow_ups = may_see_follow_ups(current_user)

    def compute() -> KeptFigures:
        now_end, before = _utc(until + timedelta(days=1)), (_utc(start - timedelta(days=length)), _utc(start))
        return KeptFigures(
            computed_at=utcnow(),
            current=figs.compute(scope, _utc(start), now_end), previous=figs.compute(scope, *before),
            pool_current=pool_figures.compute(scope, _utc(start), now_end),
            pool_previous=pool_figures.compute(scope, *before),
            follow_ups=(follow_up_figures.compute(scope, _utc(start), now_end, today),
                        follow_up_figures.compute(scope, *before, today),
                        follow_up_figures.overdue_now(scope, today)) if with_follow_ups else None,
            next_job=next_job.compute(scope, start, until, today), overdue=figs.overdue_now(scope, today),
        )

    max_age = current_app.config["INSIGHTS_MAX_AGE"]
    kept = kept_figures.get((scope.key, start, until, today, with_follow_ups), max_age, compute)
    return dict(pool=pool_figures.pool_rows(kept.pool_current, kept.pool_previous, _pool_label),
                follow_ups=follow_up_figures.follow_up_rows(*kept.follow_ups) if kept.follow_ups else None,
                next_job=kept.next_job, report=report_figures, group_labels=GROUP_LABELS,
                form=form, may_choose_region=may_choose_region, scope=scope, start=start, until=until,
                current=kept.current, previous=kept.previous, computed_at=kept.computed_at, kept_minutes=max_age // 60,
                previous_start=start - timedelta(days=length), previous_until=start - timedelta(days=1),
                overdue=kept.overdue, labels=figs.LABELS)


@dataclass(frozen=True)
class KeptFigures:
    """Everything /inzicht computes for one scope and period, kept INSIGHTS_MAX_AGE seconds."""

    computed_at: datetime
    current: figs.Figures
    previous: figs.Figures
    pool_current: pool_figures.PoolFigures
    pool_previous: pool_figures.PoolFigures
    follow_ups: tuple | None  # (this period, the previous one, overdue now); None: not for this viewer
    next_job: next_job.NextJobFigures
    overdue: dict


GROUP_LABELS = {
    "all": _l("Iedereen"),
    "none": _l("Geen jobcoach"),
    "internal": _l("Interne jobcoach"),
    "external": _l("Externe jobcoach"),
}


def measure_rows(figures: next_job.NextJobFigures) -> list[tuple[str, list, object, str]]:
    """(label, ours per group in GROUPS order, the report's figure, unit) for the report's measures."""
    m, r = figures.measures, report_figures

    def per_group(name):
        return [getattr(m[group], name) for group in next_job.GROUPS]

    return [
        (_("Banen geëindigd"), per_group("ended"), None, ""),
        (_("Direct van werk naar werk (nieuwe baan binnen een maand; onderzoek: met externe jobcoach)"),
         per_group("job_to_job_share"),
         r.TABLE_3_1["external"][1], "%"),
        (_("Gemiddelde duur van de geëindigde baan"), per_group("duration_mean_months"), r.DURATION_MEAN_MONTHS,
         "maanden"),
        (_("Baan korter dan 3 maanden"), per_group("duration_under_3_months_share"),
         r.DURATION_UNDER_3_MONTHS_SHARE, "%"),
        (_("Tijd van einde werk tot start van het plan (mediaan)"), per_group("plan_median_days"), None, "dagen"),
        (_("Plan gestart binnen een maand na het einde"), per_group("plan_within_month_share"),
         r.PLAN_WITHIN_MONTH_SHARE, "%"),
    ]


POOL_LABELS = {
    "Kandidaten in de pool gezet": _l("Kandidaten in de pool gezet"),
    "Tijd van melding tot profiel (mediaan)": _l("Tijd van melding tot profiel (mediaan)"),
    "Tijd van profiel tot eerste voorstel (mediaan)": _l("Tijd van profiel tot eerste voorstel (mediaan)"),
    "Voorstellen": _l("Voorstellen"),
    "Voorstellen per kandidaat": _l("Voorstellen per kandidaat"),
    "Aandeel voorstellen waarop de werkgever wil kennismaken": _l("Aandeel voorstellen waarop de werkgever wil kennismaken"),
    "Aangenomen via de pool": _l("Aangenomen via de pool"),
    "Direct van werk naar werk (binnen een maand)": _l("Direct van werk naar werk (binnen een maand)"),
    "Tijd van einde werk tot nieuwe baan (mediaan)": _l("Tijd van einde werk tot nieuwe baan (mediaan)"),
}


def _pool_label(text: str) -> str:
    return str(POOL_LABELS[text])


def kpi_rows(report) -> list[tuple[str, object, object, str]]:
    """(label, this period, previous period, unit) for the KPI table and its CSV. The unit is a code
    ("dagen", "%" or ""): the template and _unit_label() show it in the user's language."""
    c, p = report["current"], report["previous"]
    return [
        (_("Meldingen"), c.notices, p.notices, ""),
        (_("Tijd tussen melding en einde werk (mediaan)"), c.lead_median, p.lead_median, "dagen"),
        (_("Gemeld 3 maanden of langer vooraf"), c.lead_share_3_months, p.lead_share_3_months, "%"),
        (_("Tijd tot gelezen (mediaan)"), c.read_median, p.read_median, "dagen"),
        (_("Tijd tot gelezen (90% binnen)"), c.read_p90, p.read_p90, "dagen"),
        (_("Tijd van gelezen tot plan (mediaan)"), c.plan_median, p.plan_median, "dagen"),
        (_("Tijd van gelezen tot plan (90% binnen)"), c.plan_p90, p.plan_p90, "dagen"),
        (_("Verzoeken om een plek opnieuw in te vullen"), c.refills, p.refills, ""),
        (_("Binnen 5 werkdagen opgepakt"), c.claimed_in_time_share, p.claimed_in_time_share, "%"),
        (_("Tijd tot de plek is ingevuld (mediaan)"), c.fill_median, p.fill_median, "dagen"),
    ]


@bp.route("/inzicht")
@allow("admin", "wsp", "ad", "employer")
def index():
    report = _report()
    return render_template("insights/index.html", kpis=kpi_rows(report), measures=measure_rows(report["next_job"]),
                           **report)


TABLES = {"kerncijfers", "redenen", "uitkomsten", "naar-werk", "rapportmaten", "kandidatenpool", "nazorg"}


@bp.route("/inzicht/<table>.csv")
@allow("admin", "wsp", "ad", "employer")
def export(table: str):
    if table not in TABLES:
        abort(404)
    report = _report()
    if table == "nazorg" and report["follow_ups"] is None:
        abort(404)
    c, p = report["current"], report["previous"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    period = _("%(start)s t/m %(until)s", start=date_long(report["start"]), until=date_long(report["until"]))
    if table in ("kerncijfers", "kandidatenpool", "nazorg"):
        writer.writerow([_("Kerncijfer"), period, _("Vorige periode"), _("Eenheid")])
        rows = {"kerncijfers": kpi_rows(report), "kandidatenpool": report["pool"], "nazorg": report["follow_ups"]}
        for label, now, before, unit in rows[table]:
            writer.writerow([label, _csv_value(now, unit), _csv_value(before, unit), _unit_label(unit)])
    elif table in ("redenen", "uitkomsten"):
        key = "reasons" if table == "redenen" else "outcomes"
        writer.writerow(["", period, _("Vorige periode")])
        for code, label in figs.LABELS[key].items():
            writer.writerow([label, getattr(c, key).get(code, 0), getattr(p, key).get(code, 0)])
    elif table == "naar-werk":
        _write_curve(writer, report["next_job"])
    else:
        writer.writerow([_("Maat"), *[str(label) for label in GROUP_LABELS.values()], _("Onderzoek (landelijk)"),
                         _("Eenheid")])
        for label, ours, theirs, unit in measure_rows(report["next_job"]):
            writer.writerow([label, *[_csv_value(value, unit) for value in ours], _csv_value(theirs, unit),
                             _unit_label(unit)])
        writer.writerow([_("Bron onderzoek"), str(report_figures.SOURCE)])
    # The BOM lets spreadsheet programs read the accents right.
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="inzicht-{table}.csv"'
    return response


def _write_curve(writer, figures: next_job.NextJobFigures) -> None:
    """Ours per group, the number still followed, and the report's table 3.1 where it has the month."""
    table = report_figures.TABLE_3_1
    writer.writerow([_("Maanden na einde werk"), *[_("%(group)s: met nieuw werk (%%)", group=label)
                                                   for label in GROUP_LABELS.values()],
                     _("Aantal nog zonder nieuw werk"),
                     *[_("Onderzoek, %(group)s (%%)", group=GROUP_LABELS[group]) for group in table]])
    for index, month in enumerate(figures.months):
        writer.writerow([month, *[_csv_value(figures.curves[group][index], "%") for group in next_job.GROUPS],
                         figures.at_risk[index],
                         *[_csv_value(table[group].get(month), "%") for group in table]])
    writer.writerow([_("Bron onderzoek"), str(report_figures.SOURCE)])


def _unit_label(unit: str) -> str:
    if unit == "dagen":
        return _("dagen")
    return _("maanden") if unit == "maanden" else unit


def _csv_value(value, unit):
    if value is None:
        return ""
    if unit == "%":
        return f"{value * 100:.1f}".replace(".", ",")
    return f"{value:.1f}".replace(".", ",") if isinstance(value, float) else value
