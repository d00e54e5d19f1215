"""help tallies: visits per year, location and help type, for the yearly report

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 20:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    tallies = op.create_table(
        'help_tallies',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('location_id', sa.Integer(), nullable=False),
        sa.Column('help_type_id', sa.Integer(), nullable=False),
        sa.Column('visits', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['help_type_id'], ['help_types.id'],
                                name=op.f('fk_help_tallies_help_type_id_help_types')),
        sa.ForeignKeyConstraint(['location_id'], ['locations.id'],
                                name=op.f('fk_help_tallies_location_id_locations')),
        sa.PrimaryKeyConstraint('year', 'location_id', 'help_type_id',
                                name=op.f('pk_help_tallies')),
    )
    # The tallies of the visits already there (from then on the app keeps them current).
    visits = sa.table('visits', sa.column('id'), sa.column('location_id'),
                      sa.column('arrived_at', sa.DateTime()))
    links = sa.table('visit_help_types', sa.column('visit_id'), sa.column('help_type_id'))
    year = sa.cast(sa.extract('year', visits.c.arrived_at), sa.Integer)
    op.execute(tallies.insert().from_select(
        ['year', 'location_id', 'help_type_id', 'visits'],
        sa.select(year, visits.c.location_id, links.c.help_type_id, sa.func.count())
        .join(links, links.c.visit_id == visits.c.id)
        .group_by(year, visits.c.location_id, links.c.help_type_id)))


def downgrade():
    op.drop_table('help_tallies')
