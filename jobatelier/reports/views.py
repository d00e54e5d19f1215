"""Coordinators' reports: the overview, the yearly report, and its CSV and XLSX downloads."""

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from ..access import can, require
from ..errors import RuleError
from ..forms import options, show_rule_error
from ..i18n import current_language
from ..timeutil import local_today
from . import downloads, location_rows, services
from .forms import YearForm
from .page import yearly_page

bp = Blueprint("reports", __name__, url_prefix="/reports")


def may_see_raw_counts() -> bool:
    """The user's role may switch suppression off (access.py's `raw_counts`)."""
    return can("raw_counts")


@bp.route("")
@require("reports")
def overview():
    raw = may_see_raw_counts() and request.args.get("raw") == "y"
    data = services.overview(services.report_locations(current_user),
                             current_app.config["REPORT_MIN_CELL"], raw)
    return render_template("reports/overview.html", overview=data, raw=raw,
                           may_see_raw=may_see_raw_counts())


def _yearly(download: bool):
    """The form, and the report asked for in the address (None when the question is wrong).
    A download holds what the page shows: raw counts only when a role that may see them
    ticked the internal view, the published table otherwise. It holds the year's table alone."""
    locations = services.report_locations(current_user)
    form = _year_form(locations, request.args)
    if not form.validate():
        return form, None
    try:
        year = services.check_year(form.year.data, local_today().year)
    except RuleError as error:
        show_rule_error(form, error)
        return form, None
    raw = may_see_raw_counts() and form.raw.data
    report = services.yearly_report(services.chosen_locations(locations, form.location.data),
                                    year, current_app.config["REPORT_MIN_CELL"], raw,
                                    table_only=download)
    return form, report


@bp.route("/yearly")
@require("reports")
def yearly():
    if "year" not in request.args:  # nothing asked yet: the question, no error
        return _question_page(_first_question(), status=200)
    form, report = _yearly(download=False)
    if report is None:
        return _question_page(form)
    rows = location_rows.rows_table(report, request.args.get("sort"),
                                    request.args.get("order")) if report.as_rows else None
    return render_template("reports/yearly.html", form=form, report=report,
                           page=yearly_page(report, local_today()), rows=rows,
                           question=_question(report), may_see_raw=may_see_raw_counts(),
                           language=current_language())


def _question(report) -> dict:
    """The report's own question, for the links that ask it again (the downloads, the rows'
    sorting): no other argument of the address, url_for's own (`_external`, `_method`) least."""
    return {"year": report.year, "location": request.args.getlist("location"),
            "raw": "y" if report.raw else None}


def _first_question():
    """The question as first shown: last year (the last whole one), all the user's locations."""
    return _year_form(services.report_locations(current_user), None,
                      year=local_today().year - 1)


def _year_form(locations, formdata, **defaults) -> YearForm:
    """The report's question, offering the locations the user may report on."""
    form = YearForm(formdata=formdata, **defaults)
    form.location.choices = options((location.code, location.name) for location in locations)
    return form


def _question_page(form, status=400):
    return render_template("reports/yearly.html", form=form, report=None,
                           may_see_raw=may_see_raw_counts()), status


@bp.route("/yearly.csv")
@require("reports")
def yearly_csv():
    return _download(downloads.csv_response)


@bp.route("/yearly.xlsx")
@require("reports")
def yearly_xlsx():
    from .workbook import xlsx_response  # loads openpyxl, which the app's start need not

    return _download(xlsx_response)


def _download(response_for):
    form, report = _yearly(download=True)
    if report is None:
        return _question_page(form)
    return response_for(report)
