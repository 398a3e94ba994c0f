from django.apps import AppConfig


class CollectionConfig(AppConfig):
    """Editions, public reading and search, PDF rendering, stakeholders and dissemination."""

    name = "collection"
    verbose_name = "Published collection"

    def ready(self):
        from mail.outbox import delivery_changed

        from . import reminders  # noqa: F401 - registers this app's reminders with the outbox
        from .dissemination import delivery_changed as keep_sends_in_step

        delivery_changed.connect(keep_sends_in_step, dispatch_uid="collection.sends")

        from django.db.models.signals import post_delete

        from . import search_index

        post_delete.connect(
            search_index.forget_deleted,
            sender="collection.PublishedCaseStudy",
            dispatch_uid="collection.search_index",
        )
