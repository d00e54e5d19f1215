"""Visitor codes: random, readable over the counter, per desk, and a typo is caught; two
visitors never get the same code."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from support import visit_form

from jobatelier.extensions import db
from jobatelier.models import Visitor
from jobatelier.visitors import codes as vc


class ScriptedRandom:
    """Stands in for the random source of visitor_codes: hands out the characters it was given,
    in order, so that a test decides what is drawn (a repeat, say) instead of chance."""

    def __init__(self, *bodies):
        self.left = list("".join(bodies))
        self.asked = []  # what each draw was to pick from

    def choice(self, characters):
        assert self.left, "drew more characters than the test scripted"
        self.asked.append(characters)
        return self.left.pop(0)


@pytest.fixture
def draws(monkeypatch):
    """Script the random part of the next codes: `draws("k7m2x", "k7m2x", "p3q4r")`."""
    def script(*bodies):
        scripted = ScriptedRandom(*bodies)
        monkeypatch.setattr(vc, "secrets", scripted)
        return scripted
    return script


def code_of(prefix, body):
    """The code a desk with `prefix` issues when the random draw is `body`."""
    return f"{prefix}-{body}{vc.check_character(prefix + body)}"


def test_a_code_is_the_prefix_five_random_characters_and_the_check_character(draws):
    scripted = draws("k7m2x")
    code = vc.new_code("hb")
    assert code == code_of("hb", "k7m2x")
    assert scripted.asked == [vc.ALPHABET] * vc.RANDOM_LENGTH  # five draws, all from it
    assert vc.is_well_formed(code) and vc.display(code) == code.upper()


def test_the_alphabet_has_no_look_alikes_and_a_prime_length():
    assert not set("01ilo") & set(vc.ALPHABET)
    # Pinned: the check character on every card already handed out depends on it.
    assert vc.ALPHABET == "23456789abcdefghjkmnpqrstuvwxyz"
    assert len(vc.ALPHABET) == 31  # prime: what lets the check character catch every swap


@pytest.mark.parametrize("body", ["22222", "zzzzz", "k7m2x", "9a3hw"])
def test_any_draw_of_the_alphabet_makes_a_code_the_desk_accepts(draws, body):
    draws(body)
    code = vc.new_code("er")
    assert vc.normalise(vc.display(code)) == code and vc.is_well_formed(code)


def test_a_new_visitor_never_gets_a_code_someone_already_has(as_volunteer, lier, draws):
    draws("k7m2x", "k7m2x", "k7m2x", "p3q4r")  # the second visitor's first two draws repeat
    cards = [as_volunteer.post("/visits/new", data=visit_form(new_visitor="y"))
             .headers["Location"] for _ in range(2)]
    first, second = (code_of(lier.visitor_prefix, body) for body in ("k7m2x", "p3q4r"))
    assert cards == [f"/visitors/{first}/card", f"/visitors/{second}/card"]
    assert sorted(db.session.scalars(select(Visitor.code))) == sorted([first, second])
    assert vc.display(second) in as_volunteer.get(cards[1]).get_data(as_text=True)


def test_the_database_refuses_a_second_visitor_with_the_same_code(app, lier):
    """The last guard should two desks draw the same code at the same moment."""
    code = vc.new_code(lier.visitor_prefix)
    for _ in range(2):
        db.session.add(Visitor(code=code, first_location=lier, registered_on=date.today()))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_every_single_wrong_character_is_caught():
    code = vc.new_code("er")
    for position, char in enumerate(code):
        if char == "-":
            continue
        for other in vc.ALPHABET.replace(char, ""):
            typo = code[:position] + other + code[position + 1 :]
            assert not vc.is_well_formed(typo), typo


def test_every_swap_of_two_neighbours_is_caught():
    code = vc.new_code("er").replace("-", "")
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            assert not vc.is_well_formed(vc.normalise(swapped))


@pytest.mark.parametrize("typed", [" ER-K7M2XQ ", "er k7m2xq", "erk7m2xq", "ER-K7M-2XQ"])
def test_typing_is_forgiving_about_case_spaces_and_hyphens(typed):
    assert vc.normalise(typed) == "er-k7m2xq"


def test_a_readable_prefix_is_proposed_from_the_location_code():
    candidates = vc.prefix_candidates("heist-op-den-berg")
    assert next(candidates) == "he"
    assert all(vc.PREFIX_PATTERN.match(next(candidates)) for _ in range(10))
