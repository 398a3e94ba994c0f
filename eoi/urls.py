from django.urls import path, re_path

from .views import apply, assess, manage

app_name = "eoi"

urlpatterns = [
    path("calls/", apply.call_list, name="call-list"),
    path("calls/<slug:slug>/", apply.call_detail, name="call"),
    re_path(
        r"^calls/(?P<slug>[-a-zA-Z0-9_]+)/questions\.(?P<fmt>pdf|docx)$",
        apply.call_questions,
        name="call-questions",
    ),
    path("calls/<slug:slug>/apply/", apply.task_list, name="task-list"),
    path("calls/<slug:slug>/adjustments/", apply.adjustment_request, name="adjustments"),
    path("calls/<slug:slug>/apply/organisation/", apply.organisation_details, name="organisation"),
    path(
        "calls/<slug:slug>/apply/criteria/<int:position>/",
        apply.criterion_answer,
        name="criterion",
    ),
    path("calls/<slug:slug>/apply/contact/", apply.contact, name="contact"),
    path("calls/<slug:slug>/apply/check/", apply.check_answers, name="check"),
    path("calls/<slug:slug>/apply/preview.pdf", apply.preview_pdf, name="preview-pdf"),
    path("calls/<slug:slug>/apply/declaration/", apply.declaration, name="declaration"),
    path("calls/<slug:slug>/apply/confirmation/", apply.confirmation, name="confirmation"),
    path("calls/<slug:slug>/apply/submitted.pdf", apply.submitted_pdf, name="submitted-pdf"),
    path("calls/<slug:slug>/apply/withdraw/", apply.withdraw, name="withdraw"),
    path("calls/<slug:slug>/apply/outcome/", apply.outcome, name="outcome"),
    # Assessors.
    path("assess/", assess.assessor_queue, name="assessor-queue"),
    path("assess/<str:reference>/declare/", assess.declare, name="assess-declare"),
    path("assess/<str:reference>/", assess.assess, name="assess"),
    # The programme team's pages.
    path("manage/calls/", manage.call_list, name="manage-calls"),
    path("manage/adjustments/", manage.adjustment_queue, name="manage-adjustments"),
    path("manage/calls/<slug:slug>/assisted/", manage.assisted_start, name="manage-assisted"),
    path(
        "manage/assisted-sources/<int:pk>/", manage.assisted_source, name="manage-assisted-source"
    ),
    path("confirm-submission/<str:token>/", apply.confirm_submission, name="confirm-submission"),
    path("manage/adjustments/<int:pk>/", manage.adjustment_answer, name="manage-adjustment"),
    path("manage/calls/new/", manage.call_edit, name="manage-call-new"),
    path("manage/calls/<slug:slug>/", manage.call_overview, name="manage-call"),
    path("manage/calls/<slug:slug>/edit/", manage.call_edit, name="manage-call-edit"),
    path(
        "manage/calls/<slug:slug>/criteria/new/",
        manage.criterion_edit,
        name="manage-criterion-new",
    ),
    path(
        "manage/calls/<slug:slug>/criteria/<int:position>/",
        manage.criterion_edit,
        name="manage-criterion",
    ),
    path(
        "manage/calls/<slug:slug>/criteria/<int:position>/action/",
        manage.criterion_action,
        name="manage-criterion-action",
    ),
    path(
        "manage/calls/<slug:slug>/assessors/",
        manage.assessors,
        name="manage-assessors",
    ),
    path("manage/calls/<slug:slug>/moderation/", manage.moderation, name="manage-moderation"),
    path(
        "manage/calls/<slug:slug>/moderation/<str:reference>/",
        manage.moderate,
        name="manage-moderate",
    ),
    path("manage/calls/<slug:slug>/decision/", manage.decision, name="manage-decision"),
    path(
        "manage/calls/<slug:slug>/scores.<str:fmt>",
        manage.export,
        name="manage-export",
    ),
    path("manage/calls/<slug:slug>/outbox/", manage.outbox, name="manage-outbox"),
    path("manage/calls/<slug:slug>/history/", manage.history, name="manage-history"),
    path(
        "manage/calls/<slug:slug>/outbox/<str:reference>/",
        manage.letter_edit,
        name="manage-letter",
    ),
    path(
        "manage/calls/<slug:slug>/extensions/new/",
        manage.extension_grant,
        name="manage-extension-new",
    ),
]
