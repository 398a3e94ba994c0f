"""The home page's parts for coordinators and authors."""

from accounts import roles


def panels(user):
    held = user.role_names
    found = []
    if roles.COORDINATOR in held:
        found.append(("casestudies/home/coordinator.html", {}))
    if roles.AUTHOR in held:
        found.append(("casestudies/home/author.html", {}))
    return found
