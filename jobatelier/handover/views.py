"""Export for admins and coordinators (their own locations); import for admins, with a
preview of what would be added, skipped or refused."""

import tempfile

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_file,
    stream_with_context,
)
from flask_login import current_user

from ..access import require, visible_locations
from ..database import only_reading_from_now
from ..forms import options
from . import services
from .export import package_chunks, record_export, selected_locations
from .forms import ConfirmImportForm, ExportForm, ImportForm
from .importer import ConflictError, import_package
from .package import PackageError
from .workbook import write_workbook

bp = Blueprint("handover", __name__)


@bp.route("/export", methods=["GET", "POST"])
@require("export")
def export():
    form = ExportForm()
    form.locations.choices = options(
        (location.code, location.name) for location in visible_locations(current_user))
    if not form.validate_on_submit():
        return render_template("handover/export.html", form=form)
    codes = form.locations.data or [choice.value for choice in form.locations.choices]
    try:
        locations = selected_locations(codes, current_user)
    except LookupError:
        abort(404)
    record_export(current_user, locations, kind=form.format.data,
                  with_notes=form.with_notes.data)
    only_reading_from_now()
    name = "jobatelier-" + "-".join(location.code for location in locations)[:80]
    if form.format.data == "xlsx":
        # Closed by send_file once sent; a file on disk, not the workbook in memory.
        spool = tempfile.TemporaryFile()  # noqa: SIM115
        write_workbook(spool, locations, form.with_notes.data)
        spool.seek(0)
        return send_file(spool, as_attachment=True, download_name=f"{name}.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument."
                                  "spreadsheetml.sheet")
    chunks = package_chunks(locations, form.with_notes.data)
    return Response(stream_with_context(chunks), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{name}.zip"'})


@bp.route("/import", methods=["GET", "POST"])
@require("import")
def import_preview():
    request.max_content_length = current_app.config["HANDOVER_MAX_UPLOAD_BYTES"]
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("handover/import.html", form=form)
    token = services.stash_upload(form.package.data.stream)
    outcome = _run(services.stashed(token), overwrite=form.overwrite.data, dry_run=True)
    confirm = ConfirmImportForm(token=token, overwrite="y" if form.overwrite.data else "")
    return render_template("handover/import.html", form=form, confirm=confirm, **outcome)


@bp.route("/import/confirm", methods=["POST"])
@require("import")
def import_confirm():
    form = ConfirmImportForm()
    path = services.stashed(form.token.data) if form.validate_on_submit() else None
    if path is None:
        abort(400)
    outcome = _run(path, overwrite=form.overwrite.data == "y", dry_run=False)
    if outcome["result"] is not None and outcome["result"].written:
        path.unlink()
    return render_template("handover/import.html", form=ImportForm(), **outcome)


def _run(path, *, overwrite, dry_run):
    """The import (or its dry run) and what to show of it: counts, or why it was refused."""
    shown = {"result": None, "problems": [], "conflicts": []}
    try:
        shown["result"] = import_package(
            path, overwrite=overwrite, dry_run=dry_run, actor=current_user,
            max_file_bytes=current_app.config["HANDOVER_MAX_FILE_BYTES"])
    except PackageError as error:
        shown["problems"] = error.problems
    except ConflictError as error:
        shown["result"], shown["conflicts"] = error.result, error.result.conflicts
    return shown
