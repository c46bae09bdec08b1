"""The mail about invitations, in each person's thread of the outbox.

Each invitation is one thread: its messages are delivered in the order queued, and each
is made when it is sent, with the meeting as it is then. A message queued while others
of the thread still wait unsent replaces them: they are dropped, and the new one carries
what they would have said (an invitation still waiting stays an invitation, the changes
of updates still waiting are added to the new one's). What a person is sent next depends
on what they were sent before: someone who never got the meeting into their calendar
gets the invitation rather than an update, and a cancellation only once they have it."""

from collections import defaultdict
from collections.abc import Iterable

from natverk.core.enums import MessageStatus
from natverk.core.models import OutgoingMessage
from natverk.core.outbox import messages_drop, messages_queue
from natverk.meetings.enums import CALENDAR_KINDS, MessageKind
from natverk.meetings.messages import invitation_thread
from natverk.meetings.models import Invitation

# Which of the messages that bring the meeting into the calendar is sent in place of
# several waiting in one thread.
STRENGTH: dict[MessageKind, int] = {
    MessageKind.INVITATION: 3,
    MessageKind.UPDATE: 2,
    MessageKind.REMINDER: 1,
}
DELIVERED = [MessageStatus.SENT, MessageStatus.SENDING]
WAITING = [MessageStatus.QUEUED, MessageStatus.RETRYING]


def _last_delivered(threads: list[str]) -> dict[str, str]:
    """Per thread, the kind of the latest message sent (or being sent now)."""
    last: dict[str, str] = {}
    delivered = OutgoingMessage.objects.filter(thread__in=threads, status__in=DELIVERED)
    for thread, kind in delivered.order_by("pk").values_list("thread", "kind"):
        last[thread] = kind
    return last


def _take_waiting(threads: list[str]) -> dict[str, list[OutgoingMessage]]:
    """The messages of the threads that wait unsent, which are dropped: the message about
    to be queued says what they would have."""
    waiting = OutgoingMessage.objects.filter(thread__in=threads, status__in=WAITING)
    taken: dict[str, list[OutgoingMessage]] = defaultdict(list)
    for message in (
        waiting.select_for_update().order_by("pk").only("pk", "thread", "kind", "details")
    ):
        taken[message.thread].append(message)
    messages_drop(waiting)
    return taken


def _merged_changes(waiting: list[OutgoingMessage], changes: dict[str, object]) -> dict:
    """What changed since the person's last message: for each field, the value they were
    last sent (the oldest of the waiting updates has it)."""
    merged: dict[str, object] = {}
    for message in waiting:
        for name, old in message.details.get("changes", {}).items():
            merged.setdefault(name, old)
    for name, old in changes.items():
        merged.setdefault(name, old)
    return merged


def mail_queue(
    invitations: Iterable[Invitation], kind: MessageKind, *, changes: dict | None = None
) -> int:
    """Queue `kind` for each invitation (those of people without an address are
    skipped), replacing what waits unsent in its thread; returns how many were queued.
    `changes` are the old values of what changed, for an update."""
    by_thread = {invitation_thread(i): i for i in invitations if i.person.email}
    if not by_thread:
        return 0
    threads = list(by_thread)
    delivered = _last_delivered(threads)
    waiting = _take_waiting(threads)
    made = []
    for thread, invitation in by_thread.items():
        pending = waiting.get(thread, [])
        in_calendar = delivered.get(thread) in CALENDAR_KINDS
        details: dict[str, object] = {}
        new_kind: MessageKind
        if kind == MessageKind.CANCELLATION:
            if not in_calendar:
                continue  # nothing of it reached them: nothing to take back
            new_kind = kind
        else:
            kinds: list[MessageKind] = [
                MessageKind(m.kind) for m in pending if m.kind in CALENDAR_KINDS
            ]
            kinds.append(kind)
            new_kind = max(kinds, key=STRENGTH.__getitem__)
            if new_kind == MessageKind.UPDATE and not in_calendar:
                new_kind = MessageKind.INVITATION
            if new_kind == MessageKind.UPDATE:
                details["changes"] = _merged_changes(pending, changes or {})
                # A reminder it takes the place of is still due if the changes are undone.
                details["reminder"] = MessageKind.REMINDER in kinds or any(
                    m.details.get("reminder") for m in pending
                )
        details["sequence"] = invitation.calendar_sequence
        made.append(
            OutgoingMessage(
                kind=new_kind,
                to=invitation.person.email,
                language=invitation.person.preferred_language,
                thread=thread,
                about=invitation,
                details=details,
            )
        )
    return messages_queue(made)
