"""Checked outcomes (the new job's employer, hours, contract; hired after a trial placement) and
follow-up after the end date (issue 15)

Revision ID: b5d2e8f4a613
Revises: a17f3c5e9b21
Create Date: 2026-12-03 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5d2e8f4a613'
down_revision = 'a17f3c5e9b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contract_end_notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_employer_name', sa.String(length=160), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('new_job_hours', sa.Numeric(precision=4, scale=1), nullable=True))
        batch_op.add_column(sa.Column('new_job_contract_type', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('trial_hired', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('contract_end_notices', schema=None) as batch_op:
        batch_op.drop_column('trial_hired')
        batch_op.drop_column('new_job_contract_type')
        batch_op.drop_column('new_job_hours')
        batch_op.drop_column('new_employer_name')
