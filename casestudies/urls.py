from django.urls import path

from .views import easy_read, overview, review, scoping, signoff, templates, writing

app_name = "casestudies"

urlpatterns = [
    path("templates/", templates.template_list, name="templates"),
    path("templates/<slug:slug>/", templates.template_edit, name="template"),
    path("templates/<slug:slug>/sections/new/", templates.section_edit, name="section-new"),
    path("templates/<slug:slug>/sections/<int:position>/", templates.section_edit, name="section"),
    path(
        "templates/<slug:slug>/sections/<int:position>/action/",
        templates.section_action,
        name="section-action",
    ),
    path(
        "templates/<slug:slug>/easy-read/", templates.template_easy_read, name="template-easy-read"
    ),
    path("templates/<slug:slug>/preview/", templates.template_preview, name="preview"),
    path("templates/<slug:slug>/publish/", templates.template_publish, name="publish"),
    path("templates/<slug:slug>/versions/", templates.template_versions, name="versions"),
    path("hard-words/", easy_read.hard_words, name="hard-words"),
    path("hard-words/<int:pk>/", easy_read.hard_word, name="hard-word"),
    path("", overview.case_study_list, name="list"),
    path("propose/", scoping.propose, name="propose"),
    path("<int:pk>/", overview.case_study_detail, name="case-study"),
    path("<int:pk>/text/", overview.case_study_text, name="text"),
    path("<int:pk>/details/", scoping.scope_edit, name="scope"),
    path("<int:pk>/agree/", scoping.agree, name="agree"),
    path("<int:pk>/decline/", scoping.decline, name="decline"),
    path("<int:pk>/sections/<uuid:key>/", writing.answer, name="answer"),
    path("<int:pk>/sections/<uuid:key>/comments/", writing.comment, name="comment"),
    path("<int:pk>/sections/<uuid:key>/history/", writing.answer_history, name="history"),
    path("<int:pk>/sections/<uuid:key>/compare/", writing.compare, name="compare"),
    path("<int:pk>/outcomes/new/", writing.outcome_edit, name="outcome-new"),
    path("<int:pk>/outcomes/worked/new/", writing.worked_outcome_edit, name="worked-outcome-new"),
    path(
        "<int:pk>/outcomes/<int:position>/worked/",
        writing.worked_outcome_edit,
        name="worked-outcome",
    ),
    path("<int:pk>/outcomes/<int:position>/", writing.outcome_edit, name="outcome"),
    path("<int:pk>/outcomes/<int:position>/remove/", writing.outcome_remove, name="outcome-remove"),
    path("<int:pk>/easy-read/", easy_read.overview, name="easy-read"),
    path("<int:pk>/easy-read/points/new/", easy_read.point_edit, name="easy-read-point-new"),
    path("<int:pk>/easy-read/points/<int:position>/", easy_read.point_edit, name="easy-read-point"),
    path(
        "<int:pk>/easy-read/points/<int:position>/remove/",
        easy_read.point_remove,
        name="easy-read-point-remove",
    ),
    path(
        "<int:pk>/easy-read/points/<int:position>/picture/",
        easy_read.picture,
        name="easy-read-picture",
    ),
    path("<int:pk>/easy-read/glossary/", easy_read.glossary_add, name="glossary-add"),
    path(
        "<int:pk>/easy-read/glossary/<int:entry>/remove/",
        easy_read.glossary_remove,
        name="glossary-remove",
    ),
    path("<int:pk>/submit/", review.submit, name="submit"),
    path("<int:pk>/review/", review.review, name="review"),
    path("<int:pk>/sign-off/", signoff.sign_off, name="sign-off"),
    path("<int:pk>/sign-off/record/", signoff.sign_off_record, name="sign-off-record"),
    path("<int:pk>/sign-off/request/", signoff.sign_off_request, name="sign-off-request"),
    path("invitation/<str:token>/", signoff.invitation, name="invitation"),
    path("sign-off/<str:token>/", signoff.commissioner_sign_off, name="commissioner-sign-off"),
    path(
        "sign-off/<str:token>/access-needs/",
        signoff.commissioner_access_needs,
        name="commissioner-access-needs",
    ),
]
