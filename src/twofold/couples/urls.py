from django.urls import path

from twofold.couples import views

app_name = "couples"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("join/<str:token>/", views.join_by_link, name="join_link"),
    path("<int:couple_id>/", views.home, name="home"),
    path("<int:couple_id>/invite/", views.new_invite, name="new_invite"),
    path("<int:couple_id>/leave/", views.leave, name="leave"),
    path("<int:couple_id>/therapists/invite/", views.invite_therapist, name="invite_therapist"),
    path("<int:couple_id>/therapists/<int:link_id>/accept/", views.accept_therapist, name="accept_therapist"),
    path("<int:couple_id>/therapists/<int:link_id>/revoke/", views.revoke_therapist, name="revoke_therapist"),
    path("therapist/", views.therapist_dashboard, name="therapist_dashboard"),
]
