"""A group in a real browser: created, a new participant enrolled with a card, a session's
attendance ticked with the keyboard alone (Tab, Space, Enter), then corrected the same way;
cancelling and deleting ask first; every group page passes axe-core at both sizes."""

import re
from datetime import date, timedelta

from browser_support import axe_violations_at_each_size, tab_to
from playwright.sync_api import expect

GROUP_URL = re.compile(r".*/groups/[0-9a-f-]{36}$")


def new_group_with_a_participant(page, live_server) -> tuple[str, str]:
    """A Jobclub that started two weeks ago, and a new participant with a card; returns the
    group's address and the participant's code."""
    page.goto(f"{live_server}/groups/new")
    page.fill("input[name=title]", "Jobclub browser")
    page.fill("input[name=starts_on]", (date.today() - timedelta(days=14)).strftime("%d-%m-%Y"))
    page.press("input[name=title]", "Enter")
    page.wait_for_url(GROUP_URL)
    group_url = page.url
    page.check("input[name=new_visitor]")
    page.click("button:has-text('Inschrijven')")
    page.wait_for_url(re.compile(r".*/visitors/[a-z0-9-]+/card$"))
    return group_url, page.url.split("/")[-2]


def toggle_with_the_keyboard(page, box, group_url):
    """From the date field, Tab to the participant's box, Space toggles it, Enter saves."""
    page.focus("input[name=starts_at]")
    tab_to(page, box, 5)
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url(group_url)


def test_a_session_is_recorded_with_the_keyboard(login, live_server):
    page = login("vera")
    group_url, code = new_group_with_a_participant(page, live_server)

    page.goto(f"{group_url}/sessions/new")
    box = page.locator("input[name=present]").first
    expect(box).not_to_be_checked()  # nobody is ticked beforehand
    toggle_with_the_keyboard(page, box, group_url)
    expect(page.locator("td.mark-present")).to_have_count(1)
    expect(page.locator("main")).to_contain_text(code.upper())
    expect(page.locator("main")).to_contain_text("100,0")


def test_a_session_is_corrected_with_the_keyboard_and_the_pages_pass_axe(login, live_server):
    page = login("vera")
    group_url, code = new_group_with_a_participant(page, live_server)
    page.goto(f"{group_url}/sessions/new")
    page.check("input[name=present]")
    page.get_by_role("button", name="Sessie opslaan").click()
    page.wait_for_url(group_url)
    found = {"group": axe_violations_at_each_size(page)}

    # The participant was not there after all: untick them, with the keyboard alone.
    page.get_by_role("row").filter(has_text="Gehouden").get_by_role(
        "link", name=re.compile("Wijzigen")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sessie wijzigen")
    box = page.locator("input[name=present]").first
    expect(box).to_be_checked()  # the correction shows who was marked present
    found["session correction"] = axe_violations_at_each_size(page)
    toggle_with_the_keyboard(page, box, group_url)
    expect(page.locator("td.mark-present")).to_have_count(0)
    expect(page.locator("td.mark-absent")).to_have_count(1)

    page.get_by_role("row").filter(has_text="Gehouden").get_by_role(
        "link", name=re.compile("Wijzigen")).click()
    page.get_by_role("link", name="Deze sessie verwijderen").click()
    expect(page.get_by_role("button", name="Ja, verwijderen")).to_be_visible()
    found["session deletion"] = axe_violations_at_each_size(page)
    page.get_by_role("link", name="Nee, houden").click()

    page.goto(f"{group_url}/members/{code}/edit")
    found["participant correction"] = axe_violations_at_each_size(page)
    page.get_by_role("link", name=re.compile("Uit de groep verwijderen")).click()
    found["participant removal"] = axe_violations_at_each_size(page)

    page.goto(group_url)
    page.get_by_role("link", name="De hele groep annuleren").click()
    expect(page.get_by_role("button", name="Ja, de groep annuleren")).to_be_visible()
    found["cancel"] = axe_violations_at_each_size(page)
    page.get_by_role("button", name="Ja, de groep annuleren").click()
    page.wait_for_url(group_url)
    expect(page.locator("main")).to_contain_text("Geannuleerd")
    page.goto(f"{live_server}/groups")
    found["list"] = axe_violations_at_each_size(page)
    assert {name: each for name, each in found.items() if each} == {}
