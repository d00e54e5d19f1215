"""Trajectories: the list (silent duos on top), starting one, a trajectory's page with its
meetings and the coachee's outcomes, recording a meeting or an outcome, ending it."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import require
from ..desk.location import current_location
from ..forms import readable
from ..pending import keeps_typed_form
from ..submissions import carry_out
from ..timeutil import local_today
from ..visitors import services as visitors
from ..visitors.forms import OutcomeForm
from . import meetings, services
from .forms import EndForm, MeetingForm, NewTrajectoryForm

bp = Blueprint("trajectories", __name__, url_prefix="/trajectories")

FIELDS = ("kind", "coach", "starts_on", "planned_months")
OUTCOME = "outcome"  # the outcome form's prefix: its fields beside the meeting's on one page


def trajectory_or_404(trajectory_id):
    return services.visible_trajectory(current_user, trajectory_id) or abort(404)


def to_trajectory(trajectory_id):
    return redirect(url_for("trajectories.show", trajectory_id=trajectory_id))


@bp.route("")
@require("coaching")
def index():
    return render_template("trajectories/index.html",
                           lists=services.trajectory_lists(current_user, local_today()))


@bp.route("/new", methods=["GET", "POST"])
@require("trajectories")
def new():
    location = current_location(current_user)
    if location is None:
        return redirect(url_for("desk.pick_location"))
    form = NewTrajectoryForm(coaches=services.coach_choices())
    if form.validate_on_submit():
        started = carry_out(lambda: services.start_trajectory(
            current_user, location, visitor_code=form.visitor_code.data,
            new_visitor=form.new_visitor.data, today=local_today(),
            **{name: form[name].data for name in FIELDS}), form=form)
        if started and form.new_visitor.data:
            flash(_("Trajectory started. Print the card and give it to the coachee."), "success")
            return redirect(url_for("visitors.card", code=started.value.visitor.code))
        if started:
            flash(_("Trajectory started."), "success")
            return to_trajectory(started.value.id)
    elif form.is_submitted():
        carry_out(lambda: services.check_new(
            **readable(form, *FIELDS, "visitor_code"), new_visitor=form.new_visitor.data,
            today=local_today()), form=form)
    return render_template("trajectories/new.html", form=form, location=location)


def render_page(trajectory, meeting_form=None, outcome_form=None):
    today = local_today()
    met = services.meetings_of(trajectory)
    line = services.Line(trajectory, len(met), met[0].met_on if met else None, today)
    return render_template(
        "trajectories/show.html", trajectory=trajectory, line=line, meetings=met,
        outcomes=services.coachee_outcomes(trajectory),
        latest=visitors.latest_outcome(trajectory.visitor),
        meeting_form=meeting_form or MeetingForm(formdata=None),
        outcome_form=outcome_form or OutcomeForm(formdata=None, prefix=OUTCOME),
        form=meeting_form or outcome_form)  # the posted form: its errors title the page


@bp.route("/<trajectory_id>")
@require("coaching")
def show(trajectory_id):
    return render_page(trajectory_or_404(trajectory_id))


@bp.route("/<trajectory_id>/meetings", methods=["GET", "POST"])
@keeps_typed_form
@require("coaching")
def new_meeting(trajectory_id):
    trajectory = trajectory_or_404(trajectory_id)
    form = MeetingForm()
    if form.validate_on_submit():
        if carry_out(lambda: meetings.record_meeting(
            current_user, trajectory, met_on=form.met_on.data,
            duration_minutes=form.duration_minutes.data, place=form.place.data,
            note=form.note.data, today=local_today(),
        ), success=_("Meeting recorded."), form=form):
            return to_trajectory(trajectory.id)
    elif form.is_submitted():
        carry_out(lambda: meetings.check_meeting(
            trajectory, **readable(form, "met_on", "place", "note"), today=local_today()),
            form=form)
    return render_page(trajectory, meeting_form=form)


@bp.route("/<trajectory_id>/outcomes", methods=["GET", "POST"])
@require("coaching")
def new_outcome(trajectory_id):
    """The coachee's outcome, recorded at the trajectory's location (the visitors' service)."""
    trajectory = trajectory_or_404(trajectory_id)
    form = OutcomeForm(prefix=OUTCOME)
    if form.validate_on_submit() and carry_out(lambda: visitors.record_outcome(
        current_user, trajectory.location, trajectory.visitor, outcome=form.outcome.data,
        contract_type=form.contract_type.data, recorded_on=form.recorded_on.data,
        today=local_today(),
    ), success=_("Outcome recorded."), form=form):
        return to_trajectory(trajectory.id)
    return render_page(trajectory, outcome_form=form)


@bp.route("/<trajectory_id>/end", methods=["GET", "POST"])
@require("trajectories")
def end(trajectory_id):
    trajectory = trajectory_or_404(trajectory_id)
    form = EndForm()
    if form.validate_on_submit():
        if carry_out(lambda: services.end_trajectory(
            current_user, trajectory, ended_on=form.ended_on.data,
            end_reason=form.end_reason.data, today=local_today(),
        ), success=_("Trajectory ended."), form=form):
            return to_trajectory(trajectory.id)
    elif form.is_submitted():
        carry_out(lambda: services.check_end(
            trajectory, **readable(form, "ended_on", "end_reason"), today=local_today()),
            form=form)
    return render_template("trajectories/end.html", form=form, trajectory=trajectory)
