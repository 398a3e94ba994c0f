"""The retention policy: personal data of unsuccessful expressions of interest is removed a set
time (``RETENTION_DAYS``) after their call closes. The scores stay, anonymised, so the
programme can still account for its decisions.

Unsuccessful means not selected, withdrawn, or never submitted. What goes: the contact's name,
role, email and telephone, the organisation summary, every answer's text, the frozen submitted
copies and their PDFs, assessors' and moderators' comments and the outcome letters' text and
address, including the earlier versions kept in their history, and every email about it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mail import retention as mail_retention

from .models import (
    AdjustmentRequest,
    Answer,
    AssistedSource,
    ExpressionOfInterest,
    Extension,
    Moderation,
    OutcomeLetter,
    Score,
    Submission,
)

REMOVED = "Removed under the retention policy."


@dataclass(frozen=True)
class Due:
    eoi: ExpressionOfInterest
    reason: str


def due(*, now=None, days=None):
    """The expressions of interest whose personal data should now be removed."""
    now = now or timezone.now()
    days = settings.RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    candidates = (
        ExpressionOfInterest.objects.filter(call__closes_at__lt=cutoff, anonymised_at__isnull=True)
        .exclude(decision__selected=True)
        .filter(
            Q(decision__selected=False)
            | Q(status=ExpressionOfInterest.Status.WITHDRAWN)
            | Q(status=ExpressionOfInterest.Status.DRAFT)
        )
        .select_related("call", "organisation")
        .order_by("call__closes_at", "pk")
    )
    result = []
    for eoi in candidates:
        if eoi.status == ExpressionOfInterest.Status.WITHDRAWN:
            reason = "withdrawn"
        elif eoi.status == ExpressionOfInterest.Status.DRAFT:
            reason = "never submitted"
        else:
            reason = "not selected"
        result.append(Due(eoi, reason))
    return result


def anonymise(eoi, *, now=None):
    """Remove the personal data of one expression of interest; keep its scores."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = ExpressionOfInterest.objects.select_for_update().get(pk=eoi.pk)
        if locked.anonymised_at:
            return locked
        ExpressionOfInterest.objects.filter(pk=locked.pk).update(
            contact_name="",
            contact_role="",
            contact_email="",
            contact_phone="",
            organisation_summary="",
            submitted_by=None,
            anonymised_at=now,
        )
        Answer.objects.filter(expression_of_interest=locked).update(text="", updated_by=None)
        Submission.objects.filter(expression_of_interest=locked).update(
            content={"removed": REMOVED}, pdf=b"", submitted_by=None
        )
        scores = Score.objects.filter(assessment__assignment__expression_of_interest=locked)
        scores.update(comment="")
        Score.history.filter(assessment__assignment__expression_of_interest=locked).update(
            comment=""
        )
        Moderation.objects.filter(expression_of_interest=locked).update(reason=REMOVED)
        Moderation.history.filter(expression_of_interest=locked).update(reason=REMOVED)
        OutcomeLetter.objects.filter(expression_of_interest=locked).update(
            to="removed@retention.invalid", body=REMOVED
        )
        OutcomeLetter.history.filter(expression_of_interest=locked).update(
            to="removed@retention.invalid", body=REMOVED
        )
        # What the organisation told us when it asked for adjustments (it may be about a
        # disability), the reason copied onto any extension, and what it sent us to complete
        # its expression of interest from.
        asked = AdjustmentRequest.objects.filter(
            call=locked.call_id, organisation=locked.organisation_id
        )
        asked.update(details="", reason="")
        Extension.objects.filter(call=locked.call_id, organisation=locked.organisation_id).update(
            reason=REMOVED
        )
        for source in AssistedSource.objects.filter(expression_of_interest=locked):
            default_storage.delete(source.stored_name)
            source.delete()
        mail_retention.forget_about(asked)
        # The emails about it (the receipt with its PDF, reminders, the outcome letter).
        mail_retention.forget_about([locked])
        mail_retention.forget_about(OutcomeLetter.objects.filter(expression_of_interest=locked))
    locked.refresh_from_db()
    return locked
