from django.urls import path

from twofold.coaching import views

app_name = "coaching"
urlpatterns = [
    path("", views.coach_page, name="index"),
    path("kept/", views.kept, name="kept"),
    path("kept/<int:draft_id>/forget/", views.forget, name="forget"),
]
