"""the visits index by location and arrival also holds visitor and id (covers the report)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 13:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_location_arrived')
        batch_op.create_index('ix_visits_location_arrived',
                              ['location_id', 'arrived_at', 'visitor_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_location_arrived')
        batch_op.create_index('ix_visits_location_arrived', ['location_id', 'arrived_at'],
                              unique=False)
