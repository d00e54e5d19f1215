"""Safe publication, attacked: for random tables, a reader who solves what the published
counts say never pins a hidden count down to fewer than k values.

The attacker is an integer programme (OR-Tools CP-SAT) and knows more than a real reader:
every published count, every sum the table holds, each total of distinct visitors exactly
(the overlap between the locations included: the truth, which a reader can only guess), the
previous year's counts and their change, the rounded percentages, and that a hidden count is
at least 1. For each hidden count it asks for the least and the greatest value that fits.
"""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from jobatelier.reports.protection import Sum, Table, protect

UNBOUNDED = 10**6
FAR = 10**12


def ranges(known: dict, unknown: dict, constraints: list) -> dict:
    """{unknown key: (least, greatest)} over the integers where every constraint holds.
    `known`: key -> published count; `unknown`: key -> the least it can be; `constraints`:
    (terms {key: coefficient}, low, high), meaning low <= sum of coefficient * value <= high.
    A constraint of known counts alone must hold: the attacker's knowledge is true."""
    model = cp_model.CpModel()
    variables = {key: model.new_int_var(least, UNBOUNDED, str(key))
                 for key, least in unknown.items()}
    for terms, low, high in constraints:
        fixed = sum(coefficient * known[key] for key, coefficient in terms.items()
                    if key not in variables)
        free = [(variables[key], coefficient) for key, coefficient in terms.items()
                if key in variables]
        if not free:
            assert low <= fixed <= high, (terms, low, high)
            continue
        expression = sum(coefficient * variable for variable, coefficient in free)
        model.add_linear_constraint(expression, low - fixed, high - fixed)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    found = {}
    for key, variable in variables.items():
        bounds = []
        for goal in (model.minimize, model.maximize):
            goal(variable)
            assert solver.solve(model) == cp_model.OPTIMAL, key
            bounds.append(int(solver.value(variable)))
        found[key] = tuple(bounds)
    return found


def equal(terms: dict, value: int) -> tuple:
    return terms, value, value


def adds_up(total, parts, offset: int = 0) -> tuple:
    """sum(parts) - total == offset (0 where the total is exactly its parts' sum)."""
    return equal({total: -1, **dict.fromkeys(parts, 1)}, offset)


def assert_safe(truth: dict, hidden: set, constraints: list, k: int, unpublished=()):
    """No hidden count of `truth` can be worked out to within fewer than k values."""
    known = {key: value for key, value in truth.items() if key not in hidden}
    unknown = {key: 1 for key in hidden}  # zeros are never hidden
    unknown.update({key: 0 for key in unpublished})
    for key in unpublished:
        known.pop(key, None)
    for key, (least, greatest) in ranges(known, unknown, constraints).items():
        if key in hidden:
            assert least <= truth[key] <= greatest, key
            assert greatest - least >= k, (key, truth[key], least, greatest)


# Random tables: visitors with a few facts each who came to one or more desks.

FACTS = {"new": (True, False), "result": ("work", "school", "other", None)}


@st.composite
def visitor_tables(draw):
    locations = draw(st.integers(1, 4))
    visitors = draw(st.lists(st.tuples(
        st.sets(st.integers(0, locations - 1), min_size=1, max_size=2),
        st.sampled_from(FACTS["new"]), st.sampled_from(FACTS["result"])), max_size=60))
    return locations, visitors


def table_of(locations: int, visitors: list) -> tuple[Table, list]:
    """Counts of distinct visitors per fact (rows) and location and in total (columns), the
    table's description, and the sums a reader knows (with the total's true overlap)."""
    rows = ("all", "new", "returning", "known", "open", "work", "school", "other")
    columns = (*range(locations), "total")
    facts = {"all": lambda v: True, "new": lambda v: v[1], "returning": lambda v: not v[1],
             "known": lambda v: v[2] is not None, "open": lambda v: v[2] is None,
             "work": lambda v: v[2] == "work", "school": lambda v: v[2] == "school",
             "other": lambda v: v[2] == "other"}
    values = {}
    for row, column in itertools.product(rows, columns):
        values[(row, column)] = sum(1 for v in visitors if facts[row](v)
                                    and (column == "total" or column in v[0]))
    row_sums = (Sum("all", ("new", "returning")), Sum("all", ("known", "open")),
                Sum("known", ("work", "school", "other")))
    column_sum = Sum("total", tuple(range(locations)))
    table = Table(values, rows, columns, row_sums, (column_sum,))
    constraints = [adds_up((each.total, column), [(part, column) for part in each.parts])
                   for each in row_sums for column in columns]
    for row in rows:
        parts = [(row, column) for column in range(locations)]
        overlap = sum(values[part] for part in parts) - values[(row, "total")]
        constraints.append(adds_up((row, "total"), parts, overlap))
    return table, constraints


@settings(max_examples=150, deadline=None)
@given(drawn=visitor_tables(), k=st.sampled_from([3, 5]))
def test_no_hidden_count_of_a_random_table_can_be_worked_out(drawn, k):
    table, constraints = table_of(*drawn)
    hidden = protect(table, k)
    assert {cell for cell, value in table.values.items() if 0 < value < k} <= hidden
    assert not any(table.values[cell] == 0 for cell in hidden)
    assert_safe(dict(table.values), hidden, constraints, k)


def test_a_count_another_table_publishes_stays_and_may_leave_no_way():
    # Three visits in one month out of five: the other month's two are pinned between 1 and 4.
    values = {("all", 0): 5, (1, 0): 3, (2, 0): 2}
    chart = Table(values, ("all", 1, 2), (0,), (Sum("all", (1, 2)),),
                  published=frozenset({("all", 0)}))
    assert protect(chart, 5) is None
    values = {("all", 0): 40, (1, 0): 3, (2, 0): 37}
    chart = Table(values, ("all", 1, 2), (0,), (Sum("all", (1, 2)),),
                  published=frozenset({("all", 0)}))
    assert protect(chart, 5) == {(1, 0), (2, 0)}


def test_the_attacker_finds_what_hiding_the_small_counts_alone_gives_away():
    # Heist-op-den-Berg's two internships, with Lier's five and both together seven.
    values = {("internship", "heist"): 2, ("internship", "lier"): 5, ("internship", "total"): 7}
    with pytest.raises(AssertionError):
        assert_safe(values, {("internship", "heist")},
                    [adds_up(("internship", "total"),
                             [("internship", "heist"), ("internship", "lier")])], 5)

