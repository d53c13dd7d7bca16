"""Workflow events keep the deadline that was running, and an index for the insights

Revision ID: 0d1e2f3a4b5c
Revises: f9d9352d2ef8
Create Date: 2026-11-23 14:05:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0d1e2f3a4b5c'
down_revision = 'f9d9352d2ef8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workflow_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_before', sa.Date(), nullable=True))
        batch_op.create_index(
            'ix_workflow_events_action_time', ['subject_type', 'action', 'created_at', 'subject_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('workflow_events', schema=None) as batch_op:
        batch_op.drop_index('ix_workflow_events_action_time')
        batch_op.drop_column('due_before')
