"""Keep the programme managers' administration permissions in step with the models."""

from django.contrib.auth.models import Group, Permission

from . import roles

# Programme managers look after organisations and people in the administration screens.
PROGRAMME_MANAGER_PERMISSIONS = [
    ("accounts", "view_user"),
    ("accounts", "change_user"),
    ("accounts", "view_organisation"),
    ("accounts", "change_organisation"),
    ("accounts", "view_membership"),
    ("accounts", "add_membership"),
    ("accounts", "change_membership"),
    ("accounts", "delete_membership"),
    ("auth", "view_group"),
    # A lost phone: remove the person's authenticator app so they can set up a new one.
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
]


def grant_programme_manager_permissions(sender, **kwargs):
    group, _ = Group.objects.get_or_create(name=roles.PROGRAMME_MANAGER)
    for app_label, codename in PROGRAMME_MANAGER_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)
