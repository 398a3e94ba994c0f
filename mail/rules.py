"""Who may read which emails: everyone their own; ``mail.view_outbox`` and
``mail.retry_message`` (the whole outbox) are given to roles in ``accounts/rules.py``."""

from django.db.models import Q

from .models import Message


def mine(user):
    """The messages sent to this person: to their account, or to their address."""
    return Message.objects.filter(Q(to_user=user) | Q(to_email__iexact=user.email))
