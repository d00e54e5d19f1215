"""The walk-in queue in a real browser (issue 17): a visitor with a card joins, is called,
and their visit is saved with its waiting minutes, by the keyboard alone; the queue and the
waiting-room screen pass axe-core at a desk PC and a tablet."""

import re
import sqlite3

from browser_support import axe_violations, axe_violations_at_each_size, log_in, tab_to
from playwright.sync_api import expect


def test_join_call_done_and_the_visit_keeps_its_waiting_minutes(page, live_server, live_folder,
                                                                demo_visitor_code):
    log_in(page, live_server, "vera")  # fien's language is switched by other tests
    page.goto(f"{live_server}/queue")
    code_field = page.locator("input[name=visitor_code]")
    expect(code_field).to_be_focused()  # the page opens ready for the code on the card
    page.keyboard.type(demo_visitor_code.upper())
    online = page.locator("input[name=help_types][value=online_applying]")
    tab_to(page, online, 10)
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.locator(".flash-ticket")).to_contain_text(re.compile(r"Wachtnummer \d+"))
    number = re.search(r"\d+", page.locator(".flash-ticket").inner_text()).group()

    call = page.get_by_role("button", name=f"Roep wachtnummer {number}")
    tab_to(page, call, 40)
    page.keyboard.press("Enter")
    helped = page.get_by_role("row").filter(has_text="vera")
    expect(helped).to_contain_text(demo_visitor_code.upper())

    done = page.get_by_role("link", name=f"Klaar: registreer het bezoek van wachtnummer {number}")
    tab_to(page, done, 40)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/visits/new\?ticket="))
    expect(page.locator("input[name=visitor_code]")).to_have_value(demo_visitor_code.upper())
    expect(page.locator("input[name=help_types][value=online_applying]")).to_be_checked()
    expect(page.locator("input[name=visitor_code]")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/visitors/[a-z0-9-]+$"))
    expect(page.locator(".flash")).to_contain_text("Bezoek geregistreerd.")

    with sqlite3.connect(live_folder / "live.sqlite3") as database:
        status, waited = database.execute(
            "SELECT queue_tickets.status, visits.waited_minutes FROM queue_tickets"
            " JOIN visits ON visits.id = queue_tickets.visit_id"
            " WHERE queue_tickets.number = ? ORDER BY queue_tickets.joined_at DESC",
            (int(number),)).fetchone()
    assert status == "served" and waited is not None and 0 <= waited <= 5
    page.goto(f"{live_server}/queue")
    expect(page.locator("main")).not_to_contain_text(demo_visitor_code.upper())


def test_the_queue_and_its_screen_pass_axe_at_a_desk_pc_and_a_tablet(page, live_server):
    log_in(page, live_server, "vera")  # fien's language is switched by other tests
    page.goto(f"{live_server}/queue")
    for _ in range(2):
        page.get_by_role("button", name="Geef een wachtnummer").click()
    page.get_by_role("button", name=re.compile("Roep de volgende")).click()
    assert axe_violations_at_each_size(page) == {}  # the desk's list, waiting and helped
    page.goto(f"{live_server}/queue/screen")
    expect(page.locator("ul.tickets.called li")).not_to_have_count(0)
    assert axe_violations_at_each_size(page) == {}  # skips without axe-core
    for width, height in ((1024, 768), (768, 1024)):  # the desk PC, a tablet
        page.set_viewport_size({"width": width, "height": height})
        assert axe_violations(page) == [], f"{width}x{height}"
