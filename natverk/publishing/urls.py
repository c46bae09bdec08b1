from django.urls import path

from natverk.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.networks_page, name="start"),
    path("natverk/", views.networks_page, name="networks"),
    path("natverk/<slug:slug>/", views.network_page, name="network"),
    path("organisationer/", views.organisations_page, name="organisations"),
    path("organisationer/<slug:slug>/", views.organisation_page, name="organisation"),
]
