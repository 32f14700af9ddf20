from django.urls import path

from twofold.conversations import views

app_name = "conversations"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("pause/", views.pause, name="pause"),
    path("pause/ready/", views.ready, name="ready"),
    path("<int:conversation_id>/", views.room, name="room"),
    path("<int:conversation_id>/summary/", views.detail, name="detail"),
]
