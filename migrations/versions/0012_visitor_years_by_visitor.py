"""the visitor years by year and visitor (the reports overview's distinct visitors of a year)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 04:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('visitor_years', schema=None) as batch_op:
        batch_op.create_index('ix_visitor_years_visitor', ['year', 'visitor_id', 'location_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('visitor_years', schema=None) as batch_op:
        batch_op.drop_index('ix_visitor_years_visitor')
