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


class InvitationOrigin(models.TextChoices):
    """How a person came to be invited."""

    SENT = "sent", _("with the invitations")
    ADDED = "added", _("added by hand")
    SUBSTITUTE = "substitute", _("as a substitute")
    SEAT = "seat", _("after a change of seat")


class WithdrawalReason(models.TextChoices):
    """Why an invitation was withdrawn."""

    COORDINATOR = "coordinator", _("withdrawn by the coordinator")
    SEAT = "seat", _("the seat was handed over or ended")
    ERASED = "erased", _("the person's data was erased")


class Pace(models.TextChoices):
    """How a network keeps its plan, against what is due by now."""

    BEHIND = "behind", _("Behind")
    ON_TRACK = "on_track", _("On track")
    AHEAD = "ahead", _("Ahead")


class JoinOutcome(models.TextChoices):
    WAITING = "waiting", _("waiting for the network's coordinator")
    JOINED = "joined", _("joined")
    DECLINED = "declined", _("declined")


class MessageKind(models.TextChoices):
    """The emails about an invitation, as kinds of the outbox's messages."""

    INVITATION = "meetings.invitation", _("invitation")
    UPDATE = "meetings.update", _("update")
    CANCELLATION = "meetings.cancellation", _("cancellation")
    REMINDER = "meetings.reminder", _("reminder")


# Written to the meeting's contact when a substitute is named.
SUBSTITUTE_NOTICE = "meetings.substitute_notice"
# Written to a network's coordinators when another network asks it to a joint meeting.
JOIN_REQUEST = "meetings.join_request"

# The messages that put the meeting in the person's calendar (METHOD:REQUEST); when
# several wait in one thread, the first of these kinds that is among them is sent in
# their place, made with the meeting as it is then.
CALENDAR_KINDS = (
    MessageKind.INVITATION,
    MessageKind.UPDATE,
    MessageKind.REMINDER,
)


class QuestionKind(models.TextChoices):
    """What a registration asks; each kind but the coordinator's own at most once."""

    FOOD = "food", _("Food preferences and allergies")
    OVERNIGHT = "overnight", _("Staying overnight")
    DAYS = "days", _("Days attending")
    TEXT = "text", _("A question of the coordinator's own")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITING = "waiting", _("on the waiting list")


# Written to a person when they are registered, put on the waiting list, or given a seat
# from it.
REGISTRATION_NOTICE = "meetings.registration"
