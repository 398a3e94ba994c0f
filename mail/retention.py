"""How long emails are kept. A copy of every email lets people find a receipt or a letter again,
but it is personal data too: emails about an expression of interest go when its personal data
goes (``eoi.retention``), and every email is deleted ``RETENTION_DAYS`` after it was queued."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import Message


def forget_about(objects):
    """Delete every email about these objects (all of one model); returns how many."""
    objects = list(objects)
    if not objects:
        return 0
    kind = ContentType.objects.get_for_model(objects[0])
    deleted, _ = Message.objects.filter(
        about_type=kind, about_id__in=[str(o.pk) for o in objects]
    ).delete()
    return deleted


def expire(*, now=None, days=None, dry_run=False):
    """Delete emails queued more than ``days`` (``RETENTION_DAYS``) ago that are no longer
    waiting to go; returns how many (with ``dry_run``, how many would go, deleting nothing)."""
    now = now or timezone.now()
    days = settings.RETENTION_DAYS if days is None else days
    old = Message.objects.filter(queued_at__lt=now - timedelta(days=days)).exclude(
        status__in=[Message.Status.QUEUED, Message.Status.SENDING]
    )
    return old.count() if dry_run else old.delete()[1].get(Message._meta.label, 0)
