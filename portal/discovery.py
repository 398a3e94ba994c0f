"""Finding each app's module of a given name, the way the admin finds ``admin.py``: a page or
export that needs every app (the home page, the personal-data download, the demo) asks each
app for its part instead of importing the apps itself."""

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def each_app_module(name):
    """Every installed app's ``name`` module, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, name):
            found.append(import_module(f"{config.name}.{name}"))
    return found
