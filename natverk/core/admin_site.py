"""The back office: Django's admin, open to the secretariat only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class BackOfficeSite(admin.AdminSite):
    site_header = _("Nätverk – administration")
    site_title = _("Nätverk")
    index_title = _("The register")

    def has_permission(self, request) -> bool:
        """A staff account is not enough: the rules must say it is the secretariat's
        (a coordinator made staff by mistake still sees no back office)."""
        return super().has_permission(request) and request.user.has_perm("core.use_back_office")
