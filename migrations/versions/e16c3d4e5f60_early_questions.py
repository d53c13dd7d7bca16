"""Early questions ("ik twijfel"): the employer asks the AD to think along (issue 16.3)

Revision ID: e16c3d4e5f60
Revises: f19a2b3c4d5e
Create Date: 2026-12-03 18:15:00

"""
from alembic import op
import sqlalchemy as sa

from portal.models.types import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'e16c3d4e5f60'
down_revision = 'f19a2b3c4d5e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'early_questions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('employment_id', sa.Integer(), nullable=False),
        sa.Column('asked_by_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('response_due', sa.Date(), nullable=True),
        sa.Column('worry', sa.Text(), nullable=False),
        sa.Column('decision_date', sa.Date(), nullable=False),
        sa.Column('notice_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['asked_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['employment_id'], ['employments.id']),
        sa.ForeignKeyConstraint(['notice_id'], ['contract_end_notices.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('early_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_early_questions_employment_id'), ['employment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_early_questions_response_due'), ['response_due'], unique=False)
        batch_op.create_index('uq_early_questions_open_employment', ['employment_id'], unique=True,
                              sqlite_where=sa.text("status IN ('open', 'answered')"),
                              postgresql_where=sa.text("status IN ('open', 'answered')"))


def downgrade():
    with op.batch_alter_table('early_questions', schema=None) as batch_op:
        batch_op.drop_index('uq_early_questions_open_employment')
        batch_op.drop_index(batch_op.f('ix_early_questions_response_due'))
        batch_op.drop_index(batch_op.f('ix_early_questions_employment_id'))
    op.drop_table('early_questions')
