"""visitor years: visits per year, location and visitor, for the reports

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    visitor_years = op.create_table(
        'visitor_years',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('location_id', sa.Integer(), nullable=False),
        sa.Column('visitor_id', sa.Integer(), nullable=False),
        sa.Column('visits', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['location_id'], ['locations.id'],
                                name=op.f('fk_visitor_years_location_id_locations')),
        sa.ForeignKeyConstraint(['visitor_id'], ['visitors.id'],
                                name=op.f('fk_visitor_years_visitor_id_visitors')),
        sa.PrimaryKeyConstraint('year', 'location_id', 'visitor_id',
                                name=op.f('pk_visitor_years')),
    )
    # The visitor years of the visits already there (from then on the app keeps them).
    visits = sa.table('visits', sa.column('location_id'), sa.column('visitor_id'),
                      sa.column('arrived_at', sa.DateTime()))
    year = sa.cast(sa.extract('year', visits.c.arrived_at), sa.Integer)
    op.execute(visitor_years.insert().from_select(
        ['year', 'location_id', 'visitor_id', 'visits'],
        sa.select(year, visits.c.location_id, visits.c.visitor_id, sa.func.count())
        .where(visits.c.visitor_id.is_not(None))
        .group_by(year, visits.c.location_id, visits.c.visitor_id)))


def downgrade():
    op.drop_table('visitor_years')
