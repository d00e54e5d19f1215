"""Exporting what a user may take along, and handing a location over."""

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO

from .. import audit
from ..access import visible_locations
from ..database import only_reading_from_now
from ..extensions import db
from ..models import Location, User
from .export import package_chunks, record_export, selected_locations

MIMETYPES = {
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Download:
    """An export ready to send: its file name, its type, and either its chunks (the package,
    streamed) or an open file (the workbook, which openpyxl writes whole)."""

    name: str
    mimetype: str
    chunks: Iterator[bytes] | None = None
    file: IO[bytes] | None = None


def export_for(user: User, codes: list[str], kind: str, with_notes: bool) -> Download:
    """The locations `user` ticked (none ticked: all their active locations) as the package or
    the workbook, in the audit log first. LookupError for a location outside their scope."""
    codes = codes or [location.code for location in visible_locations(user)]
    locations = selected_locations(codes, user)
    record_export(user, locations, kind=kind, with_notes=with_notes)
    only_reading_from_now()
    name = download_name(locations, kind)
    if kind == "xlsx":
        from .workbook import write_workbook  # loads openpyxl, which the app's start need not

        # A file on disk rather than the workbook in memory; closed once it is sent.
        spool = tempfile.TemporaryFile()  # noqa: SIM115
        write_workbook(spool, locations, with_notes)
        spool.seek(0)
        return Download(name, MIMETYPES[kind], file=spool)
    return Download(name, MIMETYPES[kind], chunks=package_chunks(locations, with_notes))


def download_name(locations: list[Location], kind: str) -> str:
    """e.g. jobatelier-heist-op-den-berg-lier.zip; long lists of codes are cut short."""
    return "jobatelier-" + "-".join(location.code for location in locations)[:80] + f".{kind}"


def hand_over(location: Location, recipient: str, on: date, actor: User | None) -> None:
    """Mark a location as handed over: its data stays here, read-only, and the audit log says
    who did it."""
    location.handed_over_on, location.handed_over_to = on, recipient.strip()[:120]
    audit.record(actor, "handover", location_id=location.id, object_type="location",
                 object_id=location.code, detail={"to": location.handed_over_to,
                                                  "on": on.isoformat()})
    db.session.commit()
