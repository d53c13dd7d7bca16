"""Each user's language choice (Dutch by default, English available)

Revision ID: 5e1a7c0d2b3f
Revises: 0d1e2f3a4b5c
Create Date: 2026-11-30 00:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1a7c0d2b3f'
down_revision = '0d1e2f3a4b5c'
branch_labels = None
depends_on = None


def upgrade():
    # A plain add_column (no batch copy): SQLite can add a column in place.
    op.add_column('users', sa.Column('language', sa.String(length=5), server_default='nl', nullable=False))


def downgrade():
    # SQLite 3.35+ drops a column in place; a batch copy would cascade-delete rows referring to users.
    op.drop_column('users', 'language')
