"""The yearly report of more locations than fit on a screen: locations as rows of key figures,
sortable, each linking to its own report; published as protected as the downloads."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from support import count_queries
from test_reports import add_visits, rows

from jobatelier.access import POLICY

KEY_COLUMNS = ("unique_visitors", "new_visitors", "visits", "positive_rate", "reached")


class RowTables(HTMLParser):
    """Each table of a page as {row label: [every cell's text]}, and the links of the
    location rows' table: its headings' (text, href, aria-sort) and its rows' hrefs."""

    def __init__(self, page: str):
        super().__init__()
        self.tables, self.label, self.cell, self.headings, self.links = [], None, None, [], {}
        self.in_rows_table = self.heading = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({})
            self.in_rows_table = "location-rows" in (attrs.get("class") or "")
        elif tag == "th" and attrs.get("scope") == "row":
            self.label = ""
        elif tag == "th" and self.in_rows_table and attrs.get("scope") == "col":
            self.heading = True
            self.headings.append(["", None, attrs.get("aria-sort")])
        elif tag == "td" and self.label is not None:
            self.cell = ""
        elif tag == "a" and self.in_rows_table and self.heading:
            self.headings[-1][1] = attrs["href"]
        elif tag == "a" and self.in_rows_table and self.label is not None:
            self.href = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "th" and self.label is not None and self.cell is None:
            label = self.label.strip()
            self.tables[-1][label] = []
            if self.in_rows_table and getattr(self, "href", None):
                self.links[label], self.href = self.href, None
        elif tag == "th":
            self.heading = False
        elif tag == "td" and self.cell is not None:
            self.tables[-1][self.label.strip()].append(self.cell.strip())
            self.cell = None
        elif tag == "tr":
            self.label = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        elif self.label is not None:
            self.label += data
        elif self.heading:
            self.headings[-1][0] += data


@pytest.fixture
def published_only(monkeypatch):
    monkeypatch.setitem(POLICY, "raw_counts", {"admin"})


@pytest.fixture
def desks(make_location):
    """Ten desks, "Desk 00" to "Desk 09", with 15 to 64 visitors in 2022 (one in three or so
    with an outcome of work) and 8 to 17 in 2021; but Desk 03 had 2 visitors in 2021 and
    Desk 09 has 3 in 2022: small counts to hide."""
    made = [make_location(f"d{number:02d}", f"Desk {number:02d}") for number in range(10)]
    for number, desk in enumerate(made):
        if number != 9:
            add_visits(desk, 10 + 5 * ((number * 7) % 10), 2022)
            add_visits(desk, 5 + number, 2022, outcome="work")
        add_visits(desk, 2 if number == 3 else 8 + number, 2021)
    add_visits(made[9], 3, 2022)
    return made


def chosen(locations) -> str:
    return "&".join(f"location={location.code}" for location in locations)


def test_more_than_eight_locations_are_rows_with_links_and_sorting(as_admin, desks):
    address = f"/reports/yearly?year=2022&{chosen(desks[:9])}"
    page = RowTables(as_admin.get(address).get_data(as_text=True))
    location_rows, visitors = page.tables[0], page.tables[1]
    assert list(location_rows) == [f"Desk {number:02d}" for number in range(9)] + ["Totaal"]
    for number in range(9):  # each location opens its own full page of the same year
        link = urlsplit(page.links[f"Desk {number:02d}"])
        assert link.path == "/reports/yearly"
        assert parse_qs(link.query) == {"year": ["2022"], "location": [f"d{number:02d}"]}
    assert list(visitors["Unieke bezoekers"]) == location_rows["Totaal"][:3]  # total alone
    sortable = [heading for heading in page.headings if heading[1]]
    assert [text.split(" 2022")[0].strip(" \u25b2\u25bc") for text, _, _ in sortable] == [
        "Locatie", "Unieke bezoekers", "Nieuwe bezoekers", "Bezoeken", "Positief resultaat",
        "Bereikt"]
    assert [aria for _, _, aria in sortable] == ["ascending", None, None, None, None, None]
    unique_link = urlsplit(sortable[1][1])
    assert parse_qs(unique_link.query) == {"year": ["2022"], "sort": ["unique"],
                                           "order": ["desc"],
                                           "location": [f"d{n:02d}" for n in range(9)]}

    by_unique = RowTables(as_admin.get(f"{unique_link.path}?{unique_link.query}"
                                       ).get_data(as_text=True))
    counts = [int(cells[0]) for label, cells in by_unique.tables[0].items() if label != "Totaal"]
    assert counts == sorted(counts, reverse=True) and len(counts) == 9
    sorted_heading = [heading for heading in by_unique.headings if heading[1]][1]
    assert sorted_heading[2] == "descending"
    assert "order=asc" in sorted_heading[1]  # the same heading again: the other way round
    back = RowTables(as_admin.get(sorted_heading[1]).get_data(as_text=True))
    assert [int(cells[0]) for label, cells in back.tables[0].items()
            if label != "Totaal"] == sorted(counts)


def test_eight_locations_or_fewer_keep_the_columns(as_admin, desks):
    page = as_admin.get(f"/reports/yearly?year=2022&{chosen(desks[:8])}").get_data(as_text=True)
    assert "location-rows" not in page
    visitors = RowTables(page).tables[0]
    assert len(visitors["Unieke bezoekers"]) == 3 * 9  # 8 locations and the total, 3 each
    assert all(f'colspan="3" class="number">Desk {n:02d}</th>' in page for n in range(8))


def test_the_rows_show_what_each_locations_own_page_shows(as_admin, desks):
    """Raw counts (nothing hidden), so that every figure and change can be compared with the
    columns of the location's own page: the rows run other SQL for the medians only."""
    page = RowTables(as_admin.get(f"/reports/yearly?year=2022&raw=y&{chosen(desks)}"
                                  ).get_data(as_text=True))
    for desk in desks:
        own = RowTables(as_admin.get(f"/reports/yearly?year=2022&raw=y&location={desk.code}"
                                     ).get_data(as_text=True))
        visitors, outcomes = own.tables[0], own.tables[2]
        expected = [*visitors["Unieke bezoekers"][:3], *visitors["Nieuwe bezoekers"][:3],
                    *visitors["Bezoeken"][:3], *outcomes["Positief resultaat"][:2],
                    *visitors["Bereikt"][:3]]
        assert page.tables[0][desk.name] == expected, desk.name
    total = rows(as_admin.get(f"/reports/yearly.csv?year=2022&raw=y&{chosen(desks)}"))["total"]
    shown_total = page.tables[0]["Totaal"]
    assert [shown_total[index] for index in (0, 3, 6, 11)] == [
        total[name] for name in ("unique_visitors", "new_visitors", "visits", "reached")]


def test_the_rows_publish_only_what_the_protected_download_publishes(
        app, auth, make_user, desks, published_only):
    auth.login(make_user("cora", "coordinator", desks))
    download = rows(auth.client.get("/reports/yearly.csv?year=2022"))
    last_year = rows(auth.client.get("/reports/yearly.csv?year=2021"))
    page = RowTables(auth.client.get("/reports/yearly?year=2022").get_data(as_text=True))
    location_rows = page.tables[0]
    hidden = 0
    for desk in [*desks, None]:
        cells = location_rows[desk.name if desk else "Totaal"]
        now = download[desk.code if desk else "total"]
        before = last_year[desk.code if desk else "total"]
        for index, name in zip((0, 3, 6, 11), ("unique_visitors", "new_visitors", "visits",
                                               "reached"), strict=True):
            assert cells[index] == now[name] and cells[index + 1] == before[name], name
            both = "< 5" not in (now[name], before[name])
            assert cells[index + 2] == (f"{int(now[name]) - int(before[name]):+d}"
                                        if both else ""), name  # no change beside "< 5"
            hidden += (now[name] == "< 5") + (before[name] == "< 5")
        rate = cells[9].removesuffix("\u00a0%").replace(",", ".").replace("\u2013", "")
        assert rate == now["positive_rate"]
        assert not re.fullmatch(r"[1-4]", " ".join(cells))
    assert hidden >= 4  # Desk 03's of 2021, Desk 09's of 2022, and what protects them

    for order in ("desc", "asc"):  # hidden counts together at the end, by name, both ways
        ranked = RowTables(auth.client.get(f"/reports/yearly?year=2022&sort=new&order={order}"
                                           ).get_data(as_text=True)).tables[0]
        names = [label for label in ranked if label != "Totaal"]
        new = [ranked[name][3] for name in names]
        first_hidden = new.index("< 5") if "< 5" in new else len(new)
        assert set(new[first_hidden:]) <= {"< 5"}
        assert names[first_hidden:] == sorted(names[first_hidden:])
        shown_counts = [int(count) for count in new[:first_hidden]]
        assert shown_counts == sorted(shown_counts, reverse=order == "desc")


def test_the_rows_page_runs_as_many_queries_for_more_locations(as_admin, desks,
                                                               make_location):
    def queries(locations):
        with count_queries() as statements:
            assert as_admin.get(f"/reports/yearly?year=2022&{chosen(locations)}"
                                ).status_code == 200
        return len(statements)

    more = [make_location(f"e{number:02d}", f"Extra {number:02d}") for number in range(10)]
    for desk in more:
        add_visits(desk, 6, 2022, outcome="training")
    assert queries(desks[:9]) == queries([*desks, *more])
    assert queries(desks[:9]) <= queries(desks[:2]) + 2  # the medians differ, nothing else


def test_the_sort_links_carry_only_the_reports_own_question(as_admin, desks):
    """Arguments the report does not ask for (url_for's own among them) stay out of the links:
    they gave a server error, or links to another host."""
    address = (f"/reports/yearly?year=2022&{chosen(desks[:9])}&_anchor=x&_method=POST"
               "&_external=1&_scheme=gopher&stray=1")
    response = as_admin.get(address)
    assert response.status_code == 200
    page = RowTables(response.get_data(as_text=True))
    for _, link, _ in (heading for heading in page.headings if heading[1]):
        assert link.startswith("/reports/yearly?")
        assert set(parse_qs(urlsplit(link).query)) <= {"year", "location", "raw", "sort",
                                                       "order"}
    downloads = re.findall(r'href="(/reports/yearly\.(?:csv|xlsx)\?[^"]*)"', response.get_data(
        as_text=True))
    assert downloads and all("_" not in link and "stray" not in link for link in downloads)
