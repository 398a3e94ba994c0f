"""Each app names its own audit actions: a new one needs no audit migration, the coordinator's
share of the log is what the apps mark shared, and old rows were moved to the new codes."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import transaction
from django.urls import reverse

from accounts import roles
from audit import actions
from audit.log import record
from audit.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

renaming = importlib.import_module("audit.migrations.0005_action_codes_owned_by_apps")


def test_every_action_is_named_for_the_app_that_defines_it():
    defined = actions.every()
    assert len(defined) == 38
    for action in defined:
        app = action.code.split(".")[0]
        module = importlib.import_module(f"{app}.audit_actions")
        assert action in vars(module).values(), action.code


def test_the_shared_actions_are_the_case_study_and_collection_ones():
    assert {code.split(".")[0] for code in actions.shared_codes()} == {
        "casestudies",
        "collection",
    }


def test_a_new_action_is_recorded_and_shown_without_a_migration(client, role_users, monkeypatch):
    monkeypatch.setattr(actions, "_defined", dict(actions._defined))  # forgotten afterwards
    new = actions.define("casestudies.example_archived", "Case study archived", shared=True)
    with transaction.atomic():
        record(new, "Archived “Travel training”", who="coordinator@example.org")
    event = Event.objects.get(action="casestudies.example_archived")
    assert event.get_action_display() == "Case study archived"
    client.force_login(role_users[roles.COORDINATOR])
    page = client.get(reverse("audit:log"), {"action": "casestudies.example_archived"})
    assert list(page.context["page"].object_list) == [event]
    assert "Case study archived" in page.content.decode()


def test_an_action_is_defined_once_and_named_app_dot_name():
    with pytest.raises(ValueError, match="defined twice"):
        actions.define("eoi.submitted", "Something else")
    with pytest.raises(ValueError, match=r"app\.name"):
        actions.define("submitted", "No app")


def test_rows_from_the_old_central_list_move_to_the_apps_codes_and_back():
    old = Event.objects.create(action="eoi_submitted", summary="Submitted")
    closed = Event.objects.create(action="account_deleted", summary="Closed")
    renaming.rename(renaming.RENAMED)(django_apps, None)
    old.refresh_from_db()
    closed.refresh_from_db()
    assert (old.action, closed.action) == ("eoi.submitted", "accounts.closed")
    assert old.get_action_display() == "Expression of interest submitted"
    # Every code of the old central list has its app's code (actions added since had none).
    assert set(renaming.RENAMED.values()) <= {a.code for a in actions.every()}
    renaming.rename({new: o for o, new in renaming.RENAMED.items()})(django_apps, None)
    old.refresh_from_db()
    assert old.action == "eoi_submitted"
