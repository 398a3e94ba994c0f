"""Every text box the portal's forms draw carries the GOV.UK input style, whatever kind of input
it is (a website address was drawn unstyled on registration and on the organisation page)."""

import re

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms as django_forms

from accounts.forms import RegistrationForm
from eoi.forms import OrganisationDetailsForm

TEXT_TYPES = {"text", "email", "url", "number", "password", "tel", "date", "search"}


def text_inputs(html):
    for tag in re.findall(r"<input\b[^>]*>", html):
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) in TEXT_TYPES:
            yield tag


@pytest.mark.parametrize("form_class", [RegistrationForm, OrganisationDetailsForm])
def test_every_text_box_has_the_govuk_input_style(form_class):
    html = render_crispy_form(form_class())
    inputs = list(text_inputs(html))
    assert any('type="url"' in tag for tag in inputs)
    unstyled = [tag for tag in inputs if "govuk-input" not in tag]
    assert unstyled == []


def test_number_and_date_inputs_are_styled_too():
    class Sample(django_forms.Form):
        count = django_forms.IntegerField()
        on = django_forms.DateField(widget=django_forms.DateInput(attrs={"type": "date"}))

    html = render_crispy_form(Sample())
    assert len(list(text_inputs(html))) == 2
    assert all("govuk-input" in tag for tag in text_inputs(html))


def test_every_page_writes_a_time_the_one_govuk_way():
    """Times go through ``govuk_datetime`` ("4:05pm on Thursday 3 December 2026"); a template
    formatting a time itself with the ``date`` filter, or writing "on" before a moment that
    already says "on", reads differently from every other page."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    own_times, on_on = [], []
    for path in root.rglob("*.html"):
        text = path.read_text()
        if re.search(r"\|date:[\"'][^\"']*[aAgGhHiP]", text):
            own_times.append(path.name)
        if re.search(r"\bon \{\{[^}]*\|govuk_datetime", text):
            on_on.append(path.name)
    assert own_times == []
    assert on_on == []


def test_every_data_table_scrolls_inside_its_own_region():
    """A wide table must never make a phone's page scroll sideways (WCAG 1.4.10): each one in
    every template sits inside ``{% scrolls_sideways %}``."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    loose = []
    for path in root.rglob("*.html"):
        text = path.read_text()
        inside = 0
        for token in re.findall(r"\{% (?:end)?scrolls_sideways %\}|<table\b", text):
            if token == "{% scrolls_sideways %}":
                inside += 1
            elif token == "{% endscrolls_sideways %}":
                inside -= 1
            elif not inside:
                loose.append(str(path.relative_to(root)))
    assert loose == []


def test_the_scrolling_region_is_named_by_the_tables_caption():
    from django.template import Context, Template, TemplateSyntaxError

    html = Template(
        '{% load portal_tags %}{% scrolls_sideways %}<table><caption id="{{ name }}">Calls'
        "</caption></table>{% endscrolls_sideways %}"
    ).render(Context({"name": "calls-caption"}))
    assert html.startswith(
        '<div class="app-table-scroll" role="region" aria-labelledby="calls-caption" tabindex="0">'
    )
    with pytest.raises(TemplateSyntaxError, match="needs a caption with an id"):
        Template(
            "{% load portal_tags %}{% scrolls_sideways %}<table></table>{% endscrolls_sideways %}"
        ).render(Context())


def test_every_file_upload_has_the_govuk_file_upload_style_also_with_an_error():
    from casestudies.forms import EasyReadPointForm
    from collection.forms import UploadForm

    for form in (EasyReadPointForm(), UploadForm(), UploadForm(data={}, files={})):
        html = render_crispy_form(form)
        uploads = [tag for tag in re.findall(r"<input\b[^>]*>", html) if 'type="file"' in tag]
        assert uploads, form
        assert all("govuk-file-upload" in tag.split('class="')[1].split('"')[0] for tag in uploads)
    errored = render_crispy_form(UploadForm(data={}, files={}))
    assert re.search(r'class="govuk-file-upload govuk-file-upload--error"', errored)


def test_every_form_button_ignores_a_second_click_as_the_hand_written_ones_do():
    html = render_crispy_form(RegistrationForm())
    buttons = re.findall(r'<input\b[^>]*type="submit"[^>]*>', html)
    assert buttons
    for button in buttons:
        assert 'data-module="govuk-button"' in button
        assert 'data-prevent-double-click="true"' in button
