"""The desk this session works at: desk state, remembered in the session on the shared PC."""

from flask import session

from ..access import visible_locations
from ..models import Location, User


def current_location(user: User) -> Location | None:
    """The desk picked in this session (if the user still works there), or the only one."""
    locations = visible_locations(user)
    by_id = {location.id: location for location in locations}
    picked = by_id.get(session.get("location_id"))
    if picked is None and len(locations) == 1:
        picked = locations[0]
    return picked


def remember_location(user: User, location_id: int) -> bool:
    """Pick a desk for this session, if the user may work there."""
    if location_id in {location.id for location in visible_locations(user)}:
        session["location_id"] = location_id
        return True
    return False


def may_switch_location(user: User) -> bool:
    """Whether there is another desk to pick: the "work at another location" link."""
    return len(visible_locations(user)) > 1
