"""The yearly figures beyond the walk-in: everyone reached (reached.py), the groups'
(group_figures.py) and the trajectories' (trajectory_figures.py), per location and in total."""

from collections import defaultdict

from .group_figures import GROUP_FIGURES, group_figures
from .reached import beyond_visits
from .trajectory_figures import TRAJECTORY_FIGURES, trajectory_figures

PROGRAMME_FIGURES = (("reached",), ("reached", "several"), *GROUP_FIGURES, *TRAJECTORY_FIGURES)
# The participants and coachees with a code reached beyond the unique visitors: reached is the
# unique visitors, these and the attendees without a code. Not published, but a sum the
# report's table holds (tables.py).
BEYOND_VISITS = ("reached", "beyond")


def reached_in_total(unique: int, more: dict) -> None:
    """Everyone reached, in `more`: the `unique` visitors and the people beyond them."""
    more[("reached",)] = unique + more.get(BEYOND_VISITS, 0) + more.get(("groups", "extra"), 0)


def programme_figures(location_ids: list[int], year: int) -> dict:
    """{location id or ALL_LOCATIONS: {figure: count}} of `year` at `location_ids`: the
    figures of PROGRAMME_FIGURES and BEYOND_VISITS (a zero may be missing), except reached,
    which `reached_in_total` works out with the unique visitors."""
    found = defaultdict(dict)
    for counts in (group_figures(location_ids, year), trajectory_figures(location_ids, year)):
        for (key, *figure), count in counts.items():
            found[key][tuple(figure)] = count
    for (_, key), (count, _extra, several) in beyond_visits(location_ids, year).items():
        found[key].update({BEYOND_VISITS: count, ("reached", "several"): several})
    return found
