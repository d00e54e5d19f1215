"""What free text may hold, and what checking it costs: a note of any length is answered at
once, however it is built to make the personal-data guard work hard."""

import time

import pytest
from sqlalchemy import func, select
from support import visit_form

from jobatelier.extensions import db
from jobatelier.models import NOTE_MAX_LENGTH, Visit
from jobatelier.privacy import personal_data_problem

# Texts that made the guard's e-mail pattern try every start against the whole rest of the
# text: one long word, digits, words that each almost make an address.
ADVERSARIAL = {
    "one long word": lambda n: "a" * n,
    "digits": lambda n: "0" * n,
    "at signs": lambda n: "a@" * (n // 2),
    "(at) words": lambda n: "(at)" * (n // 4),
    "almost addresses": lambda n: ("x" * 60 + " (at) ") * (n // 66),
    "digits and spaces": lambda n: "0 " * (n // 2),
}


@pytest.mark.parametrize("build", ADVERSARIAL.values(), ids=ADVERSARIAL)
def test_the_guard_reads_100000_characters_at_once(build):
    text = build(100_000)
    started = time.perf_counter()
    personal_data_problem(text)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("text", [
    "mail jan.peeters@example.be", "JAN (at) telenet.be", "jan [at] vdab.be", "jan @ x.be",
    "https://example.be/p?u=jan@x.be", "x" * 80 + "@gmail.com",
])
def test_the_guard_still_finds_addresses(app, text):
    assert "e-mail" in str(personal_data_problem(text))


@pytest.mark.parametrize("text", [
    "bel 0475 12 34 56", "0475/12.34.56", "+32 475 12 34 56", "0032 3 123 45 67",
    "03 123 45 67", "tel. 0475 12 34 56: na 17 uur",
])
def test_the_guard_still_finds_phone_numbers(app, text):
    assert "telefoonnummer" in str(personal_data_problem(text))


@pytest.mark.parametrize("text", [
    "05-12-2026 14:30", "afspraak VDAB op 01-03-2027 9:30", "gesprek 09-12-2026 10:00 bij Aldi",
])
def test_a_date_and_a_time_is_not_a_phone_number(app, text):
    assert personal_data_problem(text) is None


def body_limit_notes(app):
    """Note lengths up to the request body limit (a little under, for the other fields)."""
    return [NOTE_MAX_LENGTH + 1, 20_000, 100_000, 499_000, app.config["MAX_CONTENT_LENGTH"] - 4096]


@pytest.mark.parametrize("build", [ADVERSARIAL["one long word"], ADVERSARIAL["digits"]],
                         ids=["one long word", "digits"])
def test_a_new_visit_with_any_note_is_answered_at_once(app, as_volunteer, build):
    for length in body_limit_notes(app):
        started = time.perf_counter()
        response = as_volunteer.post("/visits/new", data=visit_form(note=build(length)))
        assert time.perf_counter() - started < 2, length
        # Refused: at most 500 characters, or (past Flask's form field limit) too large.
        assert response.status_code in (200, 413), length
        if response.status_code == 200:
            assert "Hoogstens 500 tekens." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 0


def test_a_correction_with_any_note_is_answered_at_once(app, as_volunteer):
    as_volunteer.post("/visits/new", data=visit_form())
    visit = db.session.scalar(select(Visit))
    for length in body_limit_notes(app):
        started = time.perf_counter()
        response = as_volunteer.post(f"/visits/{visit.id}/edit", data=visit_form(
            note="a" * length, version=str(visit.version)))
        assert time.perf_counter() - started < 2, length
        assert response.status_code in (200, 413), length
    db.session.refresh(visit)
    assert visit.note is None and visit.version == 1


def test_a_note_too_long_gets_one_message_not_two(as_volunteer):
    page = as_volunteer.post("/visits/new", data=visit_form(
        note="mail jan@example.be " + "x" * NOTE_MAX_LENGTH)).get_data(as_text=True)
    assert "Hoogstens 500 tekens." in page and "e-mailadres" not in page


DIRECTION_CHARACTERS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_text_direction_characters_never_reach_a_note(as_volunteer):
    # U+202E shows "cv.exe" as "cv.\u202eexe" would read backwards: stored as it looks, not so.
    note = "".join(f"cv{character}" for character in DIRECTION_CHARACTERS)
    as_volunteer.post("/visits/new", data=visit_form(note=note))
    assert db.session.scalar(select(Visit.note)) == "cv" * len(DIRECTION_CHARACTERS)


def test_text_direction_characters_never_reach_a_title(client, auth, admin):
    from jobatelier.models import HelpType

    auth.login(admin)
    client.post("/admin/help-types/new", data={"code": "childcare",
                                               "label_nl": "\u202eKinderopvang\u2069"})
    label = db.session.scalar(select(HelpType.label_nl).where(HelpType.code == "childcare"))
    assert label == "Kinderopvang"
