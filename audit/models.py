"""The audit log: one row per thing someone did that the programme may need to account for."""

from django.conf import settings
from django.db import models


class Event(models.Model):
    class Action(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGNED_OUT = "signed_out", "Signed out"
        EOI_SUBMITTED = "eoi_submitted", "Expression of interest submitted"
        EOI_WITHDRAWN = "eoi_withdrawn", "Expression of interest withdrawn"
        ASSESSMENT_SUBMITTED = "assessment_submitted", "Assessment submitted"
        ASSESSMENT_REOPENED = "assessment_reopened", "Assessment reopened"
        SCORE_MODERATED = "score_moderated", "Score moderated"
        DECISION_RECORDED = "decision_recorded", "Decision recorded"
        LETTERS_SENT = "letters_sent", "Outcome letters sent"
        CASE_STUDY_STATUS = "case_study_status", "Case study status changed"
        CASE_STUDY_SIGNED_OFF = "case_study_signed_off", "Case study signed off"
        EDITION_PUBLISHED = "edition_published", "Edition published"
        EMAILS_SENT = "emails_sent", "Edition sent to stakeholders"
        ACCOUNT_DELETED = "account_deleted", "Account closed"
        INVITATION_ACCEPTED = "invitation_accepted", "Invitation to write accepted"
        TWO_FACTOR_ON = "two_factor_on", "Two-factor sign-in turned on"
        TWO_FACTOR_MOVED = "two_factor_moved", "Two-factor sign-in moved to a new app"
        TWO_FACTOR_REMOVED = "two_factor_removed", "Authenticator app removed"
        RECOVERY_CODES_MADE = "recovery_codes_made", "Recovery codes made"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    who = models.CharField(max_length=254, blank=True, help_text="The email used, kept as typed.")
    action = models.CharField(max_length=30, choices=Action.choices, db_index=True)
    summary = models.CharField(max_length=500)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=50, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.who}: {self.summary}"
