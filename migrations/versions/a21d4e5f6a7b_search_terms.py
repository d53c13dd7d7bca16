"""The match lists at national scale (issue 21): the search terms of profiles and refill requests as generated columns

Revision ID: a21d4e5f6a7b
Revises: a21c3d4e5f6a
Create Date: 2026-12-07 17:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a21d4e5f6a7b'
down_revision = 'a21c3d4e5f6a'
branch_labels = None
depends_on = None

# table: (column, the text it holds the terms of)
COLUMNS = {
    'candidate_profiles': [('work_terms', 'suitable_work'), ('adaptation_terms', 'adaptations')],
    'refill_requests': [('job_terms', "job_title || ' ' || tasks"), ('adaptation_terms', 'adaptations')],
}


def _terms(sql: str) -> sa.Computed:
    # As portal/models/search_terms.py: the 'dutch' terms on PostgreSQL, the text itself on SQLite.
    if op.get_bind().dialect.name == 'postgresql':
        sql = f"CAST(to_tsvector('dutch', {sql}) AS TEXT)"
    return sa.Computed(sa.text(sql), persisted=True)


def upgrade():
    # SQLite adds a stored generated column only to a new table: the batch copies it.
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None, recreate='auto' if _postgres() else 'always') as batch_op:
            for name, source in columns:
                batch_op.add_column(sa.Column(name, sa.Text(), _terms(source), nullable=True))


def downgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _source in reversed(columns):
                batch_op.drop_column(name)


def _postgres() -> bool:
    return op.get_bind().dialect.name == 'postgresql'
