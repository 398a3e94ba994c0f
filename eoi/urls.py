from django.urls import path

from . import assess_views, manage_views, views

app_name = "eoi"

urlpatterns = [
    path("calls/", views.call_list, name="call-list"),
    path("calls/<slug:slug>/", views.call_detail, name="call"),
    path("calls/<slug:slug>/apply/", views.task_list, name="task-list"),
    path("calls/<slug:slug>/apply/organisation/", views.organisation_details, name="organisation"),
    path(
        "calls/<slug:slug>/apply/criteria/<int:position>/",
        views.criterion_answer,
        name="criterion",
    ),
    path("calls/<slug:slug>/apply/contact/", views.contact, name="contact"),
    path("calls/<slug:slug>/apply/check/", views.check_answers, name="check"),
    path("calls/<slug:slug>/apply/preview.pdf", views.preview_pdf, name="preview-pdf"),
    path("calls/<slug:slug>/apply/declaration/", views.declaration, name="declaration"),
    path("calls/<slug:slug>/apply/confirmation/", views.confirmation, name="confirmation"),
    path("calls/<slug:slug>/apply/withdraw/", views.withdraw, name="withdraw"),
    path("calls/<slug:slug>/apply/outcome/", views.outcome, name="outcome"),
    # Assessors.
    path("assess/", assess_views.assessor_queue, name="assessor-queue"),
    path("assess/<str:reference>/declare/", assess_views.declare, name="assess-declare"),
    path("assess/<str:reference>/", assess_views.assess, name="assess"),
    # The programme team's pages.
    path("manage/calls/", manage_views.call_list, name="manage-calls"),
    path("manage/calls/new/", manage_views.call_edit, name="manage-call-new"),
    path("manage/calls/<slug:slug>/", manage_views.call_overview, name="manage-call"),
    path("manage/calls/<slug:slug>/edit/", manage_views.call_edit, name="manage-call-edit"),
    path(
        "manage/calls/<slug:slug>/criteria/new/",
        manage_views.criterion_edit,
        name="manage-criterion-new",
    ),
    path(
        "manage/calls/<slug:slug>/criteria/<int:position>/",
        manage_views.criterion_edit,
        name="manage-criterion",
    ),
    path(
        "manage/calls/<slug:slug>/criteria/<int:position>/action/",
        manage_views.criterion_action,
        name="manage-criterion-action",
    ),
    path(
        "manage/calls/<slug:slug>/assessors/",
        manage_views.assessors,
        name="manage-assessors",
    ),
    path("manage/calls/<slug:slug>/moderation/", manage_views.moderation, name="manage-moderation"),
    path(
        "manage/calls/<slug:slug>/moderation/<str:reference>/",
        manage_views.moderate,
        name="manage-moderate",
    ),
    path("manage/calls/<slug:slug>/decision/", manage_views.decision, name="manage-decision"),
    path(
        "manage/calls/<slug:slug>/scores.<str:fmt>",
        manage_views.export,
        name="manage-export",
    ),
    path("manage/calls/<slug:slug>/outbox/", manage_views.outbox, name="manage-outbox"),
    path("manage/calls/<slug:slug>/history/", manage_views.history, name="manage-history"),
    path(
        "manage/calls/<slug:slug>/outbox/<str:reference>/",
        manage_views.letter_edit,
        name="manage-letter",
    ),
    path(
        "manage/calls/<slug:slug>/extensions/new/",
        manage_views.extension_grant,
        name="manage-extension-new",
    ),
]
