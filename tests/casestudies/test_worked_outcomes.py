"""An outcome with its working, the added-value toolkit's way: the author states the inputs,
the portal works out the figure, readers see every step, and sign-off covers all of it."""

import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from casestudies import content, signoff, writing
from casestudies.models import Outcome, SignOff, Working
from tests.conftest import make_user

from .conftest import WORKED, worked_fields

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_an_outcome_with_its_working_is_worked_out_and_shown(drafting, author):
    client = _client(author)
    new = reverse("casestudies:worked-outcome-new", args=[drafting.pk])
    assert client.get(new).status_code == 200
    response = client.post(new, WORKED)
    assert response.status_code == 302
    outcome = Outcome.objects.get(case_study=drafting)
    assert outcome.unit == Outcome.Unit.VALUE_RATIO
    assert outcome.value == Decimal("2.08")  # worked out, never typed
    assert outcome.evidence == Outcome.Evidence.MEASURED
    assert outcome.working.deadweight == Decimal(25)
    assert "The council's care records" in outcome.source
    page = _text(client.get(reverse("casestudies:case-study", args=[drafting.pk])))
    assert "£2.08 of value for every £1 invested" in page
    assert "How it is known: Level 2: measured" in page
    # Changing it goes to its own page, with what was stated.
    edit = client.get(reverse("casestudies:outcome", args=[drafting.pk, 1]))
    assert edit["Location"] == reverse("casestudies:worked-outcome", args=[drafting.pk, 1])
    form = client.get(edit["Location"]).context["form"]
    assert form.initial["attribution"] == Decimal(20)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"deadweight": "120"}, "deadweight", "Deadweight must be between 0% and 100%"),
        ({"attribution": "-5"}, "attribution", "Attribution must be between 0% and 100%"),
        ({"displacement": "1184"}, "displacement", "Displacement must be between 0% and 100%"),
        ({"discount_rate": "150"}, "discount_rate", "Discount rate must be between 0% and 100%"),
        ({"duration": "0"}, "duration", "Years it lasts must be 1 or more"),
        ({"investment": "0"}, "investment", "Enter the amount invested, more than £0"),
        ({"investment": ""}, "investment", "Enter the amount invested, in pounds"),
        ({"proxy_source": ""}, "proxy_source", "Enter the source of the financial proxy"),
        ({"drop_off_why": ""}, "drop_off_why", "Say in a line why the drop-off is what it is"),
        ({"people": "lots"}, "people", "Enter number of people as a whole number, like 12"),
    ],
)
def test_working_it_cannot_use_is_refused_by_field(drafting, author, change, field, message):
    response = _client(author).post(
        reverse("casestudies:worked-outcome-new", args=[drafting.pk]), {**WORKED, **change}
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert message in page
    assert f'href="#id_{field}"' in page  # the error summary links to the field
    assert 'value="Disabled people stayed living at home"' in page  # nothing typed is lost
    assert not Outcome.objects.exists()


def test_the_working_is_published_content_so_sign_off_covers_it(drafting, coordinator):
    outcome_fields, working_fields = worked_fields()
    outcome = writing.add_worked_outcome(drafting, outcome_fields, working_fields, by=coordinator)
    shown = content.publishable(drafting).outcomes[0]
    assert shown["display"] == "£2.08 of value for every £1 invested"
    assert shown["working"]["deadweight"] == "25.00"
    assert shown["working"]["proxy_source"] == "Published table of unit costs"
    assert shown["evidence_label"].startswith("Level 2: measured")
    before = content.fingerprint(drafting)
    Working.objects.filter(outcome=outcome).update(deadweight=Decimal(30))  # around the services
    assert content.fingerprint(drafting) != before


def test_an_outcome_without_the_new_facts_keeps_the_content_it_always_had(drafting, author):
    """Sign-offs of case studies written before outcomes said how they are known still count."""
    writing.add_outcome(
        drafting,
        {
            "label": "People reached",
            "value": "640",
            "invested": None,
            "unit": "people",
            "unit_other": "",
            "period": "",
            "source": "Records",
        },
        by=author,
    )
    [shown] = content.publishable(drafting).outcomes
    assert set(shown) == {
        "label",
        "display",
        "unit",
        "value",
        "invested",
        "unit_other",
        "period",
        "source",
    }


def test_changing_the_working_works_it_out_again_and_voids_sign_offs(drafting, author, dpulo):
    outcome_fields, working_fields = worked_fields()
    outcome = writing.add_worked_outcome(drafting, outcome_fields, working_fields, by=author)
    # A sign-off of the content as it stands (made directly: only an approved case study can be
    # signed off, and an approved one cannot be written).
    SignOff.objects.create(
        case_study=drafting,
        party=SignOff.Party.DPULO,
        name="Alex",
        role="Chief executive",
        method=SignOff.Method.RECORDED,
        signed_at=timezone.now(),
        text_digest=content.fingerprint(drafting),
    )
    assert signoff.live(drafting)
    outcome = Outcome.objects.get(pk=outcome.pk)  # as a page opens it, from the database
    opened_as = writing.worked_fingerprint(outcome)
    writing.update_worked_outcome(
        outcome,
        outcome_fields,
        {**working_fields, "deadweight": Decimal(100)},
        by=author,
        opened_as=opened_as,
    )
    outcome.refresh_from_db()
    assert outcome.value == Decimal("0.00")
    assert not signoff.live(drafting)
    assert drafting.sign_offs.get().voided_reason.startswith("The outcome")
    # A second page opened before that change is refused, showing what is saved now.
    colleague = make_user("colleague@worked.example", roles.AUTHOR, dpulo)
    with pytest.raises(writing.StaleOutcome):
        writing.update_worked_outcome(
            outcome, outcome_fields, working_fields, by=colleague, opened_as=opened_as
        )
    assert Working.objects.get(outcome=outcome).deadweight == Decimal(100)


def test_nobody_outside_the_case_study_reaches_its_working(drafting, author):
    stranger = make_user("stranger@worked.example", roles.AUTHOR)
    page = reverse("casestudies:worked-outcome-new", args=[drafting.pk])
    assert _client(stranger).get(page).status_code == 404
    assert _client(stranger).post(page, WORKED).status_code == 404
    assert not Outcome.objects.exists()


def test_the_database_refuses_a_percentage_outside_0_to_100(drafting, coordinator):
    """A last line behind the form: no adjustment or discount rate over 100% is stored."""
    from django.db import IntegrityError, transaction

    outcome_fields, working_fields = worked_fields()
    outcome = writing.add_worked_outcome(drafting, outcome_fields, working_fields, by=coordinator)
    for name in ("deadweight", "displacement", "attribution", "drop_off", "discount_rate"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Working.objects.filter(outcome=outcome).update(**{name: Decimal(101)})
