from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    """Users (email address as the login), organisations, memberships and roles."""

    name = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        from .signals import grant_programme_manager_permissions

        post_migrate.connect(grant_programme_manager_permissions, sender=self)
