from django.urls import path

from . import views

app_name = "mail"

urlpatterns = [
    path("manage/mail/", views.outbox_list, name="outbox"),
    path("manage/mail/<int:pk>/", views.outbox_message, name="outbox-message"),
    path("account/emails/", views.my_emails, name="mine"),
    path("account/emails/settings/", views.settings_page, name="settings"),
    path("account/emails/<int:pk>/", views.my_email, name="my-email"),
    path(
        "account/emails/<int:pk>/attachments/<int:attachment>/",
        views.my_attachment,
        name="my-attachment",
    ),
]
