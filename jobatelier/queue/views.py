"""The walk-in queue at my desk: joining, the list, calling, who left or was not there, the
way to the new-visit form, and the waiting-room screen."""

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import require, unattended
from ..desk.location import current_location
from ..desk.services import help_type_choices
from ..forms import options, readable
from ..i18n import current_language
from ..submissions import carry_out
from ..timeutil import local_now
from . import services
from .forms import JoinForm, TicketForm

bp = Blueprint("queue", __name__, url_prefix="/queue")

# The screen reloads itself this often (static/screen.js, the app's own script).
SCREEN_REFRESH_SECONDS = 15


def at_my_desk(view):
    """The view works on the queue of the desk this session works at (picked first)."""

    @wraps(view)
    def with_location(*args, **kwargs):
        location = current_location(current_user)
        if location is None:
            return redirect(url_for("desk.pick_location"))
        return view(location, *args, **kwargs)

    return with_location


def _join_form() -> JoinForm:
    form = JoinForm()
    form.help_types.choices = options(help_type_choices(current_language()))
    return form


def _page(location, form, status=200):
    return render_template("queue/index.html", location=location, form=form,
                           queue=services.queue_at(location, local_now()),
                           ticket_form=TicketForm(formdata=None)), status


@bp.route("")
@require("queue")
@at_my_desk
def index(location):
    return _page(location, _join_form())


@bp.route("", methods=["POST"])
@require("queue")
@at_my_desk
def join(location):
    form = _join_form()
    if form.validate_on_submit():
        joined = carry_out(lambda: services.join(
            current_user, location, visitor_code=form.visitor_code.data,
            help_type_codes=form.help_types.data, now=local_now()), form=form)
        if joined:
            flash(_("Ticket %(number)d", number=joined.value.number), "ticket")
            return redirect(url_for("queue.index"))
    elif form.is_submitted():
        carry_out(lambda: services.check_join(
            location, **readable(form, "visitor_code", "help_types")), form=form)
    return _page(location, form, status=400)


def _ticket_at_my_desk(ticket_id):
    """The ticket, if it is in the queue of one of the user's desks (else a 404)."""
    return services.visible_ticket(current_user, ticket_id) or abort(404)


def _button(ticket_id, change):
    """A ticket's button: its change, or why it could not be made; back to the list."""
    ticket = _ticket_at_my_desk(ticket_id)
    if TicketForm().validate_on_submit():
        carry_out(lambda: change(current_user, ticket, local_now()))
    else:
        flash(_("The form had expired. Please try again."), "error")
    return redirect(url_for("queue.index"))


@bp.route("/<ticket_id>/call", methods=["POST"])
@require("queue")
def call(ticket_id):
    return _button(ticket_id, services.call)


@bp.route("/<ticket_id>/left", methods=["POST"])
@require("queue")
def left(ticket_id):
    return _button(ticket_id, services.leave)


@bp.route("/<ticket_id>/requeue", methods=["POST"])
@require("queue")
def requeue(ticket_id):
    return _button(ticket_id, services.requeue)


@bp.route("/<ticket_id>/done")
@require("queue")
def done(ticket_id):
    """Helped: the new-visit form, filled in from the ticket."""
    ticket = _ticket_at_my_desk(ticket_id)
    return redirect(url_for("desk.new_visit", ticket=ticket.id))


@bp.route("/screen")
@unattended
@require("queue")
@at_my_desk
def screen(location):
    return render_template("queue/screen.html", location=location,
                           screen=services.screen(location, local_now()),
                           refresh=SCREEN_REFRESH_SECONDS)
