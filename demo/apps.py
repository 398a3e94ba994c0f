from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for trying the portal on a laptop (``seed_demo``, run by ``make run``): every
    app's demo content in one place, made through the same services the pages call."""

    name = "demo"
    verbose_name = "Demo data"
