from typing import cast

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from natverk.files.forms import DocumentForm
from natverk.meetings.enums import Answer, QuestionKind
from natverk.meetings.models import Meeting
from natverk.meetings.selectors import meeting_days, registration_of
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
        """`answer`, the one a link stands for, is chosen before the one given. For a
        meeting with registration: yes or no, and the meeting's questions."""
        initial: dict = {}
        if invitation is not None:
            given = invitation.answer if invitation.answer != Answer.NONE else None
            initial = {"answer": answer or given, "comment": invitation.comment}
        self.questions: list = []
        meeting = invitation.meeting if invitation is not None else None
        if meeting is not None and meeting.registration:
            self.questions = list(meeting.questions.all())
            registration = registration_of(invitation)
            given_answers = (
                {a.question_id: a for a in registration.answers.all()} if registration else {}
            )
            for question in self.questions:
                found = given_answers.get(question.pk)
                if found is None:
                    continue
                if question.kind == QuestionKind.OVERNIGHT:
                    value: object = "" if found.yes is None else ("yes" if found.yes else "no")
                elif question.kind == QuestionKind.DAYS:
                    value = found.days
                else:
                    value = found.text
                initial[self.question_field(question)] = value
        if invitation is not None:
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if meeting is not None and meeting.registration:
            answer_field = cast(forms.ChoiceField, self.fields["answer"])
            answer_field.choices = [
                (Answer.YES, _("Yes, I register")),
                (Answer.NO, _("No, I am not coming")),
            ]
            answer_field.help_text = _("Registration is required: a yes needs the questions below.")
            days = [(day.isoformat(), date_format(day, "l j F")) for day in meeting_days(meeting)]
            for question in self.questions:
                self.fields[self.question_field(question)] = self._question_field(question, days)

    @staticmethod
    def question_field(question) -> str:
        return f"question_{question.pk}"

    @staticmethod
    def _question_field(question, days) -> forms.Field:
        label = question.text
        # Required only with a yes (checked in `clean`), so the field itself is optional.
        help_text = _("Required to register.") if question.required else _("Optional.")
        if question.kind == QuestionKind.OVERNIGHT:
            return forms.ChoiceField(
                label=label,
                required=False,
                choices=[("yes", _("Yes")), ("no", _("No"))],
                widget=forms.RadioSelect,
                help_text=help_text,
            )
        if question.kind == QuestionKind.DAYS:
            return forms.MultipleChoiceField(
                label=label,
                required=False,
                choices=days,
                widget=forms.CheckboxSelectMultiple,
                help_text=help_text,
            )
        return forms.CharField(
            label=label,
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=help_text,
        )

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("answer") == Answer.YES:
            for question in self.questions:
                name = self.question_field(question)
                if question.required and not cleaned.get(name):
                    self.add_error(name, _("Answer this question to register."))
        return cleaned

    @property
    def replies(self) -> dict:
        """The answers to the registration's questions, by question, as the services
        take them."""
        replies: dict = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.question_field(question))
            if question.kind == QuestionKind.OVERNIGHT:
                replies[question.pk] = {"yes": True, "no": False}.get(value or "")
            elif question.kind == QuestionKind.DAYS:
                replies[question.pk] = list(value or [])
            else:
                replies[question.pk] = value or ""
        return replies


class RegistrationForm(forms.Form):
    """The coordinator's settings for registration to one meeting."""

    enabled = forms.BooleanField(
        label=_("Those invited must register"),
        required=False,
        help_text=_("A yes is then a registration, with the answers to the questions below."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        help_text=_("Empty: no limit."),
    )
    waiting_list = forms.BooleanField(
        label=_("Keep a waiting list"),
        required=False,
        help_text=_(
            "When the places are taken, a yes goes on the waiting list; a place given up "
            "goes to the first on it, who is emailed."
        ),
    )
    closes = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        input_formats=LOCAL_INPUT,
        widget=LocalDateTimeInput(),
        help_text=_("Before the meeting starts. After it, answers can no longer be changed."),
    )
    ask_food = forms.BooleanField(
        label=_("Ask about food preferences and allergies"), required=False
    )
    ask_overnight = forms.BooleanField(
        label=_("Ask whether they stay overnight (yes or no, required)"), required=False
    )
    ask_days = forms.BooleanField(
        label=_("Ask which days they attend (for a meeting over several days, required)"),
        required=False,
    )
    own_question = forms.CharField(
        label=_("A question of your own"),
        required=False,
        max_length=200,
        help_text=_("Answered in writing. Empty: none."),
    )
    own_required = forms.BooleanField(label=_("Your question must be answered"), required=False)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        kinds = {q.kind: q for q in meeting.questions.all()}
        own = kinds.get(QuestionKind.TEXT)
        kwargs.setdefault(
            "initial",
            {
                "enabled": meeting.registration,
                "capacity": meeting.capacity,
                "waiting_list": meeting.waiting_list,
                "closes": meeting.registration_closes,
                "ask_food": QuestionKind.FOOD in kinds,
                "ask_overnight": QuestionKind.OVERNIGHT in kinds,
                "ask_days": QuestionKind.DAYS in kinds,
                "own_question": own.label if own else "",
                "own_required": own.required if own else False,
            },
        )
        super().__init__(*args, **kwargs)
        if len(meeting_days(meeting)) < 2:
            del self.fields["ask_days"]

    @property
    def question_specs(self) -> list[tuple[str, str, bool]]:
        """The questions chosen: (kind, wording of one's own, required)."""
        data = self.cleaned_data
        chosen = []
        if data.get("ask_food"):
            chosen.append((QuestionKind.FOOD.value, "", False))
        if data.get("ask_overnight"):
            chosen.append((QuestionKind.OVERNIGHT.value, "", True))
        if data.get("ask_days"):
            chosen.append((QuestionKind.DAYS.value, "", True))
        if data.get("own_question", "").strip():
            chosen.append(
                (
                    QuestionKind.TEXT.value,
                    data["own_question"].strip(),
                    bool(data.get("own_required")),
                )
            )
        return chosen
