"""the walk-in queue: tickets numbered per day and desk, with the help they came for
(issue 17); a closed ticket holds no visitor, a check constraint says so

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 00:12:09.372423

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('queue_tickets',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.Column('called_at', sa.DateTime(), nullable=True),
    sa.Column('called_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=True),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.CheckConstraint("status <> 'called' OR called_at IS NOT NULL", name=op.f('ck_queue_tickets_called_when')),
    sa.CheckConstraint("status IN ('waiting', 'called', 'served', 'left', 'closed')", name=op.f('ck_queue_tickets_status')),
    sa.CheckConstraint("visit_id IS NULL OR status = 'served'", name=op.f('ck_queue_tickets_visit_when_served')),
    sa.CheckConstraint("visitor_id IS NULL OR status IN ('waiting', 'called')", name=op.f('ck_queue_tickets_no_visitor_when_closed')),
    sa.CheckConstraint('called_at IS NULL OR called_at >= joined_at', name=op.f('ck_queue_tickets_called_after')),
    sa.CheckConstraint('number >= 1', name=op.f('ck_queue_tickets_number')),
    sa.ForeignKeyConstraint(['called_by_id'], ['users.id'], name=op.f('fk_queue_tickets_called_by_id_users')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_queue_tickets_location_id_locations')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_queue_tickets_visit_id_visits'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visitor_id'], ['visitors.id'], name=op.f('fk_queue_tickets_visitor_id_visitors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_tickets')),
    sa.UniqueConstraint('location_id', 'day', 'number', name=op.f('uq_queue_tickets_location_id'))
    )
    with op.batch_alter_table('queue_tickets', schema=None) as batch_op:
        batch_op.create_index('ix_queue_tickets_status_day', ['status', 'day'], unique=False)
        # A visit deleted sets its ticket's link to NULL; a code joining is checked against
        # the tickets on the list: both find their tickets through an index.
        batch_op.create_index(batch_op.f('ix_queue_tickets_visit_id'), ['visit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_queue_tickets_visitor_id'), ['visitor_id'], unique=False)

    op.create_table('queue_ticket_help_types',
    sa.Column('ticket_id', sa.String(length=36), nullable=False),
    sa.Column('help_type_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['help_type_id'], ['help_types.id'], name=op.f('fk_queue_ticket_help_types_help_type_id_help_types')),
    sa.ForeignKeyConstraint(['ticket_id'], ['queue_tickets.id'], name=op.f('fk_queue_ticket_help_types_ticket_id_queue_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ticket_id', 'help_type_id', name=op.f('pk_queue_ticket_help_types'))
    )
    with op.batch_alter_table('queue_ticket_help_types', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_queue_ticket_help_types_help_type_id'), ['help_type_id'], unique=False)



def downgrade():
    with op.batch_alter_table('queue_ticket_help_types', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queue_ticket_help_types_help_type_id'))

    op.drop_table('queue_ticket_help_types')
    with op.batch_alter_table('queue_tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queue_tickets_visitor_id'))
        batch_op.drop_index(batch_op.f('ix_queue_tickets_visit_id'))
        batch_op.drop_index('ix_queue_tickets_status_day')

    op.drop_table('queue_tickets')
