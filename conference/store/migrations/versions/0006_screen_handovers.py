"""screen hand-overs to the family, the coordinator's hand-back PIN

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('screen_handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('coordinator_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coordinator_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('screen_handovers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screen_handovers_conference_id'), ['conference_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screen_handovers_coordinator_id'), ['coordinator_id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('screen_pin_hash', sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('screen_pin_hash')
    with op.batch_alter_table('screen_handovers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screen_handovers_coordinator_id'))
        batch_op.drop_index(batch_op.f('ix_screen_handovers_conference_id'))
    op.drop_table('screen_handovers')
