"""Finding a visitor and an earlier day from the desk, with the keyboard alone (issue 21):
the look-up in every page's header, and the links to the last 14 days with their visits'
"Wijzigen"."""

import re

from browser_support import belgian, days_ago, dutch_day, register_visit, tab_to
from playwright.sync_api import expect


def look_up_field(page):
    return page.get_by_role("search").get_by_role("textbox", name="Bezoeker opzoeken")


def as_typed_at_the_desk(code: str) -> str:
    """`er-k7m2xq` as a volunteer may type it from the card: lower case, no hyphen, spaces."""
    letters = code.replace("-", "")
    return f"{letters[:2]} {letters[2:5]} {letters[5:]}"


def test_a_visitor_is_found_from_the_desk_with_the_keyboard(
        page, login, live_server, demo_visitor_code):
    login("vera")
    page.goto(f"{live_server}/desk")
    tab_to(page, look_up_field(page), most=10)
    page.keyboard.type(as_typed_at_the_desk(demo_visitor_code))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server}/visitors/{demo_visitor_code}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Bezoeker {demo_visitor_code.upper()}")


def test_a_typing_error_in_the_look_up_shows_what_is_wrong(page, login, live_server):
    login("vera")
    page.goto(f"{live_server}/desk")
    tab_to(page, look_up_field(page), most=10)
    page.keyboard.type("er zzz zzz")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/visitors/find\?"))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Pas dit eerst aan")
    expect(summary.get_by_role("link")).to_have_text(re.compile(r"^Bezoeker opzoeken: .*tikfout"))
    expect(page).to_have_title(re.compile(r"^Fout: Bezoeker opzoeken"))


def test_the_look_up_mistake_links_to_the_field_that_shows_it(page, login, live_server):
    login("vera")
    page.goto(f"{live_server}/visitors/find?lookup-visitor_code=er-zzzzzz")
    mistaken = page.locator("main input[name=lookup-visitor_code]")
    expect(mistaken).to_have_value("er-zzzzzz")
    page.get_by_role("alert").get_by_role("link").click()
    expect(mistaken).to_be_focused(timeout=2000)
    expect(mistaken).to_have_accessible_name("Bezoeker opzoeken", timeout=2000)


def test_an_earlier_day_and_its_visit_are_reached_with_the_keyboard(page, login, live_server):
    login("vera")
    arrival = days_ago(3)
    code = register_visit(page, live_server, arrival=arrival)
    page.goto(f"{live_server}/desk")
    earlier_days = page.get_by_role("navigation", name="Vorige dagen")
    expect(earlier_days.get_by_role("link")).to_have_count(14)  # the days one may correct
    # Past the header and today's visits (the other tests add some): a long walk, but a walk.
    tab_to(page, earlier_days.get_by_role("link", name=dutch_day(arrival.date())), most=200)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server}/desk?day={arrival.date().isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(dutch_day(arrival.date()))
    visit = page.get_by_role("row").filter(has_text=code.upper())
    tab_to(page, visit.get_by_role("link", name="Wijzigen"), most=200)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bezoek wijzigen")
    expect(page.locator("main")).to_contain_text(code.upper())
    expect(page.get_by_role("textbox", name="Aangekomen om")).to_have_value(belgian(arrival))
