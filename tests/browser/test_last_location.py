"""A coordinator of two desks lands on the one they worked at last, across logins (issue 21,
"admin without surprises")."""

import re

from browser_support import log_in
from playwright.sync_api import expect


def pick(page, base: str, name: str):
    page.goto(f"{base}/desk/location")
    page.select_option("select[name=location]", label=name)
    page.get_by_role("button", name="Hier werken").press("Enter")
    page.wait_for_url(re.compile(r"/desk$"))


def test_a_coordinator_lands_on_the_desk_of_last_time(page, live_server):
    log_in(page, live_server, "colette")
    pick(page, live_server, "Jobatelier Heist-op-den-Berg")
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url(re.compile(r"/login$"))
    log_in(page, live_server, "colette")
    page.goto(f"{live_server}/desk")
    expect(page).to_have_url(f"{live_server}/desk")  # no picker in between
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jobatelier Heist-op-den-Berg")
    pick(page, live_server, "Jobatelier Lier")  # as the other tests expect her
