"""The back office's page of the required pages: accessibility, about, personal data."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from natverk.publishing.models import SitePages


@admin.register(SitePages)
class SitePagesAdmin(admin.ModelAdmin):
    """One row, changed, never removed. A text left empty is written from the identity."""

    fieldsets = [
        (
            _("Accessibility statement"),
            {
                "fields": [
                    "compliance",
                    "shortcomings",
                    "shortcomings_en",
                    "assessed_on",
                    "accessibility_extra",
                    "accessibility_extra_en",
                ]
            },
        ),
        (_("About the site"), {"fields": ["about", "about_en"]}),
        (_("Personal data and cookies"), {"fields": ["privacy", "privacy_en"]}),
    ]

    def has_add_permission(self, request):
        return not SitePages.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
