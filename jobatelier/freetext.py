"""What text typed by people may hold, wherever it comes in (a form, an imported package), and
how it goes out to spreadsheets (the package's CSV, the workbooks, the yearly CSV)."""

import re

from flask_babel import lazy_gettext as _l

# Invisible characters nobody means to store: C0 controls but tab and newlines (NUL above all,
# which PostgreSQL refuses), DEL, and the bidirectional controls that make text show in
# another order than it is stored in (U+202E turns "cv.exe" round), so that what a reader
# sees is not what a search, a report or the next program gets.
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# A spreadsheet that opens a CSV runs a cell that starts with one of these as a formula
# (=HYPERLINK(...) is a link to anywhere); tab and carriage return lead to the same in some.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_MESSAGE = _l("Begin with a letter or digit: a spreadsheet would run text that starts "
                     "with =, +, - or @.")


def control_character(text: str) -> str | None:
    """The first control or direction character in `text` as U+XXXX, or None."""
    found = CONTROL_CHARACTERS.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def starts_like_formula(text: str | None) -> bool:
    """True when a spreadsheet would read `text` as a formula; leading spaces, which the app
    strips before it stores text, do not hide one."""
    return bool(text) and text.lstrip(" ").startswith(FORMULA_STARTS)


def neutralise(value):
    """Text stored before the formula rule goes out with a leading apostrophe, the
    spreadsheets' own mark for "text, not a formula": shown as typed, never run."""
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value
