from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from natverk.registry.models import Network, Organisation


class PagesSitemap(Sitemap):
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
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Network.objects.public().order_by("slug").only("slug", "updated_at")

    def lastmod(self, network):
        return network.updated_at


class OrganisationsSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Organisation.objects.public().order_by("slug").only("slug", "updated_at")

    def lastmod(self, organisation):
        return organisation.updated_at


SITEMAPS = {
    "pages": PagesSitemap,
    "networks": NetworksSitemap,
    "organisations": OrganisationsSitemap,
}
