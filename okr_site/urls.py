from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("progress.urls")),
    path("objectives/", include("objectives.urls")),
    path("key-results/", include("key_results.urls")),
    path("approvals/", include("approvals.urls")),
    path("people/", include("organisation.urls")),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="organisation/sign_in.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
