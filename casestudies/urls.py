from django.urls import path

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
]
