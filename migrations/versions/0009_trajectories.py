"""trajectories and their meetings, the coach role, a visit's minutes in the queue, and the
location a coordinator worked at last (issues 16, 17, 21)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 00:02:29.392611

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('trajectories',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=False),
    sa.Column('coach_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('planned_months', sa.Integer(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=24), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("end_reason IS NULL OR end_reason IN ('completed', 'participant_stopped', 'coach_stopped', 'mismatch', 'moved', 'other')", name=op.f('ck_trajectories_end_reason')),
    sa.CheckConstraint("kind IN ('mentoring', 'jobcoaching', 'other')", name=op.f('ck_trajectories_kind')),
    sa.CheckConstraint('(ended_on IS NULL) = (end_reason IS NULL)', name=op.f('ck_trajectories_ended_with_reason')),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= starts_on', name=op.f('ck_trajectories_ended_after_start')),
    sa.CheckConstraint('planned_months BETWEEN 1 AND 36', name=op.f('ck_trajectories_planned_months')),
    sa.ForeignKeyConstraint(['coach_id'], ['users.id'], name=op.f('fk_trajectories_coach_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trajectories_created_by_id_users')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_trajectories_location_id_locations')),
    sa.ForeignKeyConstraint(['visitor_id'], ['visitors.id'], name=op.f('fk_trajectories_visitor_id_visitors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trajectories'))
    )
    with op.batch_alter_table('trajectories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trajectories_coach_id'), ['coach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trajectories_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trajectories_visitor_id'), ['visitor_id'], unique=False)

    op.create_table('trajectory_meetings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('trajectory_id', sa.String(length=36), nullable=False),
    sa.Column('met_on', sa.Date(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("place IN ('desk', 'workplace', 'remote', 'elsewhere')", name=op.f('ck_trajectory_meetings_place')),
    sa.CheckConstraint('duration_minutes IS NULL OR duration_minutes BETWEEN 0 AND 600', name=op.f('ck_trajectory_meetings_duration')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trajectory_meetings_created_by_id_users')),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_trajectory_meetings_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trajectory_meetings'))
    )
    with op.batch_alter_table('trajectory_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trajectory_meetings_trajectory_id'), ['trajectory_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_location_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_last_location_id_locations'), 'locations', ['last_location_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint('role', "role IN ('volunteer', 'coordinator', 'admin', 'coach')")

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waited_minutes', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('waited', 'waited_minutes IS NULL OR waited_minutes BETWEEN 0 AND 600')



def downgrade():
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_visits_waited'), type_='check')
        batch_op.drop_column('waited_minutes')

    # The role coach goes: its accounts stay, disabled, as volunteers (their trajectories go
    # with the tables below), rather than a downgrade refused by the role's check.
    op.execute("UPDATE users SET role = 'volunteer', active = false WHERE role = 'coach'")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint('role', "role IN ('volunteer', 'coordinator', 'admin')")
        batch_op.drop_constraint(batch_op.f('fk_users_last_location_id_locations'), type_='foreignkey')
        batch_op.drop_column('last_location_id')

    with op.batch_alter_table('trajectory_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trajectory_meetings_trajectory_id'))

    op.drop_table('trajectory_meetings')
    with op.batch_alter_table('trajectories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trajectories_visitor_id'))
        batch_op.drop_index(batch_op.f('ix_trajectories_location_id'))
        batch_op.drop_index(batch_op.f('ix_trajectories_coach_id'))

    op.drop_table('trajectories')
