from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from natverk.files.forms import DocumentForm
from natverk.meetings.enums import Answer
from natverk.meetings.models import Meeting
from natverk.registry.models import Network

LOCAL_INPUT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    start = forms.DateTimeField(
        label=_("Starts"), required=False, input_formats=LOCAL_INPUT, widget=LocalDateTimeInput()
    )
    end = forms.DateTimeField(
        label=_("Ends"), required=False, input_formats=LOCAL_INPUT, widget=LocalDateTimeInput()
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item a line."),
    )
    other_networks = forms.ModelMultipleChoiceField(
        label=_("Together with other networks"),
        queryset=Network.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For a joint meeting: the networks invited besides this one. A network you do "
            "not coordinate is asked, and takes part once its coordinator says yes."
        ),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "mode",
            "start",
            "end",
            "place",
            "city",
            "country",
            "theme",
            "description",
            "is_public",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, network: Network, offered, **kwargs):
        """`offered`: the networks the coordinator may meet with (`scopes`)."""
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["other_networks"]).queryset = offered
        if self.instance.pk:
            self.fields["agenda"].initial = "\n".join(
                i.title for i in self.instance.agenda_items.all()
            )
            self.fields["other_networks"].initial = [
                *self.instance.networks.exclude(pk=network.pk).values_list("pk", flat=True),
                *self.instance.join_requests.filter(outcome="waiting").values_list(
                    "network_id", flat=True
                ),
            ]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The meeting must end after it starts."))
        if end and not start:
            self.add_error("start", _("A meeting with an end needs a start."))
        return cleaned

    @property
    def meeting_fields(self) -> dict:
        """The meeting's own fields, as given."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    @property
    def agenda_lines(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data.get("agenda", "").splitlines()
            if line.strip()
        ]


class PlanYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Attended"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["attended"]).choices = [
            (str(i.pk), f"{i.person.full_name} ({i.organisation.name})") for i in invitations
        ]
        self.fields["attended"].initial = [str(i.pk) for i in invitations if i.attended]


class MeetingDocumentForm(DocumentForm):
    pass


class SubstituteForm(forms.Form):
    email = forms.EmailField(label=_("The substitute's email"))
    given_name = forms.CharField(label=_("The substitute's given name"), max_length=100)
    family_name = forms.CharField(label=_("The substitute's family name"), max_length=100)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you come?"),
        choices=[
            (Answer.YES, _("Yes, I am coming")),
            (Answer.NO, _("No")),
            (Answer.MAYBE, _("Maybe")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the meeting's organiser only."),
    )

    def __init__(self, *args, invitation=None, answer: str | None = None, **kwargs):
        """`answer`, the one a link stands for, is chosen before the one given."""
        if invitation is not None:
            given = invitation.answer if invitation.answer != Answer.NONE else None
            kwargs.setdefault("initial", {"answer": answer or given, "comment": invitation.comment})
        super().__init__(*args, **kwargs)
