"""The `jobatelier` command (the same as `flask --app jobatelier`): thin, calling services."""

import sys
from datetime import date

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from . import create_app
from .backup import BackupError, backup_sqlite
from .bootstrap import initialise
from .errors import RuleError
from .extensions import db
from .handover.cli import commands as handover_commands
from .models import LOCATION_KINDS, ROLES
from .progress import bars
from .translate import translate_command
from .visitors.retention import purge


def _fail(error: RuleError):
    field = f"{error.field}: " if error.field else ""
    raise click.ClickException(f"{field}{error.message}")


def _report_initialised(result) -> None:
    if result.help_types_added:
        click.echo(f"Added {result.help_types_added} default help types.")
    if result.location_created:
        click.echo(f"Added the location '{result.location_created.code}'.")
    if result.admin_password:
        click.echo("")
        click.echo("An administrator account was created. Write the password down now:")
        click.echo(f"    username: {result.admin_username}")
        click.echo(f"    password: {result.admin_password}")
        click.echo("It is shown only this once.")
        click.echo("")


@click.command("init")
@with_appcontext
def init_command():
    """Migrate to the latest schema and add the defaults (safe to run twice)."""
    _report_initialised(initialise())
    click.echo("The database is ready.")


@click.command("add-location")
@click.argument("code")
@click.argument("name")
@click.option("--municipality", required=True)
@click.option("--kind", type=click.Choice(LOCATION_KINDS), default="jobatelier")
@click.option("--organisation")
@click.option("--prefix", "visitor_prefix", help="Visitor code prefix (2-4 characters).")
@with_appcontext
def add_location_command(code, name, municipality, kind, organisation, visitor_prefix):
    """Add a location (a desk)."""
    from .admin.services import create_location

    try:
        location = create_location(code, name, municipality, kind=kind,
                                   organisation=organisation, visitor_prefix=visitor_prefix)
    except RuleError as error:
        _fail(error)
    click.echo(f"Added {location.code} (visitor codes start with {location.visitor_prefix}-).")


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--location", "locations", multiple=True, help="A location code; repeatable.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user_command(username, role, locations, password_stdin):
    """Create a personal account; without --password-stdin a password is generated."""
    from .auth.services import create_user, generate_password

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else generate_password()
    try:
        create_user(username, role, password, list(locations))
    except RuleError as error:
        _fail(error)
    click.echo(f"Created {role} '{username}'.")
    if not password_stdin:
        click.echo(f"Password (shown once): {password}")


@click.command("demo")
@click.option("--seed", default=2022, show_default=True)
@with_appcontext
def demo_command(seed):
    """Fill the database with realistic demo data for several locations and years."""
    from .demo import load_demo

    initialise()
    with bars() as progress:
        summary = load_demo(seed=seed, today=date.today(), progress=progress)
    click.echo(summary)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=2, show_default=True)
@with_appcontext
def serve_command(host, port, workers):
    """Run the app with gunicorn; the first start prepares the database."""
    from gunicorn.app.base import BaseApplication

    _report_initialised(initialise())
    app = current_app._get_current_object()
    db.engine.dispose()  # the workers open their own connections after the fork

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("timeout", 60)
            self.cfg.set("accesslog", "-")

        def load(self):
            return app

    click.echo(f"Jobatelier desk runs at http://{host}:{port}  (Ctrl+C stops it)", err=False)
    sys.stdout.flush()
    Server().run()


@click.command("backup")
@click.option("--out", required=True, type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(out):
    """Copy the SQLite database consistently while the app runs, and check the copy."""
    try:
        visits = backup_sqlite(out)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {out}: integrity ok, {visits} visits.")


@click.command("count-tallies")
@with_appcontext
def count_tallies_command():
    """Count the reports' tallies again from the visits (after visits were changed in the
    database by hand: the app keeps them current itself)."""
    from .reports.tallies import count_again

    with bars() as progress:
        count_again(db.session, progress)
    db.session.commit()
    click.echo("The report tallies are counted again from the visits.")


@click.command("purge")
@click.option("--before", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Remove visitor codes and notes older than this date (YYYY-MM-DD).")
@click.option("--dry-run", is_flag=True, help="Say what would go; change nothing.")
@with_appcontext
def purge_command(before, dry_run):
    """Freeze the yearly figures, then remove old visitor codes and notes (retention)."""
    try:
        with bars() as progress:
            plan = purge(before.date(), date.today(), dry_run=dry_run, progress=progress)
    except RuleError as error:
        _fail(error)
    years = f"{plan.years[0]}-{plan.years[-1]}" if plan.years else "none"
    click.echo(f"{'Would remove' if dry_run else 'Removed'} {plan.visitors} visitor codes and "
               f"{plan.notes} notes before {plan.before}; yearly figures frozen: {years}.")


@click.command("close-queues")
@with_appcontext
def close_queues_command():
    """Close the queues of earlier days: who is still on a list is closed as not helped."""
    from .queue.services import close_earlier_days
    from .timeutil import local_today

    closed = close_earlier_days(local_today())
    click.echo(f"Closed {closed} tickets of earlier days.")


commands = (init_command, add_location_command, create_user_command, demo_command, serve_command,
            backup_command, purge_command, count_tallies_command, translate_command,
            close_queues_command, *handover_commands)


def main():
    """Entry point of the `jobatelier` console script."""
    FlaskGroup(create_app=create_app, help="Jobatelier desk")(prog_name="jobatelier")
