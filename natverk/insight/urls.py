from django.urls import path, re_path

from natverk.insight import views

app_name = "insight"

urlpatterns = [
    path("", views.index, name="index"),
    path("matris/", views.matrix_page, name="matrix"),
    re_path(r"^matris\.(?P<kind>csv|xlsx)$", views.matrix_download, name="matrix_download"),
    path("tackning/", views.coverage_page, name="coverage"),
    path("graf/", views.graph_page, name="graph"),
    path("karta/", views.map_page, name="map"),
]
