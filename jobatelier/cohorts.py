"""A group's cohort (docs/domain.md, "Groups and trajectories"): its participants and what
they found within 6 months of the group's start (work, a training, any positive outcome) or
that nothing is known. The group's page shows one group's; the yearly report counts those of
the groups that started in a year, per location and in total.

*Within 6 months*: an outcome recorded on or after the group's start and at most
SIX_MONTHS_DAYS (183) days after it, the window the desk's own "within 6 months" uses.
"""

from sqlalchemy import case, exists, func, literal, select, union_all

from .extensions import db
from .models import POSITIVE_OUTCOMES, SIX_MONTHS_DAYS, Group, GroupMember, Outcome
from .sqlfunctions import days_between

# What a participant found in the window, by outcome codes; "known" is anything at all, and
# the participants without it are "unknown".
COHORT_FACTS = {"work": ("work",), "training": ("training",), "positive": POSITIVE_OUTCOMES}


def group_cohort(group: Group) -> dict:
    """{"participants", "work", "training", "positive", "unknown": count} of one group: its
    participants and what they found within 6 months of its start."""
    names = ("participants", *COHORT_FACTS, "unknown")
    found = dict.fromkeys(names, 0)
    for _key, *numbers in cohort_counts(Group.id == group.id, by_location=False):
        found.update(zip(names, (int(number or 0) for number in numbers), strict=True))
    return found


def cohort_counts(cohort, by_location: bool = True) -> list:
    """[(location id or None for all of them, participants, *COHORT_FACTS, unknown)] of the
    groups `cohort` selects. A visitor in two of them counts once, with what they found in
    the window of either. A location's unknown are its participants with nothing known in
    the window of any of their groups `cohort` selects, wherever: a participant known through
    another location's group is known in the total, and a location that still counted them
    unknown would count more than the total, which gives its hidden count away (protection.py
    takes the total as the sum of the locations)."""
    found_after_start = {name: _found(codes) for name, codes in COHORT_FACTS.items()}
    found_after_start["known"] = _found(None)
    per_member = (select(Group.location_id.label("loc"), GroupMember.visitor_id,
                         *(case((condition, 1), else_=0).label(name)
                           for name, condition in found_after_start.items()))
                  .select_from(GroupMember).join(Group, Group.id == GroupMember.group_id)
                  .where(cohort).cte("members"))
    names = list(found_after_start)

    def per_visitor(*keys):
        return (select(*keys, *(func.max(per_member.c[name]).label(name) for name in names))
                .group_by(*keys).subquery())

    def counted(visitors, key, known):
        return select(key, func.count(), *(func.sum(visitors.c[name]) for name in COHORT_FACTS),
                      func.count() - func.coalesce(func.sum(known), 0))

    everywhere = per_visitor(per_member.c.visitor_id)
    in_total = counted(everywhere, literal(None), everywhere.c.known)
    if not by_location:
        return list(db.session.execute(in_total))
    each_location = per_visitor(per_member.c.loc, per_member.c.visitor_id)
    by_loc = (counted(each_location, each_location.c.loc, everywhere.c.known)
              .join_from(each_location, everywhere,
                         everywhere.c.visitor_id == each_location.c.visitor_id)
              .group_by(each_location.c.loc))
    return list(db.session.execute(union_all(by_loc, in_total)))


def _found(codes):
    """The member's outcome (one of `codes`; any when None) recorded on or after the group's
    start and at most SIX_MONTHS_DAYS after it."""
    days = days_between(Group.starts_on, Outcome.recorded_on)
    where = [Outcome.visitor_id == GroupMember.visitor_id, days >= 0, days <= SIX_MONTHS_DAYS]
    if codes is not None:
        where.append(Outcome.outcome.in_(codes))
    return exists().where(*where)
