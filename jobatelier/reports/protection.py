"""Safe publication: which counts of a table may not be published.

A table is counts by (row, column) with the sums a reader can redo: totals over rows that hold
in every column (known outcomes = the outcomes, unique visitors = new + returning) and totals
over columns that hold in every row (all chosen locations = the locations). `protect` returns
the cells to hide, by these rules:

1. Primary: every count from 1 to k-1. Zeros are never hidden, so a reader may take every
   hidden count to be at least 1.
2. The reader knows every published count and every sum. A total of distinct visitors is not
   quite the sum of its locations (a visitor of two desks counts once); it is protected as if
   it were, which is what a reader who knew the overlap would know: the stronger reader.
3. Secondary: every hidden count lies in a *move*, a set of hidden counts that can all
   change by the same amount, some up and some down, while every published count and every
   sum stays as it is and every count in it stays at least 1. A move allows at least k
   amounts (it can change by 0 to k-1 steps, up or down), so whatever the reader works out,
   each of its counts can still be any of at least k values: no narrower than "1 to k-1"
   said itself (k-1 values), and one more than that for a margin. A move is a change of rows
   (the counted row +1, others +1 or -1 so that every sum over rows holds) times a change of
   columns (the same across columns), as in the hypercube method of tau-argus.
4. Each hidden count not yet in a move gets the cheapest move the table has (fewest visitors
   newly hidden, then fewest cells), among the rows' changes and the columns' changes towards
   the columns with the largest counts in its row.

Because every hidden count lies in a move and the other hidden counts only add freedom, no
hidden count can be worked out to within fewer than k values, whatever the reader solves. The
property test in tests/test_report_protection.py attacks the published tables to check it.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

# The longest change a row needs: a contract type, work, known, positive, unique visitors,
# new (or returning) visitors and everyone reached, all up by one.
MAX_CHANGES = 8
MIXED_CHANGES = 4  # longer changes with ups and downs are many and seldom the cheapest
COLUMN_CANDIDATES = 6  # changes of columns tried per hidden count (the largest partners first)

Cell = tuple[Hashable, Hashable]  # (row, column)


@dataclass(frozen=True)
class Sum:
    """`total` is the sum of `parts` (over rows, or over columns)."""

    total: Hashable
    parts: tuple[Hashable, ...]


@dataclass(frozen=True)
class Table:
    """A table to publish, as `protect` needs it."""

    values: Mapping[Cell, int]  # (row, column) -> count; a missing cell is 0
    rows: tuple[Hashable, ...]
    columns: tuple[Hashable, ...]
    row_sums: tuple[Sum, ...] = ()  # totals over rows, the same in every column
    column_sums: tuple[Sum, ...] = ()  # totals over columns, the same in every row
    published: frozenset = field(default_factory=frozenset)  # shown by another table: kept


class _Sums:
    """Sums indexed by the keys they hold, to find the ones a change breaks."""

    def __init__(self, sums):
        self.sums = tuple(sums)
        self.touching = defaultdict(list)  # key -> the numbers of the sums that hold it
        for number, each in enumerate(self.sums):
            for key in (each.total, *each.parts):
                self.touching[key].append(number)
        self.parts = [frozenset(each.parts) for each in self.sums]

    def gap(self, number: int, move: dict) -> int:
        """How much more the parts of sum `number` changed than its total."""
        parts = self.parts[number]
        return (sum(move[key] for key in move if key in parts)
                - move.get(self.sums[number].total, 0))


def protect(table: Table, k: int) -> set[Cell] | None:
    """The cells of `table` that may not be published (rules in the module docstring), or
    None when the cells another table publishes leave no way to protect a small count."""
    values = table.values
    hidden = {(row, column) for row in table.rows for column in table.columns
              if 0 < values.get((row, column), 0) < k}
    if hidden & table.published:
        return None
    search = _Search(table, hidden, k)
    covered = set()
    for cell in [(row, column) for row in table.rows for column in table.columns
                 if (row, column) in hidden]:
        if cell in covered:
            continue
        move = search.cheapest_move(*cell)
        if move is None:
            return None
        hidden.update(move)
        covered.update(move)
    return hidden


class _Search:
    """The moves of one table, and what they cost."""

    def __init__(self, table: Table, hidden: set, k: int):
        self.table, self.hidden, self.k = table, hidden, k
        self.column_sums = _Sums(table.column_sums)
        values = table.values
        self.ranked = {}  # per row, once asked for (rows with a hidden count): `partners`
        self.rooms = {}
        # Per column, the rows a move may change there: a zero is never hidden.
        self.changeable = defaultdict(set)
        for (row, column), value in values.items():
            if value > 0 and (row, column) not in table.published:
                self.changeable[column].add(row)

    def cheapest_move(self, row, column) -> dict | None:
        """The cheapest move through (row, column) whose counts can take at least k values.
        Changes of rows are tried shortest first, and no longer ones once one of a length has
        done: a longer one seldom hides less, and trying them all made large tables slow."""
        steps = self.k - 1  # k values: the count, and k-1 others
        for limit in (COLUMN_CANDIDATES, None):  # the largest partners first, then all
            columns = list(_changes(self.column_sums, column, self.partners(row), limit))
            best = None
            changeable = self.changeable[column]
            for rows, keys in row_changes(self.table.row_sums, row):
                if best is not None and len(rows) > len(best[1]):
                    break
                if not keys <= changeable or sum(self.room(rows, column)) < steps:
                    continue  # the counted column alone leaves too little room
                for each in columns:
                    if self.width(rows, each) >= steps:
                        cost = self.cost(rows, each)
                        if best is None or cost < best[0]:
                            best = (cost, rows, each)
            if best is not None:
                _, rows, each = best
                return {(r, c): sign * other for r, sign in rows.items()
                        for c, other in each.items()}
        return None

    def partners(self, row) -> list:
        """The columns of `row` with the largest counts first: the partners with most room.
        Sorted only for the rows that hold a hidden count, the few of a large table."""
        if row not in self.ranked:
            values = self.table.values
            self.ranked[row] = sorted(self.table.columns,
                                      key=lambda column: -values.get((row, column), 0))
        return self.ranked[row]

    def room(self, rows: dict, column) -> tuple[float, float]:
        """How far the counts of `rows` in `column` can go (down, up) when the row that
        starts the change goes down, each staying at least 1; -inf when one may not change."""
        key = (id(rows), column)
        if key not in self.rooms:
            down = up = float("inf")
            for row, sign in rows.items():
                value = self.table.values.get((row, column), 0)
                if value < 1 or (row, column) in self.table.published:
                    down = up = float("-inf")  # a zero is never hidden
                    break
                if sign > 0:
                    down = min(down, value - 1)
                else:
                    up = min(up, value - 1)
            self.rooms[key] = (down, up)
        return self.rooms[key]

    def width(self, rows: dict, columns: dict) -> float:
        """How far the counts of the move rows x columns can change together."""
        down = up = float("inf")
        for column, sign in columns.items():
            room = self.room(rows, column)
            down = min(down, room[0] if sign > 0 else room[1])
            up = min(up, room[1] if sign > 0 else room[0])
        return down + up

    def cost(self, rows: dict, columns: dict) -> tuple[int, int]:
        """(counts newly hidden, cells) of the move rows x columns."""
        values, hidden = self.table.values, self.hidden
        cells = [(row, column) for row in rows for column in columns]
        return sum(values.get(cell, 0) for cell in cells if cell not in hidden), len(cells)


@cache
def row_changes(sums: tuple[Sum, ...], start) -> tuple[tuple[dict, frozenset], ...]:
    """The changes of rows through `start` worth trying, with the rows they change, the
    shortest first: those of up to MIXED_CHANGES rows, and every change that only adds (the
    one kind a small column can always make). The rows' structure is the same for every table
    of a kind: worked out once."""
    index = _Sums(sums)
    found = {frozenset(move.items()): move for move in (
        *_changes(index, start, None, None, MIXED_CHANGES, only_up=False),
        *_changes(index, start, None, None, MAX_CHANGES, only_up=True))}
    return tuple((move, frozenset(move)) for move in sorted(found.values(), key=len))


def _changes(sums: _Sums, start, order, limit, longest=MAX_CHANGES,
             only_up=False) -> Iterator[dict]:
    """Ways to change `start` by +1 and other keys by +1 or -1 (+1 alone with `only_up`) so
    that every sum holds, of at most `longest` keys: a sum left broken is mended by changing
    one more of its keys, tried in `order` (the sum's own order when None); at most `limit`
    of them."""

    def extend(move) -> Iterator[dict]:
        broken = next((number for key in move for number in sums.touching[key]
                       if sums.gap(number, move)), None)
        if broken is None:
            yield dict(move)
            return
        if len(move) >= longest:
            return
        off = sums.gap(broken, move)
        total, parts = sums.sums[broken].total, sums.parts[broken]
        for key in (total, *sums.sums[broken].parts) if order is None else order:
            if key in move or (key != total and key not in parts):
                continue
            step = (1 if off > 0 else -1) * (1 if key == total else -1)
            if only_up and step < 0:
                continue
            move[key] = step
            yield from extend(move)
            del move[key]

    for count, move in enumerate(extend({start: 1}), start=1):
        yield move
        if count == limit:
            return


def shown(value, hidden: bool, k: int) -> str:
    """A published count: the number, or "< k" when it is hidden."""
    if value is None:
        return ""
    return f"< {k}" if hidden else str(value)
