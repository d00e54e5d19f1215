"""Visitor codes: random, readable over the counter, per desk, and a typo is caught."""

import pytest

from jobatelier.visitors import codes as vc


def test_a_new_code_has_the_desk_prefix_and_a_valid_check_character():
    code = vc.new_code("hb")
    assert code.startswith("hb-") and len(code) == len("hb-") + 6
    assert vc.is_well_formed(code)


def test_codes_use_no_look_alike_characters():
    for char in "01ilo":
        assert char not in vc.ALPHABET
    codes = {vc.new_code("hb") for _ in range(500)}
    assert len(codes) == 500  # random, so no repeats in a few hundred
    assert not any(set(code) & set("01ilo") for code in codes)


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
