from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import access_log_views, forms, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.logout, name="logout"),
    path("register/", views.register, name="register"),
    path("register/check-your-email/", views.register_sent, name="register_sent"),
    path("register/confirm/<text:token>/", views.confirm_account, name="confirm_account"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            form_class=forms.PasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("account/", views.account, name="account"),
    path("account/change/", views.change_account, name="change_account"),
    path("account/email/<text:token>/", views.confirm_email, name="confirm_email"),
    path("account/password/", views.change_password, name="password_change"),
    path("account/messages/", views.message_settings, name="message_settings"),
    path("stop-messages/<text:token>/", views.unsubscribe, name="unsubscribe"),
    path("people/", views.user_list, name="user_list"),
    path("people/new/", views.add_user, name="user_add"),
    path("people/<int:pk>/", views.user_detail, name="user_detail"),
    path("people/<int:pk>/change/", views.change_user, name="user_change"),
    path("people/<int:pk>/messages/", views.user_messages, name="user_messages"),
    path("people/<int:pk>/close/", views.close_user, name="user_close"),
    path("people/<int:pk>/reopen/", views.reopen_user, name="user_reopen"),
    path("<slug:slug>/access-log/", access_log_views.access_log, name="access_log"),
]
