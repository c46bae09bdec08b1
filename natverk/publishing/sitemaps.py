"""The sitemap: an index (`/sitemap.xml`) of one file per section, each of at most
URLS_PER_FILE addresses (every page in Swedish and in English counts as two), in more
files when a section has more. Each file is kept in the page cache (`views.sitemap_*`)
until the part of the register it lists changes."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from natverk.publishing.caching import NETWORKS, ORGANISATIONS
from natverk.registry.models import Network, Organisation

URLS_PER_FILE = 1000


class PagesSitemap(Sitemap):
    limit = URLS_PER_FILE
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return [
            "publishing:networks",
            "publishing:organisations",
            "publishing:meetings",
            "publishing:about",
            "publishing:accessibility",
            "publishing:privacy",
            "publishing:contact",
        ]

    def location(self, name):
        return reverse(name)


class NetworksSitemap(Sitemap):
    limit = URLS_PER_FILE
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Network.objects.public().order_by("slug").only("slug", "updated_at")

    def lastmod(self, network):
        return network.updated_at


class OrganisationsSitemap(Sitemap):
    limit = URLS_PER_FILE
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Organisation.objects.public().order_by("slug").only("slug", "updated_at")

    def lastmod(self, organisation):
        return organisation.updated_at


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "pages": PagesSitemap,
    "networks": NetworksSitemap,
    "organisations": OrganisationsSitemap,
}

# The part of the register each section lists (its file is rendered again when it
# changes); the index names how many files each has.
SECTION_SCOPES: dict[str, list[str]] = {
    "pages": [],
    "networks": [NETWORKS],
    "organisations": [ORGANISATIONS],
}
