"""Correcting and deleting trajectories (coordinators) and their meetings (coaches within the
correction days too); a delete asks first on a page of its own."""

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import correctable, require
from ..forms import readable, version_of
from ..pending import keeps_typed_form
from ..submissions import carry_out, confirm_then
from ..timeutil import local_today
from . import meetings, services
from .forms import EditTrajectoryForm, MeetingForm

bp = Blueprint("trajectory_corrections", __name__, url_prefix="/trajectories")

FIELDS = ("kind", "coach", "starts_on", "planned_months", "ended_on", "end_reason")


def _to(trajectory_id):
    return redirect(url_for("trajectories.show", trajectory_id=trajectory_id))


@bp.route("/<trajectory_id>/edit", methods=["GET", "POST"])
@keeps_typed_form
@require("trajectories")
def edit(trajectory_id):
    """Correct a trajectory, change its coach, or correct how it ended."""
    trajectory = correctable(services.visible_trajectory(current_user, trajectory_id))
    form = EditTrajectoryForm(obj=trajectory, coaches=services.coach_choices())
    if form.first_shown():
        form.coach.data = trajectory.coach.username if trajectory.coach else ""
        form.end_reason.data = trajectory.end_reason or ""
        form.version.data = trajectory.version
    if form.validate_on_submit() and carry_out(lambda: services.update_trajectory(
        current_user, trajectory, version=version_of(form), today=local_today(),
        **{name: form[name].data for name in FIELDS},
    ), success=_("Trajectory saved."), form=form):
        return _to(trajectory.id)
    if form.is_submitted() and form.errors:
        carry_out(lambda: services.check_trajectory(
            trajectory, **readable(form, *FIELDS), today=local_today()), form=form)
    return render_template("trajectories/edit.html", form=form, trajectory=trajectory)


@bp.route("/<trajectory_id>/delete", methods=["GET", "POST"])
@require("trajectories")
def delete(trajectory_id):
    trajectory = correctable(services.visible_trajectory(current_user, trajectory_id))
    return confirm_then(
        trajectory, title=_("Delete this trajectory?"), shown=lambda: services.summary(trajectory),
        back=url_for("trajectory_corrections.edit", trajectory_id=trajectory_id),
        done=url_for("trajectories.index"),
        refused=url_for("trajectories.show", trajectory_id=trajectory_id),
        success=_("Trajectory deleted."),
        change=lambda version: services.delete_trajectory(current_user, trajectory,
                                                          version=version))


@bp.route("/meetings/<meeting_id>/edit", methods=["GET", "POST"])
@keeps_typed_form
@require("coaching")
def edit_meeting(meeting_id):
    meeting = correctable(meetings.visible_meeting(current_user, meeting_id))
    form = MeetingForm(obj=meeting)
    if form.first_shown():
        form.version.data = meeting.version
    if form.validate_on_submit() and carry_out(lambda: meetings.update_meeting(
        current_user, meeting, met_on=form.met_on.data,
        duration_minutes=form.duration_minutes.data, place=form.place.data,
        note=form.note.data, version=version_of(form), today=local_today(),
    ), success=_("Meeting corrected."), form=form):
        return _to(meeting.trajectory_id)
    return render_template("trajectories/meeting_form.html", form=form, meeting=meeting,
                           trajectory=meeting.trajectory)


@bp.route("/meetings/<meeting_id>/delete", methods=["GET", "POST"])
@require("coaching")
def delete_meeting(meeting_id):
    meeting = correctable(meetings.visible_meeting(current_user, meeting_id))
    return confirm_then(
        meeting, title=_("Delete this meeting?"), shown=lambda: meetings.meeting_summary(meeting),
        back=url_for("trajectory_corrections.edit_meeting", meeting_id=meeting_id),
        done=url_for("trajectories.show", trajectory_id=meeting.trajectory_id),
        success=_("Meeting deleted."),
        change=lambda version: meetings.delete_meeting(current_user, meeting, version=version))
