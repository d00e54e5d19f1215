"""The report's tallies (help tallies, visitor years) follow every visit registered, corrected,
moved to another year or deleted, and a bulk load counts them again. (After every test,
conftest also checks every tally against a count of the visits.)"""

from datetime import datetime

from sqlalchemy import insert, select

from jobatelier.desk.services import delete_visit, register_visit, update_visit
from jobatelier.extensions import db
from jobatelier.models import HelpTally, HelpType, Visit, VisitorYear, visit_help_types
from jobatelier.reports import tallies

NOW = datetime(2024, 1, 10, 12, 0)


def stored() -> dict:
    codes = dict(db.session.execute(select(HelpType.id, HelpType.code)).all())
    return {(year, location, codes[help_type]): visits for year, location, help_type, visits
            in db.session.execute(select(HelpTally.__table__))}


def visitor_years() -> dict:
    return {(year, location, visitor): visits for year, location, visitor, visits
            in db.session.execute(select(VisitorYear.__table__))}


def register(user, location, arrived_at, *codes, **visitor):
    visitor = {"visitor_code": None, "new_visitor": False, **visitor}
    return register_visit(user, location, help_type_codes=list(codes), arrived_at=arrived_at,
                          duration_minutes=None, note=None, now=NOW, **visitor)


def test_registering_correcting_and_deleting_visits_keep_the_tallies(app, coordinator, lier):
    first = register(coordinator, lier, datetime(2024, 1, 8, 10), "cv", "talk")
    register(coordinator, lier, datetime(2024, 1, 9, 10), "cv")
    assert stored() == {(2024, lier.id, "cv"): 2, (2024, lier.id, "talk"): 1}

    # Back into the previous year, with other help: the old tallies go down, the new go up.
    update_visit(coordinator, first, help_type_codes=["talk", "digital"],
                 arrived_at=datetime(2023, 12, 28, 10), duration_minutes=None, note=None,
                 version=first.version, now=NOW)
    assert stored() == {(2024, lier.id, "cv"): 1, (2023, lier.id, "talk"): 1,
                        (2023, lier.id, "digital"): 1}

    deleted = db.session.get(Visit, first.id)
    delete_visit(coordinator, deleted, version=deleted.version)
    assert stored() == {(2024, lier.id, "cv"): 1}


def test_the_visitor_years_follow_the_visitors_visits(app, make_user, lier, heist):
    coordinator = make_user("kris", "coordinator", [lier, heist])  # corrects at both desks
    # A new visitor gets a code in the same flush as the visit: the tally needs its id.
    first = register(coordinator, lier, datetime(2023, 12, 30, 10), "cv", new_visitor=True)
    visitor = first.visitor
    register(coordinator, lier, datetime(2024, 1, 8, 10), "cv", visitor_code=visitor.code)
    later = register(coordinator, heist, datetime(2024, 1, 9, 10), "talk",
                     visitor_code=visitor.code)
    register(coordinator, lier, datetime(2024, 1, 9, 11), "talk")  # one-off: no visitor year
    assert visitor_years() == {(2023, lier.id, visitor.id): 1, (2024, lier.id, visitor.id): 1,
                               (2024, heist.id, visitor.id): 1}

    update_visit(coordinator, first, help_type_codes=["cv"], arrived_at=datetime(2024, 1, 2),
                 duration_minutes=None, note=None, version=first.version, now=NOW)
    deleted = db.session.get(Visit, later.id)
    delete_visit(coordinator, deleted, version=deleted.version)
    assert visitor_years() == {(2024, lier.id, visitor.id): 2}


def test_a_bulk_load_counts_the_tallies_again(app, lier):
    cv = db.session.scalar(select(HelpType.id).where(HelpType.code == "cv"))
    db.session.execute(insert(Visit), [{"id": f"visit-{n}", "location_id": lier.id,
                                        "arrived_at": datetime(2022 + n % 2, 3, 1, 10)}
                                       for n in range(5)])
    db.session.execute(insert(visit_help_types),
                       [{"visit_id": f"visit-{n}", "help_type_id": cv} for n in range(5)])
    assert stored() == {}  # plain INSERTs pass the ORM by
    tallies.count_again(db.session)
    db.session.commit()
    assert stored() == {(2022, lier.id, "cv"): 3, (2023, lier.id, "cv"): 2}


def test_the_tallies_can_be_counted_again_from_the_command_line(runner, lier):
    cv = db.session.scalar(select(HelpType.id).where(HelpType.code == "cv"))
    db.session.execute(insert(Visit), [{"id": "by-hand", "location_id": lier.id,
                                        "arrived_at": datetime(2022, 3, 1, 10)}])
    db.session.execute(insert(visit_help_types), [{"visit_id": "by-hand", "help_type_id": cv}])
    db.session.commit()  # as someone changing the database by hand would
    result = runner.invoke(args=["count-tallies"])
    assert result.exit_code == 0, result.output
    assert stored() == {(2022, lier.id, "cv"): 1}
