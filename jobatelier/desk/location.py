"""The desk this session works at: desk state, remembered in the session on the shared PC,
and across logins for those who move between desks (coordinators, admins)."""

from flask import session

from ..access import permitted, visible_locations
from ..extensions import db
from ..models import Location, User


def current_location(user: User) -> Location | None:
    """The desk picked in this session, else the one they worked at last (if their role
    returns there), else their only one; None when they must pick."""
    locations = visible_locations(user)
    by_id = {location.id: location for location in locations}
    picked = by_id.get(session.get("location_id"))
    if picked is None and permitted(user, "return_to_last_location"):
        picked = by_id.get(user.last_location_id)
    if picked is None and len(locations) == 1:
        picked = locations[0]
    return picked


def remember_location(user: User, location_id: int) -> bool:
    """Pick a desk for this session, if the user may work there; roles that return to their
    last desk find it again at their next login."""
    if location_id not in {location.id for location in visible_locations(user)}:
        return False
    session["location_id"] = location_id
    if permitted(user, "return_to_last_location") and user.last_location_id != location_id:
        user.last_location_id = location_id
        db.session.commit()
    return True


def may_switch_location(user: User) -> bool:
    """Whether there is another desk to pick: the "work at another location" link."""
    return len(visible_locations(user)) > 1
