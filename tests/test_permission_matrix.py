"""Every URL the portal serves, and what each role gets from it.

The test fails when a URL pattern exists that this matrix does not mention: every new page
must declare who may see it. Statuses are for a GET with no other context.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import roles

pytestmark = pytest.mark.django_db

ANONYMOUS = "signed out"
ROLES = [ANONYMOUS, *roles.ALL_ROLES]
SIGNED_IN_ROLES = list(roles.ALL_ROLES)


def everyone(status):
    return dict.fromkeys(ROLES, status)


def signed_in_only(status=200):
    return {ANONYMOUS: 302, **dict.fromkeys(SIGNED_IN_ROLES, status)}


def signed_out_only():
    return {ANONYMOUS: 200, **dict.fromkeys(SIGNED_IN_ROLES, 302)}


def applicants_only(status=200):
    """Sign-in first; then only applicants, and only for their own organisation's draft."""
    return {ANONYMOUS: 302, **dict.fromkeys(SIGNED_IN_ROLES, 403), roles.APPLICANT: status}


def managers_only(status=200):
    return {
        ANONYMOUS: 302,
        **dict.fromkeys(SIGNED_IN_ROLES, 403),
        roles.PROGRAMME_MANAGER: status,
    }


def assessors_only(status=200):
    return {ANONYMOUS: 302, **dict.fromkeys(SIGNED_IN_ROLES, 403), roles.ASSESSOR: status}


def coordinators_only(status=200):
    return {ANONYMOUS: 302, **dict.fromkeys(SIGNED_IN_ROLES, 403), roles.COORDINATOR: status}


def case_study_people(status=200):
    """Sign-in first; then the coordinator, and authors of the case study's own DPULO."""
    return {
        ANONYMOUS: 302,
        **dict.fromkeys(SIGNED_IN_ROLES, 403),
        roles.COORDINATOR: status,
        roles.AUTHOR: status,
    }


def programme_team(status=200):
    """The coordinator and the programme manager: stakeholders and dissemination."""
    return {**coordinators_only(status), roles.PROGRAMME_MANAGER: status}


CALL = {"slug": "matrix-call"}
ADJUSTMENT = {"pk": 9201}
SOURCE = {"pk": 9202}
PERSON = {"pk": 9101}
ORGANISATION = {"pk": 9102}
CASE_STUDY = {"pk": 9001}
SECTION = {**CASE_STUDY, "key": "00000000-0000-4000-8000-000000000001"}
TOKEN = {"token": "not-a-real-token"}
EDITION = {"slug": "matrix-edition"}
PUBLISHED_CASE = {**EDITION, "case_slug": "matrix-case"}
DRAFT_EDITION = {"pk": 9101}
STAKEHOLDER = {"pk": 9201}
IMPORT = {"pk": 9301}
ROUND = {"pk": 9401}
FORMAT_REQUEST = {"pk": 9451}
HARD_WORD = {"pk": 9461}
TEMPLATE = {"slug": "case-study"}
UNASSIGNED = {"reference": "EOI-2026-9999"}
MESSAGE = {"pk": 9501}  # an email to someone outside the matrix: nobody's own
ATTACHMENT = {**MESSAGE, "attachment": 9601}  # assessors reach only their own assignments


# URL name -> (reverse kwargs, {role: expected status})
MATRIX = {
    "pages:landing": ({}, everyone(200)),
    "pages:accessibility": ({}, everyone(200)),
    "pages:privacy": ({}, everyone(200)),
    "pages:cookies": ({}, everyone(200)),
    "pages:contact": ({}, everyone(200)),
    "pages:healthz": ({}, everyone(200)),
    "accounts:register": ({}, signed_out_only()),
    "accounts:registered": ({}, everyone(302)),  # only straight after registering
    "accounts:sign-in": ({}, signed_out_only()),
    "accounts:sign-out": ({}, everyone(405)),  # POST only
    "accounts:signed-out": ({}, everyone(200)),
    "accounts:password-reset": ({}, everyone(200)),
    "accounts:password-reset-sent": ({}, everyone(200)),
    "accounts:password-reset-confirm": (
        {"uidb64": "MQ", "token": "not-a-token"},
        everyone(200),  # explains that the link is not valid
    ),
    "accounts:password-reset-complete": ({}, everyone(200)),
    "pages:home": ({}, signed_in_only()),
    "accounts:account": ({}, signed_in_only()),
    "accounts:access-needs": ({}, signed_in_only()),
    "accounts:password-change": ({}, signed_in_only()),
    "pages:personal-data": ({}, signed_in_only()),
    "accounts:delete": ({}, signed_in_only()),
    "accounts:deleted": ({}, everyone(200)),
    "accounts:two-factor-setup": ({}, signed_in_only()),
    "accounts:two-factor-verify": ({}, signed_in_only(302)),  # to set-up: no app yet
    "accounts:recovery-code-sign-in": ({}, signed_in_only(302)),  # to set-up: no app yet
    "accounts:recovery-codes": ({}, signed_in_only(302)),  # to set-up: no app yet
    "accounts:people": ({}, managers_only()),
    "accounts:person": (PERSON, managers_only()),
    "accounts:organisations": ({}, managers_only()),
    "accounts:organisation": (ORGANISATION, managers_only()),
    "accounts:organisation-new": ({}, managers_only()),
    "accounts:organisation-edit": (ORGANISATION, managers_only()),
    "mail:outbox": ({}, managers_only()),
    "mail:outbox-message": (MESSAGE, managers_only()),
    "mail:mine": ({}, signed_in_only()),
    "mail:settings": ({}, signed_in_only()),
    "mail:my-email": (MESSAGE, {ANONYMOUS: 302, **dict.fromkeys(SIGNED_IN_ROLES, 404)}),
    "mail:my-attachment": (ATTACHMENT, {ANONYMOUS: 302, **dict.fromkeys(SIGNED_IN_ROLES, 404)}),
    "eoi:call-list": ({}, everyone(200)),
    "eoi:call": (CALL, everyone(200)),
    "eoi:call-questions": (CALL | {"fmt": "docx"}, everyone(200)),
    "eoi:adjustments": (CALL, applicants_only()),
    "eoi:manage-adjustments": ({}, managers_only()),
    "eoi:manage-adjustment": (ADJUSTMENT, managers_only()),
    "eoi:manage-assisted": (CALL, managers_only()),
    "eoi:manage-assisted-source": (SOURCE, managers_only()),
    "eoi:confirm-submission": ({"token": "no-such-token"}, everyone(404)),
    "eoi:task-list": (CALL, applicants_only()),
    "eoi:organisation": (CALL, applicants_only()),
    "eoi:criterion": ({**CALL, "position": 1}, applicants_only()),
    "eoi:contact": (CALL, applicants_only()),
    "eoi:check": (CALL, applicants_only()),
    "eoi:preview-pdf": (CALL, applicants_only()),
    "eoi:declaration": (CALL, applicants_only()),
    "eoi:confirmation": (CALL, applicants_only(404)),  # only once submitted
    "eoi:submitted-pdf": (CALL, applicants_only(404)),  # only once submitted
    "eoi:withdraw": (CALL, applicants_only()),
    "eoi:assessor-queue": ({}, assessors_only()),
    "eoi:assess-declare": (UNASSIGNED, assessors_only(404)),
    "eoi:assess": (UNASSIGNED, assessors_only(404)),
    "eoi:manage-assessors": (CALL, managers_only()),
    "eoi:manage-moderation": (CALL, managers_only()),
    "eoi:manage-decision": (CALL, managers_only()),
    "eoi:manage-export": ({**CALL, "fmt": "csv"}, managers_only()),
    "eoi:manage-outbox": (CALL, managers_only()),
    "eoi:manage-history": (CALL, managers_only()),
    "eoi:manage-letter": ({**CALL, **UNASSIGNED}, managers_only(404)),  # no letter yet
    "eoi:outcome": (CALL, applicants_only(404)),  # only once a letter is sent
    "eoi:manage-moderate": ({**CALL, **UNASSIGNED}, managers_only(404)),  # not submitted
    "eoi:manage-calls": ({}, managers_only()),
    "casestudies:templates": ({}, coordinators_only()),
    "casestudies:template": (TEMPLATE, coordinators_only()),
    "casestudies:section-new": (TEMPLATE, coordinators_only()),
    "casestudies:section": ({**TEMPLATE, "position": 1}, coordinators_only()),
    "casestudies:section-action": ({**TEMPLATE, "position": 1}, everyone(405)),  # POST only
    "casestudies:preview": (TEMPLATE, coordinators_only()),
    "casestudies:template-easy-read": (TEMPLATE, everyone(405)),  # POST only
    "casestudies:hard-words": ({}, coordinators_only()),
    "casestudies:hard-word": (HARD_WORD, coordinators_only()),
    "casestudies:publish": (TEMPLATE, everyone(405)),  # POST only
    "casestudies:versions": (TEMPLATE, coordinators_only()),
    "casestudies:list": ({}, case_study_people()),
    "casestudies:propose": ({}, coordinators_only()),
    "casestudies:case-study": (CASE_STUDY, case_study_people()),
    "casestudies:text": (CASE_STUDY, case_study_people()),
    "casestudies:scope": (CASE_STUDY, coordinators_only()),
    "casestudies:agree": (CASE_STUDY, coordinators_only()),  # to invite again once agreed
    "casestudies:decline": (CASE_STUDY, coordinators_only()),
    "casestudies:answer": (SECTION, case_study_people()),
    "casestudies:comment": (SECTION, everyone(405)),  # POST only
    "casestudies:history": (SECTION, case_study_people()),
    "casestudies:compare": (SECTION, case_study_people(400)),  # needs two versions chosen
    "casestudies:outcome-new": (CASE_STUDY, case_study_people()),
    "casestudies:outcome": ({**CASE_STUDY, "position": 1}, case_study_people()),
    "casestudies:outcome-remove": ({**CASE_STUDY, "position": 1}, everyone(405)),  # POST only
    "casestudies:worked-outcome-new": (CASE_STUDY, case_study_people()),
    "casestudies:worked-outcome": ({**CASE_STUDY, "position": 2}, case_study_people()),
    # The matrix's case study is on a template that does not ask for Easy Read.
    "casestudies:easy-read": (CASE_STUDY, case_study_people(404)),
    "casestudies:easy-read-point-new": (CASE_STUDY, case_study_people(404)),
    "casestudies:easy-read-point": ({**CASE_STUDY, "position": 1}, case_study_people(404)),
    "casestudies:easy-read-point-remove": ({**CASE_STUDY, "position": 1}, everyone(405)),
    "casestudies:easy-read-picture": ({**CASE_STUDY, "position": 1}, case_study_people(404)),
    "casestudies:glossary-add": (CASE_STUDY, everyone(405)),  # POST only
    "casestudies:glossary-remove": ({**CASE_STUDY, "entry": 1}, everyone(405)),  # POST only
    "casestudies:submit": (CASE_STUDY, {**coordinators_only(403), roles.AUTHOR: 200}),
    "casestudies:review": (CASE_STUDY, coordinators_only()),
    "casestudies:sign-off": (CASE_STUDY, case_study_people(403)),  # only once approved
    "casestudies:sign-off-record": (CASE_STUDY, coordinators_only()),
    "casestudies:sign-off-request": (CASE_STUDY, everyone(405)),  # POST only
    "casestudies:invitation": (TOKEN, everyone(410)),  # explains the link is not valid
    "casestudies:commissioner-sign-off": (TOKEN, everyone(410)),
    "casestudies:commissioner-access-needs": (TOKEN, everyone(410)),
    "collection:home": ({}, everyone(200)),
    "collection:case-studies": ({}, everyone(200)),
    "collection:feed": ({}, everyone(200)),
    "collection:edition": (EDITION, everyone(200)),
    "collection:outcomes": (EDITION, everyone(200)),
    "collection:edition-pdf": (EDITION, everyone(200)),
    "collection:json": (EDITION, everyone(200)),
    "collection:csv": (EDITION, everyone(200)),
    "collection:outcomes-csv": (EDITION, everyone(200)),
    "collection:evidence": ({}, everyone(200)),
    "collection:evidence-pdf": ({}, everyone(404)),  # needs a choice: see test_evidence.py
    "collection:case-study": (PUBLISHED_CASE, everyone(200)),
    "collection:case-study-pdf": (PUBLISHED_CASE, everyone(404)),  # still being prepared
    "collection:edition-format": ({**EDITION, "kind": "epub"}, everyone(200)),
    "collection:case-study-format": (
        {**PUBLISHED_CASE, "kind": "large-print"},
        everyone(404),  # still being prepared
    ),
    "collection:easy-read": (PUBLISHED_CASE, everyone(404)),  # it has no Easy Read version
    "collection:easy-read-picture": ({**PUBLISHED_CASE, "sha": "0" * 64}, everyone(404)),
    "collection:format-request": ({}, everyone(200)),
    "collection:format-request-sent": ({}, everyone(302)),  # only straight after asking
    "collection:format-requests": ({}, programme_team()),
    "collection:format-request-detail": (FORMAT_REQUEST, programme_team()),
    "collection:manage": ({}, coordinators_only()),
    "collection:manage-edition": (DRAFT_EDITION, coordinators_only()),
    "collection:manage-add": (DRAFT_EDITION, everyone(405)),  # POST only
    "collection:manage-entry": ({**DRAFT_EDITION, "position": 1}, everyone(405)),  # POST only
    "collection:manage-preview": (DRAFT_EDITION, coordinators_only()),
    "collection:manage-preview-pdf": (DRAFT_EDITION, coordinators_only()),
    "collection:manage-publish": (DRAFT_EDITION, everyone(405)),  # POST only
    "collection:stakeholders": ({}, programme_team()),
    "collection:stakeholder-new": ({}, programme_team()),
    "collection:stakeholder": (STAKEHOLDER, programme_team()),
    "collection:stakeholder-export": ({}, programme_team()),
    "collection:stakeholder-map": ({}, programme_team()),
    "collection:stakeholder-map-svg": ({}, programme_team()),
    "collection:stakeholder-import": ({}, programme_team()),
    "collection:stakeholder-import-check": (IMPORT, programme_team()),
    "collection:rounds": ({}, programme_team()),
    "collection:round-new": ({}, programme_team()),
    "collection:round": (ROUND, programme_team()),
    "collection:round-send": (ROUND, everyone(405)),  # POST only
    "collection:channel-new": ({}, programme_team()),
    "collection:coverage": ({}, programme_team()),
    "audit:log": ({}, programme_team()),
    "audit:export": ({}, programme_team()),
    "eoi:manage-call-new": ({}, managers_only()),
    "eoi:manage-call": (CALL, managers_only()),
    "eoi:manage-call-edit": (CALL, managers_only()),
    "eoi:manage-criterion-new": (CALL, managers_only()),
    "eoi:manage-criterion": ({**CALL, "position": 1}, managers_only()),
    "eoi:manage-criterion-action": ({**CALL, "position": 1}, everyone(405)),  # POST only
    "eoi:manage-extension-new": (CALL, managers_only()),
}

# Django's admin site is one entry: only staff (programme managers) get in.
ADMIN_NAMESPACE = "admin"
ADMIN_INDEX = {
    ANONYMOUS: 302,
    roles.APPLICANT: 302,
    roles.ASSESSOR: 302,
    roles.PROGRAMME_MANAGER: 200,
    roles.COORDINATOR: 302,
    roles.AUTHOR: 302,
}


def url_names(patterns=None, namespace=""):
    """Yield the qualified name of every URL pattern, or the pattern itself if unnamed."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry}>"


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(
        name
        for name in url_names()
        if name not in MATRIX and not name.startswith(f"{ADMIN_NAMESPACE}:")
    )
    assert missing == [], f"Add these URL patterns to the permission matrix: {missing}"


def test_the_matrix_names_only_real_patterns():
    real = set(url_names())
    assert sorted(set(MATRIX) - real) == []


def client_for(client, role, role_users):
    if role != ANONYMOUS:
        client.force_login(role_users[role])
    return client


@pytest.fixture
def matrix_call(role_users, organisation):
    """A call with the applicant's organisation's draft already started."""
    from eoi import application
    from tests.eoi.conftest import make_call

    call = make_call(slug=CALL["slug"])
    application.start(call, organisation, by=role_users[roles.APPLICANT])
    from eoi.models import AdjustmentRequest

    AdjustmentRequest.objects.create(
        pk=ADJUSTMENT["pk"], call=call, organisation=organisation, kind="other", details="x"
    )
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from eoi.models import AssistedSource

    AssistedSource.objects.create(
        pk=SOURCE["pk"],
        expression_of_interest=call.expressions_of_interest.get(),
        name="answers.txt",
        kind="text",
        content_type="text/plain",
        size=7,
        sha256="0" * 64,
        stored_name=default_storage.save("assisted/matrix.txt", ContentFile(b"answers")),
    )
    from accounts.models import Organisation, User

    User.objects.create_user(pk=PERSON["pk"], email="matrix-person@test.example")
    Organisation.objects.create(
        pk=ORGANISATION["pk"], name="Matrix organisation", kind="other", region="london"
    )
    from demo import case_study_template as demo

    demo.seed()
    matrix_case_study(organisation, role_users)
    matrix_editions()
    return call


def matrix_editions():
    """A published edition with one case study and its PDF, and a draft edition. A draft's
    address answers 404 to the public (tested in tests/collection)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from collection.models import Edition, PublishedCaseStudy

    edition = Edition.objects.create(
        title="Matrix edition",
        slug=EDITION["slug"],
        status="published",
        published_at=timezone.now(),
    )
    edition.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"), save=False)
    edition.pdf_size, edition.pdf_pages, edition.pdf_sha256 = 15, 1, "a" * 64
    edition.pdf_rendered_at = timezone.now()
    edition.save()
    PublishedCaseStudy.objects.create(
        edition=edition,
        position=1,
        slug=PUBLISHED_CASE["case_slug"],
        title="Matrix case study",
        summary="A summary.",
        dpulo_name="A DPULO",
        commissioner_name="A council",
        region="london",
        published_at=timezone.now(),
    )
    Edition.objects.create(pk=DRAFT_EDITION["pk"], title="Draft edition", slug="draft-edition")

    from collection.models import Round, Send, Stakeholder, StakeholderImport

    council = Stakeholder.objects.create(
        pk=STAKEHOLDER["pk"],
        name="Matrix Council",
        kind="local_authority",
        region="london",
        email="council@matrix.example",
    )
    StakeholderImport.objects.create(
        pk=IMPORT["pk"], filename="m.csv", content="name,kind,region\nA,Media,London\n"
    )
    round_ = Round.objects.create(
        pk=ROUND["pk"], edition=edition, subject="S", message="M", audience="Everyone"
    )
    Send.objects.create(round=round_, stakeholder=council, email=council.email)

    from collection.models import Format, FormatRequest

    book = Format(edition=edition, kind="epub", size=4, sha256="b" * 64)
    book.file.save("matrix.epub", ContentFile(b"PK.."), save=False)
    book.save()
    from casestudies.models import HardWord

    HardWord.objects.create(pk=HARD_WORD["pk"], word="matrix word", explanation="A word.")
    FormatRequest.objects.create(
        pk=FORMAT_REQUEST["pk"],
        item="Matrix edition",
        wanted="braille",
        name="A reader",
        reply_by="post",
        address="1 High Street",
        reply_due=timezone.localdate(),
    )

    from mail.models import Attachment, Message

    message = Message.objects.create(
        pk=MESSAGE["pk"],
        kind="receipt",
        to_email="stranger@matrix.example",
        from_email="portal@matrix.example",
        subject="A receipt",
        body="Body",
    )
    Attachment.objects.create(
        pk=ATTACHMENT["attachment"],
        message=message,
        filename="a.pdf",
        content_type="application/pdf",
        content=b"%PDF",
    )


def matrix_case_study(dpulo, role_users):
    """A case study being drafted by the applicant's DPULO, which the Author belongs to."""
    import uuid

    from accounts.models import Membership
    from casestudies import workflow
    from casestudies.models import CaseStudy, Outcome, Template
    from tests.casestudies.conftest import scope

    template = Template.objects.get(slug=TEMPLATE["slug"])
    template.latest_published().sections.filter(position=1).update(key=uuid.UUID(SECTION["key"]))
    case_study = CaseStudy.objects.create(
        pk=CASE_STUDY["pk"], template_version=template.latest_published(), **scope(dpulo)
    )
    workflow.transition(case_study, "agree", by=None)
    Membership.objects.create(user=role_users[roles.AUTHOR], organisation=dpulo)
    Outcome.objects.create(
        case_study=case_study, position=1, label="People", value=10, unit="people", source="X"
    )
    from casestudies import writing
    from tests.casestudies.conftest import worked_fields

    writing.add_worked_outcome(case_study, *worked_fields(), by=role_users[roles.COORDINATOR])


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_declared_status(client, role_users, matrix_call, role):
    client = client_for(client, role, role_users)
    wrong = []
    for name, (kwargs, expected) in MATRIX.items():
        status = client.get(reverse(name, kwargs=kwargs)).status_code
        if status != expected[role]:
            wrong.append(f"{name}: got {status}, expected {expected[role]}")
    status = client.get(reverse("admin:index")).status_code
    if status != ADMIN_INDEX[role]:
        wrong.append(f"admin:index: got {status}, expected {ADMIN_INDEX[role]}")
    assert wrong == []


def test_signed_out_people_are_sent_to_sign_in_and_brought_back(client, db):
    response = client.get(reverse("accounts:account"))
    assert response["Location"] == f"{reverse('accounts:sign-in')}?next=/account/"
