"""Groups: the list, a group's page with its attendance, enrolling participants and
recording sessions."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import require
from ..desk.location import current_location
from ..forms import options, readable
from ..i18n import current_language
from ..submissions import carry_out
from ..timeutil import local_now, local_today
from . import services
from .forms import EditGroupForm, GroupForm, LeaveForm, MemberForm, SessionForm

bp = Blueprint("groups", __name__, url_prefix="/groups")

GROUP_FIELDS = ("kind", "title", "starts_on", "guided_weeks", "capacity")


def _group_or_404(group_id):
    return services.visible_group(current_user, group_id) or abort(404)


def _to_group(group_id):
    return redirect(url_for("groups.show", group_id=group_id))


@bp.route("")
@require("groups")
def index():
    return render_template("groups/index.html",
                           groups=services.groups_for(current_user, local_today()))


@bp.route("/new", methods=["GET", "POST"])
@require("groups")
def new():
    location = current_location(current_user)
    if location is None:
        return redirect(url_for("desk.pick_location"))
    form = GroupForm()
    if form.validate_on_submit():
        created = carry_out(lambda: services.create_group(
            current_user, location, **{name: form[name].data for name in GROUP_FIELDS},
        ), success=_("Group created."), form=form)
        if created:
            return _to_group(created.value.id)
    elif form.is_submitted():
        carry_out(lambda: services.check_group(None, **readable(form, *GROUP_FIELDS)), form=form)
    return render_template("groups/group_form.html", form=form, group=None, location=location)


@bp.route("/<group_id>")
@require("groups")
def show(group_id):
    group = _group_or_404(group_id)
    return render_template("groups/show.html", group=group, page=services.group_page(group),
                           status=services.group_status(group, local_today()),
                           member_form=MemberForm(formdata=None))


@bp.route("/<group_id>/edit", methods=["GET", "POST"])
@require("groups")
def edit(group_id):
    group = _group_or_404(group_id)
    form = EditGroupForm(obj=group)
    if form.validate_on_submit():
        if carry_out(lambda: services.update_group(
            current_user, group, cancelled=form.cancelled.data,
            **{name: form[name].data for name in GROUP_FIELDS},
        ), success=_("Group saved."), form=form):
            return _to_group(group.id)
    elif form.is_submitted():
        carry_out(lambda: services.check_group(group, **readable(form, *GROUP_FIELDS)),
                  form=form)
    return render_template("groups/group_form.html", form=form, group=group,
                           location=group.location)


@bp.route("/<group_id>/members", methods=["GET", "POST"])
@require("groups")
def enrol(group_id):
    group = _group_or_404(group_id)
    form = MemberForm()
    if form.validate_on_submit():
        enrolled = carry_out(lambda: services.enrol(
            current_user, group, visitor_code=form.visitor_code.data,
            new_visitor=form.new_visitor.data, joined_on=form.joined_on.data,
        ), form=form)
        if enrolled and form.new_visitor.data:
            flash(_("New participant enrolled. Print the card and give it to them."), "success")
            return redirect(url_for("visitors.card", code=enrolled.value.code))
        if enrolled:
            flash(_("Participant enrolled."), "success")
            return _to_group(group.id)
    return render_template("groups/enrol.html", form=form, group=group)


@bp.route("/<group_id>/members/<code>/leave", methods=["GET", "POST"])
@require("groups")
def leave(group_id, code):
    group = _group_or_404(group_id)
    member = services.visible_member(group, code) or abort(404)
    form = LeaveForm()
    if form.validate_on_submit() and carry_out(lambda: services.leave(
        current_user, member, left_on=form.left_on.data,
    ), success=_("The participant's leaving is recorded."), form=form):
        return _to_group(group.id)
    return render_template("groups/leave.html", form=form, group=group, member=member)


@bp.route("/<group_id>/sessions/new", methods=["GET", "POST"])
@require("groups")
def new_session(group_id):
    group = _group_or_404(group_id)
    form = SessionForm()
    form.present.choices = options(services.participant_choices(group))
    form.topic.choices = options(services.topic_choices(current_language()))
    if form.validate_on_submit():
        if carry_out(lambda: services.record_session(
            current_user, group, starts_at=form.starts_at.data,
            duration_minutes=form.duration_minutes.data, guided=form.guided.data,
            topic=form.topic.data, present=form.present.data,
            extra_attendees=form.extra_attendees.data, cancelled=form.cancelled.data,
            now=local_now(),
        ), success=_("Session recorded."), form=form):
            return _to_group(group.id)
    elif form.is_submitted():
        carry_out(lambda: services.check_session(
            group, **readable(form, "starts_at", "present", "extra_attendees", "topic"),
            cancelled=form.cancelled.data, now=local_now(),
        ), form=form)
    return render_template("groups/session_form.html", form=form, group=group)
