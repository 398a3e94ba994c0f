"""The home page's parts for applicants, assessors and programme managers."""

from accounts import roles

from .queries import applicant_dashboard


def panels(user):
    held = user.role_names
    found = []
    if roles.APPLICANT in held:
        found.append(("eoi/home/applicant.html", {"applicant": applicant_dashboard(user)}))
    if roles.ASSESSOR in held:
        found.append(("eoi/home/assessor.html", {}))
    if roles.PROGRAMME_MANAGER in held:
        found.append(("eoi/home/programme_manager.html", {}))
    return found
