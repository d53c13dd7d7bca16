"""Faster main pages at national scale (issue 21): the current caseload per AD and backup AD, who is away, addresses case-blind

Revision ID: a21a1b2c3d4e
Revises: a20b2c3d4e5f
Create Date: 2026-12-04 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a21a1b2c3d4e'
down_revision = 'a20b2c3d4e5f'
branch_labels = None
depends_on = None

CURRENT = sa.text("valid_until IS NULL")


def upgrade():
    with op.batch_alter_table('caseworker_assignments', schema=None) as batch_op:
        batch_op.create_index('ix_caseworker_assignments_current_ad', ['ad_id', 'employee_id'], unique=False,
                              sqlite_where=CURRENT, postgresql_where=CURRENT)
        batch_op.create_index('ix_caseworker_assignments_current_backup', ['backup_ad_id', 'employee_id'],
                              unique=False, sqlite_where=CURRENT, postgresql_where=CURRENT)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_absent_until'), ['absent_until'], unique=False)
        batch_op.create_index('ix_users_email_lower', [sa.text('lower(email)')], unique=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_email_lower')
        batch_op.drop_index(batch_op.f('ix_users_absent_until'))
    with op.batch_alter_table('caseworker_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_caseworker_assignments_current_backup')
        batch_op.drop_index('ix_caseworker_assignments_current_ad')
