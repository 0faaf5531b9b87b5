"""archiving

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:32:30.419059
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

