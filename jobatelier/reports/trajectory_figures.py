"""The yearly figures of coaching trajectories (docs/domain.md, "Groups and trajectories") as
SQL aggregates per location; a trajectory is run from one location, so every figure adds up
over locations into the total.

*Started* and *ended* (by end reason) in the year, *running* on 31 December (started by then,
not ended by then), *meetings* in the year. For the trajectories that ended in the year, the
result is the coachee's latest outcome recorded from the trajectory's start to 6 months
(SIX_MONTHS_DAYS) after its end, as far as recorded; its figures are counted among all of
them and among the completed ones: found work, positive the way mentoring programmes count
(work, internship, training, study), positive the way the desk counts (with referral), and
no result known.
"""

from collections import Counter

from sqlalchemy import and_, func, or_, select

from ..extensions import db
from ..models import END_REASONS, Outcome, Trajectory, TrajectoryMeeting
from ..sqlfunctions import days_between
from .periods import ALL_LOCATIONS, SIX_MONTHS_DAYS, year_bounds

STRICTLY_POSITIVE = ("work", "internship", "training", "study")  # how mentoring counts
RESULTS = {"work": ("work",), "positive_strict": STRICTLY_POSITIVE,
           "positive": (*STRICTLY_POSITIVE, "referral")}
ENDED_AMONG = ("all", "completed")  # the results' denominators: all ended, the completed
TRAJECTORY_FIGURES = (
    ("trajectories", "started"), ("trajectories", "ended"),
    *(("trajectories", "ended", reason) for reason in END_REASONS),
    ("trajectories", "running"), ("trajectories", "meetings"),
    *(("result", among, name) for among in ENDED_AMONG for name in (*RESULTS, "unknown")),
)


def trajectory_figures(location_ids: list[int], year: int) -> Counter:
    """{(location id or ALL_LOCATIONS, *figure): count} of the trajectories at `location_ids`
    in `year`, for every figure of TRAJECTORY_FIGURES that is not zero."""
    start, end, last_day = year_bounds(year)
    first_day, after = start.date(), end.date()
    mine = Trajectory.location_id.in_(location_ids)
    counts = Counter()

    def add(key, figure, count):
        if count:
            for each in (key, ALL_LOCATIONS):
                counts[(each, *figure)] += int(count)

    started = and_(Trajectory.starts_on >= first_day, Trajectory.starts_on < after)
    running = and_(Trajectory.starts_on <= last_day,
                   or_(Trajectory.ended_on.is_(None), Trajectory.ended_on > last_day))
    stmt = (select(Trajectory.location_id, func.count().filter(started),
                   func.count().filter(running))
            .where(mine).group_by(Trajectory.location_id))
    for key, started_count, running_count in db.session.execute(stmt):
        add(key, ("trajectories", "started"), started_count)
        add(key, ("trajectories", "running"), running_count)
    meetings = (select(Trajectory.location_id, func.count()).select_from(TrajectoryMeeting)
                .join(Trajectory, Trajectory.id == TrajectoryMeeting.trajectory_id)
                .where(mine, TrajectoryMeeting.met_on >= first_day,
                       TrajectoryMeeting.met_on < after)
                .group_by(Trajectory.location_id))
    for key, count in db.session.execute(meetings):
        add(key, ("trajectories", "meetings"), count)
    ended = and_(mine, Trajectory.ended_on >= first_day, Trajectory.ended_on < after)
    for key, reason, result, count in db.session.execute(_ended_with_results(ended)):
        add(key, ("trajectories", "ended"), count)
        add(key, ("trajectories", "ended", reason), count)
        for among in ("all", "completed") if reason == "completed" else ("all",):
            if result is None:
                add(key, ("result", among, "unknown"), count)
            for name, codes in RESULTS.items():
                if result in codes:
                    add(key, ("result", among, name), count)
    return counts


def _ended_with_results(ended):
    """The trajectories `ended` selects, counted per location, end reason and result (the
    coachee's latest outcome in the window; on one day, the one entered last)."""
    days_after_end = days_between(Trajectory.ended_on, Outcome.recorded_on)
    latest = (select(Outcome.outcome)
              .where(Outcome.visitor_id == Trajectory.visitor_id,
                     Outcome.recorded_on >= Trajectory.starts_on,
                     days_after_end <= SIX_MONTHS_DAYS)
              .order_by(Outcome.recorded_on.desc(), Outcome.created_at.desc(),
                        Outcome.id.desc())
              .limit(1).correlate(Trajectory).scalar_subquery())
    each = select(Trajectory.location_id.label("loc"), Trajectory.end_reason.label("reason"),
                  latest.label("result")).where(ended).subquery()
    return (select(each.c.loc, each.c.reason, each.c.result, func.count())
            .group_by(each.c.loc, each.c.reason, each.c.result))
