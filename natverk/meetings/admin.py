from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from natverk.meetings.models import (
    AgendaItem,
    Invitation,
    Meeting,
    MeetingDocument,
    MeetingNetwork,
    OutgoingMessage,
)
from natverk.meetings.services import meeting_cancel, meeting_invite
from natverk.workspace.forms import CheckedUploadAdminForm


class MeetingNetworkInline(admin.TabularInline):
    model = MeetingNetwork
    extra = 0
    autocomplete_fields = ["network"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["person", "organisation", "answer", "attended", "withdrawn_at"]
    readonly_fields = ["withdrawn_at"]
    autocomplete_fields = ["person", "organisation"]


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    form = CheckedUploadAdminForm
    extra = 0
    fields = ["title", "file", "visibility"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "start", "kind", "mode", "status", "is_public", "sequence"]
    list_filter = ["status", "kind", "mode", "is_public", "networks"]
    search_fields = ["title", "theme", "place", "city", "networks__name"]
    date_hierarchy = "start"
    readonly_fields = ["uid", "sequence", "created_at", "updated_at"]
    inlines = [MeetingNetworkInline, AgendaItemInline, InvitationInline, MeetingDocumentInline]
    actions = ["invite", "cancel"]

    @admin.action(description=_("Send the invitations"))
    def invite(self, request, queryset):
        self._act(request, queryset, meeting_invite)

    @admin.action(description=_("Cancel the meetings"))
    def cancel(self, request, queryset):
        self._act(request, queryset, meeting_cancel)

    def _act(self, request, queryset, action):
        total = 0
        for meeting in queryset:
            try:
                total += action(meeting=meeting, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{meeting}: {' '.join(error.messages)}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d message queued.", "%(count)d messages queued.", total)
            % {"count": total},
            messages.SUCCESS,
        )


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organisation", "meeting", "answer", "attended", "withdrawn_at"]
    list_filter = ["answer", "attended"]
    search_fields = [
        "person__given_name",
        "person__family_name",
        "meeting__title",
        "organisation__name",
    ]
    autocomplete_fields = ["person", "organisation", "meeting", "substitute_for"]
    list_select_related = ["person", "organisation", "meeting"]


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    """Where each email is: read only, for following up what the mail server did."""

    list_display = [
        "invitation",
        "kind",
        "status",
        "attempts",
        "queued_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["invitation__person__family_name", "invitation__meeting__title"]
    list_select_related = ["invitation__person", "invitation__meeting"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(admin.ModelAdmin):
    form = CheckedUploadAdminForm
    list_display = ["title", "meeting", "kind", "visibility", "uploaded_at"]
    list_filter = ["visibility", "kind"]
    search_fields = ["title", "meeting__title"]
    readonly_fields = ["kind"]
