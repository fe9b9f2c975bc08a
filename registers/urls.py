from django.urls import path

from registers import import_views

app_name = "registers"

urlpatterns = [
    path("<int:pk>/import/", import_views.import_upload, name="import"),
    path("<int:pk>/import/done/", import_views.import_done, name="import_done"),
    path("<int:pk>/import/template/", import_views.import_template, name="import_template"),
    path("<int:pk>/import/<uuid:token>/", import_views.import_preview, name="import_preview"),
    path(
        "<int:pk>/import/<uuid:token>/mapping/",
        import_views.import_mapping,
        name="import_mapping",
    ),
    path("<int:pk>/import/<uuid:token>/commit/", import_views.import_commit, name="import_commit"),
    path("<int:pk>/import/<uuid:token>/cancel/", import_views.import_cancel, name="import_cancel"),
]
