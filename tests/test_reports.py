"""Coordinators' reports: overview, yearly page, CSV and XLSX; scope, suppression, bad input."""

import csv
import io
import itertools
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from support import count_queries

from jobatelier.access import POLICY
from jobatelier.extensions import db
from jobatelier.i18n import code_label
from jobatelier.models import OUTCOMES, HelpType, Outcome, Visit, Visitor
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


def visitors_with(location, outcomes: dict, year=2022):
    """For each (outcome, contract type) -> count: that many new visitors of `year` at
    `location`, one visit each, whose outcome is that (None: still searching)."""
    cv = list(db.session.scalars(select(HelpType).where(HelpType.code == "cv")))
    for (outcome, contract), count in outcomes.items():
        for _ in range(count):
            who = Visitor(code=f"t-{next(SERIAL)}", first_location=location,
                          registered_on=date(year, 3, 1))
            db.session.add(Visit(location=location, visitor=who, help_types=cv,
                                 arrived_at=datetime(year, 3, 1 + len(location.code), 10)))
            if outcome:
                db.session.add(Outcome(visitor=who, outcome=outcome, contract_type=contract,
                                       location=location, recorded_on=date(year, 6, 1)))
    db.session.commit()


def the_demo_outcomes_of_2022(heist, lier):
    """The shape of issue 20: Heist-op-den-Berg's 2 internships, 1 study, 4 lost contacts and
    3 temp agency jobs beside Lier's 5, 7, 12 and 5, no visitor shared."""
    visitors_with(heist, {("internship", None): 2, ("study", None): 1, ("lost_contact", None): 4,
                          ("work", "temp_agency"): 3, ("work", "open_ended"): 20,
                          ("training", None): 13, ("stopped", None): 5, (None, None): 40})
    visitors_with(lier, {("internship", None): 5, ("study", None): 7, ("lost_contact", None): 12,
                         ("work", "temp_agency"): 5, ("work", "open_ended"): 34,
                         ("training", None): 30, ("stopped", None): 11, (None, None): 80})
    visitors_with(heist, {(None, None): 20}, year=2021)
    visitors_with(lier, {("stopped", None): 3, (None, None): 50}, year=2021)


def rows(response):
    lines = response.get_data(as_text=True).splitlines()
    if lines and lines[0].startswith("intern: niet publiceren"):
        lines = lines[1:]  # raw counts: the warning line above the header
    return {row["location_code"]: row for row in csv.DictReader(lines)}


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
    row = rows(as_coordinator.get("/reports/yearly.csv?year=2022&raw=y"))["lier"]
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
    for text in ("Unieke bezoekers", "Positief resultaat", "Bezoeken per maand", "<svg",
                 "Drukke uren", "RFC 4180", "eerste bezoek ooit"):
        assert text in page, text
    assert "100,0\u00a0%" in page  # as Dutch writes it
    assert '<th scope="col" class="number previous">2021</th>' in page
    assert '<td class="number previous">10</td>' in page  # last year in a column of its own


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
    assert sheet["A1"].value == "Locatiecode" and sheet["D2"].value == 8
    assert "Unieke bezoekers" in [row[0].value for row in book.worksheets[1].iter_rows()]


def test_the_workbook_names_every_column_in_the_users_language_and_gives_its_code(
        as_coordinator, lier):
    add_visits(lier, 8, 2022)
    csv_header = next(csv.reader(io.StringIO(
        as_coordinator.get("/reports/yearly.csv?year=2022").get_data(as_text=True))))
    book = load_workbook(io.BytesIO(as_coordinator.get("/reports/yearly.xlsx?year=2022").data))
    names = [cell.value for cell in book["2022"][1]]
    codebook = list(book["Codeboek"].iter_rows(values_only=True))
    assert codebook[0] == ("Blad", "Kolom", "Code in het CSV-bestand")
    of_the_year = [(name, code) for sheet, name, code in codebook[1:] if sheet == "2022"]
    assert [code for _, code in of_the_year] == csv_header  # every column, in order
    assert [name for name, _ in of_the_year] == names
    assert len(set(names)) == len(names) and not set(names) & set(csv_header)
    programmes = [cell.value for cell in book["Groepen en trajecten"][1]]
    assert programmes == [name for sheet, name, _ in codebook[1:] if sheet != "2022"]
    assert len(set(programmes)) == len(programmes)
    assert "Gestarte groepen in het jaar: Werk gevonden binnen 6 maanden" in programmes
    assert {"Hulp: CV opmaken of aanpassen", "Resultaat: Werk gevonden"} <= set(names)


def test_coordinators_see_only_their_locations(as_coordinator, lier, heist):
    add_visits(heist, 9, 2022)
    answer = as_coordinator.get("/reports/yearly?year=2022&location=heist-op-den-berg")
    assert answer.status_code == 400 and "Heist" not in answer.get_data(as_text=True)
    assert "Heist" not in as_coordinator.get("/reports").get_data(as_text=True)
    table = rows(as_coordinator.get("/reports/yearly.csv?year=2022"))
    assert set(table) == {"lier", "total"} and table["total"]["visits"] == "0"


def test_volunteers_see_no_reports(as_volunteer):
    assert as_volunteer.get("/reports").status_code == 403
    assert as_volunteer.get("/reports/yearly.csv?year=2022").status_code == 403


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("year=twenty", 400, "Ongeldig getal"),
        ("year=1999", 400, "Kies een jaar van 2000"),
        ("year=2999", 400, "Kies een jaar van"),
        ("year=2022&location=nowhere", 400, "Kies uit de lijst."),
        ("year=2022&location=%00", 400, "Kies uit de lijst."),
        ("year=%00", 400, ""),
    ],
)
@pytest.mark.parametrize("page", ["/reports/yearly", "/reports/yearly.csv", "/reports/yearly.xlsx"])
def test_bad_questions_get_a_clear_answer(as_coordinator, lier, page, query, status, message):
    response = as_coordinator.get(f"{page}?{query}")
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_the_question_comes_first_without_an_error(as_coordinator, lier):
    response = as_coordinator.get("/reports/yearly")
    page = response.get_data(as_text=True)
    last_year = str(date.today().year - 1)
    assert response.status_code == 200 and "error-summary" not in page
    assert f'value="{last_year}"' in page
    assert as_coordinator.get("/reports/yearly.csv?").status_code == 400  # a download must ask


def test_a_year_not_over_yet_says_so_and_the_charts_have_their_figures(as_coordinator, lier):
    add_visits(lier, 30, date.today().year)
    page = as_coordinator.get(f"/reports/yearly?year={date.today().year}").get_data(
        as_text=True)
    assert "deel van het jaar, tot" in page
    add_visits(lier, 30, 2022)
    page = as_coordinator.get("/reports/yearly?year=2022").get_data(as_text=True)
    assert "deel van het jaar" not in page and ">jan<" in page  # month names, in Dutch
    assert page.count('class="chart-data"') == 2  # a table under each chart


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
    medians = page.split("Mediaan aantal bezoeken tot een resultaat")[1].split("</tr>")[0]
    assert ">1<" in medians  # visits until the outcome: 2, 1, 1, 1, 1
    days = page.split("Mediaan aantal dagen tot een resultaat")[1].split("</tr>")[0]
    assert ">92<" in days  # 1 March to 1 June, and 10 January to 2 March (51)


def as_in_a_workbook(text: str):
    try:
        return float(text)
    except ValueError:
        return text


class PageTables(HTMLParser):
    """The tables of a report page, in order: [{row label: [each column's count as shown]}]."""

    def __init__(self, page: str):
        super().__init__()
        self.tables, self.label, self.cell, self.inner = [], None, None, 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({})
        elif tag == "th" and ("scope", "row") in attrs:
            self.label = ""
        elif tag == "td" and "previous" in (dict(attrs).get("class") or ""):
            self.inner += 1  # last year's count and the change: columns of their own
        elif tag == "td" and self.label is not None:
            self.cell = ""
        elif tag in ("span", "small"):  # a share, "(retired)"
            self.inner += 1

    def handle_endtag(self, tag):
        if tag == "th" and self.label is not None:
            self.tables[-1][self.label.strip()] = []
        elif tag == "td" and self.cell is not None:
            self.tables[-1][self.label.strip()].append(self.cell.strip())
            self.cell = None
        elif tag == "td" and self.inner or tag in ("span", "small"):
            self.inner -= 1
        elif tag == "tr":
            self.label = None

    def handle_data(self, data):
        if self.inner:
            return
        if self.cell is not None:
            self.cell += data
        elif self.label is not None:
            self.label += data


def test_a_download_of_the_published_page_holds_what_the_page_shows(app, auth, lier, heist,
                                                                     make_user, published_only):
    the_demo_outcomes_of_2022(heist, lier)
    auth.login(make_user("cora", "coordinator", [lier, heist]))
    visitors, helps, outcomes = PageTables(
        auth.client.get("/reports/yearly?year=2022").get_data(as_text=True)).tables[:3]
    download = auth.client.get("/reports/yearly.csv?year=2022")
    assert "intern" not in download.headers["Content-Disposition"]
    table = list(rows(download).values())
    book = load_workbook(io.BytesIO(auth.client.get("/reports/yearly.xlsx?year=2022").data))
    sheet = list(book["2022"].iter_rows(values_only=True))
    assert [[as_in_a_workbook(value) for value in row.values()] for row in table] == [
        [value if value is not None else "" for value in row] for row in sheet[1:]]
    with app.test_request_context():
        on_page = {f"outcome_{code}": outcomes[code_label(code)] for code in OUTCOMES}
    on_page |= {f"help_{help_type.code}": helps[help_type.label("nl")]
                for help_type in db.session.scalars(select(HelpType))}
    on_page |= {"unique_visitors": visitors["Unieke bezoekers"],
                "new_visitors": visitors["Nieuwe bezoekers"],
                "returning_visitors": visitors["Terugkerende bezoekers"],
                "visits": visitors["Bezoeken"], "positive_rate": outcomes["Positief resultaat"],
                "positive_rate_known": outcomes["Positief resultaat, als het resultaat gekend is"]}
    hidden = 0
    for name, cells in on_page.items():
        shown_on_page = [text.removesuffix("\u00a0%").replace(",", ".").replace("–", "")
                         for text in cells]  # the page writes 44,3 %, the CSV 44.3
        assert [row[name] for row in table] == shown_on_page, name
        hidden += shown_on_page.count("< 5")
    assert hidden >= 8  # the four small counts and what protects them
    report = yearly_report([heist, lier], 2022, k=5, raw=False)
    for row, column in zip(table, report.columns, strict=True):  # the download's own counts
        assert row["positive_visitors"] == report.show(column, "positive")
        assert row["known_outcome_visitors"] == report.show(column, "known")


def test_raw_counts_are_downloaded_only_from_the_internal_view_and_say_so(as_coordinator, lier):
    add_visits(lier, 3, 2022)
    published = as_coordinator.get("/reports/yearly.csv?year=2022")
    assert rows(published)["lier"]["unique_visitors"] == "< 5"
    assert published.get_data(as_text=True).startswith("location_code,")
    page = as_coordinator.get("/reports/yearly?year=2022&raw=y").get_data(as_text=True)
    assert "Download CSV (intern: niet publiceren)" in page
    raw = as_coordinator.get("/reports/yearly.csv?year=2022&raw=y")
    assert 'filename="jobatelier-2022-lier-intern.csv"' in raw.headers["Content-Disposition"]
    assert raw.get_data(as_text=True).startswith("intern: niet publiceren")
    assert rows(raw)["lier"]["unique_visitors"] == "3"
    book = as_coordinator.get("/reports/yearly.xlsx?year=2022&raw=y")
    assert "-intern.xlsx" in book.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(book.data))["2022"]
    assert sheet["A1"].value.startswith("intern: niet publiceren")
    assert sheet["A2"].value == "Locatiecode" and sheet["D3"].value == 3


def test_a_role_without_raw_counts_gets_the_published_download_even_when_asking(
        as_coordinator, lier, published_only):
    add_visits(lier, 3, 2022)
    answer = as_coordinator.get("/reports/yearly.csv?year=2022&raw=y")
    assert "intern" not in answer.headers["Content-Disposition"]
    assert rows(answer)["lier"]["unique_visitors"] == "< 5"


def test_a_year_hides_the_same_counts_on_its_own_page_and_beside_the_next(app, lier, heist):
    the_demo_outcomes_of_2022(heist, lier)
    visitors_with(heist, {("study", None): 2, ("work", "fixed_term"): 6}, year=2021)
    beside = yearly_report([heist, lier], 2022, k=5, raw=False)
    alone = yearly_report([heist, lier], 2021, k=5, raw=False)
    last_year = {key for key in beside.hidden if key[0] == 2021}
    assert last_year and last_year == {key for key in alone.hidden if key[0] == 2021
                                       and key[2] not in ("month", "heat")}
