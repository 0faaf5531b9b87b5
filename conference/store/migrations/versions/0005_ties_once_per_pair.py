"""ties: stored smallest id first, once per pair

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Normalise what earlier versions may have stored, then forbid it.
    op.execute("UPDATE ties SET source_id = target_id, target_id = source_id WHERE source_id > target_id")
    op.execute("DELETE FROM ties WHERE source_id = target_id")
    op.execute("DELETE FROM ties WHERE id NOT IN (SELECT MIN(id) FROM ties GROUP BY source_id, target_id)")
    with op.batch_alter_table('ties', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_ties_pair', ['source_id', 'target_id'])
        batch_op.create_check_constraint('ck_ties_ordered', 'source_id < target_id')


def downgrade() -> None:
    with op.batch_alter_table('ties', schema=None) as batch_op:
        batch_op.drop_constraint('ck_ties_ordered', type_='check')
        batch_op.drop_constraint('uq_ties_pair', type_='unique')
