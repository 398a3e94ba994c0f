from django.urls import path

from .views import account as views
from .views import people

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/complete/", views.registered, name="registered"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("account/", views.account, name="account"),
    path("account/access-needs/", views.access_needs_page, name="access-needs"),
    path("account/two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("sign-in/code/", views.two_factor_verify, name="two-factor-verify"),
    path("sign-in/recovery-code/", views.recovery_code_sign_in, name="recovery-code-sign-in"),
    path("account/close/", views.delete_account, name="delete"),
    path("account/closed/", views.deleted, name="deleted"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("manage/people/", people.people_list, name="people"),
    path("manage/people/<int:pk>/", people.person_detail, name="person"),
    path("manage/organisations/", people.organisation_list, name="organisations"),
    path("manage/organisations/new/", people.organisation_edit, name="organisation-new"),
    path("manage/organisations/<int:pk>/", people.organisation_detail, name="organisation"),
    path("manage/organisations/<int:pk>/edit/", people.organisation_edit, name="organisation-edit"),
]
