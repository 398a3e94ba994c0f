"""Who may read the audit log, and how much of it.

Two permissions: ``audit.view_log`` reads the actions each app marks as shared (what happened
to case studies and the collection) and ``audit.view_full_log`` reads everything, with network
addresses. Which roles hold them is decided with the roles, in ``accounts/rules.py``: the
programme manager reads all of it; a coordinator never sees sign-ins (with their addresses and
the identifiers typed at failed attempts), submissions, scores or decisions.
"""

from . import actions
from .models import Event


def visible_events(user):
    """The events this person may read (none if they may not read the log at all)."""
    if user.has_perm("audit.view_full_log"):
        return Event.objects.all()
    if user.has_perm("audit.view_log"):
        return Event.objects.filter(action__in=actions.shared_codes())
    return Event.objects.none()


def visible_actions(user):
    """(code, label) for the "What" filter: only actions this person may read."""
    full = user.has_perm("audit.view_full_log")
    return [(a.code, a.label) for a in actions.every() if full or a.shared]


def sees_addresses(user):
    return user.has_perm("audit.view_full_log")
