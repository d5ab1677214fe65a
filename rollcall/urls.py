from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from rollcall.access import two_factor
from rollcall.api.views import api
from rollcall.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("persons/<int:person_id>/", views.person, name="person"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", two_factor.PasswordStep.as_view(), name="login"),
    path("accounts/two-factor/", two_factor.code_step, name="two_factor"),
    path("admin/login/", RedirectView.as_view(url="/accounts/login/?next=/admin/"), name="admin_login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
