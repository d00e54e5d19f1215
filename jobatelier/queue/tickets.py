"""A ticket becomes a visit: the new-visit form prefilled from it, and saving that visit
closes the ticket as served (desk/services.py calls this in the visit's own transaction)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from ..errors import RuleError
from ..extensions import db
from ..models import QueueTicket
from ..visitors.codes import display
from .waiting import minutes_between

STILL_CALLED = _l("This ticket is no longer being helped: someone else finished it, or the "
                  "day's queue was closed.")


def visit_prefill(ticket: QueueTicket, now: datetime) -> dict:
    """The new-visit form's fields for a ticket being helped: the code, the help asked, the
    arrival (when they joined) and the duration (from the call to now)."""
    fields = {"help_types": [help_type.code for help_type in ticket.help_types],
              "arrived_at": ticket.joined_at,
              "duration_minutes": minutes_between(ticket.called_at, now)}
    if ticket.visitor is not None:
        fields["visitor_code"] = display(ticket.visitor.code)
    return fields


def waited_minutes(ticket: QueueTicket) -> int:
    """The minutes a ticket being helped waited: from joining to being called."""
    return minutes_between(ticket.joined_at, ticket.called_at)


def serve(ticket: QueueTicket, visit) -> None:
    """Close a ticket being helped as served by `visit` (added to the session, written here
    first). Conditional, so that two PCs cannot both finish it: the second is refused, and
    its visit with it."""
    db.session.flush()
    done = db.session.execute(
        update(QueueTicket)
        .where(QueueTicket.id == ticket.id, QueueTicket.status == "called")
        .values(status="served", visit_id=visit.id, visitor_id=None)
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise RuleError(None, STILL_CALLED)
