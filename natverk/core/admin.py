"""The back office's records of what happened: the audit trail and the outbox, read only."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from natverk.core.forms import SiteIdentityForm
from natverk.core.models import AuditEntry, OutgoingMessage, SiteIdentity
from natverk.core.outbox import messages_retry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, read only."""

    list_display = ["at", "actor", "action", "subject_type", "subject_id"]
    list_filter = ["action"]
    search_fields = ["action", "subject_id", "actor__username"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


MESSAGE_FIELDS = (
    "kind_display",
    "to",
    "language",
    "thread",
    "subject",
    "status",
    "attempts",
    "last_error",
    "next_attempt_at",
    "lease_expires_at",
    "queued_at",
    "sent_at",
)


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    """Where each email is on its way: for following up what the mail server did. Read
    only; a message that failed for good can be sent once more."""

    list_display = [
        "queued_at",
        "kind_display",
        "to",
        "subject",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    date_hierarchy = "queued_at"
    fields = MESSAGE_FIELDS
    readonly_fields = MESSAGE_FIELDS
    actions = ["resend"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("core.resend_outgoingmessage")

    @admin.display(description=_("kind"), ordering="kind")
    def kind_display(self, message):
        return message.kind_label

    @admin.action(description=_("Try the failed messages once more"), permissions=["resend"])
    def resend(self, request, queryset):
        count = messages_retry(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be tried again.",
                "%(count)d messages will be tried again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(SiteIdentity)
class SiteIdentityAdmin(admin.ModelAdmin):
    """Whose site this is: one row, changed, never removed."""

    form = SiteIdentityForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "name_en", "description", "description_en"]}),
        (
            _("Logo and colour"),
            {"fields": ["new_logo", "remove_logo", "logo_alt", "logo_alt_en", "accent_colour"]},
        ),
        (
            _("Addresses"),
            {"fields": ["address", "organisation_number", "contact_email", "site_url"]},
        ),
    ]

    def has_add_permission(self, request):
        return not SiteIdentity.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
