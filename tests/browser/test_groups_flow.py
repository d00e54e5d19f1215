"""A group in a real browser: created, a new participant enrolled with a card, and a session's
attendance ticked with the keyboard alone (Tab, Space, Enter)."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect


def test_a_session_is_recorded_with_the_keyboard(login, live_server):
    page = login("vera")
    page.goto(f"{live_server}/groups/new")
    page.fill("input[name=title]", "Jobclub browser")
    page.fill("input[name=starts_on]", (date.today() - timedelta(days=14)).strftime("%d-%m-%Y"))
    page.press("input[name=title]", "Enter")
    page.wait_for_url(re.compile(r".*/groups/\d+$"))
    group_url = page.url
    page.check("input[name=new_visitor]")
    page.click("button:has-text('Inschrijven')")
    page.wait_for_url(re.compile(r".*/visitors/[a-z0-9-]+/card$"))
    code = page.url.split("/")[-2]

    page.goto(f"{group_url}/sessions/new")
    box = page.locator("input[name=present]").first
    expect(box).not_to_be_checked()  # nobody is ticked beforehand
    page.focus("input[name=starts_at]")
    while not box.evaluate("element => element === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url(group_url)
    expect(page.locator("td.mark-present")).to_have_count(1)
    expect(page.locator("main")).to_contain_text(code.upper())
    expect(page.locator("main")).to_contain_text("100,0")
