"""What every yearly figure shares: the key of the total column, a year's bounds and the
window of "within 6 months" (docs/domain.md)."""

from datetime import date, datetime

from ..models import SIX_MONTHS_DAYS  # "within 6 months": at most this many days after

ALL_LOCATIONS = None  # the key of the figures over all the chosen locations together
__all__ = ["ALL_LOCATIONS", "SIX_MONTHS_DAYS", "year_bounds"]


def year_bounds(year: int) -> tuple[datetime, datetime, date]:
    """The first moment of `year`, the first moment after it, and its last day."""
    return datetime(year, 1, 1), datetime(year + 1, 1, 1), date(year, 12, 31)
