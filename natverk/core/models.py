"""Shapes shared by the domain models."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


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
