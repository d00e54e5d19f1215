"""A visitor's page, their card, and recording or correcting how their search ended."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import can, correctable, require
from ..desk.location import current_location
from ..forms import version_of
from ..groups.services import visitor_groups
from ..pending import keeps_typed_form
from ..submissions import carry_out, confirm_then
from ..timeutil import local_today
from ..trajectories.services import visitor_trajectories
from . import codes, services
from .forms import LookupForm, OutcomeForm

bp = Blueprint("visitors", __name__, url_prefix="/visitors")
bp.add_app_template_filter(codes.display, "visitor_code")
bp.add_app_template_test(codes.is_purged, "purged_code")


def _visitor_or_404(code):
    return services.visible_visitor(current_user, code) or abort(404)


@bp.app_context_processor
def look_up_form():
    """Every page of a desk user offers the look-up (the form is rendered by base.html)."""
    if not can("desk") or request.endpoint == "visitors.find":
        return {}  # the look-up page's own field is the look-up: one field, one id
    return {"lookup_form": LookupForm(formdata=None, prefix="lookup")}


@bp.route("/find")
@require("desk")
def find():
    form = LookupForm(request.args, prefix="lookup")
    if form.validate():
        found = carry_out(lambda: services.look_up(current_user, form.visitor_code.data),
                          form=form)
        if found:
            return redirect(url_for("visitors.show", code=found.value.code))
    return render_template("visitors/find.html", form=form), 200


@bp.route("/<code>")
@require("desk")
def show(code):
    visitor = _visitor_or_404(code)
    visits, outcomes = services.visitor_history(current_user, visitor)
    return render_template("visitors/show.html", visitor=visitor, visits=visits,
                           outcomes=outcomes, latest=services.latest_outcome(visitor),
                           groups=visitor_groups(current_user, visitor),
                           trajectories=visitor_trajectories(current_user, visitor))


@bp.route("/<code>/card")
@require("desk")
def card(code):
    visitor = _visitor_or_404(code)
    return render_template("visitors/card.html", visitor=visitor)


@bp.route("/<code>/outcomes/new", methods=["GET", "POST"])
@keeps_typed_form
@require("desk")
def new_outcome(code):
    visitor = _visitor_or_404(code)
    location = current_location(current_user)
    if location is None:
        return redirect(url_for("desk.pick_location"))
    form = OutcomeForm()
    if form.validate_on_submit() and carry_out(lambda: services.record_outcome(
        current_user, location, visitor, outcome=form.outcome.data,
        contract_type=form.contract_type.data, recorded_on=form.recorded_on.data,
        today=local_today(),
    ), success=_("Outcome recorded."), form=form):
        return redirect(url_for("visitors.show", code=visitor.code))
    return render_template("visitors/outcome_form.html", form=form, visitor=visitor, row=None)


@bp.route("/outcomes/<outcome_id>/edit", methods=["GET", "POST"])
@keeps_typed_form
@require("correct")
def edit_outcome(outcome_id):
    row = correctable(services.visible_outcome(current_user, outcome_id))
    form = OutcomeForm(obj=row)
    if form.first_shown():
        form.contract_type.data = row.contract_type or ""
        form.version.data = row.version
    if form.validate_on_submit() and carry_out(lambda: services.update_outcome(
        current_user, row, outcome=form.outcome.data,
        contract_type=form.contract_type.data, recorded_on=form.recorded_on.data,
        version=version_of(form), today=local_today(),
    ), success=_("Outcome corrected."), form=form):
        return redirect(url_for("visitors.show", code=row.visitor.code))
    return render_template("visitors/outcome_form.html", form=form, visitor=row.visitor, row=row)


@bp.route("/outcomes/<outcome_id>/delete", methods=["GET", "POST"])
@require("correct")
def delete_outcome(outcome_id):
    row = correctable(services.visible_outcome(current_user, outcome_id))
    visitor_page = url_for("visitors.show", code=row.visitor.code)
    return confirm_then(
        row, title=_("Delete this outcome?"), shown=lambda: services.outcome_summary(row),
        back=url_for("visitors.edit_outcome", outcome_id=outcome_id), done=visitor_page,
        refused=visitor_page, success=_("Outcome deleted."),
        change=lambda version: services.delete_outcome(current_user, row, version=version))
