"""The AD inbox at national scale (issue 21): the open notices indexed by employee

Revision ID: a21f6a7b8c9d
Revises: a21e5f6a7b8c
Create Date: 2026-12-07 22:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a21f6a7b8c9d'
down_revision = 'a21e5f6a7b8c'
branch_labels = None
depends_on = None

OPEN = "status IN ('submitted', 'acknowledged', 'plan_recorded')"


def upgrade():
    with op.batch_alter_table('contract_end_notices', schema=None) as batch_op:
        batch_op.create_index('ix_contract_end_notices_open_employee', ['employee_id'], unique=False,
                              sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE contract_end_notices")  # plans for the new index at once


def downgrade():
    with op.batch_alter_table('contract_end_notices', schema=None) as batch_op:
        batch_op.drop_index('ix_contract_end_notices_open_employee',
                            sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
