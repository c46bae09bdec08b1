from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    """Why the register may hold a person's data (GDPR article 6)."""

    PUBLIC_TASK = "public_task", _("public task")
    CONSENT = "consent", _("consent")


class Language(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class AppointmentOutcome(models.TextChoices):
    WAITING = "waiting", _("waiting for the secretariat")
    CONFIRMED = "confirmed", _("confirmed")
    REFUSED = "refused", _("refused")


class RepresentationRole(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary")
    DEPUTY = "deputy", _("deputy")
    CHAIR = "chair", _("chair")
    SECRETARY = "secretary", _("secretary")
