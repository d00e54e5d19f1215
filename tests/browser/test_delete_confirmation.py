"""Deleting asks first (issue 21): from a visit's or an outcome's correction page, a link
(never a button beside Save) opens a page of its own that shows what will go; "Nee, houden"
keeps it, "Ja, verwijderen" deletes it."""

import pytest
from browser_support import DELETABLE, open_correction
from playwright.sync_api import expect

DELETED = {"visit": "Bezoek verwijderd.", "outcome": "Resultaat verwijderd."}


def ask_to_delete(page, link, question: str, code: str, shown: str):
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    expect(page.get_by_text("Dit wordt voorgoed verwijderd:")).to_be_visible()
    what = page.locator("main dl")
    expect(what).to_contain_text(code.upper())
    expect(what).to_contain_text(shown)


@pytest.mark.parametrize("kind", list(DELETABLE))
def test_deleting_asks_first_on_a_page_of_its_own(page, login, live_server, kind):
    link_name, question, shown = DELETABLE[kind]
    login("vera")
    code = open_correction(page, live_server, kind)
    correction, visitor = page.url, f"{live_server}/visitors/{code}"
    delete = page.get_by_role("link", name=link_name)
    expect(delete).to_be_visible()
    expect(page.get_by_role("button", name=link_name)).to_have_count(0)
    form = page.locator("main form")  # the correction's form holds Save, and only Save
    expect(form.get_by_role("button")).to_have_text(["Wijziging bewaren"
                                                     if kind == "visit" else "Resultaat bewaren"])
    expect(form.get_by_role("link", name=link_name)).to_have_count(0)

    ask_to_delete(page, delete, question, code, shown)
    page.get_by_role("link", name="Nee, houden").click()
    expect(page).to_have_url(correction)
    page.goto(visitor)
    expect(page.get_by_role("row").filter(has_text=shown)).to_have_count(1)

    page.goto(correction)
    ask_to_delete(page, delete, question, code, shown)
    page.get_by_role("button", name="Ja, verwijderen").click()
    expect(page).to_have_url(visitor)
    expect(page.get_by_role("status")).to_have_text(DELETED[kind])
    expect(page.get_by_role("row").filter(has_text=shown)).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text="CV opmaken")).to_have_count(1)
