"""network map: ties, supports, positions, snapshots

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:28:35.600402
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('network_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=30), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('network_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_snapshots_conference_id'), ['conference_id'], unique=False)

    op.create_table('ties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['participants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['participants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ties_conference_id'), ['conference_id'], unique=False)

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supports', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('phone_visible', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('email_visible', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('pos_x', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('pos_y', sa.Float(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('pos_y')
        batch_op.drop_column('pos_x')
        batch_op.drop_column('email_visible')
        batch_op.drop_column('phone_visible')
        batch_op.drop_column('supports')

    with op.batch_alter_table('ties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ties_conference_id'))

    op.drop_table('ties')
    with op.batch_alter_table('network_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_snapshots_conference_id'))

    op.drop_table('network_snapshots')
