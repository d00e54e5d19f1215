"""`jobatelier translate update|compile`: the pybabel steps for the catalogs in translations/."""

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface

TOP = Path(__file__).resolve().parent.parent
TRANSLATIONS = TOP / "translations"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


@click.group("translate")
def translate_command():
    """Keep the nl, fr and en catalogs in step with the code."""


@translate_command.command("update")
def update():
    """Extract every string into messages.pot and merge it into each catalog."""
    pot = str(TRANSLATIONS / "messages.pot")
    _pybabel("extract", "-F", str(TRANSLATIONS / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
             "-c", "i18n:", "--no-location", "--sort-output", "--project=jobatelier",
             "-o", pot, str(TOP))
    # Obsolete entries are dead text in the catalogs; the history is in git.
    _pybabel("update", "-i", pot, "-d", str(TRANSLATIONS), "--no-fuzzy-matching",
             "--ignore-obsolete", "-w", "100")


@translate_command.command("compile")
def compile_catalogs():
    """Compile the catalogs into the .mo files the app reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")
