"""Correcting and deleting visits and outcomes: who may, for how long, and never over
someone else's save."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from support import desk_now, visit_form

from jobatelier.desk.services import update_visit
from jobatelier.errors import RuleError
from jobatelier.extensions import db
from jobatelier.models import AuditEntry, Outcome, User, Visit, Visitor


def first_visit():
    return db.session.scalar(select(Visit))


def edit_form(visit, **overrides):
    form = visit_form(help_types=["talk"], duration_minutes="45", version=str(visit.version))
    form.update(overrides)
    return form


def test_a_volunteer_corrects_a_visit_and_it_is_audited(as_volunteer):
    as_volunteer.post("/visits/new", data=visit_form(new_visitor="y"))
    visit = first_visit()
    response = as_volunteer.post(f"/visits/{visit.id}/edit", data=edit_form(visit))
    assert response.status_code == 302
    db.session.refresh(visit)
    assert [ht.code for ht in visit.help_types] == ["talk"] and visit.duration_minutes == 45
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == (
        "visit_changed")


def test_a_second_save_over_a_stale_form_is_refused(as_volunteer):
    as_volunteer.post("/visits/new", data=visit_form())
    visit = first_visit()
    stale = edit_form(visit, duration_minutes="10")
    as_volunteer.post(f"/visits/{visit.id}/edit", data=edit_form(visit))
    page = as_volunteer.post(f"/visits/{visit.id}/edit", data=stale).get_data(as_text=True)
    assert "Iemand anders heeft dit intussen gewijzigd." in page
    db.session.refresh(visit)
    assert visit.duration_minutes == 45


def test_a_volunteer_cannot_correct_after_14_days_but_a_coordinator_can(
    client, auth, volunteer, coordinator
):
    auth.login(volunteer)
    client.post("/visits/new", data=visit_form())
    visit = first_visit()
    visit.created_at -= timedelta(days=15)
    db.session.commit()
    assert client.get(f"/visits/{visit.id}/edit").status_code == 403  # not a form refused later
    assert client.post(f"/visits/{visit.id}/edit", data=edit_form(visit)).status_code == 403
    assert client.get(f"/visits/{visit.id}/delete").status_code == 403
    auth.logout()
    auth.login(coordinator)
    assert client.post(f"/visits/{visit.id}/edit", data=edit_form(visit)).status_code == 302


def test_deleting_a_visit_removes_it_with_its_help_types(as_volunteer):
    as_volunteer.post("/visits/new", data=visit_form())
    visit = first_visit()
    response = as_volunteer.post(f"/visits/{visit.id}/delete",
                                 data={"version": str(visit.version)})
    assert response.headers["Location"] == "/desk"
    assert first_visit() is None
    assert db.session.execute(select(db.metadata.tables["visit_help_types"])).first() is None


def test_deleting_a_visit_asks_first_on_a_page_of_its_own(as_volunteer):
    as_volunteer.post("/visits/new", data=visit_form(new_visitor="y"))
    visit = first_visit()
    edit = as_volunteer.get(f"/visits/{visit.id}/edit").get_data(as_text=True)
    assert "Dit bezoek verwijderen" in edit and 'class="danger"' not in edit
    page = as_volunteer.get(f"/visits/{visit.id}/delete").get_data(as_text=True)
    assert "Dit bezoek verwijderen?" in page and visit.visitor.code.upper() in page
    assert "CV opmaken of aanpassen" in page and first_visit() is not None
    as_volunteer.post(f"/visits/{visit.id}/delete", data={"version": str(visit.version)})
    assert first_visit() is None


def test_a_delete_without_the_version_it_was_shown_at_is_refused(as_volunteer):
    as_volunteer.post("/visits/new", data=visit_form())
    visit = first_visit()
    as_volunteer.post(f"/visits/{visit.id}/delete")
    assert first_visit() is not None


def test_another_locations_visit_is_not_found(client, auth, make_user, lier, heist):
    auth.login(make_user("hanne", "volunteer", [heist]))
    client.post("/visits/new", data=visit_form())
    visit = first_visit()
    auth.logout()
    auth.login(make_user("vera", "volunteer", [lier]))
    assert client.get(f"/visits/{visit.id}/edit").status_code == 404
    assert client.post(f"/visits/{visit.id}/delete").status_code == 404


def recorded_outcome(client) -> Outcome:
    """A new visitor's visit, then their outcome (training, 5 January 2026)."""
    client.post("/visits/new", data=visit_form(new_visitor="y"))
    code = db.session.scalar(select(Visitor.code))
    client.post(f"/visitors/{code}/outcomes/new",
                data={"outcome": "training", "recorded_on": "2026-01-05"})
    return db.session.scalar(select(Outcome))


def test_an_outcome_is_corrected_then_deleted(as_volunteer):
    row = recorded_outcome(as_volunteer)
    response = as_volunteer.post(f"/visitors/outcomes/{row.id}/edit", data={
        "outcome": "work", "contract_type": "temp_agency", "recorded_on": "2026-01-06",
        "version": str(row.version)})
    assert response.status_code == 302
    db.session.refresh(row)
    assert (row.outcome, row.contract_type) == ("work", "temp_agency")
    as_volunteer.post(f"/visitors/outcomes/{row.id}/delete", data={"version": str(row.version)})
    assert db.session.scalar(select(Outcome)) is None


def test_deleting_a_visit_saved_by_someone_else_meanwhile_is_refused(as_volunteer):
    as_volunteer.post("/visits/new", data=visit_form())
    visit = first_visit()
    opened_at = str(visit.version)
    as_volunteer.post(f"/visits/{visit.id}/edit", data=edit_form(visit))
    response = as_volunteer.post(f"/visits/{visit.id}/delete", data={"version": opened_at},
                                 follow_redirects=True)
    assert "Iemand anders heeft dit intussen gewijzigd." in response.get_data(as_text=True)
    assert first_visit() is not None


def test_deleting_an_outcome_saved_by_someone_else_meanwhile_is_refused(as_volunteer):
    row = recorded_outcome(as_volunteer)
    opened_at = str(row.version)
    as_volunteer.post(f"/visitors/outcomes/{row.id}/edit", data={
        "outcome": "study", "contract_type": "", "recorded_on": "2026-01-05",
        "version": opened_at})
    response = as_volunteer.post(f"/visitors/outcomes/{row.id}/delete",
                                 data={"version": opened_at}, follow_redirects=True)
    assert "Iemand anders heeft dit intussen gewijzigd." in response.get_data(as_text=True)
    assert db.session.scalar(select(Outcome.outcome)) == "study"


def test_a_save_racing_another_workers_save_is_refused_not_lost(as_volunteer, app):
    """Both forms were opened at version 1; the other worker's save lands between our read
    and our write. The version column makes our UPDATE match nothing: a clear message, no 500,
    and nothing of ours written."""
    as_volunteer.post("/visits/new", data=visit_form())
    visit = first_visit()
    # The other worker's save, behind the back of the object we hold (still at version 1).
    db.session.execute(update(Visit).values(version=Visit.version + 1)
                       .execution_options(synchronize_session=False))
    with pytest.raises(RuleError, match="Iemand anders heeft dit intussen gewijzigd"):
        update_visit(volunteer_of(visit), visit, help_type_codes=["talk"],
                     arrived_at=visit.arrived_at, duration_minutes=45, note=None,
                     version=1, now=desk_now())
    assert db.session.scalar(select(Visit.duration_minutes)) == 30


def volunteer_of(visit):
    return db.session.get(User, visit.created_by_id)
