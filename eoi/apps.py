from django.apps import AppConfig


class EoiConfig(AppConfig):
    """Calls, criteria, expressions of interest, assessment and decisions."""

    name = "eoi"
    verbose_name = "Expressions of interest"

    def ready(self):
        from . import reminders  # noqa: F401 - registers this app's reminders with the outbox
