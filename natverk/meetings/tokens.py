"""One-click answer links: signed like Django's password-reset tokens, so that a link
stops working once the state it was made from changes: an answer given through it, the
invitation withdrawn, or the meeting changed (a new link comes with the update). It also
stops once the meeting is over."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode

from natverk.meetings.enums import MeetingStatus
from natverk.meetings.models import Invitation

UNDATED_LIFETIME = 90 * 86400


class AnswerTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "natverk.meetings.tokens.AnswerTokenGenerator"

    def _make_hash_value(self, invitation, timestamp):
        return (
            f"{invitation.pk}|{invitation.meeting_id}|{invitation.meeting.sequence}|"
            f"{invitation.answered_at}|{invitation.withdrawn_at}|{timestamp}"
        )

    def check_token(self, invitation, token) -> bool:
        if not (invitation and token) or invitation.withdrawn_at is not None:
            return False
        meeting = invitation.meeting
        finished = meeting.end or meeting.start
        if finished is not None and finished < timezone.now():
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if not any(
            constant_time_compare(
                self._make_token_with_timestamp(invitation, timestamp, secret), token
            )
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        if finished is None:
            return self._num_seconds(self._now()) - timestamp <= UNDATED_LIFETIME
        return True


answer_tokens = AnswerTokenGenerator()


def invitation_for_link(uidb64: str, token: str) -> Invitation | None:
    """The invitation an answer link is for, if the link still works: signed over the
    invitation's present state, and its meeting not cancelled."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        return None
    invitation = (
        Invitation.objects.select_related("meeting", "person", "organisation").filter(pk=pk).first()
    )
    if invitation is None or not answer_tokens.check_token(invitation, token):
        return None
    if invitation.meeting.status == MeetingStatus.CANCELLED:
        return None
    return invitation
