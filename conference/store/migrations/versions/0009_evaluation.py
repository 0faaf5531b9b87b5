"""evaluation: questionnaire definitions and anonymous answers, synthesis sheets, themes
and their tags, indicators a territory defines itself

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'questionnaire_definitions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('questionnaire', sa.String(length=60), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('territory_id', sa.Integer(), nullable=True),
        sa.Column('definition', sa.JSON(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('questionnaire', 'version', name='uq_questionnaire_version'),
    )
    op.create_index(op.f('ix_questionnaire_definitions_territory_id'), 'questionnaire_definitions', ['territory_id'])
    op.create_table(
        'questionnaire_responses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conference_id', sa.Integer(), nullable=False),
        sa.Column('definition_id', sa.Integer(), nullable=False),
        sa.Column('questionnaire', sa.String(length=60), nullable=False),
        sa.Column('questionnaire_version', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('score', sa.Integer(), nullable=True),
        sa.Column('items', sa.JSON(), nullable=False),
        sa.Column('quote_consent', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['definition_id'], ['questionnaire_definitions.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    for column in ('conference_id', 'definition_id', 'role'):
        op.create_index(op.f(f'ix_questionnaire_responses_{column}'), 'questionnaire_responses', [column])
    op.create_table(
        'questionnaire_texts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('question', sa.String(length=60), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['response_id'], ['questionnaire_responses.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_questionnaire_texts_response_id'), 'questionnaire_texts', ['response_id'])
    op.create_table(
        'synthesis_sheets',
        sa.Column('conference_id', sa.Integer(), nullable=False),
        sa.Column('hours_coordinator', sa.Float(), nullable=True),
        sa.Column('hours_referent', sa.Float(), nullable=True),
        sa.Column('participants', sa.JSON(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('conference_id'),
    )
    op.create_table(
        'themes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('territory_id', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('definition', sa.Text(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('territory_id', 'label', name='uq_theme_label'),
    )
    op.create_index(op.f('ix_themes_territory_id'), 'themes', ['territory_id'])
    op.create_table(
        'theme_tags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.Column('text_id', sa.Integer(), nullable=False),
        sa.Column('start', sa.Integer(), nullable=True),
        sa.Column('end', sa.Integer(), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['text_id'], ['questionnaire_texts.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_theme_tags_text_id'), 'theme_tags', ['text_id'])
    op.create_index(op.f('ix_theme_tags_theme_id'), 'theme_tags', ['theme_id'])
    op.create_table(
        'territory_indicators',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('territory_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('definition', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('territory_id', 'name', name='uq_indicator_name'),
    )
    op.create_index(op.f('ix_territory_indicators_territory_id'), 'territory_indicators', ['territory_id'])
    op.create_table(
        'indicator_values',
        sa.Column('indicator_id', sa.Integer(), nullable=False),
        sa.Column('conference_id', sa.Integer(), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['indicator_id'], ['territory_indicators.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('indicator_id', 'conference_id'),
    )


def downgrade() -> None:
    for table in ('indicator_values', 'territory_indicators', 'theme_tags', 'themes', 'synthesis_sheets',
                  'questionnaire_texts', 'questionnaire_responses', 'questionnaire_definitions'):
        op.drop_table(table)
