from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from natverk.core.views import healthz, readyz, theme_css
from natverk.meetings.urls import answer_urlpatterns, feed_urlpatterns
from natverk.publishing.sitemaps import SITEMAPS

urlpatterns = [
    path("theme.css", theme_css, name="theme_css"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include((feed_urlpatterns, "feeds"))),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("konto/", include("natverk.access.urls")),
    path("mina-natverk/", include("natverk.meetings.urls")),
    path("mina-natverk/", include("natverk.workspace.urls")),
    path("", include((answer_urlpatterns, "answers"))),
    path("", include("natverk.publishing.urls")),
    prefix_default_language=False,
)

handler404 = "natverk.publishing.views.not_found"
