"""The home page's parts for coordinators and authors."""

from accounts import roles

from .queries import author_steps, coordinator_steps


def panels(user):
    held = user.role_names
    found = []
    if roles.COORDINATOR in held:
        found.append(
            ("casestudies/home/coordinator.html", {"coordinator_steps": coordinator_steps()})
        )
    if roles.AUTHOR in held:
        found.append(("casestudies/home/author.html", {"author_steps": author_steps(user)}))
    return found
