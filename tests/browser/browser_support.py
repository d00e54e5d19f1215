"""Where the browser tests find Chromium, axe-core and the repository, and what several of
them do at the desk: log in, walk with the Tab key, register a visit, run axe-core."""

import os
import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from live import ROOT
from playwright.sync_api import expect
from support import PASSWORD, desk_now

CHROMIUM = os.environ.get("JOBATELIER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(os.environ.get("JOBATELIER_AXE") or ROOT / ".ci/node/node_modules/axe-core/axe.min.js")

# The month abbreviations people read (CLDR's medium dates), written out here rather than
# asked of the library the app itself uses.
DUTCH_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec")
FRENCH_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                 "oct.", "nov.", "déc.")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def app_bug(what: str):
    """Mark a test that shows a bug of the app not fixed yet: it must fail until the fix,
    which then makes it pass and tells to drop the mark (strict)."""
    return pytest.mark.xfail(strict=True, reason=f"app bug: {what}")


def log_in(page, base: str, username: str):
    """Log in through the login form; returns once the browser has left the login page."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: not url.endswith("/login"))
    return page


def belgian(moment: datetime) -> str:
    """A date and time as a Belgian volunteer types it: 29-11-2026 14:30."""
    return moment.strftime("%d-%m-%Y %H:%M")


def dutch_day(day: date) -> str:
    return f"{day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}"


def french_day(day: date) -> str:
    return f"{day.day} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def days_ago(days: int, at: str = "10:15") -> datetime:
    """That many days before today at the desk, at the given time."""
    hours, minutes = (int(part) for part in at.split(":"))
    return (desk_now() - timedelta(days=days)).replace(hour=hours, minute=minutes)


def register_visit(page, base: str, *, code: str = "", arrival: datetime | None = None,
                   help_type: str = "cv", minutes: str = "") -> str:
    """Register a visit through the form, for the visitor with `code` or, without one, for a
    new visitor; returns the visitor's code as the address writes it (`er-k7m2xq`)."""
    page.goto(f"{base}/visits/new")
    if code:
        page.fill("input[name=visitor_code]", code)
    else:
        page.check("input[name=way_in][value=new]")
    page.check(f"input[name=help_types][value={help_type}]")
    if arrival:
        page.fill("input[name=arrived_at]", belgian(arrival))
    page.fill("input[name=duration_minutes]", minutes)
    page.get_by_role("button", name="Bezoek bewaren").click()
    page.wait_for_url(re.compile(r"/visitors/[a-z0-9-]+(/card)?$"))
    return re.search(r"/visitors/([a-z0-9-]+)", page.url).group(1)


def tab_to(page, target, most: int):
    """Press Tab, and nothing else, until `target` has the focus: at most `most` times."""
    for _ in range(most):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(target).to_be_focused(timeout=1)


def show_every_mistake(page, base: str) -> str:
    """Submit a new visit with four mistakes at once: a code that is no code, no help ticked,
    a phone number in the note and an arrival tomorrow; returns the arrival as typed."""
    tomorrow = belgian(desk_now() + timedelta(days=1))
    page.goto(f"{base}/visits/new")
    page.fill("input[name=visitor_code]", "er-zzzzzz")
    page.fill("input[name=arrived_at]", tomorrow)
    page.fill("textarea[name=note]", "bel 0475 12 34 56")
    page.get_by_role("button", name="Bezoek bewaren").click()
    expect(page.locator(".error-summary")).to_be_visible()
    return tomorrow


# What can be deleted from its correction page: the link there, the question the next page
# asks, and how the visitor's page shows the thing (a row holding this text).
DELETABLE = {
    "visit": ("Dit bezoek verwijderen", "Dit bezoek verwijderen?", "Een warm gesprek"),
    "outcome": ("Dit resultaat verwijderen", "Dit resultaat verwijderen?", "Opleiding gestart"),
}


def open_correction(page, base: str, kind: str) -> str:
    """A new visitor with two visits (CV, then a talk) and an outcome (a training); opens the
    correction page of the talk or of the outcome, from the visitor's page. Returns the code."""
    code = register_visit(page, base, help_type="cv")
    register_visit(page, base, code=code, help_type="talk")
    page.get_by_role("link", name="Resultaat registreren").click()
    page.select_option("select[name=outcome]", "training")
    page.get_by_role("button", name="Resultaat bewaren").click()
    expect(page).to_have_url(f"{base}/visitors/{code}")
    shown = DELETABLE[kind][2]
    page.get_by_role("row").filter(has_text=shown).get_by_role("link", name="Wijzigen").click()
    expect(page.get_by_role("link", name=DELETABLE[kind][0])).to_be_visible()
    return code


def show_the_timeout_warning(page, base: str, quiet_for: str = "12:59", note: str = ""):
    """Open the new-visit form on the browser's own clock, type `note`, and move the clock
    on: the warning must not show for `quiet_for` (minutes:seconds; by default just under
    the 13 minutes after which 15 minutes of idle time leave two), and must show two seconds
    later. Returns it."""
    page.clock.install()
    page.goto(f"{base}/visits/new")
    page.fill("textarea[name=note]", note)
    warning = page.get_by_role("alertdialog", name="Je wordt zo dadelijk afgemeld")
    page.clock.run_for(quiet_for)
    expect(warning).to_be_hidden()
    page.clock.run_for("00:02")
    expect(warning).to_be_visible()
    return warning


# The sizes every new page is checked at: a desk PC's screen and a tablet held upright.
AXE_SIZES = {"1366x768": (1366, 768), "768x1024": (768, 1024)}


def axe_violations(page):
    """axe-core's serious and critical violations of WCAG 2.1 A and AA on the page as it is."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [(violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")]


def axe_violations_at_each_size(page) -> dict:
    """The violations of the page as it is now at each of AXE_SIZES (sizes without any left
    out); skips the test where axe-core is not installed."""
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (npm install axe-core)")
    found = {}
    for name, (width, height) in AXE_SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    return found
