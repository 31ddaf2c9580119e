"""OpenID Connect provider: client applications, codes, tokens, consents, signing keys

Revision ID: 0007o_oidc
Revises: 0007l_labs
Create Date: 2026-12-02 12:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007o_oidc'
down_revision: str | None = '0007l_labs'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('oidcclient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('secret_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('redirect_uris', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('scopes', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('oidcclient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidcclient_client_id'), ['client_id'], unique=True)

    op.create_table('oidcsigningkey',
    sa.Column('kid', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('alg', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('private_jwk_enc', sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
    sa.Column('public_jwk', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('retired_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('kid')
    )
    with op.batch_alter_table('oidcsigningkey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidcsigningkey_created_at'), ['created_at'], unique=False)

    op.create_table('oidcauthorizationcode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('client_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('redirect_uri', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('nonce', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('code_challenge', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('code_challenge_method', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('family_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('auth_time', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['oidcclient.client_id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('oidcauthorizationcode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidcauthorizationcode_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidcauthorizationcode_code_hash'), ['code_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_oidcauthorizationcode_user_id'), ['user_id'], unique=False)

    op.create_table('oidcconsent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('granted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['oidcclient.client_id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'client_id', name='uq_oidcconsent_user_client')
    )
    with op.batch_alter_table('oidcconsent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidcconsent_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidcconsent_user_id'), ['user_id'], unique=False)

    op.create_table('oidctoken',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('access_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('refresh_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('family_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('issued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('access_expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('refresh_expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('rotated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['oidcclient.client_id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('oidctoken', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidctoken_access_hash'), ['access_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_oidctoken_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidctoken_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidctoken_refresh_hash'), ['refresh_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_oidctoken_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('oidctoken', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidctoken_user_id'))
        batch_op.drop_index(batch_op.f('ix_oidctoken_refresh_hash'))
        batch_op.drop_index(batch_op.f('ix_oidctoken_family_id'))
        batch_op.drop_index(batch_op.f('ix_oidctoken_client_id'))
        batch_op.drop_index(batch_op.f('ix_oidctoken_access_hash'))

    op.drop_table('oidctoken')
    with op.batch_alter_table('oidcconsent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidcconsent_user_id'))
        batch_op.drop_index(batch_op.f('ix_oidcconsent_client_id'))

    op.drop_table('oidcconsent')
    with op.batch_alter_table('oidcauthorizationcode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidcauthorizationcode_user_id'))
        batch_op.drop_index(batch_op.f('ix_oidcauthorizationcode_code_hash'))
        batch_op.drop_index(batch_op.f('ix_oidcauthorizationcode_client_id'))

    op.drop_table('oidcauthorizationcode')
    with op.batch_alter_table('oidcsigningkey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidcsigningkey_created_at'))

    op.drop_table('oidcsigningkey')
    with op.batch_alter_table('oidcclient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidcclient_client_id'))

    op.drop_table('oidcclient')
