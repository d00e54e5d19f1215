"""The desk: today at my location, registering a visit, correcting a visit."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import correctable, require, this_user, visible_locations
from ..database import reads_first
from ..forms import options, readable, version_of
from ..i18n import current_language
from ..pending import keeps_typed_form
from ..queue import services as queue
from ..queue.tickets import STILL_CALLED, visit_prefill
from ..submissions import carry_out, confirm_then
from ..timeutil import local_now
from . import services
from .forms import DayForm, EditVisitForm, NewVisitForm, PickLocationForm
from .location import current_location, may_switch_location, remember_location

bp = Blueprint("desk", __name__)


def _location_or_pick(user):
    location = current_location(user)
    if location is None:
        return None, redirect(url_for("desk.pick_location"))
    return location, None


@bp.route("/desk")
@require("desk")
def today():
    """Today's visits at my desk, or an earlier day's (?day=YYYY-MM-DD), to correct them."""
    user = this_user()
    location, pick = _location_or_pick(user)
    if pick:
        return pick
    form = DayForm(request.args)
    desk_day = services.desk_day(form.day.data if form.validate() else None, local_now().date())
    visits = services.visits_on(location, desk_day.day)
    queue_today = queue.day_summary(location, local_now()) if desk_day.is_today else None
    return render_template("desk/today.html", location=location, visits=visits,
                           desk_day=desk_day, visitor_count=services.count_visitors(visits),
                           may_switch=may_switch_location(user), queue=queue_today)


@bp.route("/desk/location", methods=["GET", "POST"])
@require("desk")
def pick_location():
    form = PickLocationForm()
    form.location.choices = options((loc.id, loc.name) for loc in visible_locations(current_user))
    if form.validate_on_submit() and remember_location(current_user, form.location.data):
        return redirect(url_for("desk.today"))
    return render_template("desk/pick_location.html", form=form)


@bp.route("/visits/new", methods=["GET", "POST"])
@keeps_typed_form
@reads_first
@require("desk")
def new_visit():
    user = this_user()  # asked about many times in the desk's busiest request
    location, pick = _location_or_pick(user)
    if pick:
        return pick
    ticket, prefill = _ticket_being_helped(user, location)
    if ticket is False:
        flash(STILL_CALLED, "error")
        return redirect(url_for("queue.index"))
    form = NewVisitForm(**(prefill if request.method == "GET" else {}))
    form.help_types.choices = options(services.help_type_choices(current_language()))
    if form.validate_on_submit():
        registered = carry_out(lambda: services.register_visit(
            user, location,
            visitor_code=form.card_code, new_visitor=form.new_visitor,
            help_type_codes=form.help_types.data, arrived_at=form.arrived_at.data,
            duration_minutes=form.duration_minutes.data, note=form.note.data,
            now=local_now(), ticket=ticket,
        ), form=form)
        if registered:
            return _after_registering(registered.value, issued=form.new_visitor)
    elif form.is_submitted():
        carry_out(lambda: services.check_new_visit(
            user, location, **readable(form, "help_types", "arrived_at"),
            visitor_code=None if form.visitor_code.errors else form.card_code,
            new_visitor=form.new_visitor, now=local_now(),
        ), form=form)
    return render_template("desk/new_visit.html", form=form, location=location)


def _ticket_being_helped(user, location):
    """A visit from the queue (`?ticket=`, or the form's own field after a timeout): the
    ticket and the form's fields from it; (None, {}) without one; (False, {}) when it is no
    longer being helped. Another desk's ticket is a 404."""
    ticket_id = request.args.get("ticket") or request.form.get("ticket")
    if not ticket_id:
        return None, {}
    ticket = queue.visible_ticket(user, ticket_id)
    if ticket is None or ticket.location_id != location.id:
        abort(404)
    if not queue.being_helped(ticket, local_now()):
        return False, {}
    return ticket, {**visit_prefill(ticket, local_now()), "ticket": ticket.id}


def _after_registering(visit, issued: bool):
    """A new visitor's card to print, a known visitor's page, or back to the desk."""
    if visit.visitor is not None and issued:
        flash(_("New visitor registered. Print the card and give it to the visitor."), "success")
        return redirect(url_for("visitors.card", code=visit.visitor.code))
    flash(_("Visit registered."), "success")
    return redirect(_after_visit(visit))


@bp.route("/visits/<visit_id>/edit", methods=["GET", "POST"])
@keeps_typed_form
@require("correct")
def edit_visit(visit_id):
    visit = correctable(services.visible_visit(current_user, visit_id))
    form = EditVisitForm(obj=visit)
    form.help_types.choices = options(
        services.help_type_choices(current_language(), visit.help_types))
    if form.first_shown():
        form.help_types.data = [help_type.code for help_type in visit.help_types]
        form.version.data = visit.version
    if form.validate_on_submit() and carry_out(lambda: services.update_visit(
        current_user, visit,
        help_type_codes=form.help_types.data, arrived_at=form.arrived_at.data,
        duration_minutes=form.duration_minutes.data, note=form.note.data,
        version=version_of(form), now=local_now(),
    ), success=_("Visit corrected."), form=form):
        return redirect(_after_visit(visit))
    return render_template("desk/edit_visit.html", form=form, visit=visit)


@bp.route("/visits/<visit_id>/delete", methods=["GET", "POST"])
@require("correct")
def delete_visit(visit_id):
    visit = correctable(services.visible_visit(current_user, visit_id))
    return confirm_then(
        visit, title=_("Delete this visit?"),
        shown=lambda: services.visit_summary(visit, current_language()),
        back=url_for("desk.edit_visit", visit_id=visit_id), done=_after_visit(visit),
        success=_("Visit deleted."),
        change=lambda version: services.delete_visit(current_user, visit, version=version))


def _after_visit(visit) -> str:
    if visit.visitor is not None:
        return url_for("visitors.show", code=visit.visitor.code)
    return url_for("desk.today")
