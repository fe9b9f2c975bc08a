from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.scoring, name="scoring"),
    path("mine/", views.mine, name="mine"),
    path("periods/", views.period_list, name="period_list"),
    path("periods/new/", views.period_open, name="period_open"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/deadline/", views.period_deadline, name="period_deadline"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/results.xlsx", views.period_xlsx, name="period_xlsx"),
    path("<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("<int:pk>/score/", views.score, name="score"),
    path("annual/", views.annual, name="annual"),
    path("annual/xlsx/", views.annual_xlsx, name="annual_xlsx"),
    path("adverse/", views.adverse, name="adverse"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/defaults/", views.indicators_seed, name="indicators_seed"),
    path("indicators/new/", views.indicator_new, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path("indicators/grades/", views.grade_scale_edit, name="grade_scale"),
]
