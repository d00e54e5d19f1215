"""Waiting minutes: how long a ticket waited, and the median and 90th percentile of many,
from their counts per minute (what an SQL GROUP BY gives back)."""

import math
from collections.abc import Mapping
from datetime import datetime

from ..models import MAX_MINUTES


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes from `start` to `end`, within what a visit's waiting minutes may hold."""
    return max(0, min(MAX_MINUTES, int((end - start).total_seconds() // 60)))


def nth_smallest(histogram: Mapping[int, int], index: int) -> int:
    """The value at `index` (from 0) of the values counted in `histogram`, sorted."""
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if index < seen:
            return value
    raise IndexError(index)


def median(histogram: Mapping[int, int]) -> float | None:
    """The median of the counted values (the mean of the two middle ones for an even count)."""
    size = sum(histogram.values())
    if not size:
        return None
    return (nth_smallest(histogram, (size - 1) // 2) + nth_smallest(histogram, size // 2)) / 2


def percentile(histogram: Mapping[int, int], share: float) -> int | None:
    """The nearest-rank percentile: the smallest counted value that at least `share` of the
    values do not exceed (0.9: the 90th percentile)."""
    size = sum(histogram.values())
    if not size:
        return None
    return nth_smallest(histogram, max(math.ceil(share * size), 1) - 1)
