"""What text typed by people may hold, wherever it comes in: a form or an imported package."""

import re

# Invisible characters nobody means to store: C0 controls but tab and newlines (NUL above all,
# which PostgreSQL refuses), DEL, and the bidirectional controls that make text show in
# another order than it is stored in (U+202E turns "cv.exe" round), so that what a reader
# sees is not what a search, a report or the next program gets.
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def control_character(text: str) -> str | None:
    """The first control or direction character in `text` as U+XXXX, or None."""
    found = CONTROL_CHARACTERS.search(text)
    return f"U+{ord(found.group()):04X}" if found else None
