"""What the personal-data download holds from the account itself: the account, organisations
and what the audit log recorded of the person's activity."""

from audit.models import Event
from portal.dates import iso

from . import access_needs, two_factor
from .models import AccessNeeds


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
        # Everything they told us, as they said it (the defaults when they said nothing).
        "access_needs": _access_needs(user),
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


def _access_needs(user):
    needs = AccessNeeds.objects.filter(user=user).first()
    if needs is None:
        return None
    return {name: getattr(needs, name) for name in access_needs.FIELDS} | {
        "updated_at": iso(needs.updated_at)
    }
