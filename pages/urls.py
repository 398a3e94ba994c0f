from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("contact/", views.contact, name="contact"),
    path("home/", views.home, name="home"),
    path("account/my-data.json", views.personal_data, name="personal-data"),
    path("healthz", views.healthz, name="healthz"),
]
