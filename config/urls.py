from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from natverk.api.urls import open_data_urls
from natverk.core.views import favicon, healthz, logo, readyz, robots_txt, theme_css
from natverk.insight.urls import report_urlpatterns
from natverk.meetings.urls import answer_urlpatterns, feed_urlpatterns
from natverk.publishing.urls import feed_urlpatterns as calendar_feed_urlpatterns
from natverk.publishing.views import sitemap_index, sitemap_section

urlpatterns = [
    path("theme.css", theme_css, name="theme_css"),
    path("logo", logo, name="site_logo"),
    path("favicon.ico", favicon, name="favicon"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
    path("", include((feed_urlpatterns + calendar_feed_urlpatterns, "feeds"))),
    path("api/v1/", include("natverk.api.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("konto/", include("natverk.access.urls")),
    path("mina-natverk/rapporter/", include((report_urlpatterns, "reports"))),
    path("mina-natverk/", include("natverk.meetings.urls")),
    path("mina-natverk/", include("natverk.workspace.urls")),
    path("", include((answer_urlpatterns, "answers"))),
    open_data_urls,
    path("insikt/", include("natverk.insight.urls")),
    path("", include("natverk.publishing.urls")),
    prefix_default_language=False,
)

handler404 = "natverk.api.views.not_found"
