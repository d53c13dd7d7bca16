"""`flask seed national`: a deterministic synthetic national dataset, for load tests and EXPLAIN.

All 35 labour market regions with their WSP, ~150 WSP advisers, ~600 ADs, ~1,500 employers
(one with 3,000 Wajong employees), 70,000 employees with their contracts and ADs, and five
years of history: ~100,000 contract-end notices and ~80,000 refill requests in every state,
each with the workflow events the real workflow would have written (portal/workflows.py),
plus the state the regie clock leaves behind (open contract-end prompts, reminders and
escalations on overdue items, with their job marks).

Built with bulk inserts (PostgreSQL: COPY; other databases: SQLAlchemy Core executemany), not
through the service functions: those are far too slow for a million rows. Same seed, same
scale and same day give the same data (`random.Random(seed)`; dates are relative to today).
"""
from portal.seed_national.command import (  # noqa: F401
    LoadResult,
    load,
    national_command,
    useful_logins,
)
