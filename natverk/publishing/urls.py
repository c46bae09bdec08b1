from django.urls import path

from natverk.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.start_page, name="start"),
    path("natverk/<slug:slug>/", views.network_page, name="network"),
    path("organisationer/<slug:slug>/", views.organisation_page, name="organisation"),
]
