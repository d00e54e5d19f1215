"""Retention: old visitor codes and notes are removed after the yearly figures are frozen;
the old reports still show the same figures."""

from datetime import date, datetime

from sqlalchemy import func, select

from jobatelier.demo import load_demo
from jobatelier.extensions import db
from jobatelier.models import FrozenFigures, Location, Visit, Visitor
from jobatelier.reports.services import yearly_report

TODAY = date(2026, 11, 23)


def report_2021():
    locations = list(db.session.scalars(select(Location).order_by(Location.name)))
    return yearly_report(locations, 2021, k=5, raw=True).values


def test_purge_removes_old_codes_and_notes_and_the_old_reports_stay(runner, app):
    load_demo(seed=3, today=date(2025, 6, 30))
    old = db.session.scalar(select(Visit).where(Visit.arrived_at < datetime(2021, 1, 1)))
    old.note = "koffie gedronken"
    db.session.commit()
    before = report_2021()
    result = runner.invoke(args=["purge", "--before", "2021-06-01"])
    assert result.exit_code == 0, result.output
    assert report_2021() == before
    assert db.session.scalar(select(func.count()).select_from(FrozenFigures)) > 0
    assert db.session.scalar(select(Visit.note).where(Visit.id == old.id)) is None
    last_visits = (select(Visitor.code).join(Visit).group_by(Visitor.code)
                   .having(func.max(Visit.arrived_at) < datetime(2021, 1, 1)))
    codes = list(db.session.scalars(last_visits))
    assert codes and all(code.startswith("purged-") for code in codes)
    recent = db.session.scalar(select(Visitor.code).join(Visit).where(
        Visit.arrived_at > datetime(2025, 1, 1)))
    assert not recent.startswith("purged-")


def test_a_dry_run_changes_nothing(runner, app):
    load_demo(seed=3, today=date(2025, 6, 30))
    codes = set(db.session.scalars(select(Visitor.code)))
    result = runner.invoke(args=["purge", "--before", "2021-06-01", "--dry-run"])
    assert "Would remove" in result.output
    assert set(db.session.scalars(select(Visitor.code))) == codes


def test_nothing_younger_than_the_retention_period_can_be_purged(runner, app):
    result = runner.invoke(args=["purge", "--before", date.today().isoformat()])
    assert result.exit_code != 0 and "retention period" in result.output
