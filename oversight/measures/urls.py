from django.urls import path

from oversight.measures import views

urlpatterns = [
    path("entries/<int:entry_id>/", views.entry_actions, name="entry_actions"),
    path("actions/<int:pk>/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/delete/", views.action_delete_view, name="action_delete"),
    path("actions/<int:pk>/verify/", views.action_verify_view, name="action_verify"),
    path("actions/<int:pk>/inspection/", views.action_inspection, name="action_inspection"),
    path("mine/", views.my_actions, name="my_actions"),
    path("inspection/", views.inspection_list, name="inspection_list"),
]
