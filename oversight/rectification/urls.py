from django.urls import path

from oversight.rectification import views

# Mounted by oversight/urls.py at rectifications/, in the `oversight` namespace.
urlpatterns = [
    path("", views.rectification_list, name="rectification_list"),
    path("new/", views.rectification_create, name="rectification_create"),
    path("<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path("<int:pk>/edit/", views.rectification_edit, name="rectification_edit"),
    path("<int:pk>/submit/", views.rectification_submit, name="rectification_submit"),
    path("<int:pk>/return/", views.rectification_return, name="rectification_return"),
    path("<int:pk>/close/", views.rectification_close, name="rectification_close"),
    path("<int:pk>/report.pdf", views.rectification_pdf, name="rectification_pdf"),
    path("board/", views.board, name="board"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/unit/", views.ledger_pick, name="ledger_pick"),
    path("ledger/<int:unit_id>/", views.ledger, name="ledger_unit"),
    path("ledger/<int:unit_id>/xlsx/", views.ledger_xlsx, name="ledger_xlsx"),
]
