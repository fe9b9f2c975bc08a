from django.urls import URLPattern, path

from oversight.warnings import views

# Mounted at the root of the oversight namespace (oversight/urls.py).
urlpatterns: list[URLPattern] = [
    path("leads/", views.lead_list_view, name="lead_list"),
    path("leads/new/", views.lead_create_view, name="lead_create"),
    path("leads/<int:pk>/", views.lead_detail_view, name="lead_detail"),
    path("leads/<int:pk>/edit/", views.lead_edit_view, name="lead_edit"),
    path("leads/<int:pk>/dismiss/", views.lead_dismiss_view, name="lead_dismiss"),
    path("leads/<int:pk>/rectify/", views.lead_rectify_view, name="lead_rectify"),
    path("warnings/", views.warning_list_view, name="warning_list"),
    path("warnings/mine/", views.my_warnings_view, name="my_warnings"),
    path("warnings/new/", views.warning_create_view, name="warning_create"),
    path("warnings/<int:pk>/", views.warning_detail_view, name="warning_detail"),
    path("warnings/<int:pk>/edit/", views.warning_edit_view, name="warning_edit"),
    path("warnings/<int:pk>/notice.pdf", views.warning_pdf_view, name="warning_pdf"),
    *(
        path(
            f"warnings/<int:pk>/{action}/",
            views.warning_act_view,
            {"action": action},
            name=f"warning_{action}",
        )
        for action in ("submit", "approve", "reject", "answer", "return", "close")
    ),
]
