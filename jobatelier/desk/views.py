"""The desk: today at my location, registering a visit, correcting a visit."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import current_location, remember_location, require, visible_locations
from ..database import reads_first
from ..errors import RuleError
from ..fields import ConfirmForm, options, show_rule_error, version_of
from ..i18n import current_language
from ..timeutil import local_now
from . import services
from .forms import EditVisitForm, NewVisitForm, PickLocationForm

bp = Blueprint("desk", __name__)


def _location_or_pick():
    location = current_location()
    if location is None:
        return None, redirect(url_for("desk.pick_location"))
    return location, None


@bp.route("/desk")
@require("desk")
def today():
    location, pick = _location_or_pick()
    if pick:
        return pick
    visits = services.todays_visits(location, local_now().date())
    return render_template("desk/today.html", location=location, visits=visits,
                           visitor_count=services.count_visitors(visits))


@bp.route("/desk/location", methods=["GET", "POST"])
@require("desk")
def pick_location():
    form = PickLocationForm()
    form.location.choices = options((loc.id, loc.name) for loc in visible_locations(current_user))
    if form.validate_on_submit() and remember_location(form.location.data):
        return redirect(url_for("desk.today"))
    return render_template("desk/pick_location.html", form=form)


@bp.route("/visits/new", methods=["GET", "POST"])
@reads_first
@require("desk")
def new_visit():
    location, pick = _location_or_pick()
    if pick:
        return pick
    form = NewVisitForm()
    form.help_types.choices = options(services.help_type_choices(current_language()))
    if form.validate_on_submit():
        try:
            visit = services.register_visit(
                current_user, location,
                visitor_code=form.visitor_code.data, new_visitor=form.new_visitor.data,
                help_type_codes=form.help_types.data, arrived_at=form.arrived_at.data,
                duration_minutes=form.duration_minutes.data, note=form.note.data,
                now=local_now(),
            )
        except RuleError as error:
            show_rule_error(form, error)
        else:
            if visit.visitor is None:
                flash(_("Visit registered."), "success")
                return redirect(url_for("desk.today"))
            if form.new_visitor.data:
                flash(_("New visitor registered. Print the card and give it to the visitor."),
                      "success")
                return redirect(url_for("visitors.card", code=visit.visitor.code))
            flash(_("Visit registered."), "success")
            return redirect(url_for("visitors.show", code=visit.visitor.code))
    return render_template("desk/new_visit.html", form=form, location=location)


@bp.route("/visits/<visit_id>/edit", methods=["GET", "POST"])
@require("correct")
def edit_visit(visit_id):
    visit = services.visible_visit(current_user, visit_id) or abort(404)
    form = EditVisitForm(obj=visit)
    form.help_types.choices = options(
        services.help_type_choices(current_language(), visit.help_types))
    if not form.is_submitted():
        form.help_types.data = [help_type.code for help_type in visit.help_types]
        form.version.data = visit.version
    if form.validate_on_submit():
        try:
            services.update_visit(
                current_user, visit,
                help_type_codes=form.help_types.data, arrived_at=form.arrived_at.data,
                duration_minutes=form.duration_minutes.data, note=form.note.data,
                version=version_of(form), now=local_now(),
            )
        except RuleError as error:
            show_rule_error(form, error)
        else:
            flash(_("Visit corrected."), "success")
            return redirect(_after_visit(visit))
    return render_template("desk/edit_visit.html", form=form, visit=visit,
                           delete_form=ConfirmForm(version=visit.version))


@bp.route("/visits/<visit_id>/delete", methods=["POST"])
@require("correct")
def delete_visit(visit_id):
    visit = services.visible_visit(current_user, visit_id) or abort(404)
    form = ConfirmForm()
    target = _after_visit(visit)
    if form.validate_on_submit():
        try:
            services.delete_visit(current_user, visit)
        except RuleError as error:
            flash(str(error.message), "error")
            return redirect(url_for("desk.edit_visit", visit_id=visit_id))
        flash(_("Visit deleted."), "success")
    return redirect(target)


def _after_visit(visit) -> str:
    if visit.visitor is not None:
        return url_for("visitors.show", code=visit.visitor.code)
    return url_for("desk.today")
