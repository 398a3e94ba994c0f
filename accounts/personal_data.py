"""What the personal-data download holds from the account itself: the account, organisations
and what the audit log recorded of the person's activity."""

from audit.models import Event
from portal.dates import iso

from . import two_factor


def sections(user):
    codes = two_factor.recovery_codes(user)
    data = {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            "roles": user.role_names,
            "is_active": user.is_active,
            # Whether it is on, never the secret key or the codes themselves.
            "two_factor": {
                "authenticator_app": two_factor.has_authenticator(user),
                "recovery_codes_unused": codes.remaining if codes else 0,
            },
        },
        "organisations": [
            {
                "name": m.organisation.name,
                "kind": m.organisation.get_kind_display(),
                "organisation_admin": m.is_organisation_admin,
            }
            for m in user.memberships.select_related("organisation")
        ],
        "activity": [
            {
                "at": iso(e.at),
                "what": e.get_action_display(),
                "summary": e.summary,
                "ip_address": e.ip_address,
            }
            for e in Event.objects.filter(user=user).order_by("at")[:5000]
        ],
    }
    return data
