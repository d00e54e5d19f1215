"""The yearly figures beyond the walk-in: everyone reached (reached.py), the groups'
(group_figures.py) and the trajectories' (trajectory_figures.py), per location and in total."""

from collections import defaultdict

from .group_figures import GROUP_FIGURES, group_figures
from .reached import reached
from .trajectory_figures import TRAJECTORY_FIGURES, trajectory_figures

PROGRAMME_FIGURES = (("reached",), ("reached", "several"), *GROUP_FIGURES, *TRAJECTORY_FIGURES)


def programme_figures(location_ids: list[int], year: int) -> dict:
    """{location id or ALL_LOCATIONS: {figure of PROGRAMME_FIGURES: count}} of `year` at
    `location_ids`; a figure that is zero may be missing."""
    found = defaultdict(dict)
    for counts in (group_figures(location_ids, year), trajectory_figures(location_ids, year)):
        for (key, *figure), count in counts.items():
            found[key][tuple(figure)] = count
    for (_, key), (count, several) in reached(location_ids, year).items():
        found[key].update({("reached",): count, ("reached", "several"): several})
    return found
