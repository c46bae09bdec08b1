"""Answer links: signed like Django's password-reset tokens, over the state of the
invitation that a link must not outlive: who it is for and its revision, which rises when
it is withdrawn or renewed. An answer does not change that state, so a person can come
back through the same link to change their answer; a withdrawn invitation's links stop
working, and so do all links once the meeting is over."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from natverk.meetings.enums import MeetingStatus
from natverk.meetings.models import Invitation

UNDATED_LIFETIME = 90 * 86400


class AnswerTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "natverk.meetings.tokens.AnswerTokenGenerator.v2"

    def _make_hash_value(self, invitation, timestamp):
        return (
            f"{invitation.pk}|{invitation.meeting_id}|{invitation.person_id}|"
            f"{invitation.sequence}|{invitation.withdrawn_at}|{timestamp}"
        )

    def check_token(self, invitation, token) -> bool:
        if not (invitation and token) or invitation.withdrawn_at is not None:
            return False
        meeting = invitation.meeting
        if meeting.finished:
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
        if meeting.start is None:
            return self._num_seconds(self._now()) - timestamp <= UNDATED_LIFETIME
        return True


answer_tokens = AnswerTokenGenerator()


def link_key(invitation) -> dict[str, str]:
    """What an invitation's links carry: whose invitation, and the signature."""
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(invitation.pk)),
        "token": answer_tokens.make_token(invitation),
    }


def invitation_for_link(uidb64: str, token: str) -> Invitation | None:
    """The invitation a link is for, if the link still works: signed over the
    invitation's present state, and its meeting neither over nor cancelled."""
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
