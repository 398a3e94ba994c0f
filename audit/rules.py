"""Who may read the audit log, and how much of it.

The programme manager reads all of it. A coordinator reads only what happened to case studies
and the collection: never sign-ins (with their addresses and the identifiers typed at failed
attempts), submissions, scores or decisions, and never anyone's network address.
"""

import rules

from accounts.rules import is_coordinator, is_programme_manager

from .models import Event

COORDINATOR_ACTIONS = frozenset(
    {
        Event.Action.CASE_STUDY_STATUS,
        Event.Action.CASE_STUDY_SIGNED_OFF,
        Event.Action.INVITATION_ACCEPTED,
        Event.Action.EDITION_PUBLISHED,
        Event.Action.EMAILS_SENT,
    }
)

rules.add_perm("audit.view_log", is_programme_manager | is_coordinator)
rules.add_perm("audit.view_full_log", is_programme_manager)


def visible_events(user):
    """The events this person may read (none if they may not read the log at all)."""
    if user.has_perm("audit.view_full_log"):
        return Event.objects.all()
    if user.has_perm("audit.view_log"):
        return Event.objects.filter(action__in=COORDINATOR_ACTIONS)
    return Event.objects.none()


def visible_actions(user):
    if user.has_perm("audit.view_full_log"):
        return list(Event.Action.choices)
    return [(value, label) for value, label in Event.Action.choices if value in COORDINATOR_ACTIONS]


def sees_addresses(user):
    return user.has_perm("audit.view_full_log")
