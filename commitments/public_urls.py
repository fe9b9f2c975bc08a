"""The public page of published department and unit letters (公示, no sign-in); mounted at
/public/commitments/ by config/urls.py."""

from django.urls import path

from commitments import views

app_name = "public_commitments"

urlpatterns = [
    path("", views.public_index, name="index"),
    path("<int:pk>/", views.public_detail, name="detail"),
]
