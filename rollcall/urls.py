from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from rollcall.access import two_factor
from rollcall.api.views import api
from rollcall.web import claims, followups, intake, review, search, sourcepage, statistics, views
from rollcall.web import petitions as petition_views

urlpatterns = [
    path("", views.home, name="home"),
    path("persons/<int:person_id>/", views.person, name="person"),
    path("persons/<int:person_id>/petitions/new/", petition_views.new_petition, name="petition_new"),
    path("petitions/<int:intervention_id>/answer/", petition_views.answer, name="petition_answer"),
    path("search/", search.search, name="search"),
    path("intake/", intake.intake, name="intake"),
    path("intake/matches", intake.intake_matches, name="intake_matches"),
    path("sources/<int:source_id>/", sourcepage.source, name="source"),
    path("claims/", claims.claims, name="claims"),
    path("claims/<str:subject>/", claims.claims_subject, name="claims_subject"),
    path("follow-ups/", followups.follow_ups, name="follow_ups"),
    path("statistics/", statistics.overview, name="statistics"),
    path("statistics/<slug:code>/records/", statistics.records, name="statistics_records"),
    path("review/", review.review, name="review"),
    path("review/proposals/<int:proposal_id>/", review.decide, name="review_decide"),
    path("review/duplicates/<int:candidate_id>/", review.duplicate, name="review_duplicate"),
    path("review/merges/<int:merge_id>/undo", review.unmerge, name="review_unmerge"),
    path("files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", two_factor.PasswordStep.as_view(), name="login"),
    path("accounts/two-factor/", two_factor.code_step, name="two_factor"),
    path("admin/login/", RedirectView.as_view(url="/accounts/login/?next=/admin/"), name="admin_login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
