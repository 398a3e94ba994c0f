"""Who may do what with accounts and organisations: the one place these rules live."""

import rules

from . import roles

is_applicant = rules.is_group_member(roles.APPLICANT)
is_assessor = rules.is_group_member(roles.ASSESSOR)
is_programme_manager = rules.is_group_member(roles.PROGRAMME_MANAGER)
is_coordinator = rules.is_group_member(roles.COORDINATOR)
is_author = rules.is_group_member(roles.AUTHOR)


@rules.predicate
def is_member(user, organisation):
    if organisation is None or not user.is_authenticated:
        return False
    return organisation.memberships.filter(user=user).exists()


@rules.predicate
def is_organisation_admin(user, organisation):
    if organisation is None or not user.is_authenticated:
        return False
    return organisation.memberships.filter(user=user, is_organisation_admin=True).exists()


rules.add_perm("accounts.view_organisation", is_member | is_programme_manager)
rules.add_perm("accounts.change_organisation", is_organisation_admin)
