"""The signed-in home page, put together from each app's ``home_panels`` module: every app says
what its part of "What to do next" shows this person, and the page lists them in order."""

from portal.discovery import each_app_module


def panels(user):
    """(template, context) pairs for this person, each app's in INSTALLED_APPS order."""
    found = []
    for module in each_app_module("home_panels"):
        found.extend(module.panels(user))
    return found
