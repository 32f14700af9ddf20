from django.urls import path

from twofold.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("take/<slug:instrument_id>/", views.instrument_page, name="instrument"),
    path("take/<slug:instrument_id>/start/", views.start, name="start"),
    path("sittings/<int:sitting_id>/<int:number>/", views.answer_page, name="page"),
    path("results/<int:result_id>/", views.result, name="result"),
    path("results/<int:result_id>/share/", views.share, name="share"),
    path("relief-guide/", views.relief, name="relief"),
    path("safety/", views.safety, name="safety"),
    path("couples/<int:couple_id>/", views.couple_overview, name="couple"),
]
