"""Safe publication: small counts are hidden, and so is whatever would let them be worked out.

Primary suppression hides every count from 1 to k-1. Secondary suppression looks at each
additive group (a total and the cells that add up to it): when exactly one of them is hidden,
subtraction would reveal it, so the smallest other non-zero cell is hidden too, until no group
has a lone hidden cell.
"""

from collections.abc import Hashable, Iterable

Group = tuple[Hashable, list[Hashable]]  # (the total's key, the keys that add up to it)


def hidden_cells(values: dict, groups: Iterable[Group], k: int) -> set:
    """The keys of `values` that may not be published."""
    hidden = {key for key, value in values.items() if 0 < value < k}
    groups = [(total, [key for key in members if key in values]) for total, members in groups]
    changed = True
    while changed:
        changed = False
        for total, members in groups:
            cells = [*members, total]
            lone = [key for key in cells if key in hidden]
            if len(lone) != 1:
                continue
            candidates = [key for key in members if key not in hidden and values.get(key)]
            if lone[0] in members and total not in hidden and not candidates:
                candidates = [total]  # only the total is left to hide
            if candidates:
                hidden.add(min(candidates, key=lambda key: (values[key], str(key))))
                changed = True
    return hidden


def shown(value, hidden: bool, k: int) -> str:
    """A published count: the number, or "< k" when it is hidden."""
    if value is None:
        return ""
    return f"< {k}" if hidden else str(value)
