"""API clients: systems that use /api/v1 with OAuth 2 client credentials (issue 20)

Revision ID: a20a1b2c3d4e
Revises: e16a1c2d3e4f
Create Date: 2026-12-03 18:10:00

"""
from alembic import op
import sqlalchemy as sa

import portal.models.types


# revision identifiers, used by Alembic.
revision = 'a20a1b2c3d4e'
down_revision = 'e16a1c2d3e4f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'api_clients',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_key', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('scope_kind', sa.String(length=20), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('permissions', sa.JSON(), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.Column('token_version', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', portal.models.types.UTCDateTime(), nullable=False),
        sa.Column('updated_at', portal.models.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name='fk_api_clients_created_by_id_users'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name='fk_api_clients_organisation_id_organisations'),
        sa.PrimaryKeyConstraint('id', name='pk_api_clients'),
        sa.UniqueConstraint('client_key', name='uq_api_clients_client_key'),
    )
    op.create_index('ix_api_clients_organisation_id', 'api_clients', ['organisation_id'], unique=False)
    op.create_table(
        'api_client_regions',
        sa.Column('api_client_id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['api_client_id'], ['api_clients.id'], ondelete='CASCADE',
                                name='fk_api_client_regions_api_client_id_api_clients'),
        sa.ForeignKeyConstraint(['region_id'], ['regions.id'], ondelete='CASCADE',
                                name='fk_api_client_regions_region_id_regions'),
        sa.PrimaryKeyConstraint('api_client_id', 'region_id', name='pk_api_client_regions'),
    )
    op.create_table(
        'api_client_secrets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', portal.models.types.UTCDateTime(), nullable=False),
        sa.Column('expires_at', portal.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['client_id'], ['api_clients.id'], ondelete='CASCADE',
                                name='fk_api_client_secrets_client_id_api_clients'),
        sa.PrimaryKeyConstraint('id', name='pk_api_client_secrets'),
    )
    op.create_index('ix_api_client_secrets_client_id', 'api_client_secrets', ['client_id'], unique=False)
    # A plain ADD COLUMN, not batch mode: on SQLite batch mode rebuilds the table and would drop
    # the append-only triggers of the access log.
    op.add_column('audit_events', sa.Column('actor_client_id', sa.Integer(), nullable=True))


def downgrade():
    # Plain DROP COLUMN (SQLite >= 3.35 has it): the append-only triggers stay.
    op.drop_column('audit_events', 'actor_client_id')
    op.drop_index('ix_api_client_secrets_client_id', table_name='api_client_secrets')
    op.drop_table('api_client_secrets')
    op.drop_table('api_client_regions')
    op.drop_index('ix_api_clients_organisation_id', table_name='api_clients')
    op.drop_table('api_clients')
