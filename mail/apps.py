from django.apps import AppConfig


class MailConfig(AppConfig):
    """One outbox for every email the portal sends, and the reminders that chase what people
    forget."""

    name = "mail"
    verbose_name = "Email"
