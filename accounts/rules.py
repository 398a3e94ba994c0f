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

# The audit log (``audit/rules.py`` says what each permission reads).
rules.add_perm("audit.view_log", is_programme_manager | is_coordinator)
rules.add_perm("audit.view_full_log", is_programme_manager)

# The whole outbox (everyone may read the emails sent to them: ``mail/rules.py``).
rules.add_perm("mail.view_outbox", is_programme_manager)
rules.add_perm("mail.retry_message", is_programme_manager)

# The programme team's pages for people and organisations (``accounts/people.py``).
rules.add_perm("accounts.manage_people", is_programme_manager)
