from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="log"),
    path("export.csv", views.export, name="export"),
]
