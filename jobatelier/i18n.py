"""Which language a page speaks: the user's choice, else Dutch."""

from datetime import UTC
from functools import cache

import click
from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol
from flask import Flask, current_app, has_request_context, session
from flask_babel import format_date, format_time, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .timeutil import desk_zone

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}
CLI_LANGUAGE = "en"


def select_locale() -> str:
    """The language chosen in this session, else the account's, else the default (Dutch).
    The command line speaks English, the operators' language; other code run outside a
    request (a shell, a test calling a service) the default."""
    if not has_request_context():
        if click.get_current_context(silent=True) is not None:
            return CLI_LANGUAGE
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("language")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    language = getattr(current_user, "language", None)
    if language in current_app.config["LANGUAGES"]:
        return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


# i18n: the names of the fixed codes, shown wherever an outcome or profile field appears.
CODE_LABELS = {
    "work": _l("Found work"),
    "internship": _l("Internship"),
    "training": _l("Started a training"),
    "study": _l("Started studying"),
    "referral": _l("Referred to another organisation"),
    "stopped": _l("Stopped coming without result"),
    "lost_contact": _l("Lost contact"),
    "other": _l("Other"),
    "open_ended": _l("Open-ended contract"),
    "fixed_term": _l("Fixed-term contract"),
    "temp_agency": _l("Temp agency work"),
    "self_employed": _l("Self-employed"),
    "social_economy": _l("Social economy"),
    "volunteer": _l("Volunteer"),
    "coordinator": _l("Coordinator"),
    "admin": _l("Administrator"),
    "jobatelier": _l("Jobatelier"),
    "infopunt_werk": _l("Infopunt Werk"),
    "jobclub": _l("Jobclub"),
    "cosearching": _l("Cosearching"),
    "job_search_group": _l("Job-search group"),
    "orientation_group": _l("Orientation group"),
    "workshop": _l("Workshop"),
    "info_session": _l("Info session"),
    "planned": _l("Planned"),
    "running": _l("Running"),
    "finished": _l("Finished"),
    "cancelled": _l("Cancelled"),
    "completed": _l("Completed"),
    "participant_stopped": _l("Stopped by the participant"),
    "coach_stopped": _l("Stopped by the coach"),
    "mismatch": _l("Not a good match"),
    "moved": _l("Moved away"),
    "age_band": _l("Age"),
    "lt25": _l("Under 25"),
    "25_49": _l("25 to 49"),
    "50plus": _l("50 or older"),
    "dutch_level": _l("Dutch"),
    "none": _l("No Dutch"),
    "basic": _l("Basic Dutch"),
    "good": _l("Good Dutch"),
    "native": _l("Native speaker"),
    "education_level": _l("Education"),
    "low": _l("Low (no secondary diploma)"),
    "medium": _l("Medium (secondary diploma)"),
    "high": _l("High (higher education)"),
    "unemployment_duration": _l("Unemployed for"),
    "lt1y": _l("Less than a year"),
    "1_2y": _l("1 to 2 years"),
    "gt2y": _l("More than 2 years"),
}


def code_label(code: str | None) -> str:
    """The translated name of a fixed code, or the code itself for one we do not know."""
    if code is None:
        return str(_l("Unknown"))
    return str(CODE_LABELS.get(code, code))


def day(value) -> str:
    """A date as the user's language writes it ("29 nov. 2026", "29 Nov 2026")."""
    return format_date(value, "medium") if value else ""


def moment(value) -> str:
    """A date and time as written in the user's language, as stored: the desk's wall clock
    (or UTC where the page says so), never shifted to another time zone."""
    if not value:
        return ""
    return f"{format_date(value, 'medium')} {format_time(value, 'short', rebase=False)}"


@cache
def _decimal_mark(language: str) -> str:
    return get_decimal_symbol(language)


def percent(value) -> str:
    """A percentage with one decimal as the user's language writes it ("44,9 %" in Dutch and
    French). The yearly page of 300 locations shows thousands: no full number formatting."""
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", _decimal_mark(current_language())) + "\u00a0%"


def decimal(value) -> str:
    """A number with at most one decimal, in the user's language: "2", "2,5"."""
    if value is None:
        return "–"
    return f"{value:.1f}".removesuffix(".0").replace(".", _decimal_mark(current_language()))


def local_moment(value) -> str:
    """A moment stored in UTC (the audit log), as the desk's wall clock shows it."""
    if not value:
        return ""
    return moment(value.replace(tzinfo=UTC).astimezone(desk_zone()).replace(tzinfo=None))


def month_name(number) -> str:
    """A month's short name in the user's language ("jan.", "févr.", "Jan")."""
    return get_month_names("abbreviated", locale=get_locale())[int(number)]


def init_app(app: Flask) -> None:
    from . import audit

    app.jinja_env.filters.update(day=day, moment=moment, local_moment=local_moment,
                                 percent=percent, decimal=decimal, month_name=month_name,
                                 audit_action=audit.action_label, audit_subject=audit.subject,
                                 audit_object=audit.object_label)
    app.jinja_env.filters["code_label"] = code_label
    app.jinja_env.filters["help_label"] = lambda help_type: help_type.label(current_language())

    @app.context_processor
    def language_context():
        return {"language": current_language(), "language_names": LANGUAGE_NAMES}
