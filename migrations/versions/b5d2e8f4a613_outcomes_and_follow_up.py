"""Checked outcomes (the new job's employer, hours, contract; hired after a trial placement) and
follow-up after the end date (issue 15)

Revision ID: b5d2e8f4a613
Revises: a17f3c5e9b21
Create Date: 2026-12-03 15:00:00

"""
from alembic import op
import sqlalchemy as sa

import portal.models.types


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

    op.create_table('follow_up_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', portal.models.types.UTCDateTime(), nullable=False),
    sa.Column('months_after_end', sa.Integer(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('response_due', sa.Date(), nullable=True),
    sa.Column('next_step', sa.Text(), nullable=False),
    sa.Column('next_step_date', sa.Date(), nullable=True),
    sa.Column('stop_reason', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_follow_up_tasks_answered_by_id_users')),
    sa.ForeignKeyConstraint(['notice_id'], ['contract_end_notices.id'], name=op.f('fk_follow_up_tasks_notice_id_contract_end_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_tasks'))
    )
    with op.batch_alter_table('follow_up_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_tasks_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_tasks_response_due'), ['response_due'], unique=False)
        batch_op.create_index('ix_follow_up_tasks_status_opens_on', ['status', 'opens_on'], unique=False)


def downgrade():
    with op.batch_alter_table('follow_up_tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_up_tasks_status_opens_on')
        batch_op.drop_index(batch_op.f('ix_follow_up_tasks_response_due'))
        batch_op.drop_index(batch_op.f('ix_follow_up_tasks_notice_id'))
    op.drop_table('follow_up_tasks')

    with op.batch_alter_table('contract_end_notices', schema=None) as batch_op:
        batch_op.drop_column('trial_hired')
        batch_op.drop_column('new_job_contract_type')
        batch_op.drop_column('new_job_hours')
        batch_op.drop_column('new_employer_name')
