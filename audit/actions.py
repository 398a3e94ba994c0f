"""The words of the audit log. Each app names its own actions in its ``audit_actions`` module
(``eoi.submitted``, ``casestudies.signed_off``), so a new action needs no change here and no
migration; the log only stores the code.

``shared`` actions are readable by everyone who may read the log (a coordinator reads what
happened to case studies and the collection); the rest only by those who read the whole log."""

from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    shared: bool = False

    def __str__(self):
        return self.code


_defined = {}


def define(code, label, *, shared=False):
    """Name an action once, in the app that takes it."""
    app, _, name = code.partition(".")
    if not app or not name or len(code) > 60:
        raise ValueError(f"An audit action is 'app.name', at most 60 characters: {code!r}")
    if code in _defined and _defined[code] != Action(code, label, shared):
        raise ValueError(f"The audit action {code} is defined twice")
    _defined[code] = Action(code, label, shared)
    return _defined[code]


def discover():
    """Load every app's ``audit_actions`` module (as the admin finds ``admin.py``)."""
    autodiscover_modules("audit_actions")


def label(code):
    action = _defined.get(code)
    return action.label if action else code


def every():
    return sorted(_defined.values(), key=lambda action: action.label)


def shared_codes():
    return frozenset(code for code, action in _defined.items() if action.shared)
