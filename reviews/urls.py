from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("<int:pk>/close/", views.round_close, name="round_close"),
    path("<int:pk>/summary.pdf", views.round_pdf, name="round_pdf"),
    path("<int:pk>/summary.xlsx", views.round_xlsx, name="round_xlsx"),
    path("answers/<int:pk>/", views.answer_detail, name="answer_detail"),
    path("answers/<int:pk>/save/", views.answer_save, name="answer_save"),
    path("answers/<int:pk>/rate/", views.answer_rate, name="answer_rate"),
    path("answers/<int:pk>/findings/", views.finding_create, name="finding_create"),
    path("findings/<int:pk>/delete/", views.finding_delete, name="finding_delete"),
    path("findings/<int:pk>/entry/", views.finding_entry, name="finding_entry"),
    path(
        "findings/<int:pk>/rectification/",
        views.finding_rectification,
        name="finding_rectification",
    ),
]
