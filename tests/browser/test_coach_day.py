"""A coach's day in a real browser: an admin makes the coach's account (no location), a
coordinator starts a mentoring duo, and the coach logs in, lands on their trajectories,
records a meeting by keyboard and their coachee's outcome. axe-core finds nothing serious on
the new pages, at a desk PC's 1024 px and a tablet's 768 px."""

import re
from datetime import timedelta

import pytest
from browser_support import AXE, axe_violations, log_in, tab_to
from playwright.sync_api import expect
from support import PASSWORD, desk_now

SIZES = {"1024x768": (1024, 768), "768x1024": (768, 1024)}


def violations_at_both_sizes(page, found: dict, name: str) -> None:
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        if violations := axe_violations(page):
            found[f"{name} at {size}"] = violations
    page.set_viewport_size({"width": 1024, "height": 768})


def log_out(page):
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url(re.compile(r"/login$"))


def test_a_coachs_day(page, live_server, demo_visitor_code):
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (npm install axe-core)")
    base, found = live_server, {}
    start = (desk_now() - timedelta(days=40)).strftime("%d-%m-%Y")

    # The admin makes the coach's account, without a location.
    log_in(page, base, "adam")
    page.goto(f"{base}/admin/users/new")
    page.fill("input[name=username]", "cora")
    page.select_option("select[name=role]", "coach")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator(".error-summary")).to_have_count(0)
    log_out(page)

    # A coordinator starts a mentoring duo at Lier.
    log_in(page, base, "colette")
    page.goto(f"{base}/desk/location")
    page.select_option("select[name=location]", label="Jobatelier Lier")
    page.get_by_role("button", name="Hier werken").click()
    page.goto(f"{base}/trajectories/new")
    violations_at_both_sizes(page, found, "/trajectories/new")
    page.fill("input[name=visitor_code]", demo_visitor_code)
    page.select_option("select[name=coach]", "cora")
    page.fill("input[name=starts_on]", start)
    page.get_by_role("button", name="Traject starten").click()
    page.wait_for_url(re.compile(r"/trajectories/[0-9a-f-]{36}$"))
    trajectory = page.url
    expect(page.locator("main")).to_contain_text(demo_visitor_code.upper())
    violations_at_both_sizes(page, found, "a trajectory (coordinator)")
    page.goto(f"{trajectory}/end")
    violations_at_both_sizes(page, found, "end")
    page.goto(f"{trajectory}/edit")
    violations_at_both_sizes(page, found, "edit")
    page.goto(f"{base}/trajectories")
    violations_at_both_sizes(page, found, "/trajectories (coordinator)")
    log_out(page)

    # The coach lands on their trajectories, and sees nothing of the desk.
    log_in(page, base, "cora")
    expect(page).to_have_url(f"{base}/trajectories")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link")).to_have_count(1)
    expect(nav.get_by_role("link", name="Trajecten")).to_be_visible()
    violations_at_both_sizes(page, found, "/trajectories (coach)")
    page.get_by_role("link", name=demo_visitor_code.upper()).click()
    expect(page).to_have_url(trajectory)

    # A meeting, by keyboard: the date is today already; Tab to the duration, type, Tab on.
    date_field = page.locator("input[name=met_on]")
    date_field.focus()
    page.keyboard.press("Tab")
    expect(page.locator("input[name=duration_minutes]")).to_be_focused()
    page.keyboard.type("45")
    page.keyboard.press("Tab")
    expect(page.locator("select[name=place]")).to_be_focused()
    page.keyboard.press("ArrowDown")  # from the desk to the workplace
    page.keyboard.press("Tab")
    page.keyboard.type("Sollicitatiegesprek geoefend")
    save = page.get_by_role("button", name="Gesprek bewaren")
    tab_to(page, save, 3)
    page.keyboard.press("Enter")
    page.wait_for_url(trajectory)
    expect(page.get_by_role("status")).to_contain_text("Gesprek geregistreerd")
    expect(page.locator("main")).to_contain_text("Sollicitatiegesprek geoefend")
    expect(page.locator("main")).to_contain_text("Op de werkplek")
    expect(page.locator("dt:text-is('Laatste gesprek') + dd")).to_have_text("Vandaag")

    # A mistake first (a phone number in the note), then the coachee's outcome.
    page.fill("input[name=met_on]", desk_now().strftime("%d-%m-%Y"))
    page.fill("textarea[name=note]", "bel 0475 12 34 56")
    page.get_by_role("button", name="Gesprek bewaren").click()
    expect(page.locator(".error-summary")).to_be_visible()
    violations_at_both_sizes(page, found, "a meeting with a mistake")

    page.goto(trajectory)
    page.select_option("select[name=outcome-outcome]", "work")
    page.select_option("select[name=outcome-contract_type]", "fixed_term")
    page.focus("input[name=outcome-recorded_on]")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(trajectory)
    expect(page.get_by_role("status")).to_contain_text("Resultaat geregistreerd")
    expect(page.locator("main")).to_contain_text("Werk gevonden")
    violations_at_both_sizes(page, found, "a trajectory (coach)")

    page.goto(f"{base}/desk")
    expect(page.locator("h1")).to_contain_text("Niet toegestaan")
    assert found == {}
