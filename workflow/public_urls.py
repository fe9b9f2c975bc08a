"""The public page (公示, no sign-in); mounted at /public/ by config/urls.py."""

from django.urls import path

from workflow import views

app_name = "public"

urlpatterns = [
    path("", views.public_index, name="index"),
    path("<int:pk>/", views.public_detail, name="detail"),
    path("<int:pk>/feedback/", views.public_feedback, name="feedback"),
]
