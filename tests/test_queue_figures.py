"""The queue's yearly figures (issue 17) equal a plain reference computation on random data
(hypothesis), and the report and its downloads publish them under small-cell suppression."""

import csv
import io
import math
import statistics
from collections import Counter
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from jobatelier.extensions import db
from jobatelier.models import HelpTally, HelpType, QueueTicket, Visit, queue_ticket_help_types
from jobatelier.reports.figures import ALL_LOCATIONS
from jobatelier.reports.queue import queue_figures

YEAR = 2022
HELP = ["cv", "online_applying", "digital"]
START = date(2021, 12, 20)
DAYS = 390  # both sides of the year

tickets_strategy = st.lists(st.tuples(
    st.integers(0, 1),  # location
    st.integers(0, DAYS),  # day
    st.integers(8, 18),  # hour joined
    st.sampled_from(["served", "left", "closed"]),
    st.integers(0, 150),  # minutes waited (served ones)
    st.sets(st.sampled_from(HELP), max_size=2),
), max_size=30)


def load(locations, tickets, *, without_queue=0):
    """Write the drawn tickets; a served one becomes a visit with its waiting minutes.
    `without_queue` visits more, registered without the queue, must count nowhere here."""
    help_types = {each.code: each for each in db.session.scalars(select(HelpType))}
    numbers = Counter()
    for where, day, hour, status, waited, helps in tickets:
        location = locations[where]
        joined = datetime.combine(START + timedelta(days=day), datetime.min.time()).replace(
            hour=hour, minute=5)
        numbers[(where, day)] += 1
        ticket = QueueTicket(location_id=location.id, day=joined.date(),
                             number=numbers[(where, day)], joined_at=joined, status=status,
                             help_types=[help_types[code] for code in sorted(helps)])
        if status == "served":
            visit = Visit(location_id=location.id, arrived_at=joined, waited_minutes=waited,
                          help_types=[help_types["cv"]])
            db.session.add(visit)
            db.session.flush()
            ticket.called_at = joined + timedelta(minutes=waited)
            ticket.visit_id = visit.id
        db.session.add(ticket)
    for number in range(without_queue):
        db.session.add(Visit(location_id=locations[number % 2].id,
                             arrived_at=datetime(YEAR, 3, 1, 10), help_types=[help_types["cv"]]))
    db.session.commit()


def reference(tickets, where_set):
    """docs/domain.md's queue figures, the plain way, for the tickets at `where_set`."""
    def in_year(day):
        return (START + timedelta(days=day)).year == YEAR

    waits = sorted(waited for where, day, _, status, waited, _ in tickets
                   if where in where_set and in_year(day) and status == "served")
    left = [(day, hour, helps) for where, day, hour, status, _, helps in tickets
            if where in where_set and in_year(day) and status == "left"]
    return {
        "queued": len(waits),
        "median": statistics.median(waits) if waits else None,
        "p90": waits[math.ceil(0.9 * len(waits)) - 1] if waits else None,
        "left": len(left),
        "left_help": Counter(code for _, _, helps in left for code in helps),
        "heat": Counter(((START + timedelta(days=day)).weekday(), hour)
                        for day, hour, _ in left),
    }


def computed(found, key):
    from jobatelier.queue.waiting import median, percentile

    waits = found.waited.get(key, Counter())
    return {
        "queued": sum(waits.values()),
        "median": median(waits),
        "p90": percentile(waits, 0.9),
        "left": found.left[key],
        "left_help": Counter({code: n for (each, code), n in found.left_help.items()
                              if each == key and n}),
    }


def wipe():
    db.session.execute(delete(queue_ticket_help_types))
    db.session.execute(delete(QueueTicket))
    db.session.execute(delete(Visit))
    db.session.execute(delete(HelpTally))  # kept by the visits' flushes, not by a bulk delete
    db.session.commit()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tickets=tickets_strategy)
def test_the_queue_figures_match_the_definitions(app, lier, heist, tickets):
    try:
        load([lier, heist], tickets, without_queue=3)
        found = queue_figures([lier.id, heist.id], YEAR)
        for key, where_set in ((lier.id, {0}), (heist.id, {1}), (ALL_LOCATIONS, {0, 1})):
            expected = reference(tickets, where_set)
            heat = expected.pop("heat")
            assert computed(found, key) == expected
        assert found.left_heat == heat  # the total's, over both locations
        only_lier = queue_figures([lier.id], YEAR)
        lier_only = reference(tickets, {0})
        lier_only.pop("heat")
        assert computed(only_lier, ALL_LOCATIONS) == lier_only
    finally:
        wipe()


def many_tickets(location, *, served=0, left=0, day=date(YEAR, 3, 7), help_code="cv"):
    """`served` visits through the queue (waiting 1, 2, 3... minutes) and `left` people who
    left without help, on a Monday morning."""
    tickets = [(0, (day - START).days, 10, "served", minutes + 1, {help_code})
               for minutes in range(served)]
    tickets += [(0, (day - START).days, 10, "left", 0, {help_code}) for _ in range(left)]
    load([location], tickets)


def test_the_yearly_page_shows_the_queue_with_small_counts_hidden(as_coordinator, lier):
    many_tickets(lier, served=20, left=3, help_code="online_applying")
    page = as_coordinator.get(f"/reports/yearly?year={YEAR}").get_data(as_text=True)
    section = page.split("De wachtrij</h2>")[1].split("Wie kwam er")[0]
    assert ">20<" in section  # visits through the queue
    assert ">10,5<" in section and ">18<" in section  # median and 90th percentile
    assert "&lt; 5" in section  # three who left: hidden
    assert ">3<" not in section


def test_the_internal_view_shows_who_left_by_help_type_weekday_and_hour(as_coordinator, lier):
    many_tickets(lier, served=6, left=3, help_code="online_applying")
    page = as_coordinator.get(f"/reports/yearly?year={YEAR}&raw=y").get_data(as_text=True)
    section = page.split("De wachtrij</h2>")[1].split("Wie kwam er")[0]
    left_online = section.split("Zonder hulp vertrokken: Online solliciteren")[1].split("</tr>")[0]
    assert ">3<" in left_online
    monday = section.split("Zonder hulp vertrokken per weekdag en uur")[-1].split(
        "<th scope=\"row\">ma</th>")[1].split("</tr>")[0]
    assert monday.count(">3<") == 1  # Monday, 10h


def test_the_csv_ends_with_the_queue_columns(as_coordinator, lier, heist):
    many_tickets(lier, served=7, left=6)
    response = as_coordinator.get(f"/reports/yearly.csv?year={YEAR}")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][-4:] == ["queued_visits", "waited_minutes_median", "waited_minutes_p90",
                            "left_without_help"]
    assert rows[1][0] == "lier" and rows[1][-4:] == ["7", "4", "7", "6"]
    assert rows[-1][-4:] == ["7", "4", "7", "6"]  # the total


def test_the_csv_hides_what_the_page_hides(as_coordinator, lier):
    many_tickets(lier, served=2, left=1)
    response = as_coordinator.get(f"/reports/yearly.csv?year={YEAR}")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[1][-4:] == ["< 5", "", "", "< 5"]
