"""Coordinators' reports: the overview, the yearly report, and its CSV and XLSX downloads."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from ..access import can, require
from ..errors import RuleError
from ..forms import show_rule_error
from ..i18n import current_language
from ..models import CONTRACT_TYPES, OUTCOMES
from ..timeutil import local_today
from . import charts, downloads, services
from .figures import PROFILE_FIELDS
from .forms import YearForm

bp = Blueprint("reports", __name__, url_prefix="/reports")


def may_see_raw_counts() -> bool:
    return can("raw_counts")


def _locations():
    try:
        return services.report_locations(current_user, request.args.getlist("location"))
    except LookupError:
        abort(404)


@bp.route("")
@require("reports")
def overview():
    raw = may_see_raw_counts() and request.args.get("raw") == "y"
    data = services.overview(_locations(), current_app.config["REPORT_MIN_CELL"], raw)
    return render_template("reports/overview.html", overview=data, raw=raw,
                           may_see_raw=may_see_raw_counts())


def _yearly(download: bool):
    """The report asked for in the address, or the form with what is wrong (status 400).
    Roles that may see raw counts get them in the downloads; everyone else gets the published
    table. The downloads hold the year's table alone."""
    locations = _locations()
    form = YearForm(request.args)
    if not form.validate():
        return form, locations, None
    try:
        year = services.check_year(form.year.data, local_today().year)
    except RuleError as error:
        show_rule_error(form, error)
        return form, locations, None
    raw = may_see_raw_counts() and (form.raw.data or download)
    report = services.yearly_report(locations, year, current_app.config["REPORT_MIN_CELL"], raw,
                                    table_only=download)
    return form, locations, report


@bp.route("/yearly")
@require("reports")
def yearly():
    form, locations, report = _yearly(download=False)
    if report is None:
        return _question_page(form, locations)
    return render_template(
        "reports/yearly.html", form=form, report=report, locations=locations,
        may_see_raw=may_see_raw_counts(), language=current_language(),
        month_bars=charts.bar_chart(downloads.month_points(report)),
        heat_hours=downloads.heat_hours(report),
        heat=charts.heat_map(downloads.heat_points(report), downloads.heat_hours(report)),
        definitions=downloads.definitions(),
        heat_colours=charts.HEAT_COLOURS, weekdays=charts.WEEKDAYS,
        outcome_codes=OUTCOMES, contract_codes=(*CONTRACT_TYPES, None),
        profile_fields=PROFILE_FIELDS,
    )


def _question_page(form, locations):
    return render_template("reports/yearly.html", form=form, report=None, locations=locations,
                           may_see_raw=may_see_raw_counts()), 400


@bp.route("/yearly.csv")
@require("reports")
def yearly_csv():
    return _download(downloads.csv_response)


@bp.route("/yearly.xlsx")
@require("reports")
def yearly_xlsx():
    return _download(downloads.xlsx_response)


def _download(response_for):
    form, locations, report = _yearly(download=True)
    if report is None:
        return _question_page(form, locations)
    return response_for(report)
