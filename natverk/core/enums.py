from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    RETRYING = "retrying", _("waiting to retry")
    FAILED = "failed", _("failed")
    # Not sent, and never will be: made unnecessary by a later message, or its
    # recipient erased.
    DROPPED = "dropped", _("not sent")


# A message in one of these is still on its way: it holds back the later ones of its
# thread, so that a person gets them in the order they were written.
UNFINISHED = [MessageStatus.QUEUED, MessageStatus.RETRYING, MessageStatus.SENDING]
