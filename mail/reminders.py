"""Reminders: each app says what is due (its own ``reminders.py``, registered here when the app
is ready); ``manage.py send_reminders`` asks every one of them, then delivers what is due.

A reminder is queued through the outbox with a ``once_key`` naming the person, the thing and
the step (for example "the 1-day reminder for this expression of interest, to this person"),
so running the job twice, or every few minutes, never sends anything twice. Each finder works
from ``now`` (so tests can freeze the clock), looks only at things still waiting for the person
(so a reminder stops once they act), and skips people who turned reminders off, except for the
reminders the programme needs.
"""

import logging
from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from . import outbox

logger = logging.getLogger(__name__)
FINDERS = []


def finder(function):
    """Register a function ``(now) -> number of reminders queued``."""
    FINDERS.append(function)
    return function


def step_due(deadline, days, now):
    """Which reminder step (days before ``deadline``) is due now, or None: the nearest step
    whose time has come, so a job that first runs late sends one reminder, not several."""
    if deadline is None or now >= deadline:
        return None
    come = [d for d in days if deadline - now <= timedelta(days=d)]
    return min(come) if come else None


def remind(
    kind, person, *, subject, template, context, reason, about=None, once_key, now, email=None
):
    """Queue one reminder to ``person`` (a user), unless they turned reminders off or it was
    sent before: its body is ``template`` rendered with ``context`` and the person. Returns 1
    if queued, else 0."""
    if person is not None and not outbox.wants_reminder(person, kind):
        return 0
    message = outbox.queue(
        kind,
        to=email or person.email,
        user=person,
        subject=subject,
        body=render_to_string(template, {"person": person, **context}),
        reason=reason,
        about=about,
        once_key=once_key,
        now=now,
    )
    return 1 if message is not None else 0


def send_due(now=None):
    """Queue every reminder that is due; returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    for find in FINDERS:
        count = find(now)
        logger.info("Reminders from %s: %s queued", find.__qualname__, count)
        queued += count
    return queued
