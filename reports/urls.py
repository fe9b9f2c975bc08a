from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path(
        "registers/<int:register_id>/export.<str:fmt>",
        views.register_export,
        name="register_export",
    ),
    path("campaigns/<int:campaign_id>/annex3.<str:fmt>", views.campaign_annex3, name="annex3"),
    path(
        "campaigns/<int:campaign_id>/workbook.xlsx",
        views.campaign_workbook,
        name="campaign_workbook",
    ),
    path("campaigns/<int:campaign_id>/exports/", views.campaign_exports, name="campaign_exports"),
    path("exports/", views.exports_home, name="exports_home"),
    path("stats/", views.stats, name="stats"),
    path("stats.xlsx", views.stats_xlsx, name="stats_xlsx"),
    path("jobs/", views.my_jobs, name="my_jobs"),
    path("jobs/<int:job_id>/", views.job, name="job"),
    path("jobs/<int:job_id>/retry/", views.job_retry, name="job_retry"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
]
