"""Meetings of networks, the invitations to them, and the messages that carry those."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from natverk.core.models import OutgoingMessage, TimeStampedModel
from natverk.files.models import SharedFile
from natverk.meetings.enums import (
    Answer,
    InvitationOrigin,
    JoinOutcome,
    MeetingKind,
    MeetingMode,
    MeetingStatus,
    QuestionKind,
    RegistrationStatus,
    WithdrawalReason,
)
from natverk.people.models import Person
from natverk.registry.models import Network, Organisation

HOME_COUNTRY = "Sverige"


class MeetingQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True).exclude(status=MeetingStatus.PLANNED, start__isnull=True)

    def dated(self):
        return self.filter(start__isnull=False)


class Meeting(TimeStampedModel):
    """A meeting of one or more networks. A draft from the yearly plan has no date yet."""

    uid = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Stable identity of the meeting in calendars (the iCalendar UID)."),
    )
    networks: "models.ManyToManyField[Network, MeetingNetwork]" = models.ManyToManyField(
        Network,
        verbose_name=_("networks"),
        through="MeetingNetwork",
        related_name="meetings",
        help_text=_("The networks meeting; one of them leads."),
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("What the meeting is called."))
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=MeetingKind.choices,
        default=MeetingKind.ORDINARY,
        help_text=_(
            "Ordinary, residential (over several days), thematic, training or information."
        ),
    )
    mode = models.CharField(
        _("form"),
        max_length=20,
        choices=MeetingMode.choices,
        default=MeetingMode.IN_PERSON,
        help_text=_("In person, digital or both."),
    )
    start = models.DateTimeField(
        _("starts"), null=True, blank=True, help_text=_("Empty for a draft not yet dated.")
    )
    end = models.DateTimeField(_("ends"), null=True, blank=True, help_text=_("When it ends."))
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Venue, or the link of a digital meeting."),
    )
    city = models.CharField(
        _("city"), max_length=100, blank=True, help_text=_("E.g. Lund or Bryssel.")
    )
    country = models.CharField(
        _("country"), max_length=100, blank=True, default=HOME_COUNTRY, help_text=_("E.g. Belgien.")
    )
    theme = models.CharField(
        _("theme"), max_length=200, blank=True, help_text=_("The current theme, if any.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the meeting is for. Limited HTML.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PLANNED,
        help_text=_("Planned, invited, held or cancelled."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the network's public page and in its public calendar."),
    )
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        editable=False,
        help_text=_("Raised on every change sent to calendars (the iCalendar SEQUENCE)."),
    )
    planned_year = models.PositiveSmallIntegerField(
        _("year of the plan"),
        null=True,
        blank=True,
        help_text=_("For a draft from a yearly plan: the year it belongs to."),
    )
    contact = models.ForeignKey(
        Person,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        # Without them, the leading network's coordinator is the contact.
        on_delete=models.SET_NULL,
        related_name="meetings_organised",
        help_text=_(
            "Whom those invited ask about the meeting; the organizer in calendar files, so "
            "that a reply from a calendar program reaches them. Empty: the leading "
            "network's coordinator."
        ),
    )
    # Registration, for meetings that need it (a residential meeting with rooms and meals,
    # say): off unless the coordinator turns it on.
    registration = models.BooleanField(
        _("registration"),
        default=False,
        help_text=_(
            "Those invited register, answering the meeting's questions, when they say yes."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("How many can be registered; empty: no limit."),
    )
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=False,
        help_text=_("When the places are taken, a yes goes on a waiting list."),
    )
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("After this, answers can no longer be changed; before the meeting starts."),
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = [F("start").asc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gt=F("start")),
                name="meetings_meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=False),
                name="meetings_meeting_end_needs_start",
                violation_error_message=_("A meeting with an end needs a start."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="meetings_meeting_capacity_positive",
                violation_error_message=_("A meeting has at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__isnull=True)
                | (Q(start__isnull=False) & Q(registration_closes__lt=F("start"))),
                name="meetings_meeting_registration_closes_before_start",
                violation_error_message=_("Registration must close before the meeting starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        from natverk.registry.sanitising import sanitise_rich_text

        self.description = sanitise_rich_text(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", kwargs={"pk": self.pk})

    @property
    def abroad(self) -> bool:
        return bool(self.country) and self.country != HOME_COUNTRY

    @property
    def where(self) -> str:
        """Place and city, and the country when abroad: as people write it."""
        parts = [self.place, self.city, self.country if self.abroad else ""]
        return ", ".join(part for part in parts if part)

    @property
    def town(self) -> str:
        """The city, and the country when abroad: for lists."""
        return ", ".join(part for part in [self.city, self.country if self.abroad else ""] if part)

    @property
    def finished(self) -> bool:
        """Over: its end (or, without one, its start) has passed."""
        moment = self.end or self.start
        return moment is not None and moment <= timezone.now()

    @property
    def begun(self) -> bool:
        return self.start is not None and self.start <= timezone.now()

    @property
    def leading_network(self) -> Network | None:
        link = next((m for m in self.meetingnetwork_set.all() if m.leading), None)
        return link.network if link else None

    @property
    def network(self) -> Network | None:
        """The network that organises the meeting, whose coordinators manage it."""
        return self.leading_network

    @property
    def organiser(self) -> Network:
        """The leading network of a meeting that has one (every saved meeting has)."""
        network = self.leading_network
        if network is None:
            raise ValueError(f"Meeting {self.pk} has no leading network.")
        return network


class MeetingNetwork(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, help_text=_("The meeting.")
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        help_text=_("A network taking part."),
    )
    leading = models.BooleanField(
        _("leading"), default=False, help_text=_("The network that organises the meeting.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network of a meeting")
        verbose_name_plural = _("networks of the meeting")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "network"], name="meetings_one_link_per_network"
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(leading=True),
                name="meetings_one_leading_network",
                violation_error_message=_("A meeting has one leading network."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.network}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
        help_text=_("The meeting."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order on the agenda.")
    )
    title = models.CharField(_("item"), max_length=300, help_text=_("What is discussed."))

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """A person invited to a meeting, for an organisation; their answer and attendance."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text=_("The meeting."),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        # Erasure anonymises people; they are never deleted under their invitations.
        on_delete=models.PROTECT,
        related_name="invitations",
        help_text=_("Who is invited."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("for"),
        on_delete=models.PROTECT,
        related_name="invitations",
        help_text=_("The member organisation the person comes for."),
    )
    answer = models.CharField(
        _("answer"),
        max_length=10,
        choices=Answer.choices,
        default=Answer.NONE,
        help_text=_("Yes, no or maybe."),
    )
    answered_at = models.DateTimeField(
        _("answered"), null=True, blank=True, help_text=_("When the answer came.")
    )
    comment = models.TextField(
        _("comment"),
        blank=True,
        max_length=1000,
        help_text=_("What the person added to their answer. Personal data."),
    )
    attended = models.BooleanField(
        _("attended"), null=True, blank=True, help_text=_("Recorded after the meeting.")
    )
    substitute_for = models.ForeignKey(
        "self",
        verbose_name=_("substitute for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitutes",
        help_text=_("The invitation this person comes in place of."),
    )
    origin = models.CharField(
        _("invited"),
        max_length=20,
        choices=InvitationOrigin.choices,
        default=InvitationOrigin.SENT,
        help_text=_("With the invitations, by hand, as a substitute or after a change of seat."),
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn"),
        null=True,
        blank=True,
        help_text=_("When the invitation was withdrawn; its answer links stop working."),
    )
    withdrawn_reason = models.CharField(
        _("why withdrawn"),
        max_length=20,
        choices=WithdrawalReason.choices,
        blank=True,
        help_text=_("By the coordinator, after a change of seat, or on erasure."),
    )
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        editable=False,
        help_text=_(
            "Raised each time the invitation is withdrawn or renewed. Added to the "
            "meeting's revision in the person's calendar file, so that it never goes back."
        ),
    )
    reminded_at = models.DateTimeField(
        _("reminded"), null=True, blank=True, help_text=_("When a reminder was sent.")
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True, help_text=_("When."))
    # The emails about it, in the outbox.
    messages = GenericRelation(
        OutgoingMessage,
        content_type_field="about_type",
        object_id_field="about_id",
        related_query_name="invitation",
    )

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["organisation__name", "person__family_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="meetings_one_invitation_per_person",
                violation_error_message=_("The person is already invited to this meeting."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_reason="")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawn_reason="")),
                name="meetings_invitation_withdrawn_with_reason",
                violation_error_message=_("A withdrawn invitation says why, and only then."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def calendar_sequence(self) -> int:
        """The SEQUENCE of the person's copy: the meeting's changes and the invitation's
        own (withdrawn, renewed) both raise it, so it only ever rises."""
        return self.meeting.sequence + self.sequence


class MeetingDocument(SharedFile):
    """An agenda, minutes or slides of a meeting, seen by whom its visibility says."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="documents",
        help_text=_("The meeting."),
    )

    history = HistoricalRecords(excluded_fields=["uploaded_at"])

    class Meta(SharedFile.Meta):
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    @property
    def folder(self) -> int:
        return self.meeting_id

    @property
    def network(self):
        """The leading network: whose members a members-only document is for."""
        return self.meeting.leading_network


class JointMeetingRequest(models.Model):
    """A meeting's coordinator asks another network to take part: the network joins only
    once one of its own coordinators (or the secretariat) says yes, so that nobody invites
    the representatives of a network they do not run."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="join_requests",
        help_text=_("The meeting."),
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="join_requests",
        help_text=_("The network asked to take part."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who asked."),
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True, help_text=_("When."))
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=JoinOutcome.choices,
        default=JoinOutcome.WAITING,
        help_text=_("Waiting, joined or declined."),
    )
    decided_at = models.DateTimeField(
        _("decided"), null=True, blank=True, help_text=_("When the network's coordinator answered.")
    )

    history = HistoricalRecords(excluded_fields=["requested_at"])

    class Meta:
        verbose_name = _("request to take part in a meeting")
        verbose_name_plural = _("requests to take part in meetings")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "network"],
                condition=Q(outcome="waiting"),
                name="meetings_one_waiting_join_request",
                violation_error_message=_("The network has been asked already."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="waiting", decided_at__isnull=True)
                | (~Q(outcome="waiting") & Q(decided_at__isnull=False)),
                name="meetings_join_request_decided_when_not_waiting",
                violation_error_message=_("An answered request says when, and only then."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} – {self.meeting}"


class RegistrationQuestion(models.Model):
    """A question those registering for a meeting answer: one of the kinds the site knows
    (food, overnight stay, days attending), or one of the coordinator's own."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="questions",
        help_text=_("The meeting."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuestionKind.choices, help_text=_("What it asks.")
    )
    label = models.CharField(
        _("question"),
        max_length=200,
        blank=True,
        help_text=_("The coordinator's own question; the others are worded by the site."),
    )
    required = models.BooleanField(
        _("required"), default=False, help_text=_("Must be answered to register.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order on the form.")
    )

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind"],
                condition=~Q(kind=QuestionKind.TEXT),
                name="meetings_question_kind_once",
                violation_error_message=_("The meeting asks this question already."),
            ),
            models.CheckConstraint(
                condition=Q(kind=QuestionKind.TEXT, label__gt="") | ~Q(kind=QuestionKind.TEXT),
                name="meetings_own_question_worded",
                violation_error_message=_("A question of one's own needs its wording."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The question as the form asks it."""
        if self.kind == QuestionKind.TEXT:
            return self.label
        return str(QuestionKind(self.kind).label)


class Registration(models.Model):
    """An invited person's registration: a place, or one on the waiting list (in the
    order they came). Saying no removes it. Personal data, with its answers."""

    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.CASCADE,
        related_name="registration",
        help_text=_("Whose registration; one per invitation."),
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="registrations",
        help_text=_("The meeting (that of the invitation)."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        help_text=_("Registered, or on the waiting list."),
    )
    queued_at = models.DateTimeField(
        _("registered"), help_text=_("When the person said yes: their place in the queue.")
    )
    seated_at = models.DateTimeField(
        _("place since"), null=True, blank=True, help_text=_("When they got their place.")
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=RegistrationStatus.REGISTERED, seated_at__isnull=False)
                | Q(status=RegistrationStatus.WAITING, seated_at__isnull=True),
                name="meetings_registration_seated_when_registered",
                violation_error_message=_("A registered person has a place, and only they."),
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.invitation} ({self.get_status_display()})"


class RegistrationAnswer(models.Model):
    """The answer to one question of a registration. Personal data: the coordinators of
    the meeting and the secretariat see it; erasure removes it."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="answers",
        help_text=_("Whose answer."),
    )
    question = models.ForeignKey(
        RegistrationQuestion,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="answers",
        help_text=_("The question answered."),
    )
    text = models.TextField(
        _("answer"), blank=True, max_length=1000, help_text=_("A written answer.")
    )
    yes = models.BooleanField(_("yes"), null=True, blank=True, help_text=_("A yes or no answer."))
    days = models.JSONField(
        _("days"), default=list, blank=True, help_text=_("The days chosen (ISO dates).")
    )

    class Meta:
        verbose_name = _("registration answer")
        verbose_name_plural = _("registration answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"],
                name="meetings_one_answer_per_question",
                violation_error_message=_("The question is answered already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.registration}"
