"""Wherever two people can edit the same thing, a save made from a page opened before someone
else's save is refused, with what is saved now shown, and nothing of theirs is lost."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles
from demo import case_study_template as demo
from tests.conftest import make_user
from tests.eoi.conftest import make_call

pytestmark = pytest.mark.django_db


def opened(client, url):
    """The hidden fingerprint the page was opened with."""
    return re.search(r'name="opened_as" value="([^"]+)"', client.get(url).content.decode())[1]


def two(role):
    first, second = Client(), Client()
    first.force_login(make_user(f"first-{role}@stale.example".replace(" ", ""), role))
    second.force_login(make_user(f"second-{role}@stale.example".replace(" ", ""), role))
    return first, second


def test_a_template_section(db):
    template = demo.seed()
    first, second = two(roles.COORDINATOR)
    url = reverse("casestudies:section", kwargs={"slug": template.slug, "position": 1})
    section = {"heading": "How it began", "word_limit": "400", "required": "on", "guidance": ""}
    token_one, token_two = opened(first, url), opened(second, url)
    assert first.post(url, {**section, "opened_as": token_one}).status_code == 302
    refused = second.post(url, {**section, "heading": "Where it started", "opened_as": token_two})
    page = refused.content.decode()
    assert "Someone else changed this since you opened it" in page
    assert "How it began" in page  # what is saved now
    assert "Where it started" in page  # theirs, still in the form
    draft = template.draft()
    assert draft.sections.get(position=1).heading == "How it began"
    # Saving again, knowingly, replaces it.
    again = refused.context["form"].data["opened_as"]
    second.post(url, {**section, "heading": "Where it started", "opened_as": again})
    assert draft.sections.get(position=1).heading == "Where it started"


def test_a_call_and_its_criteria(db):
    call = make_call("stale-call")
    first, second = two(roles.PROGRAMME_MANAGER)
    url = reverse("eoi:manage-criterion", kwargs={"slug": call.slug, "position": 1})
    criterion = call.criteria.get(position=1)
    fields = {
        "title": "Knowledge of commissioning",
        "guidance": "",
        "kind": criterion.kind,
        "weight": "1",
        "max_score": "4",
        "word_guidance": "300",
    }
    token_one, token_two = opened(first, url), opened(second, url)
    assert first.post(url, {**fields, "opened_as": token_one}).status_code == 302
    refused = second.post(url, {**fields, "title": "Something else", "opened_as": token_two})
    assert "Someone else changed this since you opened it" in refused.content.decode()
    criterion.refresh_from_db()
    assert criterion.title == "Knowledge of commissioning"

    edit = reverse("eoi:manage-call-edit", kwargs={"slug": call.slug})
    token = opened(second, edit)
    call.title = "Renamed by someone else"
    call.save()
    form = first.get(edit).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(dict.fromkeys(("opened_as",), ""))
    refused = first.post(edit, {**data, "title": "Mine", "opened_as": token})
    assert "Someone else changed this since you opened it" in refused.content.decode()
    call.refresh_from_db()
    assert call.title == "Renamed by someone else"


def test_a_stakeholder(db):
    from collection.models import Stakeholder

    council = Stakeholder.objects.create(
        name="Northgate Council", kind="local_authority", region="north_west"
    )
    first, second = two(roles.COORDINATOR)
    url = reverse("collection:stakeholder", args=[council.pk])
    fields = {
        "name": "Northgate Council",
        "kind": "local_authority",
        "region": "north_west",
        "influence": "high",
        "interest": "high",
    }
    token_one, token_two = opened(first, url), opened(second, url)
    first.post(url, {**fields, "notes": "Met in March", "opened_as": token_one})
    refused = second.post(url, {**fields, "notes": "Call in May", "opened_as": token_two})
    page = refused.content.decode()
    assert "Someone else changed this since you opened it" in page
    assert "Met in March" in page  # theirs, shown
    assert "Call in May" in page  # mine, still in the form
    council.refresh_from_db()
    assert council.notes == "Met in March"


def test_two_saves_checked_at_the_same_moment_cannot_both_win(db):
    """The comparison is made under the row's lock when saving, not when the form is checked:
    two pages opened alike and both valid at once still save one after the other, and the
    second is refused (before, both passed the check in the form and the second overwrote
    the first unseen)."""
    from collection.forms import StakeholderForm
    from collection.models import Stakeholder
    from eoi import calls
    from portal.stale import ChangedSinceOpened, fingerprint

    council = Stakeholder.objects.create(
        name="Northgate Council", kind="local_authority", region="north_west"
    )
    fields = {
        "name": "Northgate Council",
        "kind": "local_authority",
        "region": "north_west",
        "influence": "high",
        "interest": "high",
        "opened_as": StakeholderForm(instance=council).initial["opened_as"],
    }
    mine = StakeholderForm({**fields, "notes": "Met in March"}, instance=council)
    theirs = StakeholderForm(
        {**fields, "notes": "Call in May"}, instance=Stakeholder.objects.get(pk=council.pk)
    )
    assert mine.is_valid()
    assert theirs.is_valid()
    mine.save()
    with pytest.raises(ChangedSinceOpened) as refused:
        theirs.save()
    assert ("notes", "Met in March") in refused.value.current
    council.refresh_from_db()
    assert council.notes == "Met in March"

    call = make_call()
    criterion = call.criteria.first()
    names = ["title", "guidance"]
    token = fingerprint(criterion, names)
    calls.update_criterion(criterion, {"title": "First", "guidance": "g"}, opened_as=token)
    with pytest.raises(ChangedSinceOpened):
        calls.update_criterion(criterion, {"title": "Second", "guidance": "g"}, opened_as=token)
    criterion.refresh_from_db()
    assert criterion.title == "First"


def test_a_call_whose_closing_time_changed_meanwhile_is_refused_and_shows_it(db):
    """A call's dates are typed in parts, not as model-form fields, yet the page's fingerprint
    covers them: a save over someone else's new closing time is refused, showing it."""
    from datetime import timedelta

    from portal.dates import govuk_datetime

    call = make_call("dated-call")
    first, _ = two(roles.PROGRAMME_MANAGER)
    edit = reverse("eoi:manage-call-edit", kwargs={"slug": call.slug})
    token = opened(first, edit)
    data = {k: v for k, v in first.get(edit).context["form"].initial.items() if v is not None}
    moved = call.closes_at + timedelta(days=7)
    call.closes_at = moved
    call.save()  # someone else gives everyone another week
    refused = first.post(edit, {**data, "title": "Mine", "opened_as": token})
    page = refused.content.decode()
    assert "Someone else changed this since you opened it" in page
    assert "Closing time" in page
    assert govuk_datetime(moved) in page
    call.refresh_from_db()
    assert (call.title, call.closes_at) == ("Call dated-call", moved)


def test_a_move_made_while_a_criterion_was_open_is_kept_when_it_is_saved(db):
    """The save writes the row as it is now with the page's fields on it, so a criterion moved
    meanwhile keeps its new place."""
    from eoi import calls
    from portal.stale import fingerprint

    call = make_call("moved-call")
    criterion = call.criteria.get(position=1)
    names = ["title", "guidance", "kind", "weight", "max_score", "word_guidance"]
    token = fingerprint(criterion, names)
    calls.move_criterion(call.criteria.get(pk=criterion.pk), "down")
    fields = {name: getattr(criterion, name) for name in names}
    calls.update_criterion(criterion, {**fields, "title": "Renamed"}, opened_as=token)
    criterion.refresh_from_db()
    assert (criterion.title, criterion.position) == ("Renamed", 2)
