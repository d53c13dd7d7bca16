"""The AD's inbox at national scale (issue 21): the employee copied onto notices, contract-end questions and nazorg questions

Revision ID: a21c3d4e5f6a
Revises: a21a1b2c3d4e
Create Date: 2026-12-07 17:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a21c3d4e5f6a'
down_revision = 'a21a1b2c3d4e'
branch_labels = None
depends_on = None

# table: the statement that gives each row its employee (an employment never changes its employee)
SOURCES = {
    'contract_end_notices': "SELECT employee_id FROM employments WHERE employments.id = contract_end_notices.employment_id",
    'contract_end_prompts': "SELECT employee_id FROM employments WHERE employments.id = contract_end_prompts.employment_id",
    'follow_up_tasks': "SELECT employee_id FROM contract_end_notices WHERE contract_end_notices.id = follow_up_tasks.notice_id",
}


def upgrade():
    for table, source in SOURCES.items():  # notices first: the nazorg questions copy theirs
        op.add_column(table, sa.Column('employee_id', sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET employee_id = ({source})")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('employee_id', existing_type=sa.Integer(), nullable=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_employee_id_employees'), 'employees',
                                        ['employee_id'], ['id'])
            batch_op.create_index(f'ix_{table}_employee_status', ['employee_id', 'status'], unique=False)
        if op.get_bind().dialect.name == "postgresql":
            # Statistics for the new column at once: without them the inbox's plans scan every open
            # notice until autovacuum gets round to the table.
            op.execute(f"ANALYZE {table}")


def downgrade():
    for table in reversed(list(SOURCES)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_employee_status')
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_employee_id_employees'), type_='foreignkey')
            batch_op.drop_column('employee_id')
