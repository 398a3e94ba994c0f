"""The audit log: one row per thing someone did that the programme may need to account for."""

from django.conf import settings
from django.db import models

from . import actions


class Event(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    who = models.CharField(max_length=254, blank=True, help_text="The email used, kept as typed.")
    # "app.name", defined by the app that takes the action (see ``audit/actions.py``).
    action = models.CharField(max_length=60, db_index=True)
    summary = models.CharField(max_length=500)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=50, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.who}: {self.summary}"

    def get_action_display(self):
        return actions.label(self.action)
