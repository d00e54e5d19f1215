"""the reference version: a number triggers move with every change to the locations, the
help types and the users' locations, so that each worker knows when what it keeps of them
is out of date (issue 18)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 04:00:00

"""
from alembic import op
import sqlalchemy as sa

from jobatelier.models.reference import drop_statements, trigger_statements


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reference_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_version'))
    )
    for statement in trigger_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade():
    for statement in drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table('reference_version')
