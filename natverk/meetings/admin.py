from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from natverk.core.admin_site import BackOfficeSite, QuickInlineMixin, WorkItem, search_without_joins
from natverk.files.forms import CheckedUploadAdminForm
from natverk.meetings.enums import MeetingStatus
from natverk.meetings.models import (
    AgendaItem,
    Invitation,
    Meeting,
    MeetingDocument,
    MeetingNetwork,
)
from natverk.meetings.services import (
    invitation_add,
    invitation_seat,
    invitation_withdraw,
    meeting_cancel,
    meeting_invite,
    meeting_update,
)
from natverk.registry.admin import MeetingsByNetworkNameFilter
from natverk.registry.forms import ParagraphsFormMixin


class InvitationAddForm(forms.ModelForm):
    """One more person invited, by hand: only a current representative of a member of
    the meeting's networks, and only once."""

    class Meta:
        model = Invitation
        fields = ["meeting", "person"]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        meeting, person = cleaned.get("meeting"), cleaned.get("person")
        if meeting is not None and person is not None:
            invitation_seat(meeting, person)
        return cleaned


class MeetingNetworkInline(QuickInlineMixin, admin.TabularInline):
    model = MeetingNetwork
    extra = 0
    autocomplete_fields = ["network"]


class AgendaItemInline(QuickInlineMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0


class InvitationInline(QuickInlineMixin, admin.TabularInline):
    """Those invited, with their answer and attendance. Invitations are made by the
    "send the invitations" action, to the networks' current representatives only."""

    model = Invitation
    extra = 0
    fields = ["person", "organisation", "answer", "attended", "withdrawn_at"]
    readonly_fields = ["person", "organisation", "withdrawn_at"]

    def has_add_permission(self, request, obj=None):
        return False


class MeetingDocumentInline(QuickInlineMixin, admin.TabularInline):
    model = MeetingDocument
    form = CheckedUploadAdminForm
    extra = 0
    fields = ["title", "file", "visibility", "category", "approved_at"]


class MeetingAdminForm(ParagraphsFormMixin, forms.ModelForm):
    """The meeting's description as paragraphs, never as HTML tags."""

    paragraph_fields = ("description",)

    class Meta:
        model = Meeting
        fields = [
            "title", "kind", "mode", "start", "end", "place", "city", "country", "theme",
            "description", "status", "is_public", "planned_year", "contact",
        ]  # fmt: skip


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    form = MeetingAdminForm
    list_display = ["title", "start", "kind", "mode", "status", "is_public", "sequence"]
    list_filter = ["status", "kind", "mode", "is_public", MeetingsByNetworkNameFilter]
    search_fields = ["title", "theme", "place", "city", "networks__name"]
    # Chosen by search: a list of everyone in the register would be a page of a megabyte.
    autocomplete_fields = ["contact"]
    date_hierarchy = "start"
    # The status follows from the actions (invite, cancel) and from attendance; the
    # registration is set on the meeting's page, which counts the places taken.
    readonly_fields = [
        "uid",
        "status",
        "sequence",
        "registration",
        "capacity",
        "waiting_list",
        "registration_closes",
        "created_at",
        "updated_at",
    ]
    inlines = [MeetingNetworkInline, AgendaItemInline, InvitationInline, MeetingDocumentInline]
    actions = ["invite", "cancel"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        return search_without_joins(self, queryset, search_term, self.search_fields)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == MeetingStatus.CANCELLED:
            return [field.name for field in Meeting._meta.fields]
        return super().get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Through the service, so that a change to an invited meeting reaches calendars.
        try:
            queued = meeting_update(
                meeting=obj,
                by=request.user,
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        obj.refresh_from_db()
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d update is on its way to those invited.",
                    "%(count)d updates are on their way to those invited.",
                    queued,
                )
                % {"count": queued},
                messages.SUCCESS,
            )

    @admin.action(description=_("Send the invitations"), permissions=["change"])
    def invite(self, request, queryset):
        self._act(request, queryset, meeting_invite)

    @admin.action(description=_("Cancel the meetings"), permissions=["change"])
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
    fields = [
        "meeting",
        "person",
        "organisation",
        "substitute_for",
        "answer",
        "answered_at",
        "attended",
        "withdrawn_at",
        "reminded_at",
    ]
    readonly_fields = [
        "meeting",
        "person",
        "organisation",
        "substitute_for",
        "answered_at",
        "withdrawn_at",
        "reminded_at",
    ]
    list_select_related = ["person", "organisation", "meeting"]
    show_full_result_count = False
    actions = ["withdraw"]
    add_form = InvitationAddForm
    autocomplete_fields = ["meeting", "person"]

    def get_fields(self, request, obj=None):
        return ["meeting", "person"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.meeting.registration:
            # A yes there is a registration, with its answers: given by the person.
            return [*self.readonly_fields, "answer"]
        return self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # Through the service: the person gets the invitation email like everyone else.
        created = invitation_add(meeting=obj.meeting, person=obj.person, by=request.user)
        obj.pk = created.pk

    @admin.action(description=_("Withdraw the invitations"), permissions=["change"])
    def withdraw(self, request, queryset):
        for invitation in queryset.select_related("meeting", "person"):
            invitation_withdraw(invitation=invitation, by=request.user)
        self.message_user(request, _("Withdrawn; each person gets a cancellation."))


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(SimpleHistoryAdmin):
    form = CheckedUploadAdminForm
    list_display = ["title", "meeting", "kind", "visibility", "uploaded_at"]
    list_filter = ["visibility", "kind"]
    search_fields = ["title", "meeting__title"]
    readonly_fields = ["kind"]
    autocomplete_fields = ["meeting", "uploaded_by"]
    list_select_related = ["meeting"]


def meetings_work(request) -> list[WorkItem]:
    return [
        WorkItem(
            text=str(_("Networks behind their meeting plan: the follow-up")),
            url=reverse("meetings:cadence"),
        )
    ]


if isinstance(admin.site, BackOfficeSite):
    admin.site.add_worklist(meetings_work)
