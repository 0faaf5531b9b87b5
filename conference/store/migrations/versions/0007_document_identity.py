"""documents: identity block (referent's service and phone, reason, plan watcher,
fallback contact, copies, professional commitments, coordinator's contact), holders of
parental authority, the plan as the referent read it and its version number

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TEXTS = ('conference_reason', 'fallback_contact', 'copy_recipients', 'professional_commitments')


def upgrade() -> None:
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('referent_service', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('referent_phone', sa.String(length=60), nullable=False, server_default=''))
        for name in TEXTS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('plan_watcher_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('coordinator_contact', sa.String(length=300), nullable=False, server_default=''))
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parental_authority', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('ratifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('plan_number', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ratifications', schema=None) as batch_op:
        batch_op.drop_column('plan_number')
        batch_op.drop_column('content')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('parental_authority')
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        for name in ('coordinator_contact', 'plan_watcher_id') + TEXTS[::-1] + ('referent_phone', 'referent_service'):
            batch_op.drop_column(name)
