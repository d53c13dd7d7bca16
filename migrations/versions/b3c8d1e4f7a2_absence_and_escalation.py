"""Absence and escalation: an AD's absence and team lead, the region's UWV mailbox, why an AD changed (issue 15)

Revision ID: b3c8d1e4f7a2
Revises: b5d2e8f4a613
Create Date: 2026-12-03 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3c8d1e4f7a2'
down_revision = 'b5d2e8f4a613'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('absent_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('absent_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('team_lead_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_users_team_lead_id_users', 'users', ['team_lead_id'], ['id'])
        # Who leads whom: the access rules and the admin's page look up an AD's team by its lead.
        batch_op.create_index(batch_op.f('ix_users_team_lead_id'), ['team_lead_id'], unique=False)
    with op.batch_alter_table('workflow_events', schema=None) as batch_op:
        # Whom an escalation named: a team lead may open what was escalated to them.
        batch_op.add_column(sa.Column('escalated_to_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_workflow_events_escalated_to_id_users', 'users', ['escalated_to_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_workflow_events_escalated_to_id'), ['escalated_to_id'], unique=False)
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uwv_email', sa.String(length=254), server_default='', nullable=False))
    with op.batch_alter_table('caseworker_assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_reason', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('change_note', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('caseworker_assignments', schema=None) as batch_op:
        batch_op.drop_column('change_note')
        batch_op.drop_column('change_reason')
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.drop_column('uwv_email')
    with op.batch_alter_table('workflow_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workflow_events_escalated_to_id'))
        batch_op.drop_constraint('fk_workflow_events_escalated_to_id_users', type_='foreignkey')
        batch_op.drop_column('escalated_to_id')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_team_lead_id'))
        batch_op.drop_constraint('fk_users_team_lead_id_users', type_='foreignkey')
        batch_op.drop_column('team_lead_id')
        batch_op.drop_column('absent_until')
        batch_op.drop_column('absent_from')
