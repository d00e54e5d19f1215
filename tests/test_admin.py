"""Administration: locations, help types (never hard-deleted), accounts, the audit log."""

import re

import pytest
from sqlalchemy import select

from jobatelier.extensions import db
from jobatelier.models import AuditEntry, HelpType, Location, User


def test_an_admin_adds_a_location_with_a_readable_prefix(as_admin):
    response = as_admin.post("/admin/locations/new", data={
        "code": "berlaar", "name": "Infopunt Werk Berlaar", "municipality": "Berlaar",
        "kind": "infopunt_werk", "organisation": "OCMW"})
    assert response.status_code == 302
    location = db.session.scalar(select(Location).where(Location.code == "berlaar"))
    assert location.visitor_prefix == "be" and location.kind == "infopunt_werk"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"code": "Lier!"}, "Een locatiecode heeft 2 tot 32"),
        ({"code": "lier"}, "Deze locatiecode is al in gebruik."),
        ({"visitor_prefix": "l0"}, "Het begin van de code heeft 2 tot 4"),
        ({"kind": "castle"}, "Ongeldige keuze"),
        ({"name": ""}, "Dit veld is vereist."),
    ],
)
def test_bad_locations_are_refused(as_admin, lier, form, message):
    data = {"code": "nijlen", "name": "Infopunt Werk Nijlen", "municipality": "Nijlen",
            "kind": "jobatelier"}
    data.update(form)
    response = as_admin.post("/admin/locations/new", data=data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.query(Location).count() == 1


def test_help_types_are_added_renamed_reordered_and_retired(as_admin):
    as_admin.post("/admin/help-types/new", data={"code": "childcare", "label_nl": "Kinderopvang"})
    added = db.session.scalar(select(HelpType).where(HelpType.code == "childcare"))
    assert added.active and added.position == 10
    as_admin.post(f"/admin/help-types/{added.id}", data={
        "label_nl": "Kinderopvang zoeken", "label_fr": "Garde d'enfants", "active": ""})
    db.session.refresh(added)
    assert (added.label_nl, added.active) == ("Kinderopvang zoeken", False)
    as_admin.post(f"/admin/help-types/{added.id}/move/up")
    codes = list(db.session.scalars(select(HelpType.code).order_by(HelpType.position)))
    assert codes[-2:] == ["childcare", "other"]
    assert db.session.query(HelpType).count() == 11  # nothing is ever deleted


def test_an_admin_creates_and_disables_an_account(as_admin, lier):
    as_admin.post("/admin/users/new", data={
        "username": "nora", "role": "volunteer", "locations": ["lier"],
        "password": "a good long password"})
    nora = db.session.scalar(select(User).where(User.username == "nora"))
    assert [loc.code for loc in nora.locations] == ["lier"]
    as_admin.post(f"/admin/users/{nora.id}", data={"role": "volunteer", "locations": ["lier"]})
    db.session.refresh(nora)
    assert not nora.active
    actions = list(db.session.scalars(select(AuditEntry.action)))
    assert "user_created" in actions and "user_changed" in actions


def test_a_new_account_needs_a_good_password(as_admin):
    page = as_admin.post("/admin/users/new", data={
        "username": "nora", "role": "volunteer", "password": "short"}).get_data(as_text=True)
    assert "Een wachtwoord heeft minstens 12 tekens." in page
    assert db.session.scalar(select(User).where(User.username == "nora")) is None


def test_the_audit_log_says_what_happened_in_words_and_dates_in_the_language(as_admin, admin):
    make = as_admin.post("/admin/locations/new", data={
        "code": "lier", "name": "Jobatelier Lier", "municipality": "Lier", "kind": "jobatelier"})
    assert make.status_code == 302
    page = as_admin.get("/admin/audit").get_data(as_text=True)
    assert "<td>Aangemeld</td>" in page and "<td>Locatie toegevoegd</td>" in page
    assert "location_created" not in page and ">login<" not in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page)  # no ISO dates: "29 nov 2026 10:15"
    as_admin.post("/language", data={"language": "fr", "next": "/admin/audit"})
    page = as_admin.get("/admin/audit").get_data(as_text=True)
    assert "<td>Connexion</td>" in page and "<td>Lieu ajouté</td>" in page


@pytest.mark.parametrize("role", ["volunteer", "coordinator"])
def test_only_admins_administer(client, auth, make_user, lier, role):
    auth.login(make_user("someone", role, [lier]))
    assert client.get("/admin/").status_code == 403
    assert client.post("/admin/locations/new", data={"code": "x"}).status_code == 403


def test_an_account_that_sees_only_its_locations_needs_one(as_admin, lier):
    page = as_admin.post("/admin/users/new", data={
        "username": "nora", "role": "volunteer", "password": "correct horse staple"})
    text = page.get_data(as_text=True)
    assert "Vink minstens één locatie aan voor deze rol." in text
    assert 'value="correct horse staple"' in text  # not wiped by the other mistake
    assert db.session.scalar(select(User).where(User.username == "nora")) is None
    assert as_admin.post("/admin/users/new", data={
        "username": "nora", "role": "volunteer", "password": "correct horse staple",
        "locations": ["lier"]}).status_code == 302


def test_help_types_are_opened_by_their_label_and_say_what_an_empty_label_does(as_admin):
    page = as_admin.get("/admin/").get_data(as_text=True)
    cv = db.session.scalar(select(HelpType).where(HelpType.code == "cv"))
    assert f'href="/admin/help-types/{cv.id}">CV opmaken of aanpassen</a>' in page
    form = as_admin.get("/admin/help-types/new").get_data(as_text=True)
    assert "Leeg: wie Frans kiest, ziet het Nederlandse label." in form
