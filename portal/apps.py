from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The shared kit every app builds on: errors, stale edits, transitions, ordering, forms,
    dates, spreadsheets, PDFs, uploads, limits, request logging, backups. It imports no app."""

    name = "portal"
    verbose_name = "Portal core"

    def ready(self):
        from . import pdf

        pdf.speed_up_weasyprint()
