"""The home page's parts for applicants, assessors and programme managers."""

from accounts import roles

from . import progress
from .queries import applicant_dashboard


def panels(user):
    held = user.role_names
    found = []
    if roles.APPLICANT in held:
        found.append(("eoi/home/applicant.html", {"applicant": applicant_dashboard(user)}))
    if roles.ASSESSOR in held:
        found.append(("eoi/home/assessor.html", {"assessor_tasks": progress.assessor_tasks(user)}))
    if roles.PROGRAMME_MANAGER in held:
        found.append(
            ("eoi/home/programme_manager.html", {"calls_needing": progress.manager_tasks()})
        )
    return found
