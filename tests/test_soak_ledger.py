"""The soak's check of a submission refused at the close: its draft must be kept as it was,
every answer its applicant was told was saved still there. An applicant still writing when
the call closed has fewer answers than the call has criteria, and that is not a lost draft."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bench import data
from bench.soak import Ledger, refused_drafts_not_kept
from eoi import application
from eoi.models import ExpressionOfInterest

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    """A draft with answers to the first two of three criteria, as one refused at the close."""
    now = timezone.now()
    call = data.call(
        "soak-ledger",
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=5),
        written=3,
    )
    organisation, person = data.applicant("soak-ledger", 1, "london")
    eoi = application.start(call, organisation, by=person)
    for criterion in call.criteria.order_by("position")[:2]:
        application.save_answer(eoi, criterion, text="Our answer.", version=0, by=person)
    return organisation, eoi


def _ledger(*criteria_saved):
    ledger = Ledger()
    for position in criteria_saved:
        ledger.saved[(1, f"criterion {position}")] = "Our answer."
    ledger.saved[(1, "organisation")] = "About us."
    ledger.refused_late[1] = 0.4
    return ledger


def test_a_draft_holding_every_answer_acknowledged_is_kept(draft):
    organisation, eoi = draft
    # Two of three criteria answered: the third was never saved before the close.
    assert refused_drafts_not_kept(_ledger(1, 2), {1: organisation}, {organisation.pk: eoi}) == []


def test_a_draft_without_an_answer_acknowledged_is_not_kept(draft):
    organisation, eoi = draft
    assert refused_drafts_not_kept(_ledger(1, 2, 3), {1: organisation}, {organisation.pk: eoi}) == [
        1
    ]


def test_a_refused_submission_that_is_no_longer_a_draft_is_not_kept(draft):
    organisation, eoi = draft
    ExpressionOfInterest.objects.filter(pk=eoi.pk).update(
        status=ExpressionOfInterest.Status.SUBMITTED
    )
    eoi.refresh_from_db()
    assert refused_drafts_not_kept(_ledger(1, 2), {1: organisation}, {organisation.pk: eoi}) == [1]


def test_an_applicant_with_nothing_saved_has_nothing_to_keep():
    ledger = Ledger()
    ledger.refused_late[1] = 0.2
    assert refused_drafts_not_kept(ledger, {}, {}) == []
    ledger.saved[(1, "criterion 1")] = "Our answer."
    assert refused_drafts_not_kept(ledger, {}, {}) == [1]
