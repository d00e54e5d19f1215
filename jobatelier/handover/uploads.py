"""The import page's two steps: an uploaded package is checked (a dry run) and kept under a
token; the admin's confirmation imports the kept package."""

import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..models import User
from .importer import ConflictError, ImportResult, import_package
from .package import PackageError, Problem

# How long an uploaded package waits for the admin's confirmation before it is removed.
KEPT_SECONDS = 3600

# i18n: the tables of a handover package, as the import's preview names them.
TABLE_LABELS = {
    "locations": _l("Locations"),
    "help_types": _l("Help types"),
    "visitors": _l("Visitors"),
    "visits": _l("Visits"),
    "visit_help_types": _l("Help given per visit"),
    "outcomes": _l("Outcomes"),
    "groups": _l("Groups"),
    "group_members": _l("Participants"),
    "group_sessions": _l("Group sessions"),
    "group_attendance": _l("Attendance"),
    "trajectories": _l("Trajectories"),
    "trajectory_meetings": _l("Meetings"),
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
    """Keep the uploaded package and compare it with this instance, writing nothing. Only a
    package that may be imported stays, under `token`, until it is or for KEPT_SECONDS."""
    sweep_uploads()
    token = secrets.token_hex(16)
    path = uploads_folder() / f"{token}.zip"
    with open(path, "wb") as handle:
        while chunk := stream.read(1 << 20):
            handle.write(chunk)
    checked = _run(path, overwrite=overwrite, dry_run=True, actor=actor)
    if checked.problems or checked.conflicts:
        path.unlink(missing_ok=True)  # refused: the page offers no import
    else:
        checked.token = token
    return checked


def import_upload(token: str, *, overwrite: bool, actor: User) -> Checked | None:
    """Import the package kept under `token` and remove it whatever the outcome (the page
    then offers no second try), or None when none is kept."""
    sweep_uploads()
    path = stashed(token)
    if path is None:
        return None
    try:
        return _run(path, overwrite=overwrite, dry_run=False, actor=actor)
    finally:
        path.unlink(missing_ok=True)


def sweep_uploads(now: float | None = None) -> int:
    """Remove the kept packages older than KEPT_SECONDS, previews nobody confirmed; returns
    how many. Run whenever the import page is used, so none stays long."""
    oldest = (time.time() if now is None else now) - KEPT_SECONDS
    removed = 0
    for path in uploads_folder().glob("*.zip"):
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass  # another worker swept it first
    return removed


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
