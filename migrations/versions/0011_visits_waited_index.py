"""an index of the visits through the queue only, for the yearly report's waiting minutes

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 04:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index('ix_visits_waited',
                              ['location_id', 'arrived_at', 'waited_minutes'], unique=False,
                              sqlite_where=sa.text('waited_minutes IS NOT NULL'),
                              postgresql_where=sa.text('waited_minutes IS NOT NULL'))


def downgrade():
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_waited',
                            sqlite_where=sa.text('waited_minutes IS NOT NULL'),
                            postgresql_where=sa.text('waited_minutes IS NOT NULL'))
