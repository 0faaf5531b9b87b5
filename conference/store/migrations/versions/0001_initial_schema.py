"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 12:20:43.545531
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_role', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=120), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('login')
    )
    op.create_table('conferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('phase', sa.String(length=30), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=True),
    sa.Column('situation', sa.Text(), nullable=False),
    sa.Column('referral_source', sa.String(length=20), nullable=True),
    sa.Column('referral_other', sa.String(length=300), nullable=False),
    sa.Column('referent_institution', sa.String(length=200), nullable=False),
    sa.Column('referent_name', sa.String(length=200), nullable=False),
    sa.Column('family_agreement', sa.Boolean(), nullable=False),
    sa.Column('information_duty_met', sa.Boolean(), nullable=False),
    sa.Column('coordinator_id', sa.Integer(), nullable=True),
    sa.Column('coordinator_institution', sa.String(length=200), nullable=False),
    sa.Column('prior_knowledge', sa.Boolean(), nullable=False),
    sa.Column('is_referent', sa.Boolean(), nullable=False),
    sa.Column('co_coordinator_name', sa.String(length=200), nullable=False),
    sa.Column('co_coordinator_institution', sa.String(length=200), nullable=False),
    sa.Column('concerns', sa.Text(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=True),
    sa.Column('meeting_place', sa.String(length=300), nullable=False),
    sa.Column('child_voice', sa.String(length=30), nullable=True),
    sa.Column('child_voice_note', sa.Text(), nullable=False),
    sa.Column('follow_up_chosen', sa.Boolean(), nullable=True),
    sa.Column('review_date', sa.Date(), nullable=True),
    sa.Column('resolution', sa.String(length=20), nullable=True),
    sa.Column('what_changed', sa.Text(), nullable=False),
    sa.Column('follow_up_completed_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=30), nullable=True),
    sa.Column('closure_reason', sa.String(length=30), nullable=True),
    sa.Column('closure_reason_text', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['coordinator_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conferences_coordinator_id'), ['coordinator_id'], unique=False)
        batch_op.create_index('ix_conferences_coordinator_phase', ['coordinator_id', 'phase'], unique=False)
        batch_op.create_index(batch_op.f('ix_conferences_phase'), ['phase'], unique=False)
        batch_op.create_index(batch_op.f('ix_conferences_updated_at'), ['updated_at'], unique=False)

    op.create_table('action_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('plan_number', sa.Integer(), nullable=False),
    sa.Column('action_key', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('action_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_reviews_conference_id'), ['conference_id'], unique=False)

    op.create_table('bottom_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('bottom_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bottom_lines_conference_id'), ['conference_id'], unique=False)

    op.create_table('form_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('checked_by', sa.String(length=200), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.Column('findings', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('form_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_checks_conference_id'), ['conference_id'], unique=False)

    op.create_table('info_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('info_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_info_items_conference_id'), ['conference_id'], unique=False)

    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('relation', sa.String(length=30), nullable=False),
    sa.Column('ring', sa.Integer(), nullable=True),
    sa.Column('invitation', sa.String(length=20), nullable=False),
    sa.Column('not_safe', sa.Boolean(), nullable=False),
    sa.Column('is_focal', sa.Boolean(), nullable=False),
    sa.Column('expert_question', sa.Text(), nullable=False),
    sa.Column('attendance', sa.String(length=20), nullable=True),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participants_conference_id'), ['conference_id'], unique=False)

    op.create_table('plan_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('if_not_working', sa.Text(), nullable=False),
    sa.Column('follow_arrangement', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('conference_id')
    )
    op.create_table('plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('adopted_at', sa.DateTime(), nullable=False),
    sa.Column('adopted_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_versions_conference_id'), ['conference_id'], unique=False)

    op.create_table('question_parts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('question_parts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_parts_conference_id'), ['conference_id'], unique=False)

    op.create_table('question_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('for_whom', sa.Text(), nullable=False),
    sa.Column('what_different', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_versions_conference_id'), ['conference_id'], unique=False)

    op.create_table('ratifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ratifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ratifications_conference_id'), ['conference_id'], unique=False)

    op.create_table('logistics_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['participants.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('logistics_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logistics_tasks_conference_id'), ['conference_id'], unique=False)

    op.create_table('plan_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('who_id', sa.Integer(), nullable=True),
    sa.Column('who_text', sa.String(length=200), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('when_text', sa.String(length=300), nullable=False),
    sa.Column('success_sign', sa.Text(), nullable=False),
    sa.Column('support_needed', sa.Text(), nullable=False),
    sa.Column('parts', sa.JSON(), nullable=False),
    sa.Column('bottom_lines', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['draft_id'], ['plan_drafts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['who_id'], ['participants.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_actions_draft_id'), ['draft_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_actions_draft_id'))

    op.drop_table('plan_actions')
    with op.batch_alter_table('logistics_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logistics_tasks_conference_id'))

    op.drop_table('logistics_tasks')
    with op.batch_alter_table('ratifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ratifications_conference_id'))

    op.drop_table('ratifications')
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_versions_conference_id'))

    op.drop_table('question_versions')
    with op.batch_alter_table('question_parts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_parts_conference_id'))

    op.drop_table('question_parts')
    with op.batch_alter_table('plan_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_versions_conference_id'))

    op.drop_table('plan_versions')
    op.drop_table('plan_drafts')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_conference_id'))

    op.drop_table('participants')
    with op.batch_alter_table('info_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_info_items_conference_id'))

    op.drop_table('info_items')
    with op.batch_alter_table('form_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_checks_conference_id'))

    op.drop_table('form_checks')
    with op.batch_alter_table('bottom_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bottom_lines_conference_id'))

    op.drop_table('bottom_lines')
    with op.batch_alter_table('action_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_reviews_conference_id'))

    op.drop_table('action_reviews')
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conferences_updated_at'))
        batch_op.drop_index(batch_op.f('ix_conferences_phase'))
        batch_op.drop_index('ix_conferences_coordinator_phase')
        batch_op.drop_index(batch_op.f('ix_conferences_coordinator_id'))

    op.drop_table('conferences')
    op.drop_table('users')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
