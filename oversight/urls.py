from django.urls import include, path

from oversight import attachments

app_name = "oversight"

urlpatterns = [
    path("measures/", include("oversight.measures.urls")),
    path("", include("oversight.warnings.urls")),
    path("rectifications/", include("oversight.rectification.urls")),
    path(
        "attachments/<str:kind_name>/<int:object_id>/upload/",
        attachments.attachment_upload,
        name="attachment_upload",
    ),
    path("attachments/<int:pk>/", attachments.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", attachments.attachment_delete, name="attachment_delete"),
]
