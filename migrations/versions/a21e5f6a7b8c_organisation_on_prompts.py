"""The employer dashboard at national scale (issue 21): the organisation copied onto contract-end questions

Revision ID: a21e5f6a7b8c
Revises: a21d4e5f6a7b
Create Date: 2026-12-07 18:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a21e5f6a7b8c'
down_revision = 'a21d4e5f6a7b'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('contract_end_prompts', sa.Column('organisation_id', sa.Integer(), nullable=True))
    # An employee record never changes employer: its organisation is the question's for good.
    op.execute("UPDATE contract_end_prompts SET organisation_id ="
               " (SELECT organisation_id FROM employees WHERE employees.id = contract_end_prompts.employee_id)")
    with op.batch_alter_table('contract_end_prompts', schema=None) as batch_op:
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_contract_end_prompts_organisation_id_organisations'),
                                    'organisations', ['organisation_id'], ['id'])
        batch_op.create_index('ix_contract_end_prompts_organisation_status_end',
                              ['organisation_id', 'status', 'end_date', 'id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE contract_end_prompts")  # plans for the new column at once


def downgrade():
    with op.batch_alter_table('contract_end_prompts', schema=None) as batch_op:
        batch_op.drop_index('ix_contract_end_prompts_organisation_status_end')
        batch_op.drop_constraint(batch_op.f('fk_contract_end_prompts_organisation_id_organisations'),
                                 type_='foreignkey')
        batch_op.drop_column('organisation_id')
