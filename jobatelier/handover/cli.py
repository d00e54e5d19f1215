"""`jobatelier export`, `import` and `handover`: thin, calling the handover services. They
speak English, the operators' language, whatever the instance's default language."""

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from ..progress import bars
from .export import package_chunks, record_export, selected_locations
from .importer import ConflictError, import_package
from .package import PackageError
from .services import hand_over


def _export(out, codes, with_notes, kind, organisation=None):
    try:
        locations = selected_locations(list(codes))
    except LookupError as error:
        raise click.ClickException(f"unknown location: {', '.join(error.args[0])}") from None
    record_export(None, locations, kind=kind, with_notes=with_notes)
    if kind == "xlsx":
        from .workbook import write_workbook  # loads openpyxl, which the app's start need not

        write_workbook(out, locations, with_notes)
    else:
        with open(out, "wb") as handle, bars() as progress:
            for chunk in package_chunks(locations, with_notes, organisation, progress):
                handle.write(chunk)
    return locations


@click.command("export")
@click.option("--out", required=True, type=click.Path(dir_okay=False))
@click.option("--location", "codes", multiple=True, help="A location code; repeatable.")
@click.option("--with-notes", is_flag=True, help="Include the visits' work notes.")
@click.option("--format", "kind", type=click.Choice(["zip", "xlsx"]), default="zip",
              show_default=True)
@with_appcontext
def export_command(out, codes, with_notes, kind):
    """Write the handover package (or an Excel workbook) of the locations (default: all)."""
    locations = _export(out, codes, with_notes, kind)
    click.echo(f"Wrote {out} ({', '.join(loc.code for loc in locations)}).")


@click.command("import")
@click.argument("package", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and compare only; write nothing.")
@click.option("--overwrite", is_flag=True, help="Replace rows that differ here.")
@with_appcontext
def import_command(package, dry_run, overwrite):
    """Import a handover package: all of it or nothing."""
    with force_locale("en"):
        click.echo(_imported(package, dry_run, overwrite))


def _imported(package, dry_run, overwrite) -> str:
    try:
        with bars() as progress:
            result = import_package(
                package, dry_run=dry_run, overwrite=overwrite, progress=progress,
                max_file_bytes=current_app.config["HANDOVER_MAX_FILE_BYTES"])
    except PackageError as error:
        raise click.ClickException("package refused:\n" + "\n".join(
            f"  {problem}" for problem in error.problems)) from None
    except ConflictError as error:
        raise click.ClickException("conflicts, nothing written (use --overwrite to replace):\n"
                                   + "\n".join(f"  {c}" for c in error.result.conflicts)) from None
    lines = [f"{name}: {table.added} added, {table.skipped} skipped, "
             f"{table.overwritten} overwritten" for name, table in result.tables.items()]
    lines += [f"note: {difference}" for difference in result.differences]
    lines.append("Dry run: nothing written." if dry_run else "Imported.")
    return "\n".join(lines)


@click.command("handover")
@click.argument("code")
@click.option("--to", "recipient", required=True, help="The organisation taking it over.")
@click.option("--out", required=True, type=click.Path(dir_okay=False))
@click.option("--with-notes", is_flag=True)
@with_appcontext
def handover_command(code, recipient, out, with_notes):
    """Export one location's full history and mark it as handed over (read-only here)."""
    (location,) = _export(out, [code], with_notes, "zip", organisation=recipient)
    hand_over(location, recipient, date.today(), None)
    click.echo(f"Wrote {out}; {code} is handed over to {recipient} and read-only here.")


commands = (export_command, import_command, handover_command)
