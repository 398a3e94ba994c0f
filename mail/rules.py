"""Who may read which emails: everyone their own; the programme manager the whole outbox."""

import rules

from accounts.rules import is_programme_manager

rules.add_perm("mail.view_outbox", is_programme_manager)
rules.add_perm("mail.retry_message", is_programme_manager)


def mine(user):
    """The messages sent to this person: to their account, or to their address."""
    from django.db.models import Q

    from .models import Message

    return Message.objects.filter(Q(to_user=user) | Q(to_email__iexact=user.email))
