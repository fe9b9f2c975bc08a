from django.urls import path

from schedule import views

app_name = "schedule"

urlpatterns = [
    path("", views.schedule, name="schedule_current"),
    path("campaigns/<int:campaign_id>/", views.schedule, name="schedule"),
    path("progress/", views.progress, name="progress_current"),
    path("campaigns/<int:campaign_id>/progress/", views.progress, name="progress"),
    path(
        "tasks/<int:schedule_task_id>/units/<int:unit_id>/",
        views.task_unit,
        name="task_unit",
    ),
    path(
        "tasks/<int:schedule_task_id>/units/<int:unit_id>/complete/",
        views.task_complete_view,
        name="task_complete",
    ),
    path(
        "tasks/<int:schedule_task_id>/units/<int:unit_id>/withdraw/",
        views.task_withdraw_view,
        name="task_withdraw",
    ),
]
