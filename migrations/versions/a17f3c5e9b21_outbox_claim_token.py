"""Outbox claim token: a worker marks a row done only while it still holds it (issue 17)

Revision ID: a17f3c5e9b21
Revises: 8a88e406e596
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a17f3c5e9b21'
down_revision = '8a88e406e596'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.drop_column('claim_token')
