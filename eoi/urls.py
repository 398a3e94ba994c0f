from django.urls import path

from . import views

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
]
