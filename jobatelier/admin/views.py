"""Administration: locations, help types, accounts and the audit log."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import require
from ..auth import services as accounts
from ..forms import ConfirmForm, options
from ..i18n import current_language
from ..models import HelpType, Location, User
from ..submissions import carry_out
from . import services
from .forms import HelpTypeForm, LocationForm, UserForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@require("administer")
def index():
    return render_template("admin/index.html", locations=services.all_locations(),
                           help_types=services.all_help_types(), users=services.all_users(),
                           language=current_language(), move_form=ConfirmForm())


@bp.route("/locations/new", methods=["GET", "POST"])
@bp.route("/locations/<int:location_id>", methods=["GET", "POST"])
@require("administer")
def location(location_id=None):
    existing = _existing(Location, location_id)
    form = LocationForm(obj=existing)
    if existing:
        form.code.data, form.visitor_prefix.data = existing.code, existing.visitor_prefix

    def save():
        if existing:
            services.update_location(
                existing, name=form.name.data, municipality=form.municipality.data,
                kind=form.kind.data, organisation=form.organisation.data,
                active=form.active.data, actor=current_user)
        else:
            services.create_location(
                form.code.data, form.name.data, form.municipality.data, kind=form.kind.data,
                organisation=form.organisation.data, visitor_prefix=form.visitor_prefix.data,
                actor=current_user)

    if form.validate_on_submit() and carry_out(save, success=_("Location saved."), form=form):
        return redirect(url_for("admin.index"))
    return render_template("admin/location.html", form=form, existing=existing)


@bp.route("/help-types/new", methods=["GET", "POST"])
@bp.route("/help-types/<int:help_type_id>", methods=["GET", "POST"])
@require("administer")
def help_type(help_type_id=None):
    existing = _existing(HelpType, help_type_id)
    form = HelpTypeForm(obj=existing)
    if existing:
        form.code.data = existing.code

    def save():
        labels = {"label_nl": form.label_nl.data, "label_fr": form.label_fr.data,
                  "label_en": form.label_en.data}
        if existing:
            services.update_help_type(existing, active=form.active.data, actor=current_user,
                                      **labels)
        else:
            services.create_help_type(form.code.data, actor=current_user, **labels)

    if form.validate_on_submit() and carry_out(save, success=_("Help type saved."), form=form):
        return redirect(url_for("admin.index"))
    return render_template("admin/help_type.html", form=form, existing=existing)


@bp.route("/help-types/<int:help_type_id>/move/<any(up,down):direction>", methods=["POST"])
@require("administer")
def move_help_type(help_type_id, direction):
    existing = _existing(HelpType, help_type_id)
    if ConfirmForm().validate_on_submit():
        services.move_help_type(existing, direction, current_user)
    return redirect(url_for("admin.index"))


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require("administer")
def user(user_id=None):
    existing = _existing(User, user_id)
    form = UserForm(obj=existing)
    form.locations.choices = options((loc.code, loc.name) for loc in services.all_locations())
    if existing:
        form.username.data = existing.username
        if not form.is_submitted():
            form.locations.data = [loc.code for loc in existing.locations]

    def save():
        if existing:
            accounts.update_user(existing, role=form.role.data, active=form.active.data,
                                 location_codes=form.locations.data,
                                 password=form.password.data, actor=current_user)
        else:
            accounts.create_user(form.username.data, form.role.data, form.password.data,
                                 form.locations.data, actor=current_user)

    if form.validate_on_submit() and carry_out(save, success=_("Account saved."), form=form):
        return redirect(url_for("admin.index"))
    return render_template("admin/user.html", form=form, existing=existing)


@bp.route("/audit")
@require("administer")
def audit_log():
    return render_template("admin/audit.html", entries=services.recent_audit_entries())


def _existing(model, key):
    """The row being edited (None for a new one); an unknown id is a 404."""
    if key is None:
        return None
    return services.row(model, key) or abort(404)
