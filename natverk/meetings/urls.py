from django.urls import path

from natverk.meetings import views

app_name = "meetings"

urlpatterns = [
    path("uppfoljning/", views.cadence_report, name="cadence"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting"),
    path("moten/<int:pk>/andra/", views.meeting_edit, name="edit"),
    path("moten/<int:pk>/svara/", views.my_answer, name="my_answer"),
    path("moten/<int:pk>/bjud-in/", views.invite, name="invite"),
    path("moten/<int:pk>/stall-in/", views.cancel, name="cancel"),
    path("moten/<int:pk>/narvaro/", views.attendance, name="attendance"),
    path(
        "moten/<int:pk>/inbjudningar/<int:invitation_pk>/aterkalla/",
        views.withdraw,
        name="withdraw",
    ),
    path("moten/<int:pk>/dokument/", views.document_upload, name="document_upload"),
    path("motesdokument/<int:pk>/", views.document_download, name="document"),
    path("<slug:slug>/moten/", views.network_meetings, name="network"),
    path("<slug:slug>/moten/nytt/", views.meeting_add, name="add"),
    path("<slug:slug>/moten/arsplan/", views.plan_year, name="plan_year"),
]

answer_urlpatterns = [
    path("svar/<uidb64>/<str:answer>/<token>/", views.answer, name="answer"),
]

feed_urlpatterns = [
    path("kalender/natverk/<slug:slug>.ics", views.network_feed, name="network_feed"),
    path(
        "kalender/organisation/<slug:slug>.ics", views.organisation_feed, name="organisation_feed"
    ),
    path("kalender/person/<str:token>.ics", views.person_feed, name="person_feed"),
]
