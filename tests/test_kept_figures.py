"""The figures of closed years kept per worker (jobatelier/reports/kept.py): kept until a
change that may touch a closed year moves the figures version, whoever makes it and in
whichever table the figures read; the desk's work of today moves nothing."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from programme_data import group, outcome, session, trajectory, visitor
from sqlalchemy import delete, func, select, update
from support import count_queries, log_in
from test_programme_figures import visit, year_2022  # noqa: F401 (a fixture used)

from jobatelier.extensions import db
from jobatelier.models import (
    FigureChanges,
    Group,
    GroupMember,
    GroupSession,
    HelpTally,
    Outcome,
    Trajectory,
    TrajectoryMeeting,
    Visit,
    Visitor,
    VisitorYear,
)
from jobatelier.models.figure_changes import NOT_WATCHED, WATCHED
from jobatelier.reports import figures as sql
from jobatelier.reports import kept

YEAR = 2022  # closed, and the year of the `year_2022` figures


@pytest.fixture
def figures_2022(year_2022):  # noqa: F811 (the fixture, by its name)
    """The figures of 2022 at Lier and Heist, with groups and trajectories, as worked out."""
    return year_2022


def changes(up_to=YEAR) -> int:
    """The changes counted in the years up to `up_to`: those that touch its figures."""
    return db.session.scalar(select(func.coalesce(func.sum(FigureChanges.changes), 0))
                             .where(FigureChanges.year <= up_to))


def kept_and_fresh(location_ids):
    """The figures as the report gets them, and worked out afresh."""
    return kept.yearly_figures(location_ids, YEAR), sql.yearly_figures(location_ids, YEAR)


def test_every_table_is_watched_or_says_why_the_figures_do_not_read_it():
    assert not set(WATCHED) & set(NOT_WATCHED)
    assert set(WATCHED) | set(NOT_WATCHED) == set(db.metadata.tables)


def test_a_closed_year_is_worked_out_once_until_something_of_it_changes(figures_2022, lier, heist):
    ids = [lier.id, heist.id]
    with count_queries() as first:
        computed = kept.yearly_figures(ids, YEAR)
    with count_queries() as again:
        assert kept.yearly_figures(ids, YEAR) is computed
    assert computed == figures_2022
    assert len(again) == 1 < len(first)  # the versions alone
    assert kept.yearly_figures([lier.id], YEAR) == sql.yearly_figures([lier.id], YEAR)
    assert kept.yearly_figures(ids, YEAR, medians=False) == sql.yearly_figures(
        ids, YEAR, medians=False)


def _in_2022(lier, heist):
    return visitor(lier, registered_on=date(2022, 5, 5))


CHANGES = {
    "a visit entered late": lambda lier, heist: visit(heist, None, date(2022, 12, 30)),
    "a visit moved to another year": lambda lier, heist: [
        setattr(each, "arrived_at", datetime(2023, 3, 3, 10))
        for each in db.session.scalars(
            select(Visit).where(Visit.arrived_at < datetime(2022, 3, 1)))],
    "a visit deleted": lambda lier, heist: [
        db.session.delete(each) for each in db.session.scalars(
            select(Visit).where(Visit.arrived_at >= datetime(2022, 6, 7),
                                Visit.arrived_at < datetime(2022, 6, 8)))],
    # A trajectory that ended on 31 December 2022: its result looks 6 months into 2023.
    "an outcome of the next year within a trajectory's window": lambda lier, heist: outcome(
        db.session.scalar(select(Trajectory).where(Trajectory.end_reason == "mismatch")).visitor,
        "work", date(2023, 3, 1)),
    "an outcome deleted": lambda lier, heist: db.session.execute(
        delete(Outcome).where(Outcome.recorded_on == date(2022, 8, 1))),
    "a visitor's profile": lambda lier, heist: db.session.execute(
        update(Visitor).where(Visitor.registered_on == date(2022, 1, 3))
        .values(age_band="50plus")),
    "a group's location": lambda lier, heist: db.session.execute(
        update(Group).where(Group.starts_on == date(2021, 11, 1)).values(location_id=lier.id)),
    "a session with a participant": lambda lier, heist: session(
        db.session.scalar(select(Group).where(Group.starts_on == date(2022, 3, 1))),
        datetime(2022, 11, 7, 14), present=[_in_2022(lier, heist)]),
    "a participant who left earlier": lambda lier, heist: db.session.execute(
        update(GroupMember).where(GroupMember.left_on.is_(None),
                                  GroupMember.joined_on == date(2022, 3, 1))
        .values(left_on=date(2022, 3, 10))),
    "a new group of that year": lambda lier, heist: group(
        heist, date(2022, 10, 1), [_in_2022(lier, heist)]),
    "a trajectory ended": lambda lier, heist: db.session.execute(
        update(Trajectory).where(Trajectory.ended_on.is_(None))
        .values(ended_on=date(2022, 11, 30), end_reason="moved")),
    "a new trajectory": lambda lier, heist: trajectory(
        heist, _in_2022(lier, heist), date(2022, 11, 1)),
    "a meeting deleted": lambda lier, heist: db.session.execute(
        delete(TrajectoryMeeting).where(TrajectoryMeeting.met_on == date(2022, 5, 8))),
    "the tallies counted by hand": lambda lier, heist: (
        db.session.execute(update(HelpTally).where(HelpTally.year == YEAR)
                           .values(visits=HelpTally.visits)),
        db.session.execute(update(VisitorYear).where(VisitorYear.year == YEAR)
                           .values(visits=VisitorYear.visits))),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_that_touches_a_closed_year_is_seen(figures_2022, lier, heist, change):
    ids = [lier.id, heist.id]
    before = kept.yearly_figures(ids, YEAR)
    counted = changes()
    CHANGES[change](lier, heist)
    db.session.commit()
    assert changes() > counted
    now, fresh = kept_and_fresh(ids)
    assert now == fresh
    assert now is not before


def test_a_change_to_a_later_closed_year_leaves_an_earlier_one_kept(figures_2022, lier, heist):
    ids = [lier.id, heist.id]
    before = kept.yearly_figures(ids, YEAR)
    visit(lier, None, date(2023, 5, 5))
    db.session.commit()
    assert changes(up_to=YEAR + 1) > changes()
    assert kept.yearly_figures(ids, YEAR) is before


def test_the_work_of_this_year_moves_nothing(figures_2022, lier, heist):
    """A visit, a new visitor, an outcome, a session and a meeting of the current year (well
    past its first days) leave the closed years' figures kept."""
    this_year = (datetime.now(UTC) + timedelta(days=3)).year
    ids = [lier.id, heist.id]
    before = kept.yearly_figures(ids, YEAR)
    counted = changes(up_to=this_year + 1)
    who = visitor(lier, registered_on=date(this_year, 7, 1))
    visit(lier, who, date(this_year, 7, 1))
    outcome(who, "work", date(this_year, 12, 31))  # 183 days back is still this year
    session(group(lier, date(this_year, 7, 1), [who]), datetime(this_year, 7, 8, 14),
            present=[who])
    trajectory(lier, who, date(this_year, 7, 1), meetings=[date(this_year, 7, 2)])
    db.session.commit()
    assert changes(up_to=this_year + 1) == counted
    assert kept.yearly_figures(ids, YEAR) is before


def test_many_old_rows_in_one_transaction_move_the_version(figures_2022, lier):
    """PostgreSQL moves it once per transaction, however many rows: a bulk load does not
    rewrite the version's row for each of them."""
    counted = changes()
    for day in range(1, 4):
        visit(lier, None, date(2021, 3, day))
    db.session.commit()
    moved = changes() - counted
    # SQLite moves it for each row (the visits and their tallies): in place, at no cost.
    assert moved == 1 if db.engine.dialect.name == "postgresql" else moved >= 3


@pytest.mark.parametrize(("now", "closed"), [
    (datetime(2027, 1, 1, 0, 30, tzinfo=UTC), False),
    (datetime(2027, 1, 2, 23, 59, tzinfo=UTC), False),
    (datetime(2027, 1, 3, 0, 0, tzinfo=UTC), True),
    (datetime(2027, 6, 1, tzinfo=UTC), True),
])
def test_a_year_is_kept_only_once_the_triggers_watch_it(now, closed):
    assert kept.is_closed(2026, now) is closed
    assert not kept.is_closed(2027, now)


def test_what_is_kept_stays_within_its_budget(figures_2022, lier, heist, monkeypatch):
    monkeypatch.setattr(kept, "LOCATIONS_KEPT", 4)  # two reports of a location and a total
    for ids in ([lier.id], [heist.id], [lier.id], [lier.id, heist.id]):
        kept.yearly_figures(ids, YEAR)
    # Then the report of both (three figures) leaves room for none but itself, the least
    # recently used going first.
    assert [key[1] for key in kept._kept().figures] == [tuple(sorted((lier.id, heist.id)))]


# What a transaction works out after changing a closed year itself may yet be rolled back, or
# changed again without another count (PostgreSQL counts once per transaction): not kept.

def test_figures_worked_out_by_a_transaction_rolled_back_are_not_kept(figures_2022, lier, heist):
    ids = [lier.id, heist.id]
    visit(heist, None, date(2022, 12, 30))
    db.session.flush()
    assert kept.yearly_figures(ids, YEAR) == sql.yearly_figures(ids, YEAR)  # with the visit
    db.session.rollback()
    visit(lier, None, date(2022, 12, 30))  # as many changes counted, at Lier this time
    db.session.commit()
    assert kept.yearly_figures(ids, YEAR) == sql.yearly_figures(ids, YEAR)


def test_figures_worked_out_between_two_changes_of_a_transaction_are_not_kept(
        figures_2022, lier, heist):
    ids = [lier.id, heist.id]
    visit(heist, None, date(2022, 12, 30))
    db.session.flush()
    kept.yearly_figures(ids, YEAR)
    visit(lier, None, date(2022, 12, 29))  # counted in the same year: no second count
    db.session.commit()
    assert kept.yearly_figures(ids, YEAR) == sql.yearly_figures(ids, YEAR)


def _working_threads(monkeypatch) -> list:
    """The threads that work figures out, one entry per year worked out."""
    threads, work_out = [], sql.yearly_figures

    def recorded(*args, **kwargs):
        threads.append(threading.get_ident())
        return work_out(*args, **kwargs)

    monkeypatch.setattr(sql, "yearly_figures", recorded)
    return threads


def test_the_years_not_kept_are_worked_out_apart_while_the_block_reads(
        figures_2022, lier, heist, monkeypatch):
    ids = [lier.id, heist.id]
    years = {YEAR: {}, YEAR - 1: {"medians": False}}
    expected = {year: sql.yearly_figures(ids, year, **options) for year, options in years.items()}
    threads = _working_threads(monkeypatch)
    with kept.worked_out_meanwhile(ids, years):
        read_meanwhile = db.session.scalar(select(func.count()).select_from(Visit))
    assert read_meanwhile and len(threads) == 2 and threading.get_ident() not in threads
    with count_queries() as statements:
        assert {year: kept.yearly_figures(ids, year, **options)
                for year, options in years.items()} == expected
    assert len(statements) == 2  # the versions of each year, the figures kept
    with kept.worked_out_meanwhile(ids, years):
        pass
    assert len(threads) == 2  # both kept: nothing worked out again


def test_a_year_this_transaction_changed_is_worked_out_in_it(
        figures_2022, lier, heist, monkeypatch):
    ids = [lier.id, heist.id]
    visit(heist, None, date(2022, 12, 30))
    db.session.flush()
    threads = _working_threads(monkeypatch)
    with kept.worked_out_meanwhile(ids, {YEAR: {}}):
        pass
    assert threads == []
    assert kept.yearly_figures(ids, YEAR)[heist.id] == sql.yearly_figures(ids, YEAR)[heist.id]
    assert threads == [threading.get_ident()] * 2  # the report's, and this test's own
    db.session.rollback()


def test_a_failure_worked_out_apart_reaches_the_request_and_keeps_nothing(
        figures_2022, lier, heist, monkeypatch):
    """A year's thread that fails fails the page (no figures made up, none kept), and its
    connection goes back to the pool."""
    ids = [lier.id, heist.id]

    def failing(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(sql, "yearly_figures", failing)
    checked_out = db.engine.pool.checkedout()
    with pytest.raises(RuntimeError, match="went away"), \
            kept.worked_out_meanwhile(ids, {YEAR: {}, YEAR - 1: {}}):
        pass
    assert db.engine.pool.checkedout() == checked_out
    assert not kept._kept().figures


def test_the_desk_writes_while_a_year_is_worked_out_apart(figures_2022, lier, heist,
                                                          monkeypatch):
    """The year's thread only reads: on SQLite it takes no write lock, so a desk's visit
    commits while the figures are being worked out (it would wait for the lock, and this
    test time out, if the thread held it)."""
    ids = [lier.id, heist.id]
    reading, written = threading.Event(), threading.Event()
    work_out = sql.yearly_figures

    def slow_read(*args, **kwargs):
        figures = work_out(*args, **kwargs)
        reading.set()
        assert written.wait(10), "the desk's write waited for the figures"
        return figures

    monkeypatch.setattr(sql, "yearly_figures", slow_read)
    with kept.worked_out_meanwhile(ids, {YEAR: {}}):
        assert reading.wait(10)
        visit(lier, None, datetime.now(UTC).date())  # today's work at the desk
        db.session.commit()
        written.set()
    assert db.session.scalar(select(func.count()).select_from(Visit)
                             .where(Visit.arrived_at >= datetime.now(UTC).date()))


def test_a_report_page_keeps_its_years(figures_2022, client, make_user, lier, heist):
    log_in(client, make_user("admin-kept", "admin"))
    assert client.get("/reports/yearly?year=2022").status_code == 200
    assert sorted(key[0] for key in kept._kept().figures) == [2021, 2022]


def test_deleting_this_years_session_or_group_counts_nothing(app, lier):
    """Their attendance and members go with them, after them: nothing left to look their
    day up in, and the deletion of what they hung on counted already."""
    this_year = (datetime.now(UTC) + timedelta(days=3)).year
    who = visitor(lier, registered_on=date(this_year, 7, 1))
    made = group(lier, date(this_year, 7, 1), [who])
    held = session(made, datetime(this_year, 7, 8, 14), present=[who])
    session(made, datetime(this_year, 7, 15, 14), present=[who])
    db.session.commit()
    counted = changes(up_to=this_year + 1)
    db.session.execute(delete(GroupSession).where(GroupSession.id == held.id))
    db.session.commit()
    db.session.execute(delete(Group).where(Group.id == made.id))
    db.session.commit()
    assert changes(up_to=this_year + 1) == counted


@pytest.mark.skipif("__import__('os').environ.get('JOBATELIER_TEST_DATABASE_URL') is None",
                    reason="PostgreSQL's concurrent transactions")
def test_a_member_enrolled_while_the_group_moves_to_a_closed_year_is_seen(figures_2022, lier,
                                                                         heist):
    """Each transaction's trigger would read the other's row as it was before: the member's
    trigger the group of this year, the group's the members without the new one; neither
    would count. The member's trigger locks its group, so the group's change waits."""
    this_year = (datetime.now(UTC) + timedelta(days=3)).year
    ids = [lier.id, heist.id]
    moving = group(lier, date(this_year, 3, 1))
    who = visitor(lier, registered_on=date(this_year, 3, 1))
    db.session.commit()
    engine = db.engine  # the thread has no app context

    def move_the_group():
        with engine.connect() as connection, connection.begin():
            connection.execute(update(Group).where(Group.id == moving.id)
                               .values(starts_on=date(2022, 3, 1)))

    mover = threading.Thread(target=move_the_group)
    with db.engine.connect() as enrolling:
        with enrolling.begin():
            enrolling.execute(GroupMember.__table__.insert().values(
                group_id=moving.id, visitor_id=who.id, joined_on=date(this_year, 3, 2)))
            mover.start()
            mover.join(timeout=2)
            waited = mover.is_alive()  # for the enrolment to end
            kept.yearly_figures(ids, YEAR)
            db.session.rollback()
        mover.join()
    assert waited
    assert kept.yearly_figures(ids, YEAR) == sql.yearly_figures(ids, YEAR)
