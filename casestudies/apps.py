from django.apps import AppConfig


class CasestudiesConfig(AppConfig):
    """Case-study templates and sections, case studies, review, history and sign-off."""

    name = "casestudies"
    verbose_name = "Case studies"

    def ready(self):
        from . import reminders  # noqa: F401 - registers this app's reminders with the outbox
