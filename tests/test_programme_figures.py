"""The yearly figures of groups and trajectories and everyone reached, on a small year made by
hand at two desks: every figure of docs/domain.md, its edges (the 183rd day, a participant
who left, two outcomes on one day, a trajectory ended on 31 December), the page, the CSV and
the workbook, and the figures a purge freezes."""

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from programme_data import group, outcome, session, trajectory, visitor
from sqlalchemy import select
from test_reports import PageTables, published_only, rows  # noqa: F401 (a fixture used)

from jobatelier.extensions import db
from jobatelier.models import Group, HelpType, Visit
from jobatelier.reports.figures import ALL_LOCATIONS, yearly_figures
from jobatelier.visitors.retention import freeze_year, frozen


def visit(location, who, on: date):
    cv = db.session.scalar(select(HelpType).where(HelpType.code == "cv"))
    db.session.add(Visit(location=location, visitor=who, help_types=[cv],
                         arrived_at=datetime.combine(on, datetime.min.time()).replace(hour=10)))


@pytest.fixture
def year_2022(app, lier, heist):
    """Jobclub A at Lier (from 1 March 2022), group B at Heist (from November 2021), a
    cancelled group C at Lier; five trajectories at Lier and one at Heist; a few visits."""
    v1, v2, v3, v4, v5, v8 = (visitor(lier) for _ in range(6))
    a = group(lier, date(2022, 3, 1), [v1, v2, (v3, date(2022, 4, 1), date(2022, 5, 1))])
    session(a, datetime(2022, 3, 7, 14), present=[v1, v2], extra=2)
    session(a, datetime(2022, 4, 10, 14), present=[v1, v3])
    session(a, datetime(2022, 5, 2, 14), present=[v2])  # v3 left the day before
    session(a, datetime(2022, 6, 1, 14), cancelled=True)
    session(a, datetime(2023, 1, 9, 14), present=[v1], extra=4)  # another year
    b = group(heist, date(2021, 11, 1), [v1, v4])
    session(b, datetime(2022, 1, 10, 9), present=[v1, v4], extra=3)
    group(lier, date(2022, 9, 1), [v5], cancelled=True)
    outcome(v1, "work", date(2022, 8, 1))  # 153 days after A's start
    outcome(v2, "training", date(2022, 8, 31))  # the 183rd day: within 6 months
    outcome(v3, "work", date(2022, 2, 1))  # before A's start
    outcome(v3, "work", date(2022, 9, 1))  # the 184th day: too late
    c1, c2, c3, c4, c5, c6 = (visitor(lier) for _ in range(6))
    trajectory(lier, c1, date(2021, 6, 1), date(2022, 3, 1), "completed",
               meetings=[date(2021, 12, 1), date(2022, 2, 1)])
    outcome(c1, "other", date(2022, 5, 1))
    outcome(c1, "work", date(2022, 5, 1))  # the same day, entered last: counts
    trajectory(lier, c2, date(2022, 2, 1), date(2022, 10, 1), "completed")
    outcome(c2, "training", date(2022, 6, 1))
    outcome(c2, "referral", date(2022, 11, 1))  # the latest in the window
    trajectory(lier, c3, date(2022, 4, 1), date(2022, 7, 1), "participant_stopped")
    outcome(c3, "stopped", date(2022, 5, 1))
    outcome(c3, "work", date(2023, 2, 1))  # more than 183 days after the end
    trajectory(lier, c4, date(2022, 5, 1),
               meetings=[date(2022, 5, 8), date(2022, 6, 8), date(2023, 1, 10)])
    trajectory(lier, c5, date(2021, 1, 1), date(2022, 12, 31), "mismatch")
    outcome(c5, "work", date(2020, 12, 1))  # before it started: no result known
    trajectory(heist, c6, date(2022, 9, 1), date(2023, 1, 15), "completed")
    for who, where, on in ((v1, lier, date(2022, 2, 2)), (v8, lier, date(2022, 6, 6)),
                           (None, lier, date(2022, 6, 7)), (None, lier, date(2022, 6, 8)),
                           (c4, lier, date(2022, 4, 4)), (c1, heist, date(2022, 7, 7)),
                           (v2, lier, date(2021, 6, 6))):
        visit(where, who, on)
    db.session.commit()
    return yearly_figures([lier.id, heist.id], 2022)


def test_the_groups_sessions_participants_and_attendees_without_a_code(year_2022, lier, heist):
    expected = {
        lier.id: {"held": 3, "cancelled": 1, "participants": 3, "extra": 2, "present": 5,
                  "places": 7},
        heist.id: {"held": 1, "participants": 2, "extra": 3, "present": 2, "places": 2},
        ALL_LOCATIONS: {"held": 4, "cancelled": 1, "participants": 4, "extra": 5,
                        "present": 7, "places": 9},
    }
    for key, figures in expected.items():
        found = {name: count for (kind, *name), count in year_2022[key].more.items()
                 if kind == "groups" for name in name}
        assert found == figures, key


def test_the_cohort_of_the_groups_that_started_in_the_year(year_2022, lier, heist):
    lier_cohort = {figure[1]: count for figure, count in year_2022[lier.id].more.items()
                   if figure[0] == "cohort"}
    assert lier_cohort == {"groups": 1, "participants": 3, "work": 1, "training": 1,
                           "positive": 2, "unknown": 1}
    assert not any(figure[0] == "cohort" for figure in year_2022[heist.id].more)


def test_the_trajectories_of_the_year_and_their_results(year_2022, lier, heist):
    lier_figures = year_2022[lier.id].more
    assert {figure: count for figure, count in lier_figures.items()
            if figure[0] == "trajectories"} == {
        ("trajectories", "started"): 3, ("trajectories", "ended"): 4,
        ("trajectories", "ended", "completed"): 2,
        ("trajectories", "ended", "participant_stopped"): 1,
        ("trajectories", "ended", "mismatch"): 1,
        ("trajectories", "running"): 1, ("trajectories", "meetings"): 3}
    assert {figure[1:]: count for figure, count in lier_figures.items()
            if figure[0] == "result"} == {
        ("all", "work"): 1, ("all", "positive_strict"): 1, ("all", "positive"): 2,
        ("all", "unknown"): 1,
        ("completed", "work"): 1, ("completed", "positive_strict"): 1,
        ("completed", "positive"): 2}
    heist_figures = year_2022[heist.id].more
    assert heist_figures[("trajectories", "started")] == 1
    assert heist_figures[("trajectories", "running")] == 1
    assert ("trajectories", "ended") not in heist_figures
    total = year_2022[ALL_LOCATIONS].more
    assert (total[("trajectories", "started")], total[("trajectories", "running")],
            total[("trajectories", "ended")], total[("trajectories", "meetings")]) == (4, 2, 4, 3)


def test_everyone_reached_once_and_those_helped_in_more_than_one_way(year_2022, lier, heist):
    reached = {key: (year_2022[key].more[("reached",)], year_2022[key].more[("reached",
                                                                              "several")])
               for key in (lier.id, heist.id, ALL_LOCATIONS)}
    # Lier: v1 v2 v3 (group), v1 v8 c4 (visit), c1 c4 (meeting): 6 codes, 2 one-off visits,
    # 2 without a code at a session. Heist: v1 v4 (group), c1 (visit) and 3 without a code.
    # More than one way at either desk: v1 (a visit, groups), c4 (a visit, meetings) and c1
    # (meetings at Lier, a visit at Heist), each in the columns of the desks they came to.
    assert reached == {lier.id: (10, 3), heist.id: (6, 2), ALL_LOCATIONS: (14, 3)}


@pytest.fixture
def both_desks(auth, make_user, lier, heist):
    auth.login(make_user("cora", "coordinator", [lier, heist]))
    return auth.client


def test_the_yearly_page_shows_the_groups_the_trajectories_and_everyone_reached(
        year_2022, both_desks):
    page = both_desks.get("/reports/yearly?year=2022&raw=y").get_data(as_text=True)
    for text in ("Groepen", "Trajecten", "Lopend op 31 december", "Bereikt",
                 "Groepen gestart in 2022", "Resultaat van de trajecten die in het jaar "
                 "eindigden", "het laatste resultaat van de coachee"):
        assert text in page, text
    tables = PageTables(page).tables  # columns: Heist, Lier, total
    visitors, groups, cohort, trajectories, ended, completed = (tables[0], *tables[3:8])
    assert visitors["Bereikt"] == ["6", "10", "14"]
    assert visitors["Op meer dan één manier bereikt"] == ["2", "3", "3"]
    assert groups["Bijeenkomsten gehouden"] == ["1", "3", "4"]
    assert groups["Aanwezigen zonder code"] == ["3", "2", "5"]
    assert groups["Aanwezigheidsgraad"] == ["100,0\u00a0%", "71,4\u00a0%", "77,8\u00a0%"]
    assert cohort["Geen resultaat bekend"] == ["0", "1", "1"]
    assert trajectories["Beëindigd: De coachee stopte"] == ["0", "1", "1"]
    assert trajectories["Lopend op 31 december"] == ["1", "1", "2"]
    assert ended["Beëindigd"] == ["0", "4", "4"]
    assert ended["Positief, doorverwijzing inbegrepen (%)"][1:] == ["50,0\u00a0%"] * 2
    assert completed["Werk gevonden (%)"][1:] == ["50,0\u00a0%"] * 2


def test_the_csv_gains_ten_columns_in_this_order_after_the_outcomes(year_2022, both_desks):
    """... and before the queue's four, which come last."""
    answer = both_desks.get("/reports/yearly.csv?year=2022&raw=y").get_data(as_text=True)
    header, *lines = list(csv.reader(answer.splitlines()[1:]))
    new = ["reached", "reached_more_than_one_way", "group_sessions_held",
           "group_sessions_cancelled", "group_participants", "group_extra_attendees",
           "trajectories_started", "trajectories_ended", "trajectories_running",
           "trajectory_meetings"]
    after = header.index("outcome_other") + 1
    assert header[after:] == [*new, "queued_visits", "waited_minutes_median",
                              "waited_minutes_p90", "left_without_help"]
    lier = dict(zip(header, next(line for line in lines if line[0] == "lier"), strict=True))
    assert [lier[name] for name in new] == ["10", "3", "3", "1", "3", "2", "3", "4", "1", "3"]
    book = load_workbook(io.BytesIO(both_desks.get("/reports/yearly.xlsx?year=2022&raw=y").data))
    sheet = list(book["2022"].iter_rows(values_only=True))
    codes = [code for _, _, code in book["Codeboek"].iter_rows(min_row=2, max_row=len(header) + 1,
                                                             values_only=True)]
    assert codes[after:after + 10] == new
    assert sheet[3][after:after + 10] == (10, 3, 3, 1, 3, 2, 3, 4, 1, 3)
    assert list(sheet[1][after:after + 10]) == ["Bereikte mensen", "Op meer dan één manier bereikt",
                                    "Gehouden groepsbijeenkomsten", "Afgelaste groepsbijeenkomsten",
                                    "Deelnemers aan groepen", "Aanwezigen zonder code in groepen",
                                    "Gestarte trajecten", "Beëindigde trajecten",
                                    "Lopende trajecten op 31 december", "Gesprekken in trajecten"]
    more = list(book["Groepen en trajecten"].iter_rows(values_only=True))
    assert more[0][0].startswith("intern: niet publiceren")  # raw counts, like the first sheet
    named = {name: code for sheet, name, code in book["Codeboek"].iter_rows(min_row=2,
                                                                            values_only=True)
             if sheet == "Groepen en trajecten"}
    lier = dict(zip([named[name] for name in more[1]], more[3], strict=True))
    assert (lier["cohort_participants"], lier["cohort_unknown"],
            lier["trajectories_ended_mismatch"], lier["result_completed_positive"],
            lier["attendance_rate"], lier["result_all_positive_strict_rate"]) == (
        3, 1, 1, 2, 71.4, 25.0)


@pytest.mark.usefixtures("published_only")
def test_the_published_figures_hide_small_counts_of_groups_and_trajectories(year_2022,
                                                                            both_desks):
    table = rows(both_desks.get("/reports/yearly.csv?year=2022"))
    for name in ("group_sessions_held", "group_participants", "trajectories_started",
                 "trajectory_meetings", "reached_more_than_one_way"):
        assert {row[name] for row in table.values()} <= {"0", "< 5"}, name
    assert not {"1", "2", "3", "4"} & {value for row in table.values() for value in row.values()}
    # Reached is the unique visitors, those beyond them and the attendees without a code: with
    # Lier's 5 unique visitors hidden (they would give Heist's 1 away), so is its 10 reached.
    assert table["lier"]["unique_visitors"] == table["lier"]["reached"] == "< 5"
    assert table["total"]["trajectories_ended"] == "< 5"
    page = both_desks.get("/reports/yearly?year=2022").get_data(as_text=True)
    groups = PageTables(page).tables[3]
    # Heist's 2 present of 2 places are hidden, so are Lier's to protect them; all 7 of 9 not.
    assert groups["Aanwezigheidsgraad"] == ["–", "–", "77,8\u00a0%"]


def test_a_purge_freezes_the_groups_trajectories_and_reached_of_a_year(year_2022, lier):
    freeze_year(2022)
    kept = frozen(2022, lier.id)
    assert (kept["reached"], kept["reached|several"], kept["groups|held"],
            kept["cohort|unknown"], kept["result|all|positive"]) == (10, 3, 3, 1, 2)
    assert frozen(2022, None)["trajectories|running"] == 2


def test_the_overview_shows_everyone_reached_beside_the_unique_visitors(year_2022, both_desks):
    page = both_desks.get("/reports?raw=y").get_data(as_text=True)
    years = PageTables(page).tables[0]  # per desk (Heist, Lier) and in total: unique, reached
    assert years["2022"] == ["1", "6", "5", "10", "6", "14"]
    assert years["2021"] == ["0", "0", "1", "2", "1", "2"]
    assert years["2023"] == ["0", "0", "0", "6", "0", "6"]


def test_a_group_page_shows_what_its_participants_found_within_6_months(year_2022, lier,
                                                                         as_coordinator):
    jobclub = db.session.scalar(select(Group).where(Group.location_id == lier.id,
                                                    Group.cancelled.is_(False)))
    page = as_coordinator.get(f"/groups/{jobclub.id}").get_data(as_text=True)
    assert ("werk gevonden: 1, opleiding gestart: 1, positief resultaat: 2; "
            "nog onbekend: 1 van de 3 deelnemers") in page
