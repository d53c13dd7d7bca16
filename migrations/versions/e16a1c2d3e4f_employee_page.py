"""The employee's own page "Mijn overdracht": access links, own statements, own consent (issue 16)

Revision ID: e16a1c2d3e4f
Revises: e16b2c3d4e5f
Create Date: 2026-12-03 18:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e16a1c2d3e4f'
down_revision = 'e16b2c3d4e5f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'employee_access_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('notice_id', sa.Integer(), nullable=False),
        sa.Column('seed', sa.String(length=64), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('code_hash', sa.String(length=255), nullable=False),
        sa.Column('failed_attempts', sa.Integer(), nullable=False),
        sa.Column('blocked_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('last_login_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name='fk_employee_access_links_created_by_id_users'),
        sa.ForeignKeyConstraint(['notice_id'], ['contract_end_notices.id'],
                                name='fk_employee_access_links_notice_id_contract_end_notices'),
        sa.PrimaryKeyConstraint('id', name='pk_employee_access_links'),
        sa.UniqueConstraint('token_hash', name='uq_employee_access_links_token_hash'),
    )
    op.create_index('ix_employee_access_links_notice_id', 'employee_access_links', ['notice_id'], unique=False)
    op.create_table(
        'employee_statements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('notice_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['notice_id'], ['contract_end_notices.id'],
                                name='fk_employee_statements_notice_id_contract_end_notices'),
        sa.PrimaryKeyConstraint('id', name='pk_employee_statements'),
    )
    op.create_index('ix_employee_statements_notice_id', 'employee_statements', ['notice_id'], unique=False)
    with op.batch_alter_table('contract_end_notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('employee_consent', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('employee_consent_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('employee_profile_consent', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('employee_profile_consent_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('employee_email', sa.String(length=254), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('contract_end_notices', schema=None) as batch_op:
        batch_op.drop_column('employee_email')
        batch_op.drop_column('employee_profile_consent_at')
        batch_op.drop_column('employee_profile_consent')
        batch_op.drop_column('employee_consent_at')
        batch_op.drop_column('employee_consent')
    op.drop_index('ix_employee_statements_notice_id', table_name='employee_statements')
    op.drop_table('employee_statements')
    op.drop_index('ix_employee_access_links_notice_id', table_name='employee_access_links')
    op.drop_table('employee_access_links')
