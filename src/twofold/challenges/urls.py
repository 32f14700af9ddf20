from django.urls import path

from twofold.challenges import views

app_name = "challenges"
urlpatterns = [
    path("", views.index, name="index"),
    path("reflections/<int:reflection_id>/visibility/", views.visibility, name="visibility"),
]
