"""partners: households (every existing conference gets its own), the partner directory and
its contacts, partner accounts tied to a structure, the partners and path referents of a
household, synthesis meetings (participants, agenda, round, decisions, shared items),
handover notes and the partners' reflection cycle

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

#: Created by this revision, parents first (dropped in reverse).
TABLES = (
    'structures', 'households', 'reflection_cycles', 'structure_contacts', 'handover_notes',
    'household_partners', 'path_referents', 'reflection_approvals', 'reflection_sessions',
    'synthesis_meetings', 'agenda_needs', 'decisions', 'meeting_contributions', 'meeting_participants',
    'reflection_quotes', 'shared_items', 'shared_item_structures',
)


def upgrade() -> None:
    op.create_table('structures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('di_source', sa.String(length=100), nullable=True),
    sa.Column('di_id', sa.String(length=200), nullable=True),
    sa.Column('reseaux_porteurs', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('missions', sa.Text(), nullable=False),
    sa.Column('public', sa.Text(), nullable=False),
    sa.Column('eligibility', sa.Text(), nullable=False),
    sa.Column('opening_hours', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('postal_code', sa.String(length=10), nullable=False),
    sa.Column('commune', sa.String(length=150), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('siret', sa.String(length=14), nullable=False),
    sa.Column('date_maj', sa.Date(), nullable=True),
    sa.Column('last_verified', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('di_source', 'di_id', name='uq_structures_di')
    )
    op.create_index(op.f('ix_structures_territory_id'), 'structures', ['territory_id'], )
    op.create_table('households',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_households_territory_id'), 'households', ['territory_id'], )
    op.create_table('reflection_cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('participants', sa.JSON(), nullable=False),
    sa.Column('draft_report', sa.Text(), nullable=False),
    sa.Column('final_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_reflection_cycles_territory_id'), 'reflection_cycles', ['territory_id'], )
    op.create_table('structure_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('structure_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('successor_id', sa.Integer(), nullable=True),
    sa.Column('left_at', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['structure_id'], ['structures.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['successor_id'], ['structure_contacts.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_structure_contacts_structure_id'), 'structure_contacts', ['structure_id'], )
    op.create_table('handover_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('from_user_id', sa.Integer(), nullable=True),
    sa.Column('from_contact_id', sa.Integer(), nullable=True),
    sa.Column('to_user_id', sa.Integer(), nullable=True),
    sa.Column('to_contact_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('situation', sa.Text(), nullable=False),
    sa.Column('already_told', sa.Text(), nullable=False),
    sa.Column('pending_steps', sa.Text(), nullable=False),
    sa.Column('may_share', sa.Text(), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['from_contact_id'], ['structure_contacts.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['from_user_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_contact_id'], ['structure_contacts.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['to_user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_handover_notes_household_id'), 'handover_notes', ['household_id'], )
    op.create_index(op.f('ix_handover_notes_to_user_id'), 'handover_notes', ['to_user_id'], )
    op.create_table('household_partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('structure_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['structure_id'], ['structures.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_household_partners_household_id'), 'household_partners', ['household_id'], )
    op.create_index(op.f('ix_household_partners_structure_id'), 'household_partners', ['structure_id'], )
    op.create_table('path_referents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('structure_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('reason_text', sa.Text(), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['structure_contacts.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['structure_id'], ['structures.id']),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_path_referents_household_id'), 'path_referents', ['household_id'], )
    op.create_table('reflection_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('participant_name', sa.String(length=200), nullable=False),
    sa.Column('report_hash', sa.String(length=64), nullable=False),
    sa.Column('approved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['reflection_cycles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_reflection_approvals_cycle_id'), 'reflection_approvals', ['cycle_id'], )
    op.create_table('reflection_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=30), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['reflection_cycles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('cycle_id', 'number', name='uq_reflection_session_number')
    )
    op.create_index(op.f('ix_reflection_sessions_cycle_id'), 'reflection_sessions', ['cycle_id'], )
    op.create_table('synthesis_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('person_presence', sa.String(length=20), nullable=True),
    sa.Column('presence_reason', sa.Text(), nullable=False),
    sa.Column('third_party', sa.String(length=200), nullable=False),
    sa.Column('shared_diagnosis', sa.Text(), nullable=False),
    sa.Column('gaps_duplicates', sa.Text(), nullable=False),
    sa.Column('next_date', sa.Date(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_synthesis_meetings_household_id'), 'synthesis_meetings', ['household_id'], )
    op.create_index(op.f('ix_synthesis_meetings_meeting_date'), 'synthesis_meetings', ['meeting_date'], )
    op.create_table('agenda_needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['synthesis_meetings.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_agenda_needs_meeting_id'), 'agenda_needs', ['meeting_id'], )
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('owner_structure_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('agreement', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_note', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['carried_from_id'], ['decisions.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['synthesis_meetings.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_structure_id'], ['structures.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_decisions_household_id'), 'decisions', ['household_id'], )
    op.create_index(op.f('ix_decisions_meeting_id'), 'decisions', ['meeting_id'], )
    op.create_index(op.f('ix_decisions_owner_structure_id'), 'decisions', ['owner_structure_id'], )
    op.create_index(op.f('ix_decisions_status'), 'decisions', ['status'], )
    op.create_table('meeting_contributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('structure_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['synthesis_meetings.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['structure_id'], ['structures.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_meeting_contributions_meeting_id'), 'meeting_contributions', ['meeting_id'], )
    op.create_table('meeting_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('structure_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_role', sa.String(length=200), nullable=False),
    sa.Column('attendance', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['structure_contacts.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['synthesis_meetings.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['structure_id'], ['structures.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_meeting_participants_meeting_id'), 'meeting_participants', ['meeting_id'], )
    op.create_table('reflection_quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['reflection_sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_reflection_quotes_session_id'), 'reflection_quotes', ['session_id'], )
    op.create_table('shared_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('brought_by_structure_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('person_informed', sa.Boolean(), nullable=False),
    sa.Column('person_objected', sa.Boolean(), nullable=False),
    sa.Column('person_may_see_written', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['brought_by_structure_id'], ['structures.id']),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['synthesis_meetings.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_shared_items_household_id'), 'shared_items', ['household_id'], )
    op.create_index(op.f('ix_shared_items_meeting_id'), 'shared_items', ['meeting_id'], )
    op.create_table('shared_item_structures',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('structure_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['shared_items.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['structure_id'], ['structures.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'structure_id')
    )

    bind = op.get_bind()
    # Added in place (no table rebuild: on SQLite a rebuild of ``conferences`` would cascade
    # into its children, and one of ``users`` would touch every table pointing at it).
    if bind.dialect.name == 'sqlite':  # ADD COLUMN … REFERENCES: no ALTER of constraints needed
        op.execute('ALTER TABLE conferences ADD COLUMN household_id INTEGER REFERENCES households (id)')
        op.execute('ALTER TABLE users ADD COLUMN structure_id INTEGER REFERENCES structures (id)')
    else:
        op.add_column('conferences', sa.Column('household_id', sa.Integer(), sa.ForeignKey('households.id'),
                                               nullable=True))
        op.add_column('users', sa.Column('structure_id', sa.Integer(), sa.ForeignKey('structures.id'),
                                         nullable=True))
    op.create_index(op.f('ix_conferences_household_id'), 'conferences', ['household_id'])
    op.create_index(op.f('ix_users_structure_id'), 'users', ['structure_id'])
    # Every existing conference gets its own household, named like the conference, in the
    # same territory, created by its coordinator. Set-based (one INSERT … SELECT, one UPDATE):
    # the household takes the conference's id, so the link is that id.
    bind.execute(sa.text(
        'INSERT INTO households (id, territory_id, label, created_by, created_at, updated_at, version)'
        ' SELECT id, territory_id, title, coordinator_id, created_at, created_at, 1 FROM conferences'))
    bind.execute(sa.text('UPDATE conferences SET household_id = id'))
    if bind.dialect.name == 'postgresql':  # the next household id comes after the copied ones
        bind.execute(sa.text("SELECT setval(pg_get_serial_sequence('households', 'id'),"
                             " COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM households"))


def downgrade() -> None:
    op.drop_index(op.f('ix_users_structure_id'), table_name='users')
    op.drop_index(op.f('ix_conferences_household_id'), table_name='conferences')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('structure_id')
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_column('household_id')
    for table in reversed(TABLES):
        op.drop_table(table)
