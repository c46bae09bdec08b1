from django.urls import path

from natverk.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.networks_page, name="start"),
    path("natverk/", views.networks_page, name="networks"),
    path("natverk/<slug:slug>/", views.network_page, name="network"),
    path("organisationer/", views.organisations_page, name="organisations"),
    path("organisationer/<slug:slug>/", views.organisation_page, name="organisation"),
    path("tillganglighet/", views.site_page, {"kind": "accessibility"}, name="accessibility"),
    path("om-webbplatsen/", views.site_page, {"kind": "about"}, name="about"),
    path("kontakt/", views.contact_page, name="contact"),
    path("personuppgifter-och-kakor/", views.site_page, {"kind": "privacy"}, name="privacy"),
]
