"""territories: a département's territories, the ones given to an account, and every
conference in one (existing conferences go to a default territory)

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

DEFAULT_CODE = 'principal'
DEFAULT_NAME = 'Territoire principal'


def upgrade() -> None:
    territories = op.create_table(
        'territories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code'),
    )
    op.create_table(
        'user_territories',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('territory_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'territory_id'),
    )
    bind = op.get_bind()
    has_conferences = bind.execute(sa.text('SELECT COUNT(*) FROM conferences')).scalar()
    default_id = None
    if has_conferences:
        # The existing conferences need a territory: one default territory holds them all.
        from conference import clock
        op.bulk_insert(territories, [{'code': DEFAULT_CODE, 'name': DEFAULT_NAME, 'created_at': clock.utcnow()}])
        default_id = bind.execute(sa.text('SELECT id FROM territories WHERE code = :c'), {'c': DEFAULT_CODE}).scalar()
    # Added in place (no table rebuild: on SQLite a rebuild of ``conferences`` would cascade
    # into its children). Nullable in the schema; services always set it.
    if bind.dialect.name == 'sqlite':  # ADD COLUMN … REFERENCES: no ALTER of constraints needed
        op.execute('ALTER TABLE conferences ADD COLUMN territory_id INTEGER REFERENCES territories (id)')
    else:
        op.add_column('conferences', sa.Column('territory_id', sa.Integer(), sa.ForeignKey('territories.id'),
                                               nullable=True))
    if default_id is not None:
        bind.execute(sa.text('UPDATE conferences SET territory_id = :t'), {'t': default_id})
    op.create_index(op.f('ix_conferences_territory_id'), 'conferences', ['territory_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_conferences_territory_id'), table_name='conferences')
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_column('territory_id')
    op.drop_table('user_territories')
    op.drop_table('territories')
