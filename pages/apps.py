from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The landing page, the footer's information pages, error pages and the health check."""

    name = "pages"
    verbose_name = "Site pages"
