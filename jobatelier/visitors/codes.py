"""Visitor codes: `<location prefix>-<5 random characters><check character>`, e.g. `hb-k7m2xq`.

The alphabet leaves out the look-alikes 0/O and 1/I/L. It has 31 characters, a prime, so the
check character (a weighted sum modulo 31) catches every single wrong character and every swap
of two characters: a mistyped code is refused, never matched to someone else.
"""

import re
import secrets

from flask_babel import lazy_gettext as _l

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RANDOM_LENGTH = 5
PREFIX_PATTERN = re.compile(f"^[{ALPHABET}]{{2,4}}$")
# Retention puts a random key on no card in the place of a purged visitor's code.
PURGED_PREFIX = "purged-"


def check_character(text: str) -> str:
    """The check character of `text` (prefix and random part, without the hyphen)."""
    total = sum(weight * ALPHABET.index(char) for weight, char in enumerate(text, start=1))
    return ALPHABET[total % len(ALPHABET)]


def new_code(prefix: str) -> str:
    """A fresh random code for a desk; random, never derived from anything about the person."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{prefix}-{body}{check_character(prefix + body)}"


def normalise(typed: str) -> str:
    """What a volunteer typed, in the stored form: lower case, no spaces, one hyphen after the
    prefix (which may have been typed without it)."""
    compact = re.sub(r"[\s\-_.]", "", typed or "").lower()
    if len(compact) <= RANDOM_LENGTH + 1:
        return compact
    return f"{compact[: -RANDOM_LENGTH - 1]}-{compact[-RANDOM_LENGTH - 1 :]}"


def is_well_formed(code: str) -> bool:
    """True when `code` (normalised) is one of ours and its check character fits."""
    prefix, _, rest = code.partition("-")
    if not PREFIX_PATTERN.match(prefix) or len(rest) != RANDOM_LENGTH + 1:
        return False
    if any(char not in ALPHABET for char in rest):
        return False
    return check_character(prefix + rest[:-1]) == rest[-1]


def display(code: str) -> str:
    """Codes are shown in capitals: easier to read over the counter and off a card. A purged
    visitor's random key is no code: it shows as removed."""
    if is_purged(code):
        return str(_l("code removed (retention)"))
    return code.upper()


def is_purged(code: str) -> bool:
    return code.startswith(PURGED_PREFIX)


def prefix_candidates(location_code: str):
    """Prefixes to try for a new location, most readable first: its own letters, then random."""
    letters = [char for char in location_code.lower() if char in ALPHABET]
    for length in (2, 3, 4):
        if len(letters) >= length:
            yield "".join(letters[:length])
    if len(letters) >= 2:
        for second in letters[1:]:
            yield letters[0] + second
    while True:
        yield "".join(secrets.choice(ALPHABET) for _ in range(3))
