"""Logging in and out, and choosing the language."""

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from .. import pending
from ..access import is_unattended, permitted, public, require
from ..errors import RuleError
from ..forms import show_rule_error
from ..timeutil import utcnow
from . import services, sessions
from .forms import LanguageForm, LoginForm

bp = Blueprint("auth", __name__)


def home(user) -> str:
    """Where a user lands: the desk, or for a coach (who sees nothing of it) their
    trajectories."""
    if permitted(user, "coaching") and not permitted(user, "desk"):
        return url_for("trajectories.index")
    return url_for("desk.today")


@bp.route("/")
@public
def index():
    return redirect(home(current_user))


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data)
        except RuleError as error:
            show_rule_error(form, error)
        else:
            before = dict(session)
            session.clear()  # nothing of an earlier session survives a login on the shared PC
            if before.get("language"):
                session["language"] = before["language"]
            back_to = pending.carry_over(before, user.id)
            session["sid"], session["seen"] = sessions.start_session(user), time.time()
            login_user(user)
            if back_to:
                flash(_("What you typed is back. Check it and save it."), "info")
            return redirect(back_to or home(user))
    return render_template("auth/login.html", form=form, timed_out="timed_out" in session,
                           typed_kept=pending.KEY in session,
                           idle_minutes=current_app.config["SESSION_IDLE_MINUTES"])


def load_user(user_id: str):
    """Flask-Login's loader: the user of the live server-side session this cookie names.
    A session that timed out is remembered as such, for the login page to say why."""
    user = sessions.session_user(session.get("sid"), session.get("seen"), utcnow())
    if user is None or str(user.id) != user_id:
        owner = sessions.timed_out_owner(session.get("sid"))
        if owner is not None:
            session["timed_out"] = owner
        return None
    if not is_unattended(current_app.view_functions.get(request.endpoint)):
        session["seen"] = time.time()
    return user


def unauthorized():
    """Flask-Login's answer to a request without a live session: the login page (a 401 for
    the page's own script). A form posted into a session that timed out is kept for the
    same user when its view opted in (jobatelier.pending)."""
    owner = session.get("timed_out")
    if owner is not None:
        pending.keep_if_wanted(owner)
    if _from_script():
        return "", 401
    return redirect(url_for("auth.login"))


def _from_script() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.route("/session/keep-alive", methods=["POST"])
@require("stay_logged_in")
def keep_alive():
    """'Stay logged in': any request of the session resets the idle time; nothing else."""
    if _from_script():
        return "", 204
    return redirect(services.path_on_this_site(request.form.get("next", ""))
                    or home(current_user))


@bp.route("/logout", methods=["POST"])
@public  # also after a timeout: the shared PC is cleared whatever the session's state
def logout():
    sessions.end_session(session.get("sid"), "logout")
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    response = redirect(url_for("auth.login"))
    # The browser forgets what this session left behind on the shared PC.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/language", methods=["POST"])
@public
def choose_language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["language"] = form.language.data
        if current_user.is_authenticated:
            services.save_language(current_user, form.language.data)
    return redirect(services.path_on_this_site(request.form.get("next", ""))
                    or url_for("auth.login"))
