"""Indexes for the list pages at national scale (issue 9)

Revision ID: 13bd9d28d5e2
Revises: 5e1a7c0d2b3f
Create Date: 2026-11-30 01:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '13bd9d28d5e2'
down_revision = '5e1a7c0d2b3f'
branch_labels = None
depends_on = None

# (name, table, columns): each serves the order of a list page, so the database reads one page of
# rows in index order instead of sorting every match (bench/explain.py).
INDEXES = (
    # The employer's refill requests, newest first.
    ('ix_refill_requests_organisation_created', 'refill_requests', ['organisation_id', 'created_at']),
    # The admin's list of all refill requests, newest first.
    ('ix_refill_requests_created_at', 'refill_requests', ['created_at']),
    # A WSP region's closed requests, oldest first.
    ('ix_refill_requests_region_created', 'refill_requests', ['region_id', 'created_at']),
    # The admin dashboard's count per state.
    ('ix_refill_requests_status', 'refill_requests', ['status']),
    # The employer's notices, newest first.
    ('ix_contract_end_notices_created_at', 'contract_end_notices', ['created_at']),
    # An employer's employees by name: the dashboard's order, and its search walks only them.
    ('ix_employees_organisation_name', 'employees', ['organisation_id', 'name']),
    # Open contract-end questions, nearest end date first (dashboard and inbox tasks).
    ('ix_contract_end_prompts_status_end', 'contract_end_prompts', ['status', 'end_date', 'id']),
)


def upgrade():
    # Plain CREATE INDEX: no batch copy needed, on SQLite either.
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
