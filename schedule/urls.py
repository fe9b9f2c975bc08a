from django.urls import path

from schedule import views

app_name = "schedule"

urlpatterns = [
    path("", views.schedule, name="schedule_current"),
    path("campaigns/<int:campaign_id>/", views.schedule, name="schedule"),
    path("progress/", views.progress, name="progress_current"),
    path("campaigns/<int:campaign_id>/progress/", views.progress, name="progress"),
]
