from django.urls import path

from twofold.plans import views

app_name = "plans"
urlpatterns = [
    path("<int:couple_id>/", views.couple_plan, name="couple"),
    path("<int:couple_id>/propose/", views.propose, name="propose"),
    path("<int:couple_id>/agree/", views.agree, name="agree"),
    path("<int:couple_id>/adjust/", views.adjust, name="adjust"),
    path("<int:couple_id>/sessions/new/", views.session_new, name="session_new"),
    path("<int:couple_id>/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("<int:couple_id>/homework/new/", views.homework_new, name="homework_new"),
    path("<int:couple_id>/homework/<int:assignment_id>/done/", views.homework_done, name="homework_done"),
    path("<int:couple_id>/homework/<int:assignment_id>/share/", views.reflection_share, name="reflection_share"),
    path("<int:couple_id>/review/", views.review, name="review"),
    path("<int:couple_id>/separation/", views.separation, name="separation"),
    path("<int:couple_id>/report/", views.report_page, name="report"),
    path("<int:couple_id>/report.pdf", views.report_pdf, name="report_pdf"),
]
