from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from orgs import views as orgs_views
from orgs.forms import AdminSignInForm, SignInForm

admin.site.site_header = _("清廉 · 廉政风险防控管理")
admin.site.site_title = _("清廉管理后台")
admin.site.index_title = _("管理")
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("", orgs_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("org/", include("orgs.urls")),
    path("workflow/", include("workflow.urls")),
    path("public/", include("workflow.public_urls")),
    path("registers/", include("registers.urls")),
    path("notifications/", include("notifications.urls")),
    path("schedule/", include("schedule.urls")),
    path("reports/", include("reports.urls")),
    path("oversight/", include("oversight.urls")),
    path("reviews/", include("reviews.urls")),
    path("assessment/", include("assessment.urls")),
    path("archives/", include("archives.urls")),
    path("commitments/", include("commitments.urls")),
    path("public/commitments/", include("commitments.public_urls")),
    path("admin/", admin.site.urls),
]
