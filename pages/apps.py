from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The site's own pages: the landing page, the footer's information pages, error pages and
    the health check."""

    name = "pages"
    verbose_name = "Site pages"
