from django.urls import path

from registers import import_views, views

app_name = "registers"

urlpatterns = [
    path("mine/", views.my_register, name="my_register"),
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
    path(
        "<int:pk>/import/<uuid:token>/options/",
        import_views.import_options,
        name="import_options",
    ),
    path("<int:pk>/import/<uuid:token>/skip/", import_views.import_skip, name="import_skip"),
    path("<int:pk>/import/<uuid:token>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("", views.register_list, name="register_list"),
    path("<int:pk>/", views.register_detail, name="register_detail"),
    path("<int:pk>/entries/new/", views.entry_new, name="entry_new"),
    path("<int:pk>/entries/<int:entry_id>/edit/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/entries/<int:entry_id>/delete/", views.entry_remove, name="entry_delete"),
    path("<int:pk>/entries/<int:entry_id>/move/", views.entry_move, name="entry_move"),
    path("<int:pk>/grade-proposal/", views.grade_proposal, name="grade_proposal"),
    path("authority/", views.authority_list, name="authority_list"),
    path("authority/new/", views.authority_create, name="authority_create"),
    path("authority/<int:pk>/", views.authority_detail, name="authority_detail"),
    path("authority/<int:pk>/edit/", views.authority_edit, name="authority_edit"),
    path("authority/<int:pk>/delete/", views.authority_delete, name="authority_delete"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_form, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_form, name="campaign_edit"),
    path("campaigns/<int:pk>/start/", views.campaign_start_view, name="campaign_start"),
    path("campaigns/<int:pk>/complete/", views.campaign_complete_view, name="campaign_complete"),
]
