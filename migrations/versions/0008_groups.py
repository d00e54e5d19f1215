"""groups: a series of group sessions at a location, their participants by visitor code,
their sessions and who was present at each (issue 16)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 22:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('groups',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('guided_weeks', sa.Integer(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('jobclub', 'cosearching', 'job_search_group', 'orientation_group', 'workshop', 'info_session', 'other')", name=op.f('ck_groups_kind')),
    sa.CheckConstraint('capacity IS NULL OR capacity BETWEEN 1 AND 200', name=op.f('ck_groups_capacity')),
    sa.CheckConstraint('guided_weeks IS NULL OR guided_weeks BETWEEN 0 AND 104', name=op.f('ck_groups_guided_weeks')),
    sa.CheckConstraint('length(title) BETWEEN 1 AND 80', name=op.f('ck_groups_title')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_groups_created_by_id_users')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_groups_location_id_locations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groups'))
    )
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_groups_location_id'), ['location_id'], unique=False)

    op.create_table('group_members',
    sa.Column('group_id', sa.String(length=36), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('left_on IS NULL OR left_on >= joined_on', name=op.f('ck_group_members_left_after_joined')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_group_members_created_by_id_users')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_members_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visitor_id'], ['visitors.id'], name=op.f('fk_group_members_visitor_id_visitors')),
    sa.PrimaryKeyConstraint('group_id', 'visitor_id', name=op.f('pk_group_members'))
    )
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_members_visitor_id'), ['visitor_id'], unique=False)

    op.create_table('group_sessions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('group_id', sa.String(length=36), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.Column('guided', sa.Boolean(), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('extra_attendees', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('NOT cancelled OR extra_attendees = 0', name=op.f('ck_group_sessions_cancelled_empty')),
    sa.CheckConstraint('duration_minutes IS NULL OR duration_minutes BETWEEN 0 AND 600', name=op.f('ck_group_sessions_duration')),
    sa.CheckConstraint('extra_attendees BETWEEN 0 AND 500', name=op.f('ck_group_sessions_extra_attendees')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_group_sessions_created_by_id_users')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_sessions_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['help_types.id'], name=op.f('fk_group_sessions_topic_id_help_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_sessions'))
    )
    with op.batch_alter_table('group_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_sessions_group_id'), ['group_id'], unique=False)

    op.create_table('group_attendance',
    sa.Column('session_id', sa.String(length=36), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['group_sessions.id'], name=op.f('fk_group_attendance_session_id_group_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visitor_id'], ['visitors.id'], name=op.f('fk_group_attendance_visitor_id_visitors')),
    sa.PrimaryKeyConstraint('session_id', 'visitor_id', name=op.f('pk_group_attendance'))
    )
    with op.batch_alter_table('group_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_attendance_visitor_id'), ['visitor_id'], unique=False)



def downgrade():
    with op.batch_alter_table('group_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_attendance_visitor_id'))

    op.drop_table('group_attendance')
    with op.batch_alter_table('group_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_sessions_group_id'))

    op.drop_table('group_sessions')
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_members_visitor_id'))

    op.drop_table('group_members')
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_groups_location_id'))

    op.drop_table('groups')
