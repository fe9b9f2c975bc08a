from django.urls import path

from commitments import views

app_name = "commitments"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("tracker/", views.tracker, name="tracker"),
    path("texts/", views.texts, name="texts"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
]
