"""evaluation indexes: composite indexes for the pilot dashboard's reads at a département's
scale (decision 0026): the latest evaluation consent of a conference, its latest plan
number, the reviews of that plan, and the answers by conference, role and score (covering:
counting them never reads the answer rows)

Revision ID: 0011
Revises: 0010
"""
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_consents_conference_kind_withdrawn', 'consents', ['conference_id', 'kind', 'withdrawn_at', 'id']),
    ('ix_plan_versions_conference_number', 'plan_versions', ['conference_id', 'number']),
    ('ix_action_reviews_conference_plan_status', 'action_reviews', ['conference_id', 'plan_number', 'status']),
    ('ix_questionnaire_responses_conference_role_score', 'questionnaire_responses',
     ['conference_id', 'role', 'score']),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
