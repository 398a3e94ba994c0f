from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_migrate


class AccountsConfig(AppConfig):
    """Users (email address as the login), organisations, memberships and roles."""

    name = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import sign_in_log  # noqa: F401 - connects the audit log's sign-in receivers
        from .sessions import remember_sign_in
        from .signals import grant_programme_manager_permissions
        from .two_factor import authenticator_removed

        post_migrate.connect(grant_programme_manager_permissions, sender=self)
        post_delete.connect(authenticator_removed, sender=TOTPDevice)
        user_logged_in.connect(remember_sign_in, dispatch_uid="accounts.remember_sign_in")
