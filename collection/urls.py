from django.urls import path

from .views import format_requests as formats
from .views import manage, public
from .views import stakeholders as people

app_name = "collection"

urlpatterns = [
    path("", public.home, name="home"),
    path("case-studies/", public.case_study_list, name="case-studies"),
    path("evidence/", public.evidence_pack, name="evidence"),
    path("evidence/pdf/", public.evidence_pack_pdf, name="evidence-pdf"),
    path("feed/", public.CaseStudyFeed(), name="feed"),
    path("editions/<slug:slug>/", public.edition_detail, name="edition"),
    path("editions/<slug:slug>/outcomes/", public.edition_outcomes, name="outcomes"),
    path("editions/<slug:slug>/pdf/", public.edition_pdf, name="edition-pdf"),
    path(
        "editions/<slug:slug>/formats/<slug:kind>/",
        public.format_download,
        name="edition-format",
    ),
    path("editions/<slug:slug>/case-studies.json", public.open_data_json, name="json"),
    path("editions/<slug:slug>/case-studies.csv", public.open_data_csv, name="csv"),
    path("editions/<slug:slug>/outcomes.csv", public.outcomes_csv, name="outcomes-csv"),
    path("editions/<slug:slug>/<slug:case_slug>/", public.case_study_detail, name="case-study"),
    path(
        "editions/<slug:slug>/<slug:case_slug>/pdf/", public.case_study_pdf, name="case-study-pdf"
    ),
    path(
        "editions/<slug:slug>/<slug:case_slug>/easy-read/",
        public.case_study_easy_read,
        name="easy-read",
    ),
    path(
        "editions/<slug:slug>/<slug:case_slug>/easy-read/pictures/<str:sha>/",
        public.easy_read_picture,
        name="easy-read-picture",
    ),
    path(
        "editions/<slug:slug>/<slug:case_slug>/formats/<slug:kind>/",
        public.format_download,
        name="case-study-format",
    ),
    path("another-format/", formats.ask, name="format-request"),
    path("another-format/sent/", formats.sent, name="format-request-sent"),
    path("format-requests/", formats.queue, name="format-requests"),
    path("format-requests/<int:pk>/", formats.detail, name="format-request-detail"),
    path("manage/", manage.edition_list, name="manage"),
    path("manage/<int:pk>/", manage.edition_edit, name="manage-edition"),
    path("manage/<int:pk>/add/", manage.entry_add, name="manage-add"),
    path(
        "manage/<int:pk>/case-studies/<int:position>/",
        manage.entry_action,
        name="manage-entry",
    ),
    path("manage/<int:pk>/preview/", manage.preview, name="manage-preview"),
    path("manage/<int:pk>/preview.pdf", manage.preview_pdf, name="manage-preview-pdf"),
    path("manage/<int:pk>/publish/", manage.publish, name="manage-publish"),
    path("stakeholders/", people.stakeholder_list, name="stakeholders"),
    path("stakeholders/new/", people.stakeholder_edit, name="stakeholder-new"),
    path("stakeholders/<int:pk>/", people.stakeholder_edit, name="stakeholder"),
    path("stakeholders/export.csv", people.stakeholder_export, name="stakeholder-export"),
    path("stakeholders/map/", people.stakeholder_map, name="stakeholder-map"),
    path("stakeholders/map.svg", people.stakeholder_map_svg, name="stakeholder-map-svg"),
    path("stakeholders/import/", people.import_upload, name="stakeholder-import"),
    path("stakeholders/import/<int:pk>/", people.import_check, name="stakeholder-import-check"),
    path("dissemination/", people.rounds, name="rounds"),
    path("dissemination/new/", people.round_new, name="round-new"),
    path("dissemination/<int:pk>/", people.round_detail, name="round"),
    path("dissemination/<int:pk>/send/", people.round_send, name="round-send"),
    path("dissemination/channels/new/", people.channel_new, name="channel-new"),
    path("dissemination/coverage/", people.coverage, name="coverage"),
]
