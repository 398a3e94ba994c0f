"""Reminders for case studies: authors, commissioners and coordinators (``mail/reminders.py``)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from mail.models import Message
from mail.reminders import finder, remind
from portal.dates import govuk_datetime

from . import links, signoff, workflow
from .models import CaseStudy, SignOff, SingleUseLink

# An expired link is worth telling the coordinator about for this long; older ones are history.
EXPIRED_NOTICE_DAYS = 7


def _url(name, *args):
    return settings.PORTAL_URL + reverse(name, args=args)


@finder
def waiting_for_the_author(now):
    """Authors whose case study has sat in drafting or "changes requested" for
    ``REMINDER_WRITING_DAYS`` (14) with nothing saved: once for each such stretch."""
    queued = 0
    quiet_since = now - timedelta(days=settings.REMINDER_WRITING_DAYS)
    waiting = (
        CaseStudy.objects.filter(
            status__in=[CaseStudy.Status.DRAFTING, CaseStudy.Status.CHANGES_REQUESTED],
            author__isnull=False,
            author__is_active=True,
        )
        .annotate(last_saved=Max("answers__updated_at"))
        .select_related("author")
    )
    for case_study in waiting:
        step = case_study.status_changes.order_by("-at", "-pk").first()
        if step is None:
            continue
        last_activity = max(t for t in (step.at, case_study.last_saved) if t is not None)
        if last_activity > quiet_since:
            continue
        person = case_study.author
        asked = case_study.status == CaseStudy.Status.CHANGES_REQUESTED
        queued += remind(
            Message.Kind.WRITING_REMINDER,
            person,
            subject=(
                f"Changes are waiting on your case study: {case_study.title}"
                if asked
                else f"Your case study is waiting for you: {case_study.title}"
            ),
            template="mail/reminders/writing.txt",
            context={
                "case_study": case_study,
                "asked": asked,
                "since": govuk_datetime(last_activity),
                "link": _url("casestudies:case-study", case_study.pk),
            },
            reason=f"you are writing “{case_study.title}” for {case_study.dpulo.name}",
            about=case_study,
            once_key=f"writing:{case_study.pk}:{step.pk}:{person.pk}",
            now=now,
        )
    return queued


@finder
def sign_offs_waiting(now):
    """``REMINDER_SIGN_OFF_DAYS_BEFORE_EXPIRY`` (5) days before a commissioner's sign-off link
    expires unused: the commissioner gets a fresh link with the same deadline (only a hash of
    the first one is kept, so it cannot be sent again), and the DPULO's author, if the DPULO
    has not signed off either, is reminded too."""
    queued = 0
    horizon = now + timedelta(days=settings.REMINDER_SIGN_OFF_DAYS_BEFORE_EXPIRY)
    waiting = SingleUseLink.objects.filter(
        purpose=SingleUseLink.Purpose.SIGN_OFF,
        used_at__isnull=True,
        voided_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=horizon,
        case_study__status=CaseStudy.Status.APPROVED,
    ).select_related("case_study__dpulo", "case_study__author")
    for link in waiting:
        case_study = link.case_study
        deadline = int(link.expires_at.timestamp())
        key = f"signoff:{case_study.pk}:{deadline}"
        if not Message.objects.filter(once_key=key).exists():
            links.send_sign_off_link(
                case_study,
                by=None,
                now=now,
                expires_at=link.expires_at,
                kind=Message.Kind.SIGN_OFF_REMINDER,
                reason=f"you are the contact at {case_study.commissioner_name} for this case "
                "study, and it is not signed off yet",
                template="mail/reminders/sign_off_commissioner.txt",
                once_key=key,
            )
            queued += 1
        author = case_study.author
        if author is not None and not signoff.live(case_study, SignOff.Party.DPULO):
            queued += remind(
                Message.Kind.SIGN_OFF_REMINDER,
                author,
                subject=f"Please sign off your case study: {case_study.title}",
                template="mail/reminders/sign_off_dpulo.txt",
                context={
                    "case_study": case_study,
                    "link": _url("casestudies:sign-off", case_study.pk),
                },
                reason=f"you wrote “{case_study.title}” for {case_study.dpulo.name}",
                about=case_study,
                once_key=f"signoff-dpulo:{case_study.pk}:{deadline}:{author.pk}",
                now=now,
            )
    return queued


@finder
def sign_off_links_expired(now):
    """The coordinators, once, when a commissioner's sign-off link expires unused."""
    queued = 0
    expired = SingleUseLink.objects.filter(
        purpose=SingleUseLink.Purpose.SIGN_OFF,
        used_at__isnull=True,
        voided_at__isnull=True,
        expires_at__lte=now,
        expires_at__gt=now - timedelta(days=EXPIRED_NOTICE_DAYS),
    ).select_related("case_study")
    for link in expired:
        case_study = link.case_study
        for person in workflow.coordinators():
            queued += remind(
                Message.Kind.SIGN_OFF_EXPIRED,
                person,
                subject=f"A sign-off link expired unused: {case_study.title}",
                template="mail/reminders/sign_off_expired.txt",
                context={
                    "case_study": case_study,
                    "link_record": link,
                    "expired": govuk_datetime(link.expires_at),
                    "link": _url("casestudies:case-study", case_study.pk) + "#sign-off",
                },
                reason="you coordinate the collection",
                about=case_study,
                once_key=f"expired:{link.pk}:{person.pk}",
                now=now,
            )
    return queued
