import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from eoi import application
from eoi.manage_forms import parse_time
from eoi.models import Call, Extension
from tests.eoi.conftest import LONDON, fill, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, role_users):
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    return client


def errors(response):
    page = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    return (
        [html.unescape(" ".join(t.split())) for t in re.findall(r">([^<]+)</a>", match[1])]
        if match
        else []
    )


CALL_FORM = {
    "title": "Peer support evaluation",
    "slug": "",
    "summary": "Evaluate a peer support scheme.",
    "guidance": "Tell us how you would evaluate it.\n\n- one\n- two",
    "run_by": "Strengthening DPULOs Programme",
    "contact_email": "team@example.org",
    "page_limit": "3",
    "effort_days_min": "10",
    "effort_days_max": "15",
    "opens_day": "1",
    "opens_month": "3",
    "opens_year": "2027",
    "opens_time": "9am",
    "closes_day": "28",
    "closes_month": "4",
    "closes_year": "2027",
    "closes_time": "5pm",
}


def test_a_programme_manager_creates_a_call_with_uk_times(manager):
    response = manager.post(reverse("eoi:manage-call-new"), CALL_FORM)
    call = Call.objects.get()
    assert response["Location"] == reverse("eoi:manage-call", kwargs={"slug": call.slug})
    assert call.slug == "peer-support-evaluation"
    assert call.opens_at == datetime(2027, 3, 1, 9, 0, tzinfo=UTC)  # GMT
    assert call.closes_at == datetime(2027, 4, 28, 16, 0, tzinfo=UTC)  # 5pm BST


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closes_day": "31", "closes_month": "4"}, "Closing date must be a real date"),
        ({"closes_year": ""}, "Closing date must include a year"),
        (
            {"closes_time": "teatime"},
            "Enter the closing time in the correct format, like 5pm or 17:00",
        ),
        (
            {"closes_day": "1", "closes_month": "2"},
            "The closing date and time must be after the opening date and time",
        ),
        ({"effort_days_max": "5"}, "The upper number of days must not be less than the lower"),
        ({"title": ""}, "Enter the call's title"),
        ({"page_limit": "three"}, "Enter a whole number, like 3"),
    ],
)
def test_call_form_errors_are_clear(manager, changes, message):
    response = manager.post(reverse("eoi:manage-call-new"), {**CALL_FORM, **changes})
    assert response.status_code == 200
    assert message in errors(response)
    assert not Call.objects.exists()


def test_the_form_shows_the_saved_times_back(manager, db):
    manager.post(reverse("eoi:manage-call-new"), CALL_FORM)
    page = manager.get(reverse("eoi:manage-call-edit", kwargs={"slug": "peer-support-evaluation"}))
    html = page.content.decode()
    assert 'name="closes_time" type="text" value="5pm"' in html
    assert 'name="closes_day" type="text" inputmode="numeric" value="28"' in html


def test_a_duplicate_short_name_is_refused(manager, db):
    make_call("peer-support-evaluation")
    response = manager.post(reverse("eoi:manage-call-new"), CALL_FORM)
    assert "Another call already uses this short name. Choose another" in errors(response)


def test_criteria_are_added_changed_moved_and_removed(manager, call):
    url = reverse("eoi:manage-criterion-new", kwargs={"slug": call.slug})
    response = manager.post(
        url,
        {
            "title": "Accessibility of your work",
            "kind": "written",
            "weight": "1.5",
            "max_score": "4",
        },
    )
    assert response.status_code == 302
    added = call.criteria.order_by("position").last()
    assert (added.title, added.weight, added.position) == ("Accessibility of your work", 1.5, 5)
    action = reverse("eoi:manage-criterion-action", kwargs={"slug": call.slug, "position": 5})
    manager.post(action, {"action": "up"})
    assert call.criteria.get(position=4).title == "Accessibility of your work"
    manager.post(
        reverse("eoi:manage-criterion-action", kwargs={"slug": call.slug, "position": 4}),
        {"action": "remove"},
    )
    assert list(call.criteria.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert not call.criteria.filter(title="Accessibility of your work").exists()


def test_a_weight_of_zero_is_refused(manager, call):
    url = reverse("eoi:manage-criterion-new", kwargs={"slug": call.slug})
    response = manager.post(url, {"title": "X", "kind": "written", "weight": "0", "max_score": "4"})
    assert "The weight must be more than 0" in errors(response)


def test_criteria_are_locked_once_an_expression_of_interest_is_submitted(
    manager, call, applicant, organisation
):
    eoi = fill(application.start(call, organisation, by=applicant), applicant)
    application.submit(eoi, by=applicant)
    overview = manager.get(reverse("eoi:manage-call", kwargs={"slug": call.slug})).content.decode()
    assert "the criteria can no longer change" in overview
    assert "Add a criterion" not in overview
    response = manager.post(
        reverse("eoi:manage-criterion", kwargs={"slug": call.slug, "position": 1}),
        {"title": "Changed", "kind": "written", "weight": "1", "max_score": "4"},
        follow=True,
    )
    assert "The criteria cannot be changed" in response.content.decode()
    assert call.criteria.get(position=1).title == "Criterion number 1"
    manager.post(
        reverse("eoi:manage-criterion-action", kwargs={"slug": call.slug, "position": 1}),
        {"action": "remove"},
    )
    assert call.criteria.count() == 4


def test_granting_an_extension_records_who_and_why(manager, call, organisation, role_users):
    local_close = call.closes_at.astimezone()
    response = manager.post(
        reverse("eoi:manage-extension-new", kwargs={"slug": call.slug}),
        {
            "organisation": organisation.pk,
            "closes_day": str((local_close.day % 28) + 1),
            "closes_month": str(local_close.month),
            "closes_year": str(local_close.year + 1),
            "closes_time": "17:00",
            "reason": "Staff illness in the final week.",
        },
    )
    assert response.status_code == 302
    extension = Extension.objects.get()
    assert extension.granted_by == role_users[roles.PROGRAMME_MANAGER]
    assert extension.reason == "Staff illness in the final week."
    assert application.closing_time(call, organisation) == extension.closes_at


def test_an_extension_before_the_closing_time_is_refused(manager, call, organisation):
    response = manager.post(
        reverse("eoi:manage-extension-new", kwargs={"slug": call.slug}),
        {
            "organisation": organisation.pk,
            "closes_day": "1",
            "closes_month": "1",
            "closes_year": "2020",
            "closes_time": "5pm",
            "reason": "Too early",
        },
    )
    assert "The new closing time must be after the call's closing time" in errors(response)
    assert not Extension.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5pm", (17, 0)),
        ("5:30pm", (17, 30)),
        ("17:00", (17, 0)),
        ("1700", (17, 0)),
        ("12pm", (12, 0)),
        ("12am", (0, 0)),
        ("midday", (12, 0)),
        ("9.15am", (9, 15)),
        ("25:00", None),
        ("13pm", None),
        ("5:75", None),
        ("soon", None),
    ],
)
def test_parse_time(text, expected):
    parsed = parse_time(text)
    assert (parsed.hour, parsed.minute) == expected if expected else parsed is None


def test_only_programme_managers_may_change_criteria(client, call, role_users):
    url = reverse("eoi:manage-criterion-action", kwargs={"slug": call.slug, "position": 1})
    for role in (roles.APPLICANT, roles.ASSESSOR, roles.COORDINATOR):
        client.force_login(role_users[role])
        assert client.post(url, {"action": "remove"}).status_code == 403
    assert call.criteria.count() == 4


def test_an_empty_submission_of_the_call_form_explains_itself(client, db):
    from tests.conftest import make_user

    call = make_call("kept-call")
    client.force_login(make_user("m@manage.example", roles.PROGRAMME_MANAGER))
    response = client.post(reverse("eoi:manage-call-edit", kwargs={"slug": call.slug}), {})
    assert response.status_code == 200
    assert "Enter the call&#x27;s title" in response.content.decode()
    assert f'href="{reverse("eoi:manage-call", kwargs={"slug": call.slug})}"' in (
        response.content.decode()
    )


def _next(matches):
    """5pm on the first day after today for which ``matches(day)`` holds."""
    day = timezone.localdate() + timedelta(days=1)
    while not matches(day):
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 17, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("when", "warning"),
    [
        (lambda: _next(lambda d: d.weekday() == 5), "which is a Saturday"),
        (
            lambda: _next(lambda d: (d.month, d.day) == (12, 25) and d.weekday() < 5),
            "which is Christmas Day",
        ),
        (
            lambda: _next(lambda d: d.month == 5 and d.weekday() == 0 and d.day > 24),
            "Spring Bank Holiday, a bank holiday in England",
        ),
        # A Tuesday in a month with no bank holiday in any UK nation.
        (lambda: _next(lambda d: d.weekday() == 1 and d.month in (2, 6, 9, 10)), None),
    ],
)
def test_the_manager_is_warned_of_a_closing_time_on_a_weekend_or_bank_holiday(
    client, role_users, when, warning
):
    call = make_call("weekend", closes_at=when(), opens_at=timezone.now() - timedelta(days=1))
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    page = client.get(reverse("eoi:manage-call", args=[call.slug])).content.decode()
    if warning:
        assert warning in html.unescape(page)
        assert "consider closing on a working day" in page
    else:
        assert "govuk-warning-text" not in page


def test_no_closing_day_warning_once_the_call_has_closed(client, role_users):
    call = make_call(
        "closed-on-a-sunday",
        closes_at=datetime(2026, 11, 1, 17, tzinfo=LONDON),
        opens_at=datetime(2026, 10, 1, 9, tzinfo=LONDON),
    )
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    page = client.get(reverse("eoi:manage-call", args=[call.slug])).content.decode()
    assert "which is a Sunday" not in page
