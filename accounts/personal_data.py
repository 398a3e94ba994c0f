"""Everything the portal holds about one person, as JSON they can download (UK GDPR right of
access). Content they wrote for an organisation is listed with where it is, not copied whole:
it belongs to the organisation too, and its members can read it in the portal."""

from django.utils import timezone


def _when(moment):
    return moment.isoformat() if moment else None


def collect(user):
    from audit.models import Event
    from casestudies.models import Answer, CaseStudy, Comment, SignOff
    from eoi.models import Assessment, ExpressionOfInterest
    from mail.rules import mine

    from . import two_factor

    codes = two_factor.recovery_codes(user)
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "roles": user.role_names,
            "is_active": user.is_active,
            # Whether it is on, never the secret key or the codes themselves.
            "two_factor": {
                "authenticator_app": two_factor.has_authenticator(user),
                "recovery_codes_unused": codes.remaining if codes else 0,
            },
        },
        "organisations": [
            {
                "name": m.organisation.name,
                "kind": m.organisation.get_kind_display(),
                "organisation_admin": m.is_organisation_admin,
            }
            for m in user.memberships.select_related("organisation")
        ],
        "expressions_of_interest_submitted": [
            {
                "reference": eoi.reference,
                "call": eoi.call.title,
                "organisation": eoi.organisation.name,
                "submitted_at": _when(eoi.submitted_at),
                "status": eoi.get_status_display(),
            }
            for eoi in ExpressionOfInterest.objects.filter(submitted_by=user).select_related(
                "call", "organisation"
            )
        ],
        "assessments": [
            {
                "expression_of_interest": a.assignment.expression_of_interest.reference,
                "status": a.get_status_display(),
                "submitted_at": _when(a.submitted_at),
                "scores": [
                    {
                        "criterion": s.criterion.title,
                        "score": s.value,
                        "not_applicable": s.not_applicable,
                        "comment": s.comment,
                    }
                    for s in a.scores.select_related("criterion")
                ],
            }
            for a in Assessment.objects.filter(assignment__assessor=user).select_related(
                "assignment__expression_of_interest"
            )
        ],
        "case_studies_written": [
            {"title": c.title, "status": c.get_status_display()}
            for c in CaseStudy.objects.filter(author=user)
        ],
        "case_study_answers_last_saved": [
            {"case_study": a.case_study.title, "section": a.section.heading, "text": a.text}
            for a in Answer.objects.filter(updated_by=user).select_related("case_study", "section")
        ],
        "comments": [
            {"case_study": c.case_study.title, "at": _when(c.created_at), "text": c.body}
            for c in Comment.objects.filter(author=user).select_related("case_study")
        ],
        "sign_offs_recorded": [
            {
                "case_study": s.case_study.title,
                "party": s.get_party_display(),
                "name": s.name,
                "role": s.role,
                "signed_at": _when(s.signed_at),
            }
            for s in SignOff.objects.filter(recorded_by=user).select_related("case_study")
        ],
        "activity": [
            {
                "at": _when(e.at),
                "what": e.get_action_display(),
                "summary": e.summary,
                "ip_address": e.ip_address,
            }
            for e in Event.objects.filter(user=user).order_by("at")[:5000]
        ],
        # Every email sent to them, as sent (any link still waiting to go is hidden).
        "emails": [
            {
                "kind": m.get_kind_display(),
                "to": m.to_email,
                "subject": m.subject,
                "status": m.get_status_display(),
                "queued_at": _when(m.queued_at),
                "sent_at": _when(m.sent_at),
                "body": m.shown_body(),
                "attachments": [a.filename for a in m.attachments.all()],
            }
            for m in mine(user).order_by("queued_at").prefetch_related("attachments")[:5000]
        ],
    }
    return data
