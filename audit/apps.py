from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who did what and when: sign-ins, submissions, scores, decisions, publishing, sends."""

    name = "audit"
    verbose_name = "Audit log"

    def ready(self):
        from . import actions

        actions.discover()
