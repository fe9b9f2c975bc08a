from django.urls import path

from workflow import views

app_name = "workflow"

urlpatterns = [
    path("registers/<int:pk>/", views.register_review, name="register"),
    path("registers/<int:pk>/act/<str:action>/", views.register_act, name="act"),
    path("registers/<int:pk>/history/", views.register_history_view, name="history"),
    path("overview/", views.overview, name="overview"),
    path("published/", views.published_list, name="published"),
    path("published/<int:pk>/", views.published_detail, name="published_detail"),
    path("published/<int:pk>/feedback/", views.feedback_create, name="feedback_create"),
    path("feedback/", views.feedback_inbox, name="feedback"),
    path("feedback/<int:pk>/handle/", views.feedback_handle, name="feedback_handle"),
    path("audit/", views.audit_log, name="audit_log"),
]
