from django.urls import path

from . import case_views as cases
from . import views

app_name = "casestudies"

urlpatterns = [
    path("templates/", views.template_list, name="templates"),
    path("templates/<slug:slug>/", views.template_edit, name="template"),
    path("templates/<slug:slug>/sections/new/", views.section_edit, name="section-new"),
    path("templates/<slug:slug>/sections/<int:position>/", views.section_edit, name="section"),
    path(
        "templates/<slug:slug>/sections/<int:position>/action/",
        views.section_action,
        name="section-action",
    ),
    path("templates/<slug:slug>/preview/", views.template_preview, name="preview"),
    path("templates/<slug:slug>/publish/", views.template_publish, name="publish"),
    path("templates/<slug:slug>/versions/", views.template_versions, name="versions"),
    path("", cases.case_study_list, name="list"),
    path("propose/", cases.propose, name="propose"),
    path("<int:pk>/", cases.case_study_detail, name="case-study"),
    path("<int:pk>/text/", cases.case_study_text, name="text"),
    path("<int:pk>/details/", cases.scope_edit, name="scope"),
    path("<int:pk>/agree/", cases.agree, name="agree"),
    path("<int:pk>/decline/", cases.decline, name="decline"),
    path("<int:pk>/sections/<uuid:key>/", cases.answer, name="answer"),
    path("<int:pk>/sections/<uuid:key>/comments/", cases.comment, name="comment"),
    path("<int:pk>/sections/<uuid:key>/history/", cases.answer_history, name="history"),
    path("<int:pk>/sections/<uuid:key>/compare/", cases.compare, name="compare"),
    path("<int:pk>/outcomes/new/", cases.outcome_edit, name="outcome-new"),
    path("<int:pk>/outcomes/<int:position>/", cases.outcome_edit, name="outcome"),
    path("<int:pk>/outcomes/<int:position>/remove/", cases.outcome_remove, name="outcome-remove"),
    path("<int:pk>/submit/", cases.submit, name="submit"),
    path("<int:pk>/review/", cases.review, name="review"),
    path("<int:pk>/sign-off/", cases.sign_off, name="sign-off"),
    path("<int:pk>/sign-off/record/", cases.sign_off_record, name="sign-off-record"),
    path("<int:pk>/sign-off/request/", cases.sign_off_request, name="sign-off-request"),
    path("invitation/<str:token>/", cases.invitation, name="invitation"),
    path("sign-off/<str:token>/", cases.commissioner_sign_off, name="commissioner-sign-off"),
]
