from django.contrib import admin
from django.urls import include, path

from twofold.api.main import api

urlpatterns = [
    path("", include("twofold.web.urls")),
    path("accounts/", include("twofold.accounts.urls")),
    path("couples/", include("twofold.couples.urls")),
    path("notes/", include("twofold.notes.urls")),
    path("assessments/", include("twofold.assessments.urls")),
    path("coach/", include("twofold.coaching.urls")),
    path("conversations/", include("twofold.conversations.urls")),
    path("practice/", include("twofold.challenges.urls")),
    path("plans/", include("twofold.plans.urls")),
    path("insights/", include("twofold.couple_insights.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
