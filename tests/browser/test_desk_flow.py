"""The whole desk flow in a real browser, as volunteers, coordinators and admins use it."""

import csv
import re
import zipfile

from playwright.sync_api import expect


def new_visitor(page, live_server) -> str:
    page.goto(f"{live_server}/visits/new")
    page.check("input[name=way_in][value=new]")
    page.check("input[value=cv]")
    page.click("button:has-text('Bezoek bewaren')")
    page.wait_for_url(re.compile(r".*/visitors/[a-z0-9-]+/card$"))
    return page.url.split("/")[-2]


def test_a_new_visitor_gets_a_card_to_print(login, live_server):
    page = login("vera")
    code = new_visitor(page, live_server)
    expect(page.locator(".card-code")).to_have_text(code.upper())
    expect(page.get_by_role("button", name="Kaart afdrukken")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator(".card")).to_be_visible()


class Keys:
    """The volunteer's hands on the keyboard: every key pressed through it is counted."""

    def __init__(self, page):
        self.page, self.presses = page, 0

    def press(self, key):
        self.page.keyboard.press(key)
        self.presses += 1

    def tab_to(self, target, most=10):
        """Press Tab until `target` has the focus, as many times as the page needs."""
        while not target.evaluate("element => element === document.activeElement"):
            assert self.presses < most, f"{most} key presses and still not at {target}"
            self.press("Tab")


def test_a_returning_visitor_is_registered_in_five_key_presses(login, live_server):
    page = login("vera")
    code = new_visitor(page, live_server)
    page.goto(f"{live_server}/visits/new")
    # The browser applies autofocus when it next renders, which may be after the load event.
    expect(page.locator("input[name=visitor_code]")).to_be_focused()
    page.keyboard.type(code.upper())  # the README counts the presses after the code
    keys = Keys(page)
    boxes = page.locator("input[name=help_types]")
    ticked = []
    for box in (boxes.nth(0), boxes.nth(1)):  # the first two help types
        keys.tab_to(box)
        keys.press("Space")
        ticked.append(box.evaluate("element => element.labels[0].textContent.trim()"))
    keys.press("Enter")
    page.wait_for_url(f"{live_server}/visitors/{code}")
    # The README: "a returning visitor's visit in five key presses (Tab, Space, Tab, Space,
    # Enter after the code)"; the issue asks for at most 8.
    assert keys.presses == 5
    # Stored: the visitor's page lists the new visit with both help types (the first had one).
    expect(page.locator("td", has_text=ticked[0]).filter(has_text=ticked[1])).to_be_visible()


def test_an_outcome_is_recorded_and_a_visit_corrected(login, live_server):
    page = login("vera")
    code = new_visitor(page, live_server)
    page.goto(f"{live_server}/visitors/{code}")
    page.click("text=Resultaat registreren")
    page.select_option("select[name=outcome]", "work")
    page.select_option("select[name=contract_type]", "fixed_term")
    page.click("button:has-text('Resultaat bewaren')")
    expect(page.locator("text=Werk gevonden (Contract van bepaalde duur)")).to_be_visible()
    page.locator("table").nth(1).locator("text=Wijzigen").first.click()
    page.fill("input[name=duration_minutes]", "55")
    page.click("button:has-text('Wijziging bewaren')")
    expect(page.locator("text=Bezoek gewijzigd.")).to_be_visible()
    expect(page.locator("td", has_text="55 min")).to_be_visible()


def test_the_user_switches_language(login, live_server):
    page = login("vera")
    page.select_option("#language-choice", "en")
    page.click("button:has-text('Kiezen')")
    expect(page.locator("h1")).to_contain_text("Today")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.select_option("#language-choice", "fr")
    page.click("button:has-text('Choose')")
    expect(page.locator("h1")).to_contain_text("Aujourd’hui")
    page.select_option("#language-choice", "nl")
    page.click("button:has-text('Choisir')")


def test_a_coordinator_opens_the_yearly_report_and_downloads_the_csv(login, live_server):
    page = login("colette")
    page.goto(f"{live_server}/reports")
    page.click("a:has-text('2022')")
    expect(page.locator("h1")).to_have_text("Jaarrapport 2022")
    with page.expect_download() as download:
        page.click("text=RFC 4180")
    with open(download.value.path(), encoding="utf-8") as handle:
        rows = {row["location_code"]: row for row in csv.DictReader(handle)}
    assert rows["lier"]["unique_visitors"] == "202"
    assert rows["heist-op-den-berg"]["unique_visitors"] == "107"


def test_an_admin_downloads_an_export(login, live_server):
    page = login("adam")
    page.goto(f"{live_server}/export")
    page.check("input[value=nijlen]")
    with page.expect_download() as download:
        page.click("button:has-text('Downloaden')")
    with zipfile.ZipFile(download.value.path()) as archive:
        assert "datapackage.json" in archive.namelist()
        assert b"nijlen" in archive.read("locations.csv")


def test_after_logout_the_back_button_shows_nothing(login, live_server):
    page = login("vera")
    code = new_visitor(page, live_server)
    page.goto(f"{live_server}/visitors/{code}")
    page.click("button:has-text('Afmelden')")
    page.wait_for_url(f"{live_server}/login")
    page.go_back()
    expect(page.locator("input[name=username]")).to_be_visible()
    assert code.upper() not in page.content()
