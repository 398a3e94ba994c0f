"""The portal's URL map: each app owns its own urls module."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "DPULO Case Studies administration"
admin.site.site_title = "DPULO Case Studies administration"

urlpatterns = [
    path("", include("pages.urls")),
    path("", include("accounts.urls")),
    path("", include("eoi.urls")),
    path("case-studies/", include("casestudies.urls")),
    path("collection/", include("collection.urls")),
    path("audit/", include("audit.urls")),
    path("", include("mail.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "pages.views.bad_request"
handler403 = "pages.views.permission_denied"
handler404 = "pages.views.page_not_found"
handler500 = "pages.views.server_error"
