from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary meeting")
    RESIDENTIAL = "residential", _("residential meeting")
    THEMATIC = "thematic", _("thematic meeting")
    TRAINING = "training", _("training")
    INFORMATION = "information", _("information meeting")


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    DIGITAL = "digital", _("digital")
    HYBRID = "hybrid", _("hybrid")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    INVITED = "invited", _("invited")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class Answer(models.TextChoices):
    NONE = "none", _("not answered")
    YES = "yes", _("yes")
    NO = "no", _("no")
    MAYBE = "maybe", _("maybe")


class MessageKind(models.TextChoices):
    """The emails about an invitation, as kinds of the outbox's messages."""

    INVITATION = "meetings.invitation", _("invitation")
    UPDATE = "meetings.update", _("update")
    CANCELLATION = "meetings.cancellation", _("cancellation")
    REMINDER = "meetings.reminder", _("reminder")
