from django.urls import path

from twofold.web import views

app_name = "web"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("weather", views.neutral, name="neutral"),
]
