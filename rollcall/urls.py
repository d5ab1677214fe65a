from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from rollcall.api.views import api
from rollcall.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("persons/<int:person_id>/", views.person, name="person"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
