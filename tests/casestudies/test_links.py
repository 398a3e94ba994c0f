import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import User
from casestudies import links, scoping, signoff, writing
from casestudies.models import Answer, SignOff, SingleUseLink
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def token_from(message):
    return re.search(r"/case-studies/(?:invitation|sign-off)/([\w-]+)/", message.body).group(1)


@pytest.fixture
def invited(proposed, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scoping.agree(
            proposed, author_name="Sam Writer", author_email="sam@dpulo.example", by=coordinator
        )
    return proposed, token_from(mail.outbox[-1])


def test_agreeing_emails_a_link_and_stores_only_its_hash(invited):
    case_study, token = invited
    message = mail.outbox[-1]
    assert message.to == ["sam@dpulo.example"]
    assert "Dear Sam Writer" in message.body
    link = SingleUseLink.objects.get(case_study=case_study)
    assert link.token_hash == links.digest(token)
    assert token not in link.token_hash
    assert link.expires_at - link.created_at == timedelta(days=14)


def test_the_invitation_creates_the_author_and_works_once(invited):
    case_study, token = invited
    user, joined = links.accept_invitation(token, full_name="Sam Writer", password=PASSWORD)
    assert joined == case_study
    case_study.refresh_from_db()
    assert case_study.author == user
    assert user.has_role(roles.AUTHOR)
    assert user.memberships.get().organisation == case_study.dpulo
    assert user.has_perm("casestudies.write_casestudy", case_study)
    with pytest.raises(links.LinkError, match="already been used"):
        links.accept_invitation(token, full_name="Someone Else", password=PASSWORD)
    assert User.objects.filter(email="sam@dpulo.example").count() == 1


def test_an_expired_invitation_is_refused(invited):
    _, token = invited
    later = timezone.now() + timedelta(days=15)
    with pytest.raises(links.LinkError, match="expired"):
        links.accept_invitation(token, full_name="Sam", password=PASSWORD, now=later)
    assert not User.objects.filter(email="sam@dpulo.example").exists()


def test_a_new_invitation_stops_the_old_one(
    invited, coordinator, django_capture_on_commit_callbacks
):
    case_study, old = invited
    with django_capture_on_commit_callbacks(execute=True):
        scoping.reinvite(
            case_study, author_name="Sam Writer", author_email="sam@dpulo.example", by=coordinator
        )
    with pytest.raises(links.LinkError, match="newer one"):
        links.find(old, SingleUseLink.Purpose.INVITATION)
    assert links.find(token_from(mail.outbox[-1]), SingleUseLink.Purpose.INVITATION)


def test_a_made_up_token_is_not_recognised(db):
    with pytest.raises(links.LinkError, match="not recognised"):
        links.find("made-up", SingleUseLink.Purpose.INVITATION)


def test_signed_in_as_someone_else_the_invitation_is_refused(invited, author):
    _, token = invited
    with pytest.raises(links.LinkError, match=r"sent to sam@dpulo\.example"):
        links.accept_invitation(token, user=author)


@pytest.fixture
def sign_off_token(approved, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        links.request_commissioner_sign_off(approved, by=coordinator)
    message = mail.outbox[-1]
    assert message.to == [approved.commissioner_contact_email]
    return token_from(message)


def test_the_commissioner_signs_off_once_through_the_link(approved, sign_off_token, author):
    record = links.use_sign_off_link(sign_off_token, name="Pat Jones", role="Head of commissioning")
    assert (record.party, record.method) == (SignOff.Party.COMMISSIONER, SignOff.Method.LINK)
    assert record.text_digest == signoff.text_digest(approved)
    with pytest.raises(links.LinkError, match="already been used"):
        links.use_sign_off_link(sign_off_token, name="Pat Jones", role="Head")
    assert not signoff.is_signed_off(approved)  # the DPULO has not yet
    signoff.record(approved, SignOff.Party.DPULO, name="Alex", role="Chair", method="portal")
    assert signoff.is_signed_off(approved)


def test_an_expired_sign_off_link_is_refused(approved, sign_off_token):
    with pytest.raises(links.LinkError, match="expired"):
        links.use_sign_off_link(
            sign_off_token, name="Pat", role="Head", now=timezone.now() + timedelta(days=30)
        )
    assert signoff.live(approved) == []


def test_an_edit_after_the_link_was_sent_voids_it(approved, sign_off_token, coordinator):
    section = approved.template_version.sections.first()
    answer = Answer.objects.get(case_study=approved, section=section)
    writing.save_answer(approved, section, "Changed.", version=answer.version, by=coordinator)
    with pytest.raises(links.LinkError, match="no longer works"):
        links.use_sign_off_link(sign_off_token, name="Pat", role="Head")
    assert signoff.live(approved) == []


def test_only_an_approved_case_study_can_be_sent_for_sign_off(in_review, coordinator):
    with pytest.raises(links.LinkError, match="approved"):
        links.request_commissioner_sign_off(in_review, by=coordinator)


def test_accepting_an_invitation_is_in_the_audit_log(invited, django_capture_on_commit_callbacks):
    from audit.models import Event

    _, token = invited
    with django_capture_on_commit_callbacks(execute=True):
        user, case_study = links.accept_invitation(token, full_name="Sam", password=PASSWORD)
    event = Event.objects.get(action="casestudies.invitation_accepted")
    assert (event.user, event.object_id) == (user, str(case_study.pk))


def test_emails_are_plain_text_so_stored_markup_stays_text(
    proposed, coordinator, django_capture_on_commit_callbacks
):
    proposed.title = "<script>window.__pwned=1</script> & friends"
    proposed.save()
    with django_capture_on_commit_callbacks(execute=True):
        scoping.agree(
            proposed, author_name="<b>Sam</b>", author_email="sam@x.example", by=coordinator
        )
    message = mail.outbox[-1]
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", [])
    assert "<script>window.__pwned=1</script> & friends" in message.body  # verbatim, not HTML
    assert "Dear <b>Sam</b>" in message.body


def test_no_invitation_is_sent_again_once_the_author_is_writing(invited, coordinator, client):
    case_study, token = invited
    links.accept_invitation(token, full_name="Sam Writer", password=PASSWORD)
    case_study.refresh_from_db()
    with pytest.raises(scoping.ScopeError, match="Sam Writer accepted the invitation"):
        scoping.reinvite(
            case_study, author_name="Sam Writer", author_email="sam@dpulo.example", by=coordinator
        )
    client.force_login(coordinator)
    page = client.get(reverse("casestudies:case-study", args=[case_study.pk])).content.decode()
    assert "Send the author an invitation again" not in page
