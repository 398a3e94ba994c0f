"""Who may do what with case studies and their templates: the one place these rules live.

An author sees only their own organisation's case studies, and only once they are agreed; the
coordinator sees all of them; nobody else sees any until the collection is published.
"""

import rules

from accounts.rules import is_author, is_coordinator

from .models import CaseStudy

Status = CaseStudy.Status

AUTHOR_WRITES = {Status.DRAFTING, Status.CHANGES_REQUESTED}
COORDINATOR_WRITES = {Status.DRAFTING, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED}
HIDDEN_FROM_AUTHORS = {Status.PROPOSED, Status.DECLINED}


@rules.predicate
def writes_for_the_dpulo(user, case_study):
    if case_study is None or not user.is_authenticated:
        return False
    if case_study.status in HIDDEN_FROM_AUTHORS:
        return False
    return case_study.dpulo.memberships.filter(user=user).exists()


@rules.predicate
def author_may_write_now(user, case_study):
    return case_study is not None and case_study.status in AUTHOR_WRITES


@rules.predicate
def coordinator_may_write_now(user, case_study):
    return case_study is not None and case_study.status in COORDINATOR_WRITES


@rules.predicate
def is_approved(user, case_study):
    return case_study is not None and case_study.status == Status.APPROVED


is_own_author = is_author & writes_for_the_dpulo

rules.add_perm("casestudies.edit_templates", is_coordinator)
rules.add_perm("casestudies.manage_casestudies", is_coordinator)
rules.add_perm("casestudies.list_casestudies", is_coordinator | is_author)
rules.add_perm("casestudies.view_casestudy", is_coordinator | is_own_author)
rules.add_perm(
    "casestudies.write_casestudy",
    (is_own_author & author_may_write_now) | (is_coordinator & coordinator_may_write_now),
)
rules.add_perm("casestudies.submit_casestudy", is_own_author & author_may_write_now)
rules.add_perm("casestudies.comment_casestudy", is_coordinator | is_own_author)
rules.add_perm("casestudies.sign_off_for_dpulo", is_own_author & is_approved)

# The access needs of the author (``accounts.access_needs``) and of the commissioner's
# contact (``casestudies.commissioner_needs``): the coordinator, who works with them.
rules.add_perm("casestudies.view_access_needs", is_coordinator)
