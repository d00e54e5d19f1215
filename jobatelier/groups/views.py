"""Groups: the list, a group's page with its attendance, enrolling participants, recording
sessions, and correcting or removing what was entered."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import correctable, require
from ..desk.location import current_location
from ..forms import options, readable, version_of
from ..i18n import current_language
from ..submissions import carry_out, confirm_then
from ..timeutil import local_now, local_today
from . import members, services, sessions
from .forms import (
    EditGroupForm,
    EditMemberForm,
    EditSessionForm,
    GroupForm,
    LeaveForm,
    MemberForm,
    SessionForm,
)

bp = Blueprint("groups", __name__, url_prefix="/groups")

GROUP_FIELDS = ("kind", "title", "starts_on", "guided_weeks", "capacity")


def _group_or_404(group_id):
    return services.visible_group(current_user, group_id) or abort(404)


def _member_or_404(group, code):
    return members.visible_member(group, code) or abort(404)



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
    if form.first_shown():
        form.version.data = group.version
    if form.validate_on_submit():
        if carry_out(lambda: services.update_group(
            current_user, group, reopen=form.reopen.data, version=version_of(form),
            **{name: form[name].data for name in GROUP_FIELDS},
        ), success=_("Group saved."), form=form):
            return _to_group(group.id)
    elif form.is_submitted():
        carry_out(lambda: services.check_group(group, **readable(form, *GROUP_FIELDS)),
                  form=form)
    return render_template("groups/group_form.html", form=form, group=group,
                           location=group.location)


@bp.route("/<group_id>/cancel", methods=["GET", "POST"])
@require("groups")
def cancel(group_id):
    group = _group_or_404(group_id)
    here = url_for("groups.show", group_id=group.id)
    return confirm_then(
        group, title=_("Cancel this group?"), shown=lambda: services.group_summary(group),
        back=here, done=here, template="groups/cancel.html", success=_("The group is cancelled."),
        change=lambda version: services.cancel_group(current_user, group, version=version))


@bp.route("/<group_id>/members", methods=["GET", "POST"])
@require("groups")
def enrol(group_id):
    group = _group_or_404(group_id)
    form = MemberForm()
    if form.validate_on_submit():
        enrolled = carry_out(lambda: members.enrol(
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
    member = _member_or_404(group, code)
    form = LeaveForm()
    if form.validate_on_submit() and carry_out(lambda: members.leave(
        current_user, member, left_on=form.left_on.data,
    ), success=_("The participant's leaving is recorded."), form=form):
        return _to_group(group.id)
    return render_template("groups/leave.html", form=form, group=group, member=member)


@bp.route("/<group_id>/members/<code>/edit", methods=["GET", "POST"])
@require("correct")
def edit_member(group_id, code):
    group = _group_or_404(group_id)
    member = correctable(members.visible_member(group, code))
    form = EditMemberForm(obj=member)
    if form.first_shown():
        form.version.data = member.version
    if form.validate_on_submit():
        if carry_out(lambda: members.update_member(
            current_user, member, joined_on=form.joined_on.data, left_on=form.left_on.data,
            version=version_of(form),
        ), success=_("Participant corrected."), form=form):
            return _to_group(group.id)
    elif form.is_submitted():
        carry_out(lambda: members.check_member(member, **readable(form, "joined_on", "left_on")),
                  form=form)
    return render_template("groups/edit_member.html", form=form, group=group, member=member)


@bp.route("/<group_id>/members/<code>/delete", methods=["GET", "POST"])
@require("correct")
def remove_member(group_id, code):
    group = _group_or_404(group_id)
    member = correctable(members.visible_member(group, code))
    return confirm_then(
        member, title=_("Remove this participant from the group?"),
        shown=lambda: members.member_summary(member),
        back=url_for("groups.edit_member", group_id=group.id, code=member.visitor.code),
        done=url_for("groups.show", group_id=group.id),
        success=_("Participant removed from the group."),
        change=lambda version: members.remove_member(current_user, member, version=version))


def _session_form(form_class, group):
    form = form_class()
    form.present.choices = options(services.participant_choices(group))
    form.topic.choices = options(services.topic_choices(current_language()))
    return form


def _session_fields(form) -> dict:
    return {"starts_at": form.starts_at.data, "duration_minutes": form.duration_minutes.data,
            "guided": form.guided.data, "topic": form.topic.data, "present": form.present.data,
            "extra_attendees": form.extra_attendees.data, "cancelled": form.cancelled.data,
            "now": local_now()}


def _check_session_form(group, form, correcting=False):
    """A form with mistakes of its own: the service's rules over what could be read."""
    carry_out(lambda: sessions.check_session(
        group, **readable(form, "starts_at", "present", "extra_attendees", "topic"),
        cancelled=form.cancelled.data, now=local_now(), correcting=correcting,
    ), form=form)


@bp.route("/<group_id>/sessions/new", methods=["GET", "POST"])
@require("groups")
def new_session(group_id):
    group = _group_or_404(group_id)
    form = _session_form(SessionForm, group)
    if form.validate_on_submit():
        if carry_out(lambda: sessions.record_session(current_user, group,
                                                     **_session_fields(form)),
                     success=_("Session recorded."), form=form):
            return _to_group(group.id)
    elif form.is_submitted():
        _check_session_form(group, form)
    return render_template("groups/session_form.html", form=form, group=group, session=None)


@bp.route("/<group_id>/sessions/<session_id>/edit", methods=["GET", "POST"])
@require("correct")
def edit_session(group_id, session_id):
    group = _group_or_404(group_id)
    session = correctable(sessions.visible_session(group, session_id))
    form = _session_form(EditSessionForm, group)
    if form.first_shown():
        form.process(obj=session, topic=session.topic.code if session.topic else "",
                     present=sessions.present_codes(session), version=session.version)
    if form.validate_on_submit():
        if carry_out(lambda: sessions.update_session(
            current_user, session, version=version_of(form), **_session_fields(form),
        ), success=_("Session corrected."), form=form):
            return _to_group(group.id)
    elif form.is_submitted():
        _check_session_form(group, form, correcting=True)
    return render_template("groups/session_form.html", form=form, group=group,
                           session=session)


@bp.route("/<group_id>/sessions/<session_id>/delete", methods=["GET", "POST"])
@require("correct")
def delete_session(group_id, session_id):
    group = _group_or_404(group_id)
    session = correctable(sessions.visible_session(group, session_id))
    return confirm_then(
        session, title=_("Delete this session?"),
        shown=lambda: sessions.session_summary(session, len(sessions.present_codes(session))),
        back=url_for("groups.edit_session", group_id=group.id, session_id=session.id),
        done=url_for("groups.show", group_id=group.id), success=_("Session deleted."),
        change=lambda version: sessions.delete_session(current_user, session, version=version))
