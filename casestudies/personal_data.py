"""What the personal-data download holds from case studies: where the person wrote, not the
whole text of the organisation's case study."""

from portal.dates import iso

from .models import Answer, CaseStudy, Comment, SignOff


def sections(user):
    return {
        "case_studies_written": [
            {"title": c.title, "status": c.get_status_display()}
            for c in CaseStudy.objects.filter(author=user)
        ],
        "case_study_answers_last_saved": [
            {"case_study": a.case_study.title, "section": a.section.heading, "text": a.text}
            for a in Answer.objects.filter(updated_by=user).select_related("case_study", "section")
        ],
        "comments": [
            {"case_study": c.case_study.title, "at": iso(c.created_at), "text": c.body}
            for c in Comment.objects.filter(author=user).select_related("case_study")
        ],
        "sign_offs_recorded": [
            {
                "case_study": s.case_study.title,
                "party": s.get_party_display(),
                "name": s.name,
                "role": s.role,
                "signed_at": iso(s.signed_at),
            }
            for s in SignOff.objects.filter(recorded_by=user).select_related("case_study")
        ],
    }
