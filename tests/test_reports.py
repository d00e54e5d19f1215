"""Coordinators' reports: overview, yearly page, CSV and XLSX; scope, suppression, bad input."""

import csv
import io
import itertools
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from support import count_queries

from jobatelier.access import POLICY
from jobatelier.extensions import db
from jobatelier.models import HelpType, Outcome, Visit, Visitor
from jobatelier.reports import downloads
from jobatelier.reports.figures import unique_visitors_per_year, visits_by_month_and_hour
from jobatelier.reports.services import yearly_report

SERIAL = itertools.count()


def add_visits(location, count, year=2022, visitor=None, helps=("cv",), outcome=None):
    """`count` visitors (or visits of one visitor) at `location` in `year`."""
    help_types = list(db.session.scalars(select(HelpType).where(HelpType.code.in_(helps))))
    for number in range(count):
        who = visitor or Visitor(code=f"t-{next(SERIAL)}", first_location=location,
                                 registered_on=date(year, 3, 1))
        db.session.add(Visit(location=location, visitor=who, help_types=help_types,
                             arrived_at=datetime(year, 3, 1 + number % 28, 10)))
        if outcome:
            db.session.add(Outcome(visitor=who, outcome=outcome, location=location,
                                   recorded_on=date(year, 6, 1)))
    db.session.commit()


def rows(response):
    return {row["location_code"]: row
            for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}


@pytest.fixture
def as_coordinator(auth, coordinator):
    auth.login(coordinator)
    return auth.client


@pytest.fixture
def published_only(monkeypatch):
    monkeypatch.setitem(POLICY, "raw_counts", {"admin"})


def test_the_overview_counts_unique_visitors_per_year_and_location(as_coordinator, lier):
    add_visits(lier, 12, 2021)
    add_visits(lier, 7, 2022)
    page = as_coordinator.get("/reports").get_data(as_text=True)
    assert "Jobatelier Lier" in page and 'href="/reports/yearly?year=2022"' in page
    assert ">12<" in page and ">7<" in page


def test_the_overview_counts_each_visitor_once_and_each_one_off_visit_as_one(app, lier, heist):
    add_visits(lier, 3, 2022)
    regular = db.session.scalar(select(Visitor))
    add_visits(lier, 4, 2022, visitor=regular)  # more visits: still one visitor
    add_visits(heist, 2, 2022, visitor=regular)  # and at a second location
    add_visits(heist, 1, 2023, visitor=regular)
    cv = list(db.session.scalars(select(HelpType).where(HelpType.code == "cv")))
    db.session.add_all([Visit(location=lier, help_types=cv, arrived_at=datetime(2022, 5, day))
                        for day in (1, 2)])  # two one-off visits without a code
    db.session.commit()
    assert unique_visitors_per_year([lier.id, heist.id]) == {
        (2022, lier.id): 5, (2022, heist.id): 1, (2022, None): 5,
        (2023, heist.id): 1, (2023, None): 1}


def test_visits_per_month_and_per_weekday_and_hour(app, lier):
    cv = list(db.session.scalars(select(HelpType).where(HelpType.code == "cv")))
    arrivals = [datetime(2022, 3, 7, 10, 5),  # a Monday
                datetime(2022, 3, 8, 14, 30), datetime(2022, 3, 8, 14, 59),  # a Tuesday
                datetime(2022, 11, 4, 9, 15),  # a Friday
                datetime(2021, 12, 31, 16, 0), datetime(2023, 1, 1, 9, 0)]  # other years
    db.session.add_all([Visit(location=lier, help_types=cv, arrived_at=at) for at in arrivals])
    db.session.commit()
    assert visits_by_month_and_hour([lier.id], 2022) == (
        {3: 3, 11: 1}, {(0, 10): 1, (1, 14): 2, (4, 9): 1})


def test_the_yearly_figures_reach_the_csv(as_coordinator, lier):
    add_visits(lier, 10, 2021, outcome="stopped")
    add_visits(lier, 20, 2022, helps=("cv", "talk"), outcome="work")
    visitor = db.session.scalar(select(Visitor).where(Visitor.registered_on == date(2021, 3, 1)))
    add_visits(lier, 3, 2022, visitor=visitor)  # a returning visitor, three visits
    add_visits(lier, 5, 2022, helps=("digital",))
    row = rows(as_coordinator.get("/reports/yearly.csv?year=2022"))["lier"]
    assert row["unique_visitors"] == "26" and row["new_visitors"] == "25"
    assert row["returning_visitors"] == "1" and row["visits"] == "28"
    assert row["positive_visitors"] == "20" and row["positive_rate"] == "76.9"
    assert row["known_outcome_visitors"] == "21" and row["positive_rate_known"] == "95.2"
    assert row["help_cv"] == "23" and row["help_talk"] == "20" and row["help_digital"] == "5"
    assert row["outcome_work"] == "20" and row["outcome_stopped"] == "1"


def test_the_yearly_page_shows_figures_definitions_and_charts(as_coordinator, lier):
    add_visits(lier, 30, 2022, outcome="training")
    add_visits(lier, 10, 2021)
    page = as_coordinator.get("/reports/yearly?year=2022").get_data(as_text=True)
    for text in ("Unieke bezoekers", "Positieve uitstroom", "Bezoeken per maand", "<svg",
                 "Drukke uren", "RFC 4180", "eerste bezoek ooit"):
        assert text in page, text
    assert "100.0 %" in page and "2021: 10" in page


def test_small_counts_are_hidden_and_cannot_be_worked_out(as_coordinator, lier, heist,
                                                            make_user, auth, published_only):
    add_visits(lier, 30, 2022, outcome="work")
    add_visits(lier, 3, 2022, outcome="stopped")
    add_visits(heist, 2, 2022)
    add_visits(heist, 40, 2022, helps=("talk",))
    auth.logout()
    auth.login(make_user("cora", "coordinator", [lier, heist]))
    table = rows(auth.client.get("/reports/yearly.csv?year=2022"))
    cells = [value for row in table.values() for value in row.values()]
    assert not {"1", "2", "3", "4"} & set(cells)
    assert table["lier"]["outcome_stopped"] == "< 5"
    for row in table.values():  # no lone hidden cell in a sum a reader could redo
        for group in (("unique_visitors", "new_visitors", "returning_visitors"),
                      tuple(f"outcome_{c}" for c in ("work", "internship", "training", "study",
                                                     "referral")) + ("positive_visitors",)):
            assert sum(row[name] == "< 5" for name in group) != 1, group
    visits = [table[code]["visits"] for code in table]
    assert visits.count("< 5") != 1
    assert table["lier"]["positive_rate"] == ""  # it would give the hidden count away


def test_the_downloads_hide_what_the_page_hides(app, lier, heist):
    add_visits(lier, 30, 2022, outcome="work")
    add_visits(lier, 3, 2022, outcome="stopped")
    add_visits(heist, 2, 2022)
    add_visits(heist, 40, 2021)
    talk = db.session.scalar(select(HelpType).where(HelpType.code == "talk"))
    for day in (4, 5):  # a small month and a small hour of their own
        db.session.add(Visit(location=lier, help_types=[talk],
                             arrived_at=datetime(2022, 7, day, 19)))
    db.session.commit()
    page = yearly_report([heist, lier], 2022, k=5, raw=False)
    download = yearly_report([heist, lier], 2022, k=5, raw=False, table_only=True)
    assert (page.year - 1, "heist-op-den-berg", "visits") in page.values
    assert "< 5" in str(downloads.table(page))
    assert downloads.table(download) == downloads.table(page)


def test_a_coordinator_allowed_raw_counts_sees_them_only_when_asked(as_coordinator, lier):
    add_visits(lier, 3, 2022)
    assert "&lt; 5" in as_coordinator.get("/reports/yearly?year=2022").get_data(as_text=True)
    page = as_coordinator.get("/reports/yearly?year=2022&raw=y").get_data(as_text=True)
    assert "Alleen voor intern gebruik" in page and "&lt; 5" not in page


def test_the_workbook_holds_the_same_table_and_the_definitions(as_coordinator, lier):
    add_visits(lier, 8, 2022)
    response = as_coordinator.get("/reports/yearly.xlsx?year=2022")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["2022"]
    assert sheet["A1"].value == "location_code" and sheet["D2"].value == 8
    assert "Unieke bezoekers" in [row[0].value for row in book.worksheets[1].iter_rows()]


def test_coordinators_see_only_their_locations(as_coordinator, lier, heist):
    add_visits(heist, 9, 2022)
    assert as_coordinator.get("/reports/yearly?year=2022&location=heist-op-den-berg"
                              ).status_code == 404
    assert "Heist" not in as_coordinator.get("/reports").get_data(as_text=True)
    table = rows(as_coordinator.get("/reports/yearly.csv?year=2022"))
    assert set(table) == {"lier", "total"} and table["total"]["visits"] == "0"


def test_volunteers_see_no_reports(as_volunteer):
    assert as_volunteer.get("/reports").status_code == 403
    assert as_volunteer.get("/reports/yearly.csv?year=2022").status_code == 403


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 400, "Kies een jaar."),
        ("year=twenty", 400, "Ongeldig getal"),
        ("year=1999", 400, "Kies een jaar van 2000"),
        ("year=2999", 400, "Kies een jaar van"),
        ("year=2022&location=nowhere", 404, ""),
        ("year=2022&location=%00", 404, ""),
        ("year=%00", 400, ""),
    ],
)
@pytest.mark.parametrize("page", ["/reports/yearly", "/reports/yearly.csv", "/reports/yearly.xlsx"])
def test_bad_questions_get_a_clear_answer(as_coordinator, lier, page, query, status, message):
    response = as_coordinator.get(f"{page}?{query}")
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(("language", "heading"), [("fr", "Visiteurs uniques"),
                                                   ("en", "Unique visitors")])
def test_the_report_speaks_every_language(as_coordinator, lier, language, heading):
    add_visits(lier, 6, 2022)
    as_coordinator.post("/language", data={"language": language, "next": "/reports"})
    assert heading in as_coordinator.get("/reports/yearly?year=2022").get_data(as_text=True)


def test_the_yearly_page_runs_a_bounded_number_of_queries(as_coordinator, lier):
    def queries():
        with count_queries() as statements:
            assert as_coordinator.get("/reports/yearly?year=2022&location=lier"
                                      ).status_code == 200
        return len(statements)

    add_visits(lier, 5, 2022, outcome="work")
    few = queries()
    add_visits(lier, 25, 2022, helps=("cv", "talk", "digital"), outcome="training")
    assert queries() == few


def test_six_months_and_medians_until_an_outcome(as_coordinator, lier):
    visitor = Visitor(code="t-median", first_location=lier, registered_on=date(2022, 1, 10))
    db.session.add(visitor)
    db.session.commit()
    add_visits(lier, 3, visitor=visitor)  # 1, 2 and 3 March
    db.session.add(Outcome(visitor=visitor, outcome="work", location=lier,
                           recorded_on=date(2022, 3, 2)))
    db.session.commit()
    add_visits(lier, 4, outcome="training")  # four visitors, each one visit, training on 1 June
    page = as_coordinator.get("/reports/yearly?year=2022&raw=y").get_data(as_text=True)
    row = page.split("Werk gevonden binnen 6 maanden")[1].split("</tr>")[0]
    assert ">1<" in row
    medians = page.split("Mediaan aantal bezoeken tot een afloop")[1].split("</tr>")[0]
    assert ">1<" in medians  # visits until the outcome: 2, 1, 1, 1, 1
    days = page.split("Mediaan aantal dagen tot een afloop")[1].split("</tr>")[0]
    assert ">92<" in days  # 1 March to 1 June, and 10 January to 2 March (51)
