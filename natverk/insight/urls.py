from django.urls import path, re_path

from natverk.insight.views import public, reports

app_name = "insight"

urlpatterns = [
    path("", public.index, name="index"),
    path("matris/", public.matrix_page, name="matrix"),
    re_path(r"^matris\.(?P<kind>csv|xlsx)$", public.matrix_download, name="matrix_download"),
    path("tackning/", public.coverage_page, name="coverage"),
    path("graf/", public.graph_page, name="graph"),
    path("karta/", public.map_page, name="map"),
]

# Under the member area: the secretariat's reports.
report_urlpatterns = [
    path("", reports.index, name="index"),
    path("engagemang/", reports.engagement, name="engagement"),
    path("motesplan/", reports.cadence, name="cadence"),
    path("arbetsbelastning/", reports.workload, name="workload"),
    path("vakanta-platser/", reports.vacancies, name="vacancies"),
    path("att-se-over/", reports.closing, name="closing"),
    path("organisationens-ar/", reports.organisation_year, name="organisation_year"),
]
