"""When the demo's events happen: over the weeks before seeding, on working days, at the hours
people work, rather than all at the minute ``seed_demo`` ran.

Each step of the story is taken through the portal's own services with the clock set to its
moment (time-machine, which moves every clock Python reads), so everything that step leaves
behind agrees: the record's own times, its history, the audit log, the emails in the outbox,
and the sign-off lines frozen into a published edition and its PDF. No date is patched
afterwards, so nothing can disagree with what was frozen.
"""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

import time_machine
from django.utils import timezone

from portal.dates import not_a_working_day


def working_days_ago(days, hour=10, minute=0, *, today=None):
    """The moment ``days`` UK working days before ``today`` (weekends and every UK nation's
    bank holidays skipped), at ``hour``:``minute`` UK time."""
    day = timezone.localdate(today or timezone.now())
    counted = 0
    while counted < days:
        day -= timedelta(days=1)
        moment = timezone.make_aware(datetime.combine(day, time(12)))
        if not not_a_working_day(moment):
            counted += 1
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@contextmanager
def at(moment):
    """Run the block as if it were ``moment`` (the clock ticks on from there), with every
    transaction committed inside it, so emails and audit entries carry the same time."""
    with time_machine.travel(moment, tick=True):
        yield
