"""Working days and deadlines: weekends and Dutch public holidays do not count."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from flask import current_app

from portal.formatting import local_date


@lru_cache(maxsize=8)
def _holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=[year]).keys())


def is_working_day(day: date, country: str = "NL") -> bool:
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def add_working_days(start: date, days: int, country: str = "NL") -> date:
    """The date `days` working days after `start` (start itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, country):
            remaining -= 1
    return day


def due_date(setting: str, entered_at: datetime) -> date:
    """The deadline for a state entered at `entered_at`, with the number of days from config."""
    config = current_app.config
    return add_working_days(local_date(entered_at), config[setting], config["HOLIDAY_COUNTRY"])


def escalation_date(deadline: date) -> date:
    config = current_app.config
    return add_working_days(deadline, config["ESCALATION_AFTER_WORKING_DAYS"], config["HOLIDAY_COUNTRY"])


def further_escalation_date(deadline: date) -> date:
    """Still late this many working days after the first escalation: the second escalation."""
    config = current_app.config
    return add_working_days(escalation_date(deadline), config["ESCALATION_AFTER_WORKING_DAYS"], config["HOLIDAY_COUNTRY"])


def delayed_response_date(deadline: date) -> date:
    """The new date promised to the employer when a missed deadline escalates: the person it
    escalates to gets a few working days from the escalation date."""
    config = current_app.config
    return add_working_days(escalation_date(deadline), config["DELAYED_RESPONSE_WORKING_DAYS"], config["HOLIDAY_COUNTRY"])


def promised_after_delay(deadline: date | None, today: date) -> date | None:
    """The new date the employer was given, once the deadline has escalated; else None."""
    if deadline is None or today < escalation_date(deadline):
        return None
    return delayed_response_date(deadline)
