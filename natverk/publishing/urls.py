from django.urls import path

from natverk.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.networks_page, name="start"),
    path("natverk/", views.networks_page, name="networks"),
    path("natverk/<slug:slug>/", views.network_page, name="network"),
    path("moten/", views.meetings_page, name="meetings"),
    path("organisationer/", views.organisations_page, name="organisations"),
    path("organisationer/<slug:slug>/", views.organisation_page, name="organisation"),
    path("tillganglighet/", views.site_page, {"kind": "accessibility"}, name="accessibility"),
    path("om-webbplatsen/", views.site_page, {"kind": "about"}, name="about"),
    path("kontakt/", views.contact_page, name="contact"),
    path("personuppgifter-och-kakor/", views.site_page, {"kind": "privacy"}, name="privacy"),
]

# Calendar files, outside the language prefixes as the networks' own feeds are.
feed_urlpatterns = [
    path("kalender/moten.ics", views.meetings_feed, name="meetings_feed"),
    path("kalender/moten/<int:pk>.ics", views.meeting_calendar, name="meeting_calendar"),
]
