"""Who may do what with calls and expressions of interest: the one place these rules live."""

import rules

from accounts.rules import is_applicant, is_assessor, is_programme_manager

from .application import applicant_organisation


@rules.predicate
def acts_for_a_dpulo(user):
    return applicant_organisation(user) is not None


@rules.predicate
def is_member_of_applying_organisation(user, eoi):
    if eoi is None or not user.is_authenticated:
        return False
    return eoi.organisation.memberships.filter(user=user).exists()


can_apply = is_applicant & acts_for_a_dpulo

rules.add_perm("eoi.apply", can_apply)
rules.add_perm(
    "eoi.view_expressionofinterest",
    (is_applicant & is_member_of_applying_organisation) | is_programme_manager,
)
rules.add_perm("eoi.change_expressionofinterest", is_applicant & is_member_of_applying_organisation)
rules.add_perm("eoi.manage_calls", is_programme_manager)
rules.add_perm("eoi.assess", is_assessor)


# The access needs of the people applying (``accounts.access_needs``): the programme team, who
# contact them about the expression of interest. Never an assessor, whose view of a blind call
# must not tell who applied.
@rules.predicate
def assesses_it_blind(user, eoi):
    """The person is an assessor of this expression of interest in a blind call (a programme
    manager may be one too): nothing may tell them who applied."""
    if eoi is None or not eoi.call.blind_assessment:
        return False
    return eoi.assignments.filter(assessor=user).exists()


rules.add_perm("eoi.view_access_needs", is_programme_manager & ~assesses_it_blind)
