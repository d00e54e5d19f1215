"""Export for admins and coordinators (their own locations); import for admins, with a
preview of what would be added, skipped or refused."""

from flask import (
    Blueprint,
    Response,
    abort,
    render_template,
    send_file,
    stream_with_context,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..access import require, visible_locations
from ..bodies import allow_body
from ..forms import options
from . import services, uploads
from .forms import ConfirmImportForm, ExportForm, ImportForm
from .package import MAX_PROBLEMS

bp = Blueprint("handover", __name__)


@bp.route("/export", methods=["GET", "POST"])
@require("export")
def export():
    form = ExportForm()
    form.locations.choices = options(
        (location.code, location.name) for location in visible_locations(current_user))
    if not form.validate_on_submit():
        return render_template("handover/export.html", form=form)
    try:
        download = services.export_for(current_user, form.locations.data, form.format.data,
                                       form.with_notes.data)
    except LookupError:
        abort(404)
    if download.file is not None:
        return send_file(download.file, as_attachment=True, download_name=download.name,
                         mimetype=download.mimetype)
    return Response(stream_with_context(download.chunks), mimetype=download.mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{download.name}"'})


@bp.route("/import", methods=["GET", "POST"])
@allow_body("HANDOVER_MAX_UPLOAD_BYTES")
@require("import")
def import_preview():
    form = ImportForm()
    if not form.validate_on_submit():
        uploads.sweep_uploads()
        return _import_page(form)
    checked = uploads.check_upload(form.package.data.stream, overwrite=form.overwrite.data,
                                   actor=current_user)
    confirm = ConfirmImportForm(token=checked.token,
                                overwrite="y" if form.overwrite.data else "")
    return _import_page(form, confirm=confirm, checked=checked)


@bp.route("/import/confirm", methods=["POST"])
@require("import")
def import_confirm():
    form = ConfirmImportForm()
    checked = uploads.import_upload(form.token.data, overwrite=form.overwrite.data == "y",
                                    actor=current_user) if form.validate_on_submit() else None
    if checked is None:
        form = ImportForm()
        form.form_errors.append(_("This upload is no longer kept (an hour at most): choose the "
                                  "package again."))
        return _import_page(form), 400
    return _import_page(ImportForm(), checked=checked)


def _import_page(form, **shown):
    return render_template("handover/import.html", form=form, max_problems=MAX_PROBLEMS,
                           table_labels=uploads.TABLE_LABELS, **shown)
