from django.urls import include, path, re_path
from django.utils.translation import pgettext_lazy
from rest_framework.routers import DefaultRouter

from natverk.api import views

app_name = "api"

router = DefaultRouter()
router.register("networks", views.NetworkViewSet, basename="network")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("relations", views.RelationViewSet, basename="relation")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("focus", views.FocusViewSet, basename="focus")

urlpatterns = [
    path("popolo.json", views.PopoloView.as_view(), name="popolo"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.api_docs_redirect, name="docs"),
    path("", include(router.urls)),
]

# The open-data page and its downloads, in each language's words: /oppna-data/ and
# /en/open-data/.
open_data_urlpatterns = [
    path("", views.open_data_page, name="page"),
    path("api/", views.api_docs, name="api_docs"),
    re_path(r"^(?P<dataset>[a-z]+)\.(?P<extension>csv|xlsx)$", views.download, name="download"),
    re_path(
        r"^(?P<dataset>[a-z]+)-README\.txt$",
        views.download,
        {"extension": "txt"},
        name="readme",
    ),
]
open_data_urls = path(
    pgettext_lazy("address", "open-data/"), include((open_data_urlpatterns, "opendata"))
)
