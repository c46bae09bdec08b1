from django.urls import path

from natverk.workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.my_networks, name="my_networks"),
    path("kalender/ny-adress/", views.calendar_renew, name="calendar_renew"),
    path("dokument/<int:pk>/", views.document_download, name="document"),
    path("dokument/<int:pk>/andra/", views.document_change, name="document_change"),
    path("dokument/<int:pk>/godkann/", views.document_approve, name="document_approve"),
    path("dokument/<int:pk>/ta-bort/", views.document_remove, name="document_remove"),
    path("inlagg/<int:pk>/andra/", views.post_change, name="post_change"),
    path("inlagg/<int:pk>/ta-bort/", views.post_remove, name="post_remove"),
    path("bilagor/<int:pk>/", views.attachment_download, name="attachment"),
    path("<slug:slug>/", views.network, name="network"),
    path("<slug:slug>/inlagg/", views.post_add, name="post_add"),
    path("<slug:slug>/granskad/", views.mark_reviewed, name="mark_reviewed"),
    path("<slug:slug>/dokument/", views.document_upload, name="document_upload"),
    path(
        "<slug:slug>/kontakter.xlsx",
        views.contacts_export,
        {"file_format": "xlsx"},
        name="contacts_xlsx",
    ),
    path(
        "<slug:slug>/kontakter.csv",
        views.contacts_export,
        {"file_format": "csv"},
        name="contacts_csv",
    ),
    path("<slug:slug>/representanter/", views.representatives, name="representatives"),
    path(
        "<slug:slug>/representanter/utse/",
        views.representative_appoint,
        name="representative_appoint",
    ),
    path(
        "<slug:slug>/representanter/avsluta/",
        views.representative_end,
        name="representative_end",
    ),
    path(
        "<slug:slug>/representanter/overlamna/",
        views.representative_hand_over,
        name="representative_hand_over",
    ),
    path(
        "<slug:slug>/representanter/ta-bort/",
        views.representative_remove,
        name="representative_remove",
    ),
    path(
        "<slug:slug>/representanter/bjud-in/",
        views.representative_invite,
        name="representative_invite",
    ),
]
