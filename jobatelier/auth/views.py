"""Logging in and out, and choosing the language."""

import time

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..access import public, require
from ..errors import RuleError
from ..forms import show_rule_error
from ..timeutil import utcnow
from . import services, sessions
from .forms import LanguageForm, LoginForm

bp = Blueprint("auth", __name__)


@bp.route("/")
@public
def index():
    return redirect(url_for("desk.today"))


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
            language = session.get("language")
            session.clear()  # nothing of an earlier session survives a login on the shared PC
            if language:
                session["language"] = language
            session["sid"], session["seen"] = sessions.start_session(user), time.time()
            login_user(user)
            return redirect(url_for("desk.today"))
    return render_template("auth/login.html", form=form)


def load_user(user_id: str):
    """Flask-Login's loader: the user of the live server-side session this cookie names."""
    user = sessions.session_user(session.get("sid"), session.get("seen"), utcnow())
    if user is None or str(user.id) != user_id:
        return None
    session["seen"] = time.time()
    return user


@bp.route("/logout", methods=["POST"])
@require("desk")
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
