"""The employer's search by part of a name at national scale (issue 21): trigrams of the names
per organisation

Revision ID: a21a8b9c0d1e
Revises: a21f6a7b8c9d
Create Date: 2026-12-08 01:30:00.000000

PostgreSQL: a GIN index over (organisation_id, name) with the names' trigrams, so
`organisation_id = ? AND name ILIKE '%bakker%'` reads the matching names only. Both extensions
ship with PostgreSQL (contrib) and are trusted: the database's owner may create them. SQLite:
a plain index of the same name and columns, so the schema matches the models on both.
The downgrade leaves the extensions: other objects may use them by then.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a21a8b9c0d1e'
down_revision = 'a21f6a7b8c9d'
branch_labels = None
depends_on = None

INDEX = 'ix_employees_organisation_name_trigrams'


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        op.create_index(INDEX, 'employees', ['organisation_id', 'name'], unique=False,
                        postgresql_using='gin', postgresql_ops={'name': 'gin_trgm_ops'})
        op.execute("ANALYZE employees")
    else:
        op.create_index(INDEX, 'employees', ['organisation_id', 'name'], unique=False)


def downgrade():
    op.drop_index(INDEX, table_name='employees')
