"""Every mistake at once (issue 21): a new visit with four mistakes comes back with one
summary at its top, which has the focus and links to each field."""

import re

from browser_support import show_every_mistake
from playwright.sync_api import expect

# Each mistake's field: its label (which starts the summary's line), a word of the message
# that says which mistake it is, and the field's name.
MISTAKES = [
    ("Code op de kaart", "tikfout", "visitor_code"),
    ("Gegeven hulp", "minstens één", "help_types"),
    ("Aangekomen om", "toekomst", "arrived_at"),
    ("Korte notitie", "telefoonnummer", "note"),
]


def test_four_mistakes_are_summed_up_at_the_top_with_the_focus(page, login, live_server):
    login("vera")
    typed_arrival = show_every_mistake(page, live_server)
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("alert")).to_be_visible()  # as GOV.UK: the content alerts
    expect(summary).to_be_focused()  # document.activeElement, once the page has loaded
    expect(summary.get_by_role("heading")).to_have_text("Pas dit eerst aan")
    expect(page).to_have_title(re.compile(r"^Fout: Nieuw bezoek"))
    expect(summary.get_by_role("link")).to_have_count(len(MISTAKES))
    # What was typed stays, in the form it was typed in.
    expect(page.locator("input[name=arrived_at]")).to_have_value(typed_arrival)
    expect(page.locator("textarea[name=note]")).to_have_value("bel 0475 12 34 56")
    for label, word, name in MISTAKES:
        link = summary.get_by_role("link", name=re.compile(f"^{label}: .*{word}"))
        link.click()
        expect(page.locator(f"[name={name}]").first).to_be_focused()


def test_the_summary_lists_the_mistakes_in_the_order_of_the_page(page, login, live_server):
    login("vera")
    show_every_mistake(page, live_server)
    expect(page.locator(".error-summary a")).to_have_text(
        [re.compile(f"^{label}:") for label, _word, _name in MISTAKES], timeout=2000)
