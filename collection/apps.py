from django.apps import AppConfig


class CollectionConfig(AppConfig):
    """Editions, public reading and search, PDF rendering, stakeholders and dissemination."""

    name = "collection"
    verbose_name = "Published collection"
