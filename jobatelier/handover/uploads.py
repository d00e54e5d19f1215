"""The import page's two steps: an uploaded package is checked (a dry run) and kept under a
token; the admin's confirmation imports the kept package."""

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..models import User
from .importer import ConflictError, ImportResult, import_package
from .package import PackageError, Problem

# i18n: the tables of a handover package, as the import's preview names them.
TABLE_LABELS = {
    "locations": _l("Locations"),
    "help_types": _l("Help types"),
    "visitors": _l("Visitors"),
    "visits": _l("Visits"),
    "visit_help_types": _l("Help given per visit"),
    "outcomes": _l("Outcomes"),
}


@dataclass
class Checked:
    """What the import page shows: the counts, or why the package was refused; `token` names
    the kept package while it may still be imported."""

    result: ImportResult | None = None
    problems: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    token: str | None = None


def check_upload(stream, *, overwrite: bool, actor: User) -> Checked:
    """Keep the uploaded package and compare it with this instance, writing nothing."""
    token = secrets.token_hex(16)
    with open(uploads_folder() / f"{token}.zip", "wb") as handle:
        while chunk := stream.read(1 << 20):
            handle.write(chunk)
    checked = _run(stashed(token), overwrite=overwrite, dry_run=True, actor=actor)
    checked.token = token
    return checked


def import_upload(token: str, *, overwrite: bool, actor: User) -> Checked | None:
    """Import the package kept under `token`, or None when there is none."""
    path = stashed(token)
    if path is None:
        return None
    checked = _run(path, overwrite=overwrite, dry_run=False, actor=actor)
    if checked.result is not None and checked.result.written:
        path.unlink()
    return checked


def _run(path: Path, *, overwrite: bool, dry_run: bool, actor: User) -> Checked:
    checked = Checked()
    try:
        checked.result = import_package(
            path, overwrite=overwrite, dry_run=dry_run, actor=actor,
            max_file_bytes=current_app.config["HANDOVER_MAX_FILE_BYTES"])
    except PackageError as error:
        checked.problems = error.problems
    except ConflictError as error:
        checked.result, checked.conflicts = error.result, error.result.conflicts
    return checked


def uploads_folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stashed(token: str | None) -> Path | None:
    """The kept package for `token`, or None (a token is 32 hex characters, nothing else)."""
    if len(token or "") != 32 or not all(char in "0123456789abcdef" for char in token):
        return None
    path = uploads_folder() / f"{token}.zip"
    return path if path.exists() else None
