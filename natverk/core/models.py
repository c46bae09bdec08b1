"""Shapes shared by the domain models."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from natverk.core.enums import MessageStatus
from natverk.core.message_kinds import message_kind_label


class PeriodQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "PeriodQuerySet":
        """Rows whose period includes the day `on` (today by default); open ends count."""
        on = on or timezone.localdate()
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=on),
            Q(end_date__isnull=True) | Q(end_date__gte=on),
        )


class PeriodModel(models.Model):
    """A row that holds for a period of days. Both ends are inclusive and may be open."""

    start_date = models.DateField(
        _("from"),
        null=True,
        blank=True,
        help_text=_("First day this holds. Empty if it has held as long as anyone knows."),
    )
    end_date = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("Last day this holds. Empty while it still holds."),
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_period_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    @property
    def period_display(self) -> str:
        """'1 januari 2020–…': open ends shown as an ellipsis."""
        start = date_format(self.start_date) if self.start_date else "…"
        end = date_format(self.end_date) if self.end_date else "…"
        return f"{start}–{end}"

    def period_is_ordered(self) -> bool:
        return self.start_date is None or self.end_date is None or self.start_date <= self.end_date

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date >= on
        )

    def overlaps(self, other: "PeriodModel") -> bool:
        """True if the two periods share at least one day."""
        starts_before_other_ends = (
            self.start_date is None or other.end_date is None or self.start_date <= other.end_date
        )
        other_starts_before_self_ends = (
            other.start_date is None or self.end_date is None or other.start_date <= self.end_date
        )
        return starts_before_other_ends and other_starts_before_self_ends

    def lies_within(self, outer: "PeriodModel") -> bool:
        """True if every day of this period is also a day of `outer`."""
        starts_inside = outer.start_date is None or (
            self.start_date is not None and self.start_date >= outer.start_date
        )
        ends_inside = outer.end_date is None or (
            self.end_date is not None and self.end_date <= outer.end_date
        )
        return starts_inside and ends_inside


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(
        _("created"), auto_now_add=True, help_text=_("When the row was created.")
    )
    updated_at = models.DateTimeField(
        _("updated"), auto_now=True, help_text=_("When the row was last saved.")
    )

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Something done that must be answerable for later: an export of personal data, an
    erasure, an invitation. Written by `core.audit.audit_log`; never changed."""

    at = models.DateTimeField(
        _("when"), auto_now_add=True, db_index=True, help_text=_("When it was done.")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        # The record outlives the account: an erased account leaves "someone".
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The account that did it; empty for the system."),
    )
    action = models.CharField(
        _("action"),
        max_length=100,
        db_index=True,
        help_text=_("What was done, namespaced: 'people.person.erased'."),
    )
    subject_type = models.CharField(
        _("subject type"), max_length=100, blank=True, help_text=_("Model of what it was done to.")
    )
    subject_id = models.CharField(
        _("subject id"), max_length=64, blank=True, help_text=_("Id of what it was done to.")
    )
    details = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("Facts about it; never personal data, which an erasure could not reach."),
    )

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject_type}#{self.subject_id}"


class OutgoingMessage(models.Model):
    """One email on its way, whatever it is about: an invitation to an account, a new
    password, a meeting's invitation. Every email the site sends is a row here, written in
    the transaction of the change it reports and delivered by the worker
    (`core.tasks.deliver_messages`), so that a mail server that is down or slow never
    fails a request: the message waits, and is tried again with growing pauses.

    A message is either written in full when queued (`subject`, `text`, `html`), or made
    when it is sent by the builder of its `kind`, from what it is `about` (a meeting's
    invitation, so that it carries the meeting as it is then). Messages of one `thread`
    (one person's invitation to one meeting) are delivered in the order they were queued.
    """

    kind = models.CharField(
        _("kind"),
        max_length=50,
        help_text=_("What the message is, namespaced: 'meetings.invitation'."),
    )
    to = models.EmailField(_("to"), blank=True, help_text=_("The recipient's address."))
    language = models.CharField(
        _("language"), max_length=10, default="sv", help_text=_("The recipient's language.")
    )
    thread = models.CharField(
        _("thread"),
        max_length=100,
        blank=True,
        help_text=_("Messages of one thread are delivered in order; empty for none."),
    )
    subject = models.CharField(
        _("subject"), max_length=300, blank=True, help_text=_("The subject line, once known.")
    )
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("The text, for a message written when queued; emptied once sent."),
    )
    html = models.TextField(
        _("HTML"),
        blank=True,
        help_text=_("The HTML version, for a message written when queued; emptied once sent."),
    )
    about_type = models.ForeignKey(
        ContentType,
        verbose_name=_("about (type)"),
        null=True,
        blank=True,
        # A message about a row goes with the row (a meeting deleted, its invitations
        # and their messages with it).
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("What kind of thing the message is about, for a message made when sent."),
    )
    about_id = models.PositiveBigIntegerField(
        _("about (id)"), null=True, blank=True, help_text=_("Which one.")
    )
    about = GenericForeignKey("about_type", "about_id")
    details = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("Facts the builder needs, such as the meeting's revision."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MessageStatus.choices,
        default=MessageStatus.QUEUED,
        help_text=_("Queued, sending, sent, waiting to retry, failed, or not sent."),
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How many times sending was begun.")
    )
    last_error = models.CharField(
        _("last error"), max_length=500, blank=True, help_text=_("Why the last attempt failed.")
    )
    next_attempt_at = models.DateTimeField(
        _("next attempt"), null=True, blank=True, help_text=_("When it will be tried again.")
    )
    lease_expires_at = models.DateTimeField(
        _("claimed until"),
        null=True,
        blank=True,
        help_text=_(
            "A worker sending the message holds it until then; if the worker dies, another "
            "takes it over."
        ),
    )
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True, help_text=_("When queued."))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, help_text=_("When sent."))

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing email")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="core_message_due"),
            models.Index(fields=["thread", "status"], name="core_message_thread"),
            models.Index(fields=["about_type", "about_id"], name="core_message_about"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to}"

    @property
    def kind_label(self):
        """What the message is, as the app that sends it calls it."""
        return message_kind_label(self.kind)


class WorkerHeartbeat(models.Model):
    """A task worker saying it is alive (`manage.py worker`), so that /readyz and
    `manage.py status` can tell when none is."""

    name = models.CharField(
        _("worker"), max_length=200, unique=True, help_text=_("Host and process id.")
    )
    started_at = models.DateTimeField(_("started"), help_text=_("When the worker started."))
    seen_at = models.DateTimeField(
        _("last seen"), db_index=True, help_text=_("When the worker last said it was alive.")
    )

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return self.name


ACCENT_COLOUR = r"^#[0-9a-fA-F]{6}$"
ORGANISATION_NUMBER = r"^[0-9]{6}-[0-9]{4}$"


class SiteIdentity(models.Model):
    """Whose site this is: the name, logo, colour and addresses in the header and footer
    of every page and at the foot of every email. One row; empty fields fall back to the
    installation's settings (`NATVERK_SITE_NAME`, `NATVERK_ACCENT_COLOUR`,
    `NATVERK_BASE_URL`)."""

    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Whose site this is, as in the header and in page titles."),
    )
    name_en = models.CharField(
        _("name in English"),
        max_length=200,
        blank=True,
        help_text=_("The name on English pages; the Swedish one is shown when empty."),
    )
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("One sentence on what the site is, for search engines."),
    )
    description_en = models.CharField(
        _("description in English"), max_length=300, blank=True, help_text=_("The same in English.")
    )
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    logo_type = models.CharField(
        _("logo's kind"),
        max_length=20,
        blank=True,
        editable=False,
        help_text=_("image/png or image/svg+xml, judged by the content."),
    )
    logo_alt = models.CharField(
        _("logo's text"),
        max_length=200,
        blank=True,
        help_text=_("What the logo says, for those who cannot see it."),
    )
    logo_alt_en = models.CharField(
        _("logo's text in English"), max_length=200, blank=True, help_text=_("The same in English.")
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[
            RegexValidator(ACCENT_COLOUR, _("Write the colour as # and six hex digits: #0b5394."))
        ],
        help_text=_("The colour of the header and of links, such as #0b5394."),
    )
    address = models.TextField(
        _("postal address"), blank=True, help_text=_("Shown at the foot of every page.")
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[
            RegexValidator(ORGANISATION_NUMBER, _("Write the organisation number as 222000-1234."))
        ],
        help_text=_("Ten digits with a hyphen: 222000-1234."),
    )
    contact_email = models.EmailField(
        _("contact address"),
        blank=True,
        help_text=_(
            "A functional mailbox (such as info@…) shown on every page; messages from the "
            "contact form go here."
        ),
    )
    site_url = models.URLField(
        _("site address"),
        blank=True,
        help_text=_("The public address, such as https://natverk.example.se, for links in emails."),
    )

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identity")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="core_siteidentity_singleton"),
            models.CheckConstraint(
                condition=Q(accent_colour="") | Q(accent_colour__regex=ACCENT_COLOUR),
                name="core_siteidentity_accent_colour",
                violation_error_message=_("Write the colour as # and six hex digits: #0b5394."),
            ),
            models.CheckConstraint(
                condition=Q(organisation_number="")
                | Q(organisation_number__regex=ORGANISATION_NUMBER),
                name="core_siteidentity_organisation_number",
                violation_error_message=_("Write the organisation number as 222000-1234."),
            ),
            models.CheckConstraint(
                condition=Q(logo_type__in=["", "image/png", "image/svg+xml"]),
                name="core_siteidentity_logo_type",
                violation_error_message=_("A logo is PNG or SVG."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Whose site this is"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
