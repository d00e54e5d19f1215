"""Logging in and out, and choosing the language."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..access import public, require
from ..extensions import db
from . import services
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
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            language = session.get("language")
            session.clear()  # nothing of an earlier session survives a login on the shared PC
            if language:
                session["language"] = language
            login_user(user)
            return redirect(url_for("desk.today"))
        form.password.errors.append(_("Unknown username or wrong password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@require("desk")
def logout():
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
            current_user.language = form.language.data
            db.session.commit()
    target = request.form.get("next", "")
    # Only a path on this site: never an open redirect.
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("auth.login")
    return redirect(target)
