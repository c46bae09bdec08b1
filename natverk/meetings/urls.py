from django.urls import path

from natverk.meetings.views import coordinators, feeds, links, members, secretariat

app_name = "meetings"

urlpatterns = [
    path("uppfoljning/", secretariat.cadence_report, name="cadence"),
    path("uppfoljning/organisationer.xlsx", secretariat.engagement_export, name="engagement"),
    path("moten/<int:pk>/", members.meeting_detail, name="meeting"),
    path("moten/<int:pk>/andra/", coordinators.meeting_edit, name="edit"),
    path("moten/<int:pk>/svara/", members.my_answer, name="my_answer"),
    path("moten/<int:pk>/bjud-in/", coordinators.invite, name="invite"),
    path("moten/<int:pk>/stall-in/", coordinators.cancel, name="cancel"),
    path("moten/<int:pk>/paminn/", coordinators.remind, name="remind"),
    path("moten/<int:pk>/genomfort/", coordinators.mark_held, name="mark_held"),
    path("moten/<int:pk>/narvaro/", coordinators.attendance, name="attendance"),
    path("moten/<int:pk>/anmalan/", coordinators.registration, name="registration"),
    path(
        "moten/<int:pk>/anmalningar.xlsx",
        coordinators.registrations_export,
        name="registrations_export",
    ),
    path(
        "moten/<int:pk>/inbjudningar/<int:invitation_pk>/aterkalla/",
        coordinators.withdraw,
        name="withdraw",
    ),
    path("moten/<int:pk>/dokument/", coordinators.document_upload, name="document_upload"),
    path("motesdokument/<int:pk>/", members.document_download, name="document"),
    path("motesdokument/<int:pk>/andra/", coordinators.document_change, name="document_change"),
    path("motesdokument/<int:pk>/godkann/", coordinators.document_approve, name="document_approve"),
    path("motesdokument/<int:pk>/ta-bort/", coordinators.document_remove, name="document_remove"),
    path("delta/<int:pk>/", coordinators.join_answer, name="join_answer"),
    path("<slug:slug>/moten/", members.network_meetings, name="network"),
    path("<slug:slug>/moten/nytt/", coordinators.meeting_add, name="add"),
    path("<slug:slug>/moten/arsplan/", coordinators.plan_year, name="plan_year"),
]

answer_urlpatterns = [
    path("svar/<uidb64>/<token>/", links.invitation_page, name="invitation"),
    path("svar/<uidb64>/<token>/dokument/<int:pk>/", links.document, name="document"),
    path("svar/<uidb64>/<str:answer>/<token>/", links.answer, name="answer"),
]

feed_urlpatterns = [
    path("kalender/natverk/<slug:slug>.ics", feeds.network_feed, name="network_feed"),
    path(
        "kalender/organisation/<slug:slug>.ics", feeds.organisation_feed, name="organisation_feed"
    ),
    path("kalender/person/<str:token>.ics", feeds.person_feed, name="person_feed"),
]
