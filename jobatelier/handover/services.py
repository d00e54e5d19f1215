"""Handing a location over, and keeping an uploaded package between preview and import."""

import secrets
from datetime import date
from pathlib import Path

from flask import current_app

from .. import audit
from ..extensions import db
from ..models import Location, User


def hand_over(location: Location, recipient: str, on: date, actor: User | None) -> None:
    """Mark a location as handed over: its data stays here, read-only, and the audit log says
    who did it."""
    location.handed_over_on, location.handed_over_to = on, recipient.strip()[:120]
    audit.record(actor, "handover", location_id=location.id, object_type="location",
                 object_id=location.code, detail={"to": location.handed_over_to,
                                                  "on": on.isoformat()})
    db.session.commit()


def uploads_folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stash_upload(stream) -> str:
    """Keep an uploaded package until the admin confirms the import; returns its token."""
    token = secrets.token_hex(16)
    with open(uploads_folder() / f"{token}.zip", "wb") as handle:
        while chunk := stream.read(1 << 20):
            handle.write(chunk)
    return token


def stashed(token: str) -> Path | None:
    """The stashed package for `token`, or None (a token is 32 hex characters, nothing else)."""
    if len(token or "") != 32 or not all(char in "0123456789abcdef" for char in token):
        return None
    path = uploads_folder() / f"{token}.zip"
    return path if path.exists() else None
