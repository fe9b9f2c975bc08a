from django.urls import path

from archives import views

app_name = "archives"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("mine/", views.my_file_view, name="mine"),
    path("people/<int:user_id>/", views.person_view, name="person"),
    path("people/<int:user_id>/file.pdf", views.person_pdf_view, name="person_pdf"),
    path("people/<int:user_id>/records/new/", views.record_create_view, name="record_create"),
    path("units/<int:unit_id>/", views.unit_view, name="unit"),
    path("snapshots/<int:pk>/", views.snapshot_view, name="snapshot"),
    path("records/<int:pk>/edit/", views.record_edit_view, name="record_edit"),
    path("records/<int:pk>/delete/", views.record_delete_view, name="record_delete"),
    path("access/", views.access_list_view, name="access_list"),
    path("access/new/", views.access_create_view, name="access_create"),
    path("access/queue/", views.access_queue_view, name="access_queue"),
    path("access/<int:pk>/", views.access_detail_view, name="access_detail"),
    path("access/<int:pk>/decide/", views.access_decide_view, name="access_decide"),
    path("access/<int:pk>/withdraw/", views.access_withdraw_view, name="access_withdraw"),
]
