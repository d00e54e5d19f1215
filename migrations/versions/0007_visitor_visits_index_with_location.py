"""the visits index by visitor and arrival also holds the location (covers the report's
visits until the first outcome)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 23:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_visitor_arrived')
        batch_op.create_index('ix_visits_visitor_arrived',
                              ['visitor_id', 'arrived_at', 'location_id'], unique=False)


def downgrade():
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_visitor_arrived')
        batch_op.create_index('ix_visits_visitor_arrived', ['visitor_id', 'arrived_at'],
                              unique=False)
