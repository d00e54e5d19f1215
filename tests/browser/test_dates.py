"""Dates and times the Belgian way (issue 21): typed as 29-11-2026 14:30 whatever the
browser's language, and shown in the user's language."""

import re
from datetime import datetime, timedelta

import pytest
from browser_support import (
    ISO_DATE,
    belgian,
    days_ago,
    dutch_day,
    french_day,
    log_in,
    register_visit,
)
from playwright.sync_api import expect
from support import desk_now

BELGIAN_MOMENT = re.compile(r"^\d{2}-\d{2}-\d{4} \d{2}:\d{2}$")
BELGIAN_DAY = re.compile(r"^\d{2}-\d{2}-\d{4}$")


@pytest.mark.parametrize("locale", [
    "nl-BE", pytest.param("en-US", marks=pytest.mark.browser_context_args(locale="en-US"))])
def test_arrival_is_written_the_belgian_way_whatever_the_browser_speaks(
        page, login, live_server, locale):
    login("vera")
    assert page.evaluate("navigator.language") == locale
    page.goto(f"{live_server}/visits/new")
    arrival = page.get_by_role("textbox", name="Aangekomen om")
    expect(arrival).to_have_attribute("type", "text")
    expect(arrival).to_have_value(BELGIAN_MOMENT)
    shown = datetime.strptime(arrival.input_value(), "%d-%m-%Y %H:%M")
    assert abs(shown - desk_now()) <= timedelta(minutes=2), "arrival defaults to now"
    # Typed the Belgian way, stored as typed, shown in Dutch (the user's language, not the
    # browser's), and written back the Belgian way on the correction page.
    typed = days_ago(1, at="14:30")
    code = register_visit(page, live_server, arrival=typed)
    page.goto(f"{live_server}/visitors/{code}")
    expect(page.get_by_role("row").filter(has_text="CV opmaken")).to_contain_text(
        f"{dutch_day(typed.date())} 14:30")
    page.get_by_role("link", name="Wijzigen").click()
    expect(page.get_by_role("textbox", name="Aangekomen om")).to_have_value(belgian(typed))
    page.goto(f"{live_server}/visitors/{code}/outcomes/new")
    expect(page.get_by_role("textbox", name="Datum")).to_have_value(BELGIAN_DAY)


def test_the_visitor_page_writes_dates_in_the_language_chosen(page, live_server):
    log_in(page, live_server, "fien")
    typed = days_ago(1, at="14:30")
    code = register_visit(page, live_server, arrival=typed)
    page.goto(f"{live_server}/visitors/{code}")
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"{dutch_day(typed.date())} 14:30")
    assert not ISO_DATE.search(page.inner_text("body"))
    page.get_by_role("combobox", name="Taal").select_option("fr")
    page.get_by_role("button", name="Kiezen").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(re.compile(f"/visitors/{code}"))
    expect(main).to_contain_text(f"{french_day(typed.date())} 14:30")
    assert not ISO_DATE.search(page.inner_text("body"))
