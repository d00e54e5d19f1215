"""the reference version: a number triggers move with every change to the locations, the
help types and the users' locations, so that each worker knows when what it keeps of them
is out of date (issue 18)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 04:00:00

"""
from alembic import op
import sqlalchemy as sa

# The triggers as they stand in this revision, spelled out here rather than imported from the
# models: a later change to jobatelier/models/reference.py must not change what this did.
WATCHED = ("locations", "help_types", "user_locations")
CHANGES = ("insert", "update", "delete")


def trigger_statements(dialect):
    statements = ["INSERT INTO reference_version (id, version) VALUES (1, 0)"]
    if dialect == "postgresql":
        statements.append(
            "CREATE OR REPLACE FUNCTION reference_changed() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN UPDATE reference_version SET version = version + 1; RETURN NULL; "
            "END $$")
        statements += [f"CREATE TRIGGER reference_changed AFTER INSERT OR UPDATE OR DELETE OR "
                       f"TRUNCATE ON {table} FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION reference_changed()" for table in WATCHED]
    else:
        statements += [f"CREATE TRIGGER reference_changed_{table}_{change} AFTER "
                       f"{change.upper()} ON {table} BEGIN UPDATE reference_version "
                       f"SET version = version + 1; END"
                       for table in WATCHED for change in CHANGES]
    return statements


def drop_statements(dialect):
    if dialect == "postgresql":
        return [*(f"DROP TRIGGER IF EXISTS reference_changed ON {table}" for table in WATCHED),
                "DROP FUNCTION IF EXISTS reference_changed()"]
    return [f"DROP TRIGGER IF EXISTS reference_changed_{table}_{change}"
            for table in WATCHED for change in CHANGES]


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
