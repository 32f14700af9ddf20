from django.urls import path

from twofold.couple_insights import views

app_name = "couple_insights"
urlpatterns = [
    path("<int:couple_id>/", views.insights_page, name="page"),
]
