from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organisation import views as organisation_views
from organisation.forms import SignInForm

urlpatterns = [
    path("", include("progress.urls")),
    path("objectives/", include("objectives.urls")),
    path("key-results/", include("key_results.urls")),
    path("approvals/", include("approvals.urls")),
    path("people/", include("organisation.urls")),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="organisation/sign_in.html",
            redirect_authenticated_user=True,
            authentication_form=SignInForm,
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        organisation_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="organisation/password_reset_sent.html"
        ),
        name="password_reset_sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        organisation_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="organisation/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
