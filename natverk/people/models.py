"""People who sit in networks. Everything here is personal data: never public."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from natverk.core.models import PeriodModel, TimeStampedModel
from natverk.people.enums import AppointmentOutcome, Language, LegalBasis, RepresentationRole
from natverk.registry.models import Network, Organisation


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class Person(TimeStampedModel):
    """An official who represents an organisation in networks."""

    given_name = models.CharField(
        _("given name"), max_length=100, help_text=_("First name(s), e.g. 'Anna'.")
    )
    family_name = models.CharField(
        _("family name"), max_length=100, help_text=_("Last name, e.g. 'Svensson'.")
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Job title, e.g. 'EU-samordnare'."),
    )
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        # Losing the employer row must not lose the person; the field is simply emptied.
        on_delete=models.SET_NULL,
        related_name="employees",
        help_text=_("The organisation the person works for."),
    )
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Work email address. Never shown publicly.")
    )
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("Work phone. Never shown publicly.")
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.SWEDISH,
        help_text=_("Language of emails and invitations to this person."),
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=20,
        choices=LegalBasis.choices,
        default=LegalBasis.PUBLIC_TASK,
        help_text=_("Why the register may hold this person's data."),
    )
    last_confirmed = models.DateField(
        _("last confirmed"),
        null=True,
        blank=True,
        help_text=_("When the person or their organisation last confirmed the details."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        # Closing an account leaves the person in the register.
        on_delete=models.SET_NULL,
        related_name="person",
        help_text=_("The login of this person, if they have one."),
    )
    calendar_token = models.CharField(
        _("calendar key"),
        max_length=43,
        unique=True,
        default=new_calendar_token,
        editable=False,
        help_text=_("The secret part of the address of the person's own meeting calendar."),
    )
    erased_at = models.DateTimeField(
        _("erased"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the person's data was erased; the row stays so that counts stay right."),
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name"]
        indexes = [
            # The back office's list of 200,000 people, in its order, read a page at a time.
            models.Index(
                fields=["family_name", "given_name", "-id"], name="people_person_list_order"
            ),
        ]
        constraints = [
            # Addresses are matched in any case (logins, lookups), so one per person in any case.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="people_person_unique_email",
                violation_error_message=_("Another person has this email address."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Representation(PeriodModel):
    """A person sits in a network on behalf of an organisation."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        # People are anonymised, not deleted, so that attendance figures stay right.
        on_delete=models.PROTECT,
        related_name="representations",
        help_text=_("Who sits in the network."),
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="representations",
        help_text=_("The network."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="representations",
        help_text=_("The member organisation the person represents."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=RepresentationRole.choices,
        default=RepresentationRole.ORDINARY,
        help_text=_("Ordinary, deputy, chair or secretary."),
    )

    history = HistoricalRecords()

    class Meta(PeriodModel.Meta):
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["network", "organisation__name", "person__family_name"]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation}) i {self.network}"

    def clean(self) -> None:
        super().clean()
        if not (self.network_id and self.organisation_id) or not self.period_is_ordered():
            return
        memberships = self.network.memberships.filter(organisation_id=self.organisation_id)
        if not any(self.lies_within(membership) for membership in memberships):
            raise ValidationError(
                {
                    "organisation": _(
                        "%(organisation)s is not a member of %(network)s for the whole of this "
                        "period, so nobody can represent it there."
                    )
                    % {"organisation": self.organisation, "network": self.network}
                }
            )


class Coordination(PeriodModel):
    """A person coordinates a network: manages its members, representatives, meetings,
    documents and posts in the member area."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="coordinations",
        help_text=_("The coordinator."),
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="coordinations",
        help_text=_("The network coordinated."),
    )

    history = HistoricalRecords()

    class Meta(PeriodModel.Meta):
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            *PeriodModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["person", "network"],
                condition=Q(end_date__isnull=True),
                name="people_coordination_one_open_per_pair",
                violation_error_message=_("The person already coordinates this network."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.network}"


class ContactPerson(models.Model):
    """Whom to ask at an organisation when one of its seats falls vacant."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contact",
        help_text=_("The organisation."),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("contact person"),
        on_delete=models.PROTECT,
        related_name="contact_for",
        help_text=_("Asked by email to name a new representative when a seat falls vacant."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.person}"


class AppointmentRequest(models.Model):
    """A seat a coordinator asked for someone who works for another organisation than the
    one they would sit for: it is made only once the secretariat confirms it."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="appointment_requests",
        help_text=_("The network of the seat."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        on_delete=models.CASCADE,
        related_name="appointment_requests",
        help_text=_("The member organisation the person would represent."),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="appointment_requests",
        help_text=_("Who would sit."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=RepresentationRole.choices,
        default=RepresentationRole.ORDINARY,
        help_text=_("Ordinary, deputy, chair or secretary."),
    )
    start_date = models.DateField(_("from"), help_text=_("The first day of the seat."))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The coordinator who asked."),
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True, help_text=_("When."))
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=AppointmentOutcome.choices,
        default=AppointmentOutcome.WAITING,
        help_text=_("Waiting, confirmed or refused."),
    )
    decided_at = models.DateTimeField(
        _("decided"), null=True, blank=True, help_text=_("When the secretariat decided.")
    )

    history = HistoricalRecords(excluded_fields=["requested_at"])

    class Meta:
        verbose_name = _("appointment to confirm")
        verbose_name_plural = _("appointments to confirm")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation", "person"],
                condition=Q(outcome="waiting"),
                name="people_one_waiting_request_per_seat",
                violation_error_message=_("This appointment already waits for the secretariat."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="waiting", decided_at__isnull=True)
                | (~Q(outcome="waiting") & Q(decided_at__isnull=False)),
                name="people_request_decided_when_not_waiting",
                violation_error_message=_("A decided request says when, and only then."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation}) i {self.network}"
